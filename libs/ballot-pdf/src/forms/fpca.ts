/**
 * The Federal Post Card Application (FPCA, SF-76) filled in from a request the platform holds, for
 * a state that needs the voter's own signature in ink: the office prints it and sends it to the
 * voter to sign and return. It follows the sections of the federal form but is not FVAP's form
 * itself. Same inputs, same bytes.
 */
import type { BallotRequestInput, PostalAddress } from '@uocava/contracts/http';
import type { PaperSize } from '@uocava/domain';
import type { ElectionOffice } from '../packet/types';
import { FormWriter, type FormResult } from './common';

export interface FpcaFormInput {
  request: BallotRequestInput;
  requestId: string;
  trackingCode: string;
  jurisdictionName: string;
  /** ISO date the request was received (the document's date) */
  receivedOn: string;
  office: ElectionOffice;
  paperSize: PaperSize;
}

const CLASS_WORDS: Record<BallotRequestInput['voterClass'], string> = {
  'active-duty': 'Member of the Uniformed Services or Merchant Marine on active duty',
  'active-duty-spouse-or-dependent': 'Eligible spouse or dependent of a member on active duty',
  'citizen-abroad-intent-to-return': 'U.S. citizen residing outside the U.S., and I intend to return',
  'citizen-abroad-return-uncertain': 'U.S. citizen residing outside the U.S., and my return is uncertain',
  'citizen-abroad-never-resided': 'U.S. citizen residing outside the U.S. who has never lived in the U.S.',
};

const DELIVERY_WORDS: Record<BallotRequestInput['ballotDelivery'], string> = {
  mail: 'Mail',
  email: 'E-mail',
  online: 'Online',
  fax: 'Fax',
};

const name = (n: BallotRequestInput['name']) =>
  [n.first, n.middle, n.last, n.suffix].filter(Boolean).join(' ');
const address = (a: PostalAddress) =>
  [...a.lines, [a.city, a.region, a.postalCode].filter(Boolean).join(' '), a.country]
    .filter(Boolean)
    .join(', ');

function identification(i: BallotRequestInput['identification']): string {
  if (i.type === 'none') return 'I do not have a driver\u2019s license, state ID or Social Security Number.';
  const label = {
    'drivers-license': 'Driver\u2019s license',
    'state-id': 'State ID',
    ssn4: 'Last 4 digits of SSN',
  }[i.type];
  return `${label}: ${i.value}`;
}

export async function renderFpca(input: FpcaFormInput): Promise<FormResult> {
  const r = input.request;
  const w = await FormWriter.start(
    input.paperSize,
    'FEDERAL POST CARD APPLICATION (FPCA) \u2014 SIGN AND RETURN',
  );
  const f = w.flow;
  f.p('Federal Post Card Application', { size: 17, bold: true, tag: 'H1' });
  f.p(`Voter registration and absentee ballot request \u2014 ${input.jurisdictionName}`);
  f.p(
    'Your state needs your own signature on this application. Check what is printed below, correct anything by hand, sign and date it, and return it to your election office (address at the end).',
    { size: 9.5 },
  );
  f.heading('1. I am a');
  f.p(CLASS_WORDS[r.voterClass]);
  f.heading('2. Name and date of birth');
  w.field('Name', name(r.name));
  if (r.previousName) w.field('Previous name', name(r.previousName));
  w.field('Date of birth', r.dateOfBirth);
  w.field('Identification', identification(r.identification));
  f.heading('3. Contact');
  w.field('E-mail', r.contact.email ?? '');
  w.field('Telephone', r.contact.phone ?? '');
  if (r.contact.fax) w.field('Fax', r.contact.fax);
  f.heading('4. Voting residence in the United States');
  const v = r.votingResidence;
  w.field(
    'Street, city, state, ZIP, county',
    [[v.street, v.unit].filter(Boolean).join(' '), v.city, `${v.state} ${v.zip}`, v.county ?? '']
      .filter(Boolean)
      .join(', '),
  );
  f.heading('5. Where to send my ballot');
  w.field('Current mailing address', address(r.mailingAddress));
  if (r.forwardingAddress) w.field('Forwarding address', address(r.forwardingAddress));
  w.field('I prefer to get my ballot by', DELIVERY_WORDS[r.ballotDelivery]);
  if (r.party) w.field('Political party (for primaries)', r.party);
  f.heading('6. Declaration');
  f.p(
    'I swear or affirm, under penalty of perjury, that the information on this form is true, accurate and complete to the best of my knowledge; that I am a U.S. citizen, at least 18 years of age (or will be by the day of the election), and eligible to vote in the requested jurisdiction; that I am not requesting a ballot or voting in any other jurisdiction in the United States. I understand that a material misstatement of fact may constitute grounds for conviction of perjury.',
    { size: 9.5 },
  );
  w.signature('Signature of the voter (in ink)');
  f.p(
    `Request ${input.requestId} \u2014 tracking code ${input.trackingCode} \u2014 received ${input.receivedOn}`,
    {
      size: 8,
    },
  );
  w.office(input.office, 'Return the signed application to:');
  return w.finish(`FPCA ${input.requestId}`, input.receivedOn, input);
}
