/**
 * The questions the apps ask of a state's rules, as plain functions (no I/O). A jurisdiction whose
 * state has no table gets `undefined` rules, and each function then gives the behaviour the
 * platform had before state rules (an FPCA covers its calendar year; the election's own return
 * rule; no oath attestation; the cure deadline the clerk gives).
 */
import type { IsoDate } from '../ids';
import { addDays, assertIsoDate, dayNumber, instantOfLocal, offsetMinutes } from '../office/dates';
import { isCurableReason, type CureAffidavitRule } from '../office/cure-affidavit';
import type { ReturnRules } from '../office/return-rules';
import type { ReturnMethod } from '../vocabulary';
import { stateRuleOverridesProblems, stateRulesProblems, type RuleProblem } from './schema';
import {
  FPCA_ID_KINDS,
  OVERRIDABLE_RULES,
  type ElectronicReturnMethod,
  type FpcaIdKind,
  type FpcaValidity,
  type OathAttestation,
  type StateRuleOverrides,
  type StateRules,
} from './types';
import ca from './data/ca';
import fl from './data/fl';
import ga from './data/ga';
import nc from './data/nc';
import ny from './data/ny';
import oh from './data/oh';
import pa from './data/pa';
import tx from './data/tx';
import va from './data/va';
import wa from './data/wa';

/** Every state data file, as loaded (checked against the schema by `loadStateRules`). */
export const STATE_RULE_FILES: readonly unknown[] = [ca, fl, ga, nc, ny, oh, pa, tx, va, wa];

export class StateRulesError extends Error {
  constructor(
    message: string,
    readonly problems: RuleProblem[],
  ) {
    super(`${message}: ${problems.map((p) => `${p.pointer} ${p.message}`).join('; ')}`);
  }
}

/** Checks each file against the schema and indexes them by state; throws on the first bad one. */
export function loadStateRules(files: readonly unknown[]): ReadonlyMap<string, StateRules> {
  const byState = new Map<string, StateRules>();
  files.forEach((file, i) => {
    const problems = stateRulesProblems(file);
    if (problems.length > 0) throw new StateRulesError(`state rules file #${i} is invalid`, problems);
    const rules = file as StateRules;
    if (byState.has(rules.state)) throw new Error(`two state rules files for ${rules.state}`);
    byState.set(rules.state, rules);
  });
  return byState;
}

let loaded: ReadonlyMap<string, StateRules> | undefined;

/** The states that have a table, in code order. */
export function statesWithRules(): string[] {
  loaded ??= loadStateRules(STATE_RULE_FILES);
  return [...loaded.keys()].sort();
}

/** A state's own table (no office overrides), or undefined when it has none. */
export function stateRulesOf(state: string): StateRules | undefined {
  loaded ??= loadStateRules(STATE_RULE_FILES);
  return loaded.get(state.toUpperCase());
}

/** An office's overrides: their problems, or the checked overrides. */
export function parseStateRuleOverrides(
  value: unknown,
): { ok: true; overrides: StateRuleOverrides } | { ok: false; problems: RuleProblem[] } {
  const problems = stateRuleOverridesProblems(value);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, overrides: value as StateRuleOverrides };
}

/** The office's effective rules: its state's table with its own overrides laid over it. */
export function effectiveStateRules(
  state: string,
  overrides: StateRuleOverrides | undefined,
): StateRules | undefined {
  const base = stateRulesOf(state);
  if (base === undefined) return undefined;
  if (overrides === undefined) return base;
  const merged: StateRules = { ...base };
  for (const key of OVERRIDABLE_RULES) {
    const o = overrides[key];
    if (o !== undefined) (merged as unknown as Record<string, unknown>)[key] = o;
  }
  return merged;
}

/** The Tuesday after the first Monday in November of `year` (a regularly scheduled general election). */
export function generalElectionDay(year: number): IsoDate {
  const nov1 = new Date(Date.UTC(year, 10, 1)).getUTCDay(); // 0 Sunday … 6 Saturday
  const firstMonday = 1 + ((8 - nov1) % 7);
  return `${year}-11-${String(firstMonday + 1).padStart(2, '0')}` as IsoDate;
}

/** The last day an FPCA received on `receivedOn` stands as a ballot request ('9999-12-31': no end). */
export function fpcaValidThrough(validity: FpcaValidity | undefined, receivedOn: IsoDate): IsoDate {
  const received = assertIsoDate(receivedOn, 'receivedOn');
  const year = Number(received.slice(0, 4));
  if (validity === undefined || validity.kind === 'calendar-year') return `${year}-12-31` as IsoDate;
  if (validity.kind === 'until-cancelled') return '9999-12-31' as IsoDate;
  let found = 0;
  for (let y = year; ; y += 1) {
    if (validity.generalElections === 'even-years' && y % 2 !== 0) continue;
    const day = generalElectionDay(y);
    if (day < received) continue;
    found += 1;
    if (found === validity.count) return validity.endsAt === 'election-day' ? day : (`${y}-12-31` as IsoDate);
  }
}

/** Whether an FPCA received on `receivedOn` still stands on `on` (and was in hand by then). */
export function isFpcaValidOn(rules: StateRules | undefined, receivedOn: IsoDate, on: IsoDate): boolean {
  const d = assertIsoDate(on, 'on');
  return receivedOn <= d && d <= fpcaValidThrough(rules?.fpcaValidity.value, receivedOn);
}

/** Who must attest the voter's oath (`none` for a state without a table). */
export function oathAttestation(rules: StateRules | undefined): OathAttestation {
  return rules?.oathAttestation.value ?? 'none';
}

/** Whether the state wants a witness or a notary on the oath. */
export function isOathWitnessRequired(rules: StateRules | undefined): boolean {
  return oathAttestation(rules) !== 'none';
}

/** The line the return envelope's oath carries for the attestation, or undefined when none. */
export function oathAttestationText(rules: StateRules | undefined): string | undefined {
  switch (oathAttestation(rules)) {
    case 'none':
      return undefined;
    case 'witness':
      return `${rules?.name ?? 'State'} law requires a witness: an adult witness signs and prints name and address below your signature.`;
    case 'notary':
      return `${rules?.name ?? 'State'} law requires a notary: sign before a notary public (or an officer authorized to administer oaths), who signs and seals below.`;
    case 'witness-or-notary':
      return `${rules?.name ?? 'State'} law requires a witness or a notary to sign below your signature.`;
  }
}

/**
 * Whether a voted ballot may come back by this method: mail and hand delivery always; an
 * electronic method only where the state allows it (undefined rules: allowed, as before).
 */
export function isElectronicReturnAllowed(rules: StateRules | undefined, method: ReturnMethod): boolean {
  if (method === 'mail' || method === 'in-person') return true;
  if (rules === undefined) return true;
  return rules.electronicReturn.value.methods.includes(method as ElectronicReturnMethod);
}

/**
 * Why a voted ballot that came back by `method` cannot be recorded as a return under the state's
 * rules (an e-mailed ballot where the state takes only mail and fax), in words citing the law, or
 * undefined when it can. The office then asks the voter to send it a way the state takes.
 */
export function returnMethodRefusal(rules: StateRules | undefined, method: ReturnMethod): string | undefined {
  if (rules === undefined || isElectronicReturnAllowed(rules, method)) return undefined;
  const rule = rules.electronicReturn;
  const ways = ['mail', 'in person', ...rule.value.methods];
  const source = [...rule.statutes, ...rule.guides][0];
  return (
    `${rules.name} does not take voted ballots by ${method}: only by ${ways.join(', ')}` +
    (rule.value.limitedTo !== undefined && rule.value.methods.length > 0
      ? ` (${rule.value.limitedTo})`
      : '') +
    (source !== undefined ? `; see ${source}` : '')
  );
}

/**
 * The FPCA identification numbers the state accepts for registration (every kind without a table
 * or without the field): verification sends a request carrying another kind to review.
 */
export function acceptedIdKinds(rules: StateRules | undefined): readonly FpcaIdKind[] {
  return rules?.idRules.value.kinds ?? FPCA_ID_KINDS;
}

/** The UTC offset an election's return rule is kept in (`±HH:MM`), from its own fields. */
export function utcOffsetOfReturnRule(rule: ReturnRules): string {
  if (rule.kind === 'postmarked-by-election-day') return rule.utcOffset;
  const m = /([+-]\d{2}:\d{2}|Z)$/.exec(rule.deadline);
  return m === null || m[1] === 'Z' ? '+00:00' : m[1];
}

/**
 * The return rule for one election of a jurisdiction: its state's receipt deadline and postmark
 * rule, in the office's time zone (`utcOffset`); without a table, the election's own rule.
 */
export function returnRulesFor(
  rules: StateRules | undefined,
  electionDate: string,
  electionRule: ReturnRules,
): ReturnRules {
  if (rules === undefined) return electionRule;
  const utcOffset = utcOffsetOfReturnRule(electionRule);
  offsetMinutes(utcOffset);
  const r = rules.ballotReceipt.value;
  const date = assertIsoDate(electionDate, 'electionDate');
  if (r.kind === 'received-by-election-day') {
    const deadline = instantOfLocal(date, r.closeTime, utcOffset);
    return { kind: 'received-by', deadline: isoWithOffset(deadline, utcOffset) };
  }
  return {
    kind: 'postmarked-by-election-day',
    electionDate: date,
    receiveWithinDays: r.receiveWithinDays,
    utcOffset,
    receiveByTime: r.closeTime,
    missingPostmark: r.missingPostmark,
    ...(r.postmarkDaysBeforeElection > 0 ? { postmarkDaysBeforeElection: r.postmarkDaysBeforeElection } : {}),
  };
}

/**
 * The end of the state's cure window for an election (ISO 8601 with the office's offset), or
 * undefined when the state sets no fixed end (or has no table): the clerk's deadline then stands.
 */
export function cureWindowEnd(
  rules: StateRules | undefined,
  electionDate: string,
  utcOffset: string,
): string | undefined {
  const cure = rules?.cure.value;
  if (cure === undefined || !cure.available || cure.daysAfterElection === undefined) return undefined;
  const day = addDays(assertIsoDate(electionDate, 'electionDate'), cure.daysAfterElection);
  const time = cure.closeTime ?? '23:59:59';
  return isoWithOffset(instantOfLocal(day, time.length === 5 ? `${time}:00` : time, utcOffset), utcOffset);
}

/**
 * The state's own cure form for a ballot sent to cure for `reasons` (the reason `cureAffidavit`
 * picks: the first curable one, else `other`), or none: the federal default wording then stands.
 */
export function cureAffidavitRuleOf(
  rules: StateRules | undefined,
  reasons: readonly string[],
): CureAffidavitRule | undefined {
  const reason = reasons.find(isCurableReason) ?? 'other';
  return rules?.cure.value.affidavits?.[reason];
}

/** Whether the state lets voters cure at all (true without a table: the office decides, as before). */
export function isCureAvailable(rules: StateRules | undefined): boolean {
  return rules?.cure.value.available ?? true;
}

function isoWithOffset(instantMs: number, offset: string): string {
  const minutes = offsetMinutes(offset);
  const local = new Date(Math.floor(instantMs / 1000) * 1000 + minutes * 60_000).toISOString().slice(0, 19);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Days from `a` to `b` (for tests and the docs' tables). */
export function daysFrom(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}
