/**
 * Owner of `cure_responses` (migration 1700000009940): what a voter sent back to cure a ballot,
 * uploaded through the tracking page (the file sealed) or received by mail, fax or e-mail and
 * recorded by a clerk. Append-only.
 */
import type { CureReturnMethod, CureUploadType } from '@uocava/domain';
import type { SqlExecutor } from '../data-source';
import { execute, iso, select, selectOne } from './sql';

export interface NewCureResponse {
  responseId: string;
  jurisdictionId: string;
  ballotId: string;
  method: CureReturnMethod;
  receivedAt: Date | string;
  /** an upload's file: its type, size, SHA-256 and sealed bytes */
  file?: { contentType: CureUploadType; byteSize: number; sha256: string; sealed: Buffer };
  /** the office key that recorded a response by mail, fax or e-mail */
  recordedBy?: string;
}

export async function insertCureResponse(tx: SqlExecutor, r: NewCureResponse): Promise<void> {
  await execute(
    tx,
    `INSERT INTO cure_responses (response_id, jurisdiction_id, ballot_id, method, received_at, content_type,
       byte_size, sha256, sealed_file, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      r.responseId,
      r.jurisdictionId,
      r.ballotId,
      r.method,
      r.receivedAt,
      r.file?.contentType ?? null,
      r.file?.byteSize ?? null,
      r.file?.sha256 ?? null,
      r.file?.sealed ?? null,
      r.recordedBy ?? null,
    ],
  );
}

/** A cure response as the office lists it (never the file itself). */
export interface CureResponseView {
  responseId: string;
  ballotId: string;
  method: CureReturnMethod;
  receivedAt: string;
  contentType: CureUploadType | null;
  byteSize: number | null;
  sha256: string | null;
  recordedBy: string | null;
}

interface Row {
  response_id: string;
  ballot_id: string;
  method: CureReturnMethod;
  received_at: Date;
  content_type: CureUploadType | null;
  byte_size: number | null;
  sha256: string | null;
  recorded_by: string | null;
}

const view = (r: Row): CureResponseView => ({
  responseId: r.response_id,
  ballotId: r.ballot_id,
  method: r.method,
  receivedAt: iso(r.received_at),
  contentType: r.content_type,
  byteSize: r.byte_size,
  sha256: r.sha256,
  recordedBy: r.recorded_by,
});

const COLUMNS = 'response_id, ballot_id, method, received_at, content_type, byte_size, sha256, recorded_by';

/** The ballot's cure responses, oldest first. */
export async function cureResponsesOfBallot(
  tx: SqlExecutor,
  jurisdictionId: string,
  ballotId: string,
): Promise<CureResponseView[]> {
  const rows = await select<Row>(
    tx,
    `SELECT ${COLUMNS} FROM cure_responses WHERE jurisdiction_id = $1 AND ballot_id = $2
      ORDER BY received_at, response_id`,
    [jurisdictionId, ballotId],
  );
  return rows.map(view);
}

/** One upload of the ballot with its sealed file, or undefined (also for a response without a file). */
export async function cureResponseFile(
  tx: SqlExecutor,
  jurisdictionId: string,
  ballotId: string,
  responseId: string,
): Promise<(CureResponseView & { sealed: Buffer; contentType: CureUploadType }) | undefined> {
  const r = await selectOne<Row & { sealed_file: Buffer | null }>(
    tx,
    `SELECT ${COLUMNS}, sealed_file FROM cure_responses
      WHERE jurisdiction_id = $1 AND ballot_id = $2 AND response_id = $3`,
    [jurisdictionId, ballotId, responseId],
  );
  if (r === undefined || r.sealed_file === null || r.content_type === null) return undefined;
  return { ...view(r), contentType: r.content_type, sealed: r.sealed_file };
}
