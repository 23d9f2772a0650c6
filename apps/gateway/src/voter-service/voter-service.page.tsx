import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  BALLOT_DELIVERY_METHODS,
  CANCEL_REASONS,
  REISSUE_REASONS,
  VOIDABLE_BALLOT_STATUSES,
} from '@uocava/domain';
import type { BallotStatus, RequestStatus } from '@uocava/domain';
import { Csrf, SelectField, TextField } from '../web/components';
import { Flash, RejectForm } from '../web/office/office-components';

export interface VoterRecord {
  requestId: string;
  trackingCode: string;
  status: RequestStatus;
  receivedAt: string;
  request: BallotRequestInput;
  ballots: Array<{ ballotId: string; electionName: string; electionDate: string; status: BallotStatus }>;
}

const CANCEL_WORDS: Record<(typeof CANCEL_REASONS)[number], string> = {
  'voter-request': 'The voter asked to cancel it',
  'voter-moved': 'The voter moved away',
  'voter-died': 'The voter died',
  duplicate: 'It duplicates another request',
  other: 'Another reason',
};
const REISSUE_WORDS: Record<(typeof REISSUE_REASONS)[number], string> = {
  spoiled: 'Spoiled: the voter asked for a new one',
  lost: 'Lost, or never arrived',
  damaged: 'Damaged',
  undeliverable: 'Came back undeliverable',
  other: 'Another reason',
};
const STANDING: readonly string[] = ['received', 'verified', 'needs-review'];

function SearchForm({ query }: { query: Record<string, string> }) {
  return (
    <form method="get" action="/office/voter-service" class="form">
      <h2>Find a voter</h2>
      <p>By tracking code, by request id, or by last name, first name and date of birth (all three).</p>
      <TextField name="trackingCode" label="Tracking code" value={query.trackingCode} width="medium" />
      <TextField name="requestId" label="Request id" value={query.requestId} width="long" />
      <TextField name="lastName" label="Last name" value={query.lastName} width="medium" />
      <TextField name="firstName" label="First name" value={query.firstName} width="medium" />
      <TextField
        name="dateOfBirth"
        label="Date of birth"
        type="date"
        value={query.dateOfBirth}
        width="medium"
      />
      <button type="submit" class="button">
        Search
      </button>
    </form>
  );
}

function ContactForm({ r, csrf }: { r: VoterRecord; csrf: string }) {
  const a = r.request.mailingAddress;
  const c = r.request.contact;
  return (
    <details>
      <summary>Change contact details or mailing address</summary>
      <form method="post" action={`/office/voter-service/${r.requestId}/contact-change`} class="form">
        <Csrf token={csrf} />
        <p>
          The voter is told at the new address and, when the e-mail changes, at the old one. A ballot already
          sent stays valid: reissue it to send it to the new address.
        </p>
        <TextField name="email" label="E-mail" type="email" value={c.email ?? ''} width="long" />
        <TextField name="phone" label="Phone" type="tel" value={c.phone ?? ''} width="medium" />
        <SelectField
          name="ballotDelivery"
          label="Ballot delivery"
          required
          value={r.request.ballotDelivery}
          options={BALLOT_DELIVERY_METHODS.map((m) => ({ value: m, label: m }))}
        />
        <TextField
          name="line1"
          label="Mailing address, line 1"
          value={a.lines[0] ?? ''}
          required
          width="long"
        />
        <TextField name="line2" label="Mailing address, line 2" value={a.lines[1] ?? ''} width="long" />
        <TextField name="city" label="City" value={a.city} required width="medium" />
        <TextField name="region" label="State, province or region" value={a.region ?? ''} width="medium" />
        <TextField name="postalCode" label="Postal code" value={a.postalCode ?? ''} width="short" />
        <TextField
          name="country"
          label="Country (two letters)"
          value={a.country}
          required
          width="short"
          maxLength={2}
        />
        <button type="submit" class="button">
          Save the change<span class="visually-hidden"> (request {r.trackingCode})</span>
        </button>
      </form>
    </details>
  );
}

function Record({ r, csrf, canAct }: { r: VoterRecord; csrf: string; canAct: boolean }) {
  const p = r.request;
  const a = p.mailingAddress;
  return (
    <section class="card" aria-labelledby={`voter-${r.requestId}`}>
      <h2 id={`voter-${r.requestId}`}>
        {p.name.first} {p.name.last} <span class="code">{r.trackingCode}</span>
      </h2>
      <dl class="summary">
        <dt>Request</dt>
        <dd>
          {r.status}, received {r.receivedAt.slice(0, 10)} <span class="code">{r.requestId}</span>
        </dd>
        <dt>Date of birth</dt>
        <dd>{p.dateOfBirth}</dd>
        <dt>Ballot delivery</dt>
        <dd>{p.ballotDelivery}</dd>
        <dt>E-mail</dt>
        <dd>{p.contact.email ?? 'none'}</dd>
        <dt>Phone</dt>
        <dd>{p.contact.phone ?? 'none'}</dd>
        <dt>Mailing address</dt>
        <dd>{[...a.lines, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', ')}</dd>
      </dl>
      <h3>Ballots</h3>
      {r.ballots.length === 0 ? (
        <p>No ballot yet.</p>
      ) : (
        <ul>
          {r.ballots.map((b) => (
            <li key={b.ballotId}>
              {b.electionName} ({b.electionDate}): {b.status}{' '}
              <span class="code">{b.ballotId.slice(0, 8)}</span>
              {canAct && VOIDABLE_BALLOT_STATUSES.includes(b.status) && r.status === 'verified' ? (
                <RejectForm
                  summary="Reissue this ballot"
                  action={`/office/voter-service/ballots/${b.ballotId}/reissue`}
                  csrf={csrf}
                  label="Why"
                  button="Reissue"
                  what={`ballot ${b.ballotId.slice(0, 8)}`}
                  options={REISSUE_REASONS.map((x) => ({ value: x, label: REISSUE_WORDS[x] }))}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canAct && STANDING.includes(r.status) ? (
        <>
          <ContactForm r={r} csrf={csrf} />
          <RejectForm
            summary="Cancel this request"
            action={`/office/voter-service/${r.requestId}/cancel`}
            csrf={csrf}
            label="Why"
            button="Cancel the request"
            what={`(request ${r.trackingCode})`}
            options={CANCEL_REASONS.map((x) => ({ value: x, label: CANCEL_WORDS[x] }))}
          />
        </>
      ) : null}
    </section>
  );
}

/** The clerk's voter service: find a voter, then change contact details, cancel, or reissue. */
export function VoterServicePage({
  query,
  records,
  searched,
  csrf,
  canAct,
  flash,
}: {
  query: Record<string, string>;
  records: VoterRecord[];
  searched: boolean;
  csrf: string;
  canAct: boolean;
  flash?: string;
}) {
  return (
    <>
      <Flash message={flash} />
      <h1>Voter service</h1>
      <SearchForm query={query} />
      {searched && records.length === 0 ? <p role="status">No request found.</p> : null}
      {records.map((r) => (
        <Record key={r.requestId} r={r} csrf={csrf} canAct={canAct} />
      ))}
    </>
  );
}
