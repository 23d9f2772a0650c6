/**
 * Owner of `print_batches` and `print_batch_pieces` (migrations 1700000009900, 9990): the office's
 * print batches of mail ballots, their pieces in mailing order and the Intelligent Mail barcode
 * serial of each piece (from `print_piece_serial_seq`, unique per Mailer ID). A cancelled batch's
 * pieces are released (kept, `released_at` set): a ballot is in at most one live piece.
 */
import type { BallotDeliveryMethod, BallotStatus } from '@uocava/domain';
import type { SqlExecutor } from '../data-source';
import { execute, iso, select, selectOne, updateReturning } from './sql';

/** A ballot of the election that a new batch might take, with what the rules and the label need. */
export interface PrintBatchCandidateRow {
  ballotId: string;
  requestId: string;
  electionId: string;
  deliveryMethod: BallotDeliveryMethod;
  status: BallotStatus;
  transmitted: boolean;
  /** not held, or held and released */
  ready: boolean;
  batchId: string | null;
  generatedAt: string;
  mailingCountry: string;
  /** the sealed FPCA body (purpose `request:<requestId>`) */
  pii: Buffer;
}

/** The ballots of one election that are generated for mail delivery, with their batch if any. */
export async function printBatchCandidates(
  tx: SqlExecutor,
  jurisdictionId: string,
  electionId: string,
): Promise<PrintBatchCandidateRow[]> {
  const rows = await select<Omit<PrintBatchCandidateRow, 'generatedAt'> & { generatedAt: Date }>(
    tx,
    `SELECT b.ballot_id AS "ballotId", b.request_id AS "requestId", b.election_id AS "electionId",
            r.ballot_delivery AS "deliveryMethod", b.status,
            (b.transmitted_at IS NOT NULL) AS transmitted,
            (b.held_at IS NULL OR b.released_at IS NOT NULL) AS ready,
            p.batch_id AS "batchId", b.generated_at AS "generatedAt",
            r.mailing_country AS "mailingCountry", r.pii
     FROM ballots b
     JOIN ballot_requests r ON r.request_id = b.request_id
     LEFT JOIN print_batch_pieces p ON p.ballot_id = b.ballot_id AND p.released_at IS NULL
     WHERE b.jurisdiction_id = $1 AND b.election_id = $2 AND b.status = 'generated'
       AND r.ballot_delivery = 'mail'
     ORDER BY b.generated_at, b.ballot_id`,
    [jurisdictionId, electionId],
  );
  return rows.map((r) => ({ ...r, generatedAt: iso(r.generatedAt) }));
}

/** `n` fresh serials for outbound envelopes (never handed out twice). */
export async function nextPieceSerials(tx: SqlExecutor, n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = await select<{ s: string }>(
    tx,
    `SELECT nextval('print_piece_serial_seq')::text AS s FROM generate_series(1, $1)`,
    [n],
  );
  return rows.map((r) => Number(r.s));
}

export interface NewPrintBatch {
  batchId: string;
  jurisdictionId: string;
  electionId: string;
  filter: Record<string, string>;
  mailerId: string;
  createdBy: string;
  /** in mailing order */
  pieces: Array<{ ballotId: string; serial: number }>;
}

/**
 * Writes the batch and its pieces. False when one of the ballots is already in another batch (a
 * concurrent batch took it first): nothing is written then, the caller's transaction stays usable.
 */
export async function insertPrintBatch(tx: SqlExecutor, b: NewPrintBatch): Promise<boolean> {
  await execute(
    tx,
    `INSERT INTO print_batches (batch_id, jurisdiction_id, election_id, filter, mailer_id, piece_count, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      b.batchId,
      b.jurisdictionId,
      b.electionId,
      JSON.stringify(b.filter),
      b.mailerId,
      b.pieces.length,
      b.createdBy,
    ],
  );
  const inserted = await select<{ ballot_id: string }>(
    tx,
    `INSERT INTO print_batch_pieces (jurisdiction_id, batch_id, ballot_id, position, mailer_id, serial)
     SELECT $1, $2, t.ballot_id, t.position, $3, t.serial
     FROM unnest($4::uuid[], $5::int[], $6::bigint[]) AS t(ballot_id, position, serial)
     ON CONFLICT (ballot_id) WHERE released_at IS NULL DO NOTHING
     RETURNING ballot_id`,
    [
      b.jurisdictionId,
      b.batchId,
      b.mailerId,
      b.pieces.map((p) => p.ballotId),
      b.pieces.map((_, i) => i + 1),
      b.pieces.map((p) => p.serial),
    ],
  );
  return inserted.length === b.pieces.length;
}

export interface PrintBatchRow {
  batchId: string;
  electionId: string;
  filter: Record<string, string>;
  mailerId: string;
  pieceCount: number;
  createdAt: string;
  createdBy: string;
  pdfSha256: string | null;
  sentAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

const BATCH_COLUMNS = `batch_id AS "batchId", election_id AS "electionId", filter, mailer_id AS "mailerId",
  piece_count AS "pieceCount", created_at AS "createdAt", created_by AS "createdBy",
  pdf_sha256 AS "pdfSha256", sent_at AS "sentAt", cancelled_at AS "cancelledAt", cancel_reason AS "cancelReason"`;

type RawBatch = Omit<PrintBatchRow, 'createdAt' | 'sentAt' | 'cancelledAt'> & {
  createdAt: Date;
  sentAt: Date | null;
  cancelledAt: Date | null;
};
const batchOf = (r: RawBatch): PrintBatchRow => ({
  ...r,
  createdAt: iso(r.createdAt),
  sentAt: r.sentAt === null ? null : iso(r.sentAt),
  cancelledAt: r.cancelledAt === null ? null : iso(r.cancelledAt),
});

/** The office's batches, newest first. */
export async function printBatches(
  tx: SqlExecutor,
  jurisdictionId: string,
  limit = 200,
): Promise<PrintBatchRow[]> {
  const rows = await select<RawBatch>(
    tx,
    `SELECT ${BATCH_COLUMNS} FROM print_batches WHERE jurisdiction_id = $1
     ORDER BY created_at DESC, batch_id LIMIT $2`,
    [jurisdictionId, limit],
  );
  return rows.map(batchOf);
}

/** One batch of the office (locked for update when `lock`), or undefined. */
export async function findPrintBatch(
  tx: SqlExecutor,
  jurisdictionId: string,
  batchId: string,
  lock = false,
): Promise<PrintBatchRow | undefined> {
  const r = await selectOne<RawBatch>(
    tx,
    `SELECT ${BATCH_COLUMNS} FROM print_batches WHERE jurisdiction_id = $1 AND batch_id = $2
     ${lock ? 'FOR UPDATE' : ''}`,
    [jurisdictionId, batchId],
  );
  return r && batchOf(r);
}

/** A piece of a batch with what its packet and label are rendered from. */
export interface PrintPieceRow {
  ballotId: string;
  position: number;
  serial: number;
  requestId: string;
  electionId: string;
  styleId: string;
  status: BallotStatus;
  transmitted: boolean;
  pii: Buffer;
}

/** The pieces of a batch, in mailing order. */
export async function printBatchPieces(
  tx: SqlExecutor,
  jurisdictionId: string,
  batchId: string,
): Promise<PrintPieceRow[]> {
  const rows = await select<Omit<PrintPieceRow, 'serial'> & { serial: string }>(
    tx,
    `SELECT p.ballot_id AS "ballotId", p.position, p.serial::text AS serial, b.request_id AS "requestId",
            b.election_id AS "electionId", b.ballot_style_id AS "styleId", b.status,
            (b.transmitted_at IS NOT NULL) AS transmitted, r.pii
     FROM print_batch_pieces p
     JOIN ballots b ON b.ballot_id = p.ballot_id
     JOIN ballot_requests r ON r.request_id = b.request_id
     WHERE p.jurisdiction_id = $1 AND p.batch_id = $2
     ORDER BY p.position`,
    [jurisdictionId, batchId],
  );
  return rows.map((r) => ({ ...r, serial: Number(r.serial) }));
}

/** Records the hash of the batch's first PDF; returns the hash on record afterwards. */
export async function recordPrintBatchPdf(
  tx: SqlExecutor,
  jurisdictionId: string,
  batchId: string,
  sha256: string,
): Promise<string> {
  await execute(
    tx,
    `UPDATE print_batches SET pdf_sha256 = $3 WHERE jurisdiction_id = $1 AND batch_id = $2 AND pdf_sha256 IS NULL`,
    [jurisdictionId, batchId, sha256],
  );
  const r = await selectOne<{ h: string }>(
    tx,
    `SELECT pdf_sha256 AS h FROM print_batches WHERE jurisdiction_id = $1 AND batch_id = $2`,
    [jurisdictionId, batchId],
  );
  return r?.h ?? sha256;
}

/** Marks the batch sent, once; false when it already was. */
export async function markPrintBatchSent(
  tx: SqlExecutor,
  jurisdictionId: string,
  batchId: string,
  at: string,
  by: string,
): Promise<boolean> {
  const rows = await updateReturning<{ batch_id: string }>(
    tx,
    `UPDATE print_batches SET sent_at = $3, sent_by = $4
     WHERE jurisdiction_id = $1 AND batch_id = $2 AND sent_at IS NULL AND cancelled_at IS NULL`,
    'batch_id',
    [jurisdictionId, batchId, at, by],
  );
  return rows.length === 1;
}

/**
 * Cancels a batch not sent, once, and releases its pieces (their ballots may go into a new batch;
 * their serials are never reused); false when it was already sent or cancelled.
 */
export async function cancelPrintBatch(
  tx: SqlExecutor,
  jurisdictionId: string,
  batchId: string,
  c: { at: string; by: string; reason: string },
): Promise<boolean> {
  const rows = await updateReturning<{ batch_id: string }>(
    tx,
    `UPDATE print_batches SET cancelled_at = $3, cancelled_by = $4, cancel_reason = $5
     WHERE jurisdiction_id = $1 AND batch_id = $2 AND sent_at IS NULL AND cancelled_at IS NULL`,
    'batch_id',
    [jurisdictionId, batchId, c.at, c.by, c.reason],
  );
  if (rows.length === 0) return false;
  await execute(
    tx,
    `UPDATE print_batch_pieces SET released_at = $3
     WHERE jurisdiction_id = $1 AND batch_id = $2 AND released_at IS NULL`,
    [jurisdictionId, batchId, c.at],
  );
  return true;
}
