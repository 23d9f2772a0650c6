/**
 * The Federal Write-In Absentee Ballot (FWAB) packet for a voter whose state ballot has not
 * arrived: instructions, the voter's declaration and information, the write-in ballot for federal
 * offices (and a part for state and local ones), and the office's address. It follows the parts
 * and wording of the federal form (SF-186) but is not FVAP's form itself; a voter may equally use
 * the official one (fvap.gov). Same inputs, same bytes.
 */
import type { PaperSize } from '@uocava/domain';
import { plainDate } from '../deadline';
import { DEFAULT_OATH } from '../packet/declaration';
import type { ElectionOffice } from '../packet/types';
import { FormWriter, type FormResult } from './common';

export interface FwabPacketInput {
  voterName: string;
  trackingCode: string;
  jurisdictionName: string;
  /** the elections the voter may use it for (name and ISO date); the earliest dates the file */
  elections: Array<{ name: string; date: string }>;
  /** the document's date when there is no election (ISO date) */
  date: string;
  office: ElectionOffice;
  paperSize: PaperSize;
}

const FEDERAL_OFFICES = [
  'President / Vice President (party or candidate name)',
  'U.S. Senator',
  'U.S. Representative',
];

export async function renderFwabPacket(input: FwabPacketInput): Promise<FormResult> {
  const w = await FormWriter.start(
    input.paperSize,
    'FEDERAL WRITE-IN ABSENTEE BALLOT (FWAB) \u2014 BACKUP BALLOT',
  );
  const f = w.flow;
  f.p('Federal Write-In Absentee Ballot', { size: 17, bold: true, tag: 'H1' });
  f.p(`${input.jurisdictionName}`);
  for (const e of input.elections) f.p(`${e.name} \u2014 election day ${plainDate(e.date)}`);
  f.heading('When to use this ballot');
  f.p(
    'Use this backup ballot if your regular absentee ballot has not reached you in time. If your regular ballot arrives later, vote it and send it back too: only one ballot is counted, and your regular ballot counts when it arrives in time (52 U.S.C. 20303).',
  );
  f.heading('How to vote and return it');
  [
    '1. Print these pages. Fill in the voter\u2019s declaration and information, and sign it.',
    '2. On the ballot page, write in the name of the candidate (or a political party) for each office. You may leave any office blank.',
    '3. Fold the ballot, put it in an envelope marked \u201cSecurity envelope\u201d, and seal it. Do not put the declaration inside it.',
    '4. Put the security envelope and the signed declaration in a mailing envelope and send it to your election office (address below), or as your office allows by fax or e-mail.',
  ].forEach((s) => f.p(s, { indent: 8 }));
  w.office(input.office, 'Send your FWAB to:');

  f.page = w.doc.addPage([f.W, f.H]);
  f.y = 40;
  f.p('Voter\u2019s declaration and information', { size: 15, bold: true });
  w.field('Voter\u2019s name', input.voterName);
  w.field('Tracking code of your ballot request (if any)', input.trackingCode);
  w.field('Date of birth', '');
  w.field('Voting residence address in the United States (street, city, state, ZIP)', '');
  w.field('Address where you are now (mailing address)', '');
  w.field('E-mail or telephone', '');
  f.heading('Declaration');
  f.p(DEFAULT_OATH, { size: 9.5 });
  f.p(
    'I also affirm that I requested a state absentee ballot in time, or that this FWAB serves as my registration and request where my state allows it.',
    { size: 9.5 },
  );
  w.signature('Signature of the voter (required)');

  f.page = w.doc.addPage([f.W, f.H]);
  f.y = 40;
  f.p('Official write-in ballot', { size: 15, bold: true });
  f.p('Put this page in the security envelope. Do not write your name on it.', { size: 9 });
  f.heading('Federal offices');
  for (const o of FEDERAL_OFFICES) w.field(o, '');
  f.heading('State and local offices and ballot measures (if your state allows them on the FWAB)');
  for (let i = 1; i <= 5; i++) w.field(`Office or measure ${i}, and your choice`, '');
  return w.finish(`FWAB ${input.trackingCode}`, input.elections[0]?.date ?? input.date, input);
}
