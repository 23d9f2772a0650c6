/** Labels and choices of the FPCA request form. */
import type { BallotRequestInput } from '@uocava/domain';
import { US_STATE_CODES } from '@uocava/domain';
import { type Option } from '../components';

export interface OfficeChoice {
  jurisdictionId: string;
  name: string;
  state: string;
}

export const VOTER_CLASS_LABELS: Record<BallotRequestInput['voterClass'], string> = {
  'active-duty': 'I am on active duty in the Uniformed Services or the Merchant Marine',
  'active-duty-spouse-or-dependent':
    'I am the spouse or dependant of a member of the Uniformed Services or Merchant Marine on active duty',
  'citizen-abroad-intent-to-return': 'I am a U.S. citizen living abroad, and I intend to return',
  'citizen-abroad-return-uncertain': 'I am a U.S. citizen living abroad, and my return is not certain',
  'citizen-abroad-never-resided': 'I am a U.S. citizen living abroad, and I have never lived in the U.S.',
};

export const DELIVERY_LABELS: Record<BallotRequestInput['ballotDelivery'], string> = {
  email: 'By e-mail: we send you a link to download it',
  online: 'Online: you download it from this website',
  fax: 'By fax',
  mail: 'By post',
};

export const ID_LABELS: Record<BallotRequestInput['identification']['type'], string> = {
  'drivers-license': "Driver's license number",
  'state-id': 'State ID card number',
  ssn4: 'Last 4 digits of my Social Security Number',
  none: 'I do not have any of these numbers',
};

export const options = (labels: Record<string, string>): Option[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export function officeGroups(offices: OfficeChoice[]) {
  const byState = new Map<string, Option[]>();
  for (const o of offices) {
    const list = byState.get(o.state) ?? [];
    list.push({ value: o.jurisdictionId, label: o.name });
    byState.set(o.state, list);
  }
  return [...byState.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([state, opts]) => ({ label: state, options: opts }));
}

export const STATE_OPTIONS: Option[] = US_STATE_CODES.map((s) => ({ value: s, label: s }));
