/**
 * Owner of `elections`: one row per election an office defined, with its NIST SP 1500-20 definition
 * (parsed, as `ElectionDefinition`) and the office's settings. Insert-only for the apps.
 */
import { UUID_ANY_CASE } from '@uocava/contracts/values';
import type { ElectionDefinition, ElectionSettings, ElectionType } from '@uocava/domain';
import type { SqlExecutor } from '../data-source';
import { byGivenIds, execute, select, selectOne } from './sql';

export interface ElectionRecord {
  electionId: string;
  name: string;
  /** YYYY-MM-DD */
  date: string;
  type: ElectionType;
  federal: boolean;
  definition: ElectionDefinition;
  settings: ElectionSettings;
  createdAt: Date;
}

interface Row {
  election_id: string;
  name: string;
  election_date: string;
  election_type: ElectionType;
  federal: boolean;
  definition: ElectionDefinition;
  settings: ElectionSettings;
  created_at: Date;
}

const COLUMNS = `election_id, name, to_char(election_date, 'YYYY-MM-DD') AS election_date, election_type, federal,
  definition, settings, created_at`;

const record = (r: Row): ElectionRecord => ({
  electionId: r.election_id,
  name: r.name,
  date: r.election_date,
  type: r.election_type,
  federal: r.federal,
  definition: r.definition,
  settings: r.settings,
  createdAt: r.created_at,
});

export async function insertElection(
  tx: SqlExecutor,
  e: {
    electionId: string;
    jurisdictionId: string;
    definition: ElectionDefinition;
    settings: ElectionSettings;
  },
): Promise<void> {
  const d = e.definition;
  await execute(
    tx,
    `INSERT INTO elections (election_id, jurisdiction_id, name, election_date, election_type, federal, definition, settings)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [e.electionId, e.jurisdictionId, d.name, d.date, d.type, d.federalOffices, d, e.settings],
  );
}

/** The jurisdiction's elections by date (then definition order). */
export async function listElections(tx: SqlExecutor, jurisdictionId: string): Promise<ElectionRecord[]> {
  const rows = await select<Row>(
    tx,
    `SELECT ${COLUMNS} FROM elections WHERE jurisdiction_id = $1 ORDER BY election_date, created_at`,
    [jurisdictionId],
  );
  return rows.map(record);
}

/** One election of the jurisdiction, or undefined (also for an id that is not a UUID). */
export async function findElection(
  tx: SqlExecutor,
  jurisdictionId: string,
  electionId: string,
): Promise<ElectionRecord | undefined> {
  if (!UUID_ANY_CASE.test(electionId)) return undefined;
  const r = await selectOne<Row>(
    tx,
    `SELECT ${COLUMNS} FROM elections WHERE election_id = $1 AND jurisdiction_id = $2`,
    [electionId, jurisdictionId],
  );
  return r && record(r);
}

/** The first election on or after `from` and on or before `through` (YYYY-MM-DD), its date; undefined if none. */
export async function nextElectionDate(
  tx: SqlExecutor,
  jurisdictionId: string,
  from: string,
  through: string,
): Promise<string | undefined> {
  const r = await selectOne<{ d: string }>(
    tx,
    `SELECT to_char(election_date, 'YYYY-MM-DD') AS d FROM elections
     WHERE jurisdiction_id = $1 AND election_date >= $2::date AND election_date <= $3::date
     ORDER BY election_date LIMIT 1`,
    [jurisdictionId, from, through],
  );
  return r?.d;
}

/** Federal elections from `from` through `through` (YYYY-MM-DD, both included), by date. */
export async function federalElectionsBetween(
  tx: SqlExecutor,
  jurisdictionId: string,
  from: string,
  through: string,
): Promise<ElectionRecord[]> {
  const rows = await select<Row>(
    tx,
    `SELECT ${COLUMNS} FROM elections
     WHERE jurisdiction_id = $1 AND federal AND election_date >= $2::date AND election_date <= $3::date
     ORDER BY election_date`,
    [jurisdictionId, from, through],
  );
  return rows.map(record);
}

/** Federal elections in the MOVE Act summary window on `today`: from day 75 before to election day. */
export async function electionsInMoveActWindow(tx: SqlExecutor, today: string): Promise<string[]> {
  const rows = await select<{ election_id: string }>(
    tx,
    `SELECT election_id FROM elections
     WHERE federal AND election_date >= $1::date AND election_date - 75 <= $1::date ORDER BY election_id`,
    [today],
  );
  return rows.map((r) => r.election_id);
}

/** The UTC offset of a ballot's election's return rule, e.g. `-05:00`; undefined if none. */
export async function returnRuleOffsetOfBallot(
  tx: SqlExecutor,
  jurisdictionId: string,
  ballotId: string,
): Promise<string | undefined> {
  const r = await selectOne<{ offset: string | null }>(
    tx,
    `SELECT e.settings -> 'returnRule' ->> 'utcOffset' AS offset
     FROM ballots b JOIN elections e ON e.election_id = b.election_id
     WHERE b.jurisdiction_id = $1 AND b.ballot_id = $2`,
    [jurisdictionId, ballotId],
  );
  return r?.offset ?? undefined;
}

/** An election's name and raw settings (what a voter's e-mail names), or undefined. */
export async function electionNameAndSettings(
  tx: SqlExecutor,
  jurisdictionId: string,
  electionId: string,
): Promise<ElectionNameAndSettings | undefined> {
  return (await electionNamesAndSettingsOf(tx, jurisdictionId, [electionId])).get(electionId);
}

export interface ElectionNameAndSettings {
  name: string;
  settings: { returnRule?: { utcOffset?: unknown } } | null;
}

/** `electionNameAndSettings` of many elections in one query, by election id (the ids as given). */
export async function electionNamesAndSettingsOf(
  tx: SqlExecutor,
  jurisdictionId: string,
  electionIds: readonly string[],
): Promise<Map<string, ElectionNameAndSettings>> {
  if (electionIds.length === 0) return new Map();
  const rows = await select<ElectionNameAndSettings & { election_id: string }>(
    tx,
    `SELECT election_id::text AS election_id, name, settings FROM elections
      WHERE election_id = ANY($1::uuid[]) AND jurisdiction_id = $2`,
    [[...new Set(electionIds)], jurisdictionId],
  );
  return byGivenIds(
    electionIds,
    rows.map(({ election_id, ...e }) => [election_id, e] as const),
  );
}
