import {
  ballotRejectionWords,
  cureWords,
  requestReasonWords,
  stepWords,
  type BallotStatus,
} from '@uocava/domain';
import { ErrorSummary, TextField, type FieldErrors } from '../components';
import type { VoterTrackingView } from '../../tracking/tracking.service';

export function HomePage() {
  return (
    <>
      <h1>Vote from abroad or from the military</h1>
      <p class="lead">
        U.S. citizens serving in the military, their families, and citizens living abroad can get their
        absentee ballot here, and follow it until it is counted.
      </p>
      <div class="button-row">
        <a class="button" href="/request">
          Request your ballot
        </a>
        <a class="button secondary" href="/track">
          Track your ballot
        </a>
      </div>
      <h2>How it works</h2>
      <ol>
        <li>Fill in the request (the Federal Post Card Application). You get a tracking code.</li>
        <li>Your election office checks it and prepares your ballot.</li>
        <li>Download and print your ballot, mark it on paper, sign the declaration and send it back.</li>
        <li>Follow each step: the office records when your ballot arrives and whether it is counted.</li>
      </ol>
      <h2>Every step comes with a receipt</h2>
      <p>
        Each step is written to your election office's public log, and you get a signed receipt for it. Your
        browser checks the receipt itself, so you do not have to take our word for it: if anyone changed the
        history of your ballot later, the receipt would no longer match the log.
      </p>
    </>
  );
}

export const TRACK_NOT_FOUND =
  'We could not find a ballot request with this tracking code and date of birth. Check both and try again.';

export function TrackFormPage({
  code,
  dateOfBirth,
  errors,
}: {
  code: string;
  dateOfBirth: string;
  errors: FieldErrors;
}) {
  return (
    <>
      <ErrorSummary errors={errors} order={['code', 'dateOfBirth']} />
      <h1>Track your ballot</h1>
      <p>Enter the tracking code you got when you sent your request, and your date of birth.</p>
      <form method="post" action="/track" data-validate>
        <TextField
          name="code"
          value={code}
          error={errors.code}
          label="Tracking code"
          hint="For example TRK-7K3M-9QXD-2HFA"
          width="medium"
          required
          spellcheck={false}
          autocomplete="off"
          maxLength={40}
          invalidMessage="Enter your tracking code"
        />
        <TextField
          name="dateOfBirth"
          type="date"
          value={dateOfBirth}
          error={errors.dateOfBirth}
          label="Date of birth"
          hint="Year, month and day, for example 1990-04-25"
          width="medium"
          autocomplete="bday"
          required
          invalidMessage="Enter your date of birth"
        />
        <button type="submit" class="button">
          Show my ballot
        </button>
      </form>
    </>
  );
}

const STATUS_TAGS: Record<BallotStatus, [string, string]> = {
  generated: ['Ready', 'wait'],
  transmitted: ['Sent to you', 'wait'],
  returned: ['Received by the office', 'wait'],
  'cure-requested': ['Action needed', 'bad'],
  cured: ['Fixed, being decided', 'wait'],
  accepted: ['Accepted', 'good'],
  rejected: ['Not accepted', 'bad'],
  void: ['Replaced or cancelled', 'bad'],
};

const REQUEST_TAGS: Record<string, [string, string]> = {
  received: ['Received', 'wait'],
  verified: ['Accepted', 'good'],
  'needs-review': ['Being checked', 'wait'],
  rejected: ['Not accepted', 'bad'],
  cancelled: ['Cancelled', 'bad'],
};

function when(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

function BallotCard({ b, view }: { b: VoterTrackingView['ballots'][number]; view: VoterTrackingView }) {
  const docs = `/api/v1/tracking/${encodeURIComponent(view.trackingCode)}/ballots/${b.ballotId}`;
  const [label, tone] = STATUS_TAGS[b.status];
  return (
    <section class="review-item" aria-labelledby={`ballot-${b.ballotId}`}>
      <h3 id={`ballot-${b.ballotId}`}>
        {b.electionName} <span class="muted">({b.electionDate})</span>
      </h3>
      <p>
        <span class={`tag ${tone}`} data-ballot-status={b.status}>
          {label}
        </span>
      </p>
      {b.downloadToken ? (
        <p>
          <a class="button" href={`/ballot/${b.ballotId}?token=${b.downloadToken}`}>
            Get your ballot
          </a>
        </p>
      ) : null}
      {b.status === 'cure-requested' ? (
        <div class="notice notice-warning">
          <h4 class="notice-title">What to do</h4>
          {b.decisionReasons.map((r) => (
            <p key={r}>
              {cureWords(r).problem} {cureWords(r).fix}
            </p>
          ))}
          <p>
            Contact your election office before{' '}
            <strong>{b.cureDeadline ? when(b.cureDeadline) : 'the deadline'}</strong> to fix it, or your
            ballot cannot be counted.
          </p>
          <p>
            <a
              class="button"
              href={`${docs}/cure-affidavit?token=${view.documentsToken}`}
              data-cure-affidavit
            >
              Download the cure affidavit (PDF)
            </a>
          </p>
          <p>
            Sign it, then send it back by mail, fax or e-mail as it says, or upload a scan or photo of the
            signed page here (PDF, PNG or JPEG, up to 5 MB):
          </p>
          <form
            method="post"
            action={`/track/cure-response?code=${encodeURIComponent(view.trackingCode)}&ballot=${b.ballotId}&token=${view.documentsToken}`}
            enctype="multipart/form-data"
            data-cure-upload
          >
            <label for={`cure-file-${b.ballotId}`}>Signed affidavit</label>
            <input
              id={`cure-file-${b.ballotId}`}
              type="file"
              name="file"
              accept="application/pdf,image/png,image/jpeg"
              required
            />
            <button type="submit" class="button secondary">
              Upload the signed affidavit
            </button>
          </form>
        </div>
      ) : null}
      {b.status === 'rejected' ? (
        <div class="notice notice-warning">
          <h4 class="notice-title">Why</h4>
          {b.decisionReasons.map((r) => (
            <p key={r}>{ballotRejectionWords(r)}</p>
          ))}
        </div>
      ) : null}
    </section>
  );
}

export function TrackResultPage({ view }: { view: VoterTrackingView }) {
  const [label, tone] = REQUEST_TAGS[view.status] ?? ['Received', 'wait'];
  return (
    <>
      <h1>Your ballot request</h1>
      <p>
        Tracking code <strong class="code">{view.trackingCode}</strong> · {view.jurisdictionName}
      </p>
      <p>
        Request:{' '}
        <span class={`tag ${tone}`} data-request-status={view.status}>
          {label}
        </span>
      </p>
      {view.status === 'rejected' || view.status === 'needs-review' ? (
        <div class="notice">
          {view.reasons.map((r) => (
            <p key={r}>{requestReasonWords(r)}</p>
          ))}
          {view.status === 'rejected' ? (
            <p>
              You can contact your election office, send a corrected request, or vote with the Federal
              Write-In Absentee Ballot (FWAB).
            </p>
          ) : (
            <p>You do not need to do anything now. We write to you when it is decided.</p>
          )}
        </div>
      ) : null}
      {view.ballots.length > 0 ? (
        <>
          <h2>Your ballots</h2>
          {view.ballots.map((b) => (
            <BallotCard b={b} view={view} key={b.ballotId} />
          ))}
        </>
      ) : null}
      {view.fwabPacket ? (
        <div class="notice" data-fwab-packet>
          <h2>Has your ballot not arrived?</h2>
          <p>
            If your ballot does not reach you in time, vote with the Federal Write-In Absentee Ballot (FWAB).
            If your regular ballot arrives later, send it back too: only one is counted.
          </p>
          <p>
            <a
              class="button secondary"
              href={`/api/v1/tracking/${encodeURIComponent(view.trackingCode)}/fwab-packet?token=${view.documentsToken}`}
            >
              Download the write-in ballot (PDF)
            </a>
          </p>
        </div>
      ) : null}
      <h2>Every step</h2>
      <p>
        Each step has a receipt signed by your election office's public log. <strong>Verify</strong> checks it
        here in your browser with the log's public key below: we are not asked whether it is valid.
      </p>
      <ol
        class="timeline"
        data-log-keys={JSON.stringify(view.logKeys)}
        {...(view.witnessPolicy === undefined
          ? {}
          : {
              'data-witness-policy': JSON.stringify({
                quorum: view.witnessPolicy.quorum,
                witnesses: view.witnessPolicy.witnesses.map((w) => w.key),
              }),
            })}
      >
        {view.steps.map((s) => {
          const words = stepWords(s.type);
          const out = `verify-${s.eventId}`;
          return (
            <li key={s.eventId} data-step={s.type}>
              <h3>{words.title}</h3>
              <time dateTime={s.at}>{when(s.at)}</time>
              <p>{words.detail}</p>
              {s.receipt ? (
                <>
                  <button
                    type="button"
                    class="button secondary"
                    data-receipt={JSON.stringify(s.receipt)}
                    data-event-id={s.eventId}
                    aria-controls={out}
                    hidden
                  >
                    Verify this receipt
                  </button>
                  <output id={out} class="verify-result" aria-live="polite" />
                  {view.witnessPolicy === undefined ? null : (
                    <p class="muted" data-witnessed>
                      {(view.witnessedBy?.[s.eventId] ?? []).length >= view.witnessPolicy.quorum
                        ? `Witnessed by ${(view.witnessedBy?.[s.eventId] ?? []).join(', ')}.`
                        : 'Signed by the log; waiting for the independent witnesses to countersign (this page shows it once they have).'}
                    </p>
                  )}
                  {view.packets?.[s.eventId] === undefined ? null : (
                    <div class="packet-check" data-packet-check={s.eventId}>
                      <p>
                        Packet SHA-256 (from this receipted step):{' '}
                        <code data-packet-sha256>{view.packets[s.eventId].pdfSha256}</code>
                      </p>
                      <label>
                        Check the PDF you downloaded (it stays on your device):{' '}
                        <input
                          type="file"
                          accept="application/pdf"
                          data-packet-file={s.eventId}
                          data-event-data={JSON.stringify(view.packets[s.eventId].data)}
                          data-receipt={JSON.stringify(s.receipt)}
                          aria-controls={`packet-${s.eventId}`}
                        />
                      </label>
                      <output id={`packet-${s.eventId}`} class="verify-result" aria-live="polite" />
                    </div>
                  )}
                  <details>
                    <summary>Show the receipt</summary>
                    <pre>{JSON.stringify(s.receipt, null, 2)}</pre>
                  </details>
                </>
              ) : (
                <p class="muted">
                  The receipt for this step is being signed; it appears here in a few seconds.
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {view.witnessPolicy === undefined ? null : (
        <>
          <h2>Independent witnesses</h2>
          <p>
            Your election office's log is countersigned by independent witnesses, who each sign only a history
            that extends what they signed before. A receipt counts once {view.witnessPolicy.quorum} of these{' '}
            {view.witnessPolicy.witnesses.length} have countersigned it; Verify checks that too.
          </p>
          <ul>
            {view.witnessPolicy.witnesses.map((w) => (
              <li key={w.name}>
                {w.name}
                <pre data-witness-key>{w.key}</pre>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>The log's public key</h2>
      <p>
        Anyone can check these receipts offline with this key, for example with the project's{' '}
        <code>verify-receipt</code> command. Your election office publishes the same key.
      </p>
      {view.logKeys.length ? (
        view.logKeys.map((k) => (
          <pre key={k} data-log-key>
            {k}
          </pre>
        ))
      ) : (
        <p class="muted">The log key is published once the first receipt is signed.</p>
      )}
      <p class="no-print">
        <a href="/track">Track another request</a>
      </p>
    </>
  );
}
