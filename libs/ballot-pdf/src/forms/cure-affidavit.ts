/**
 * The cure affidavit: the statement a voter signs to fix a defect of a returned ballot (the text
 * of libs/domain `cureAffidavit`), with the ballot it is for, the deadline, and the ways to return
 * it (upload on the tracking page, mail, fax, e-mail). Same inputs, same bytes.
 */
import type { CureAffidavitText, PaperSize } from '@uocava/domain';
import { plainDate } from '../deadline';
import type { ElectionOffice } from '../packet/types';
import { FormWriter, plainInstant, type FormResult } from './common';

export interface CureAffidavitInput {
  affidavit: CureAffidavitText;
  voterName: string;
  trackingCode: string;
  ballotId: string;
  electionName: string;
  /** ISO date of the election (also the document's date: no wall clock in the file) */
  electionDate: string;
  /** ISO 8601 instant */
  cureDeadline: string;
  /** the voter's tracking page, where the signed affidavit can be uploaded */
  trackingUrl: string;
  office: ElectionOffice;
  paperSize: PaperSize;
}

const METHOD_WORDS = {
  upload: (i: CureAffidavitInput) =>
    `Upload: sign, then scan or photograph this page and upload it on your tracking page, ${i.trackingUrl} (PDF, PNG or JPEG, up to 5 MB).`,
  mail: (i: CureAffidavitInput) => `Mail: send the signed page to ${i.office.name} at the address below.`,
  fax: (i: CureAffidavitInput) => (i.office.fax ? `Fax: fax the signed page to ${i.office.fax}.` : undefined),
  email: (i: CureAffidavitInput) =>
    i.office.email ? `E-mail: send a scan or photo of the signed page to ${i.office.email}.` : undefined,
} as const;

export async function renderCureAffidavit(input: CureAffidavitInput): Promise<FormResult> {
  const w = await FormWriter.start(
    input.paperSize,
    'BALLOT CURE \u2014 RETURN THIS SIGNED PAGE BEFORE THE DEADLINE',
  );
  const f = w.flow;
  const a = input.affidavit;
  f.p(a.title, { size: 17, bold: true, tag: 'H1' });
  f.p(`${input.electionName} \u2014 election day ${plainDate(input.electionDate)}`);
  f.y += 4;
  f.heading('Why you are receiving this');
  f.p(a.defect);
  f.p(
    `Return it so that it arrives by ${plainInstant(input.cureDeadline)}, or your ballot cannot be counted.`,
    {
      bold: true,
    },
  );
  f.heading('Affidavit of the voter');
  for (const s of a.statements) f.p(s, { size: 10.5 });
  f.y += 6;
  w.field('Voter\u2019s name', input.voterName);
  w.field('Tracking code', input.trackingCode);
  w.field('Ballot', input.ballotId);
  w.field('Daytime telephone or e-mail (so the office can reach you)', '');
  w.signature('Signature of the voter (required)');
  if (a.enclosures.length > 0) {
    f.heading('Enclose');
    for (const e of a.enclosures) f.p(`\u2022 ${e}`, { indent: 8 });
  }
  f.heading('How to return it');
  for (const m of a.returnMethods) {
    const line = METHOD_WORDS[m](input);
    if (line !== undefined) f.p(line, { indent: 8 });
  }
  w.office(input.office, 'Questions, and returns by mail, fax or e-mail:');
  f.y += 6;
  f.p(a.authority, { size: 8 });
  return w.finish(`Cure affidavit ${input.ballotId}`, input.electionDate, input);
}
