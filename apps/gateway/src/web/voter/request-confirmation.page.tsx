/** The pages after a request was sent: the confirmation with a printable copy, or "already requested". */
import type { BallotRequestInput } from '@uocava/domain';

import { SummaryList } from '../components';
import { countryName } from '../countries';

import { DELIVERY_LABELS, ID_LABELS, VOTER_CLASS_LABELS } from './request-labels';

function mask(value: string): string {
  return value.length <= 2 ? '••' : `${'•'.repeat(value.length - 2)}${value.slice(-2)}`;
}

/** What the voter sent, for their records (the ID number masked: the page may be on a shared computer). */
export function SubmittedCopy({ input, office }: { input: BallotRequestInput; office: string }) {
  const name = [input.name.first, input.name.middle, input.name.last, input.name.suffix]
    .filter(Boolean)
    .join(' ');
  const r = input.votingResidence;
  const m = input.mailingAddress;
  return (
    <SummaryList
      rows={[
        ['Election office', office],
        ['You are', VOTER_CLASS_LABELS[input.voterClass]],
        ['Name', name],
        ...(input.previousName
          ? ([['Previous name', `${input.previousName.first} ${input.previousName.last}`]] as Array<
              [string, string]
            >)
          : []),
        ['Date of birth', input.dateOfBirth],
        [
          'Identification',
          input.identification.type === 'none'
            ? 'None (you confirmed you have no number)'
            : `${ID_LABELS[input.identification.type]}: ${mask(input.identification.value ?? '')}`,
        ],
        [
          'Voting residence',
          [r.street, r.unit, `${r.city}, ${r.state} ${r.zip}`, r.county].filter(Boolean).join(', '),
        ],
        [
          'Mailing address',
          [...m.lines, m.city, m.region, m.postalCode, countryName(m.country)].filter(Boolean).join(', '),
        ],
        ['Ballot by', DELIVERY_LABELS[input.ballotDelivery]],
        ['E-mail', input.contact.email ?? '—'],
        ['Phone', input.contact.phone ?? '—'],
        ['Fax', input.contact.fax ?? '—'],
        [
          'Paper size',
          input.paperSize === 'a4' ? 'A4' : input.paperSize === 'letter' ? 'US Letter' : 'Chosen for you',
        ],
        ...(input.party ? ([['Party', input.party]] as Array<[string, string]>) : []),
        ['Signed on', input.affirmation.signedOn],
      ]}
    />
  );
}

/** The answer to a resubmission: no tracking code here (it is e-mailed to the address on file). */
export function AlreadyRequestedPage({ detail }: { detail: string }) {
  return (
    <>
      <h1>You already have a request</h1>
      <p class="lead">{detail}</p>
      <p>
        With the tracking code and your date of birth you can <a href="/track">follow your ballot</a>.
      </p>
    </>
  );
}

export function RequestConfirmationPage({
  trackingCode,
  input,
  office,
}: {
  trackingCode: string;
  input: BallotRequestInput;
  office: string;
}) {
  return (
    <>
      <div class="panel" role="status">
        <h1>Request received</h1>
        <p>Your tracking code is</p>
        <p>
          <strong class="code" data-tracking-code>
            {trackingCode}
          </strong>
        </p>
      </div>
      <p>
        Write the tracking code down or print this page. You need it, with your date of birth, to follow your
        ballot.
      </p>
      <h2>What happens next</h2>
      <ol>
        <li>Your election office checks your request against the voter roll, usually within a few days.</li>
        <li>
          When your ballot is ready,{' '}
          {input.contact.email ? 'we e-mail you a link to it' : 'your election office sends it'}. Print it,
          mark it, sign the declaration and send it back as the instructions say.
        </li>
        <li>Every step is recorded with a receipt you can check yourself.</li>
      </ol>
      <p class="button-row no-print">
        <a class="button" href={`/track?code=${encodeURIComponent(trackingCode)}`}>
          Track your ballot
        </a>
        <button type="button" class="button secondary" data-print hidden>
          Print this page
        </button>
      </p>
      <h2>What you sent</h2>
      <SubmittedCopy input={input} office={office} />
    </>
  );
}
