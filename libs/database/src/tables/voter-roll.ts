/**
 * Owner of `voter_roll`: one row per registered voter of a jurisdiction, the record sealed in
 * `pii`; look-ups by keyed hashes of the date of birth and last name. Imported in bulk by COPY
 * into a staging table and an upsert per chunk of rows (the later row of a voter wins).
 */
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager } from 'typeorm';
import { withTenant, type SqlExecutor } from '../data-source';
import { advisoryLockKey, execute, select, selectOne } from './sql';
import type { RollStageLine } from './voter-roll-stage';

export { rollStageLine, type RollStageLine } from './voter-roll-stage';

export interface SealedRollRow {
  rollRecordId: string;
  pii: Buffer;
}

/** Roll records whose date-of-birth key is `dobKey` (any of `dobKeys`), by state voter id. */
export async function rollRecordsByDob(
  tx: SqlExecutor,
  jurisdictionId: string,
  dobKeys: readonly string[],
): Promise<Array<SealedRollRow & { dobKey: string }>> {
  if (dobKeys.length === 0) return [];
  const rows = await select<{ roll_record_id: string; dob_key: string; pii: Buffer }>(
    tx,
    `SELECT roll_record_id, dob_key, pii FROM voter_roll
     WHERE jurisdiction_id = $1 AND dob_key = ANY($2::text[]) ORDER BY state_voter_id`,
    [jurisdictionId, dobKeys],
  );
  return rows.map((r) => ({ rollRecordId: r.roll_record_id, dobKey: r.dob_key, pii: r.pii }));
}

/**
 * The roll records a request can match: its date of birth and one of its last names (keyed
 * hashes, `voter_roll_lookup` index), by state voter id.
 */
export async function rollCandidates(
  tx: SqlExecutor,
  jurisdictionId: string,
  dobKey: string,
  lastNameKeys: readonly string[],
): Promise<SealedRollRow[]> {
  if (lastNameKeys.length === 0) return [];
  const rows = await select<{ roll_record_id: string; pii: Buffer }>(
    tx,
    `SELECT roll_record_id, pii FROM voter_roll
     WHERE jurisdiction_id = $1 AND dob_key = $2 AND last_name_key = ANY($3::text[]) ORDER BY state_voter_id`,
    [jurisdictionId, dobKey, lastNameKeys],
  );
  return rows.map((r) => ({ rollRecordId: r.roll_record_id, pii: r.pii }));
}

/**
 * `rollCandidatesOf`'s statement ($1 the jurisdiction; $2, $3, $4 each look-up's number, dob key and
 * last name key), for its plan test. One probe of `voter_roll_lookup` per look-up, whatever the
 * statistics: as a plain join Postgres hashed the look-ups and read the whole jurisdiction's roll
 * per batch (a bitmap scan never analyzed, a sequential scan after ANALYZE). OFFSET 0 keeps the
 * LATERAL subquery from being flattened back into that join.
 */
export const ROLL_CANDIDATES_OF = `SELECT DISTINCT ON (k.i, v.state_voter_id) k.i, v.roll_record_id, v.pii
  FROM unnest($2::int[], $3::text[], $4::text[]) AS k(i, dob_key, last_name_key)
  CROSS JOIN LATERAL (
    SELECT state_voter_id, roll_record_id, pii FROM voter_roll
    WHERE jurisdiction_id = $1 AND dob_key = k.dob_key AND last_name_key = k.last_name_key OFFSET 0) v
  ORDER BY k.i, v.state_voter_id`;

/**
 * `rollCandidates` for many requests at once (one query of index probes, `voter_roll_lookup`):
 * the candidates of each look-up, in the look-ups' order, each list by state voter id without
 * repeats (a record two of a request's last names match is listed once).
 */
export async function rollCandidatesOf(
  tx: SqlExecutor,
  jurisdictionId: string,
  lookups: ReadonlyArray<{ dobKey: string; lastNameKeys: readonly string[] }>,
): Promise<SealedRollRow[][]> {
  const which: number[] = [];
  const dobs: string[] = [];
  const lasts: string[] = [];
  lookups.forEach((l, i) => {
    for (const last of new Set(l.lastNameKeys)) {
      which.push(i);
      dobs.push(l.dobKey);
      lasts.push(last);
    }
  });
  const out = lookups.map((): SealedRollRow[] => []);
  if (which.length === 0) return out;
  const rows = await select<{ i: number; roll_record_id: string; pii: Buffer }>(tx, ROLL_CANDIDATES_OF, [
    jurisdictionId,
    which,
    dobs,
    lasts,
  ]);
  for (const r of rows) out[Number(r.i)].push({ rollRecordId: r.roll_record_id, pii: r.pii });
  return out;
}

export async function rollRecordExists(
  tx: SqlExecutor,
  jurisdictionId: string,
  rollRecordId: string,
): Promise<boolean> {
  return (
    (await selectOne(tx, `SELECT 1 FROM voter_roll WHERE jurisdiction_id = $1 AND roll_record_id = $2`, [
      jurisdictionId,
      rollRecordId,
    ])) !== undefined
  );
}

/** One roll record as stored: its keyed hashes and sealed data. */
export interface RollRow {
  rollRecordId: string;
  stateVoterId: string;
  lastNameKey: string;
  dobKey: string;
  driversLicenseHash: string | null;
  ssn4Hash: string | null;
  precinct: string | null;
  party: string | null;
  status: string;
  pii: Buffer;
  /** keyed hash of the record (rollRecordHash), set by the import; none for a record added alone */
  recordHash?: string | null;
}

/** The lock an import of a jurisdiction's roll holds for its whole transaction (`upsertRoll`). */
const rollImportLock = (jurisdictionId: string) => advisoryLockKey(`uocava-roll-import:${jurisdictionId}`);

/**
 * Adds one record: `on-roll` when the state voter id is already on the roll, `importing` while an
 * import of the roll runs (nothing changed in either case). Not beside an import: it looked its
 * voters up before this record existed, so its row of the same voter would overwrite this one under
 * another roll record id. The caller's transaction holds the import lock until it ends (an import
 * starting meanwhile waits, then sees this record).
 */
export async function insertRollRecord(
  tx: SqlExecutor,
  jurisdictionId: string,
  r: RollRow,
): Promise<'inserted' | 'on-roll' | 'importing'> {
  const [free] = await select<{ free: boolean }>(tx, `SELECT pg_try_advisory_xact_lock($1::bigint) AS free`, [
    rollImportLock(jurisdictionId),
  ]);
  if (!free.free) return 'importing';
  const rows = await select(
    tx,
    `INSERT INTO voter_roll (roll_record_id, jurisdiction_id, state_voter_id, last_name_key, dob_key,
       drivers_license_hash, ssn4_hash, precinct, party, status, pii, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
     ON CONFLICT (jurisdiction_id, state_voter_id) DO NOTHING
     RETURNING roll_record_id`,
    [
      r.rollRecordId,
      jurisdictionId,
      r.stateVoterId,
      r.lastNameKey,
      r.dobKey,
      r.driversLicenseHash,
      r.ssn4Hash,
      r.precinct,
      r.party,
      r.status,
      r.pii,
    ],
  );
  return rows.length > 0 ? 'inserted' : 'on-roll';
}

/** `storedRollRecordsOf`'s statement ($1 the jurisdiction, $2 the state voter ids), for its plan test. */
export const STORED_ROLL_RECORDS_OF = `SELECT k.state_voter_id, v.roll_record_id, v.record_hash
  FROM unnest($2::text[]) AS k(state_voter_id)
  CROSS JOIN LATERAL (
    SELECT roll_record_id, record_hash FROM voter_roll
    WHERE jurisdiction_id = $1 AND state_voter_id = k.state_voter_id LIMIT 1) v`;

/**
 * State voter ids already on the roll: their roll record id and the keyed hash of their record as
 * last imported. One probe of the (jurisdiction, state voter id) index per id, whatever the
 * statistics: `state_voter_id = ANY(...)` on a roll never analyzed was planned as a scan of the
 * whole jurisdiction per batch, quadratic over an import.
 */
export async function storedRollRecordsOf(
  tx: SqlExecutor,
  jurisdictionId: string,
  stateVoterIds: readonly string[],
): Promise<Map<string, { rollRecordId: string; recordHash: string | null }>> {
  if (stateVoterIds.length === 0) return new Map();
  const rows = await select<{ state_voter_id: string; roll_record_id: string; record_hash: string | null }>(
    tx,
    STORED_ROLL_RECORDS_OF,
    [jurisdictionId, stateVoterIds],
  );
  return new Map(
    rows.map((r) => [r.state_voter_id, { rollRecordId: r.roll_record_id, recordHash: r.record_hash }]),
  );
}

/** Rows applied per upsert statement of an import (`upsertRoll`'s chunks). */
export const ROLL_UPSERT_CHUNK_ROWS = 25_000;
/** Batches read ahead while a chunk is applied (about one chunk of 2,000-row batches). */
const ROLL_READ_AHEAD_BATCHES = 16;

/**
 * One chunk applied. The row takes the staged roll record id too: the record is sealed under it.
 * For a voter on the roll before the import that is the id it has (the import gives the voter's
 * rows that id); for one new to the roll, each of its rows has a new id, and a later row in a later
 * chunk must bring its own (without it the row kept the earlier id and data sealed under the
 * later one: a record nobody could open).
 */
const APPLY_ROLL_STAGE = `WITH upserted AS (
    INSERT INTO voter_roll (roll_record_id, jurisdiction_id, state_voter_id, last_name_key, dob_key,
      drivers_license_hash, ssn4_hash, precinct, party, status, pii, record_hash, updated_at)
    SELECT s.roll_record_id, $1, s.state_voter_id, s.last_name_key, s.dob_key,
      s.drivers_license_hash, s.ssn4_hash, s.precinct, s.party, s.status, s.pii, s.record_hash, now()
    FROM roll_import_stage s
    ON CONFLICT (jurisdiction_id, state_voter_id) DO UPDATE SET
      roll_record_id = EXCLUDED.roll_record_id, last_name_key = EXCLUDED.last_name_key, dob_key = EXCLUDED.dob_key,
      drivers_license_hash = EXCLUDED.drivers_license_hash, ssn4_hash = EXCLUDED.ssn4_hash,
      precinct = EXCLUDED.precinct, party = EXCLUDED.party, status = EXCLUDED.status,
      pii = EXCLUDED.pii, record_hash = EXCLUDED.record_hash, updated_at = now()
    RETURNING 1)
  SELECT count(*)::int AS n FROM upserted`;

/** A staging line with the state voter id it stages, as the import holds it. */
export interface StagedRollLine {
  readonly stateVoterId: string;
  readonly line: RollStageLine;
}

/**
 * Upserts the roll from `batches` of staging lines (`rollStageLine`, with the state voter id each
 * stages) in one tenant transaction, by state voter id, the later row of a voter winning. One
 * import of a jurisdiction runs at a time (an advisory lock: a second one waits before it reads
 * its first batch, so its look-ups see what the first stored), and no record is added alone
 * beside it (`insertRollRecord`). The lines are streamed with COPY into a staging table as they
 * come; every `chunkRows` rows the COPY ends and one INSERT ... ON CONFLICT applies them, while
 * the next batches are read ahead (Node checks and seals while Postgres upserts), then the next
 * COPY starts. A voter's earlier row in the same chunk is deleted before
 * the chunk is applied (a statement cannot upsert one row twice); one in an earlier chunk is
 * overwritten. If `batches` throws, nothing is applied (the transaction rolls back) and the error
 * propagates. The caller leaves out the records that did not change (storedRollRecordsOf's
 * `recordHash`). Returns how many voters' records were applied.
 */
export async function upsertRoll(
  ds: DataSource,
  jurisdictionId: string,
  batches: AsyncIterable<readonly StagedRollLine[]>,
  chunkRows = ROLL_UPSERT_CHUNK_ROWS,
): Promise<number> {
  return withTenant(ds, jurisdictionId, async (tx: EntityManager) => {
    // one import of a jurisdiction's roll at a time: a second waits for the first to commit, then
    // reads what it stored (the chunks lock voters in file order: two imports could deadlock)
    await execute(tx, `SELECT pg_advisory_xact_lock($1::bigint)`, [rollImportLock(jurisdictionId)]);
    await execute(
      tx,
      `CREATE TEMP TABLE roll_import_stage (seq integer, roll_record_id uuid, state_voter_id text,
         last_name_key text, dob_key text, drivers_license_hash text, ssn4_hash text, precinct text,
         party text, status text, pii bytea, record_hash text) ON COMMIT DROP`,
    );
    const client = (await (
      tx.queryRunner as unknown as { connect(): Promise<PoolClient> }
    ).connect()) as PoolClient;
    // the sequence number of each staged voter's latest row (keyed by the import's own strings)
    const latest = new Map<string, number>();
    let seq = 0;
    let chunkStart = 0;
    // rows of the chunk being staged that a later row of their voter replaces
    let replaced: number[] = [];
    let applied = 0;

    const startCopy = () => {
      const stream = client.query(copyFrom(`COPY roll_import_stage FROM STDIN`));
      const done = finished(stream);
      done.catch(() => undefined); // awaited at the chunk's end; an early failure surfaces there
      return { stream, done };
    };
    const applyChunk = async () => {
      if (seq === chunkStart) return;
      if (replaced.length)
        await execute(tx, `DELETE FROM roll_import_stage WHERE seq = ANY($1::int[])`, [replaced]);
      const [chunk] = await select<{ n: number }>(tx, APPLY_ROLL_STAGE, [jurisdictionId]);
      applied += chunk.n;
      await execute(tx, `TRUNCATE roll_import_stage`);
      chunkStart = seq;
      replaced = [];
    };

    let copy = startCopy();
    // read ahead: the batches keep coming (threads checking and sealing) while a chunk is applied
    const ahead = Readable.from(batches, { objectMode: true, highWaterMark: ROLL_READ_AHEAD_BATCHES });
    try {
      for await (const batch of ahead as AsyncIterable<readonly StagedRollLine[]>) {
        let lines = '';
        for (const { stateVoterId: voter, line } of batch) {
          const before = latest.get(voter);
          if (before !== undefined) {
            if (before >= chunkStart) replaced.push(before);
            else applied--; // applied in an earlier chunk, counted there: this row overwrites it
          }
          latest.set(voter, seq);
          lines += `${seq++}\t${line}\n`;
        }
        if (!copy.stream.write(lines)) await Promise.race([once(copy.stream, 'drain'), copy.done]);
        if (seq - chunkStart >= chunkRows) {
          copy.stream.end();
          await copy.done;
          await applyChunk();
          copy = startCopy();
        }
      }
      copy.stream.end();
      await copy.done;
    } catch (error) {
      ahead.destroy();
      copy.stream.destroy(error instanceof Error ? error : new Error(String(error)));
      await copy.done.catch(() => undefined);
      throw error;
    }
    await applyChunk();
    return applied;
  });
}
