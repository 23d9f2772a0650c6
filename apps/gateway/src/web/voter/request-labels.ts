/** Labels and choices of the FPCA request form, in the page language (the catalogue's web.request.*). */
import type { BallotRequestInput, Language } from '@uocava/domain';
import { t, US_STATE_CODES } from '@uocava/domain';
import { type Option } from '../components';

export interface OfficeChoice {
  jurisdictionId: string;
  name: string;
  state: string;
}

type VoterClass = BallotRequestInput['voterClass'];
type Delivery = BallotRequestInput['ballotDelivery'];
type IdType = BallotRequestInput['identification']['type'];

const VOTER_CLASSES: readonly VoterClass[] = [
  'active-duty',
  'active-duty-spouse-or-dependent',
  'citizen-abroad-intent-to-return',
  'citizen-abroad-return-uncertain',
  'citizen-abroad-never-resided',
];
const DELIVERIES: readonly Delivery[] = ['email', 'online', 'fax', 'mail'];
const ID_TYPES: readonly IdType[] = ['drivers-license', 'state-id', 'ssn4', 'none'];

const table = <K extends string>(codes: readonly K[], words: (code: K) => string): Record<K, string> =>
  Object.fromEntries(codes.map((c) => [c, words(c)])) as Record<K, string>;

export const voterClassLabels = (lang: Language): Record<VoterClass, string> =>
  table(VOTER_CLASSES, (c) => t(lang, `web.request.voterClass.${c}`));
export const deliveryLabels = (lang: Language): Record<Delivery, string> =>
  table(DELIVERIES, (c) => t(lang, `web.request.delivery.${c}`));
export const idLabels = (lang: Language): Record<IdType, string> =>
  table(ID_TYPES, (c) => t(lang, `web.request.id.${c}`));

/** English, for the office's pages. */
export const VOTER_CLASS_LABELS = voterClassLabels('en');
export const DELIVERY_LABELS = deliveryLabels('en');
export const ID_LABELS = idLabels('en');

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
