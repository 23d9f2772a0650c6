/** Issuing a ballot and what its packet link reads. */
import type { BallotStatus, PaperSize } from '@uocava/domain';
import type { SqlExecutor } from '../../data-source';
import { select, selectOne } from '../sql';

export interface NewBallot {
  ballotId: string;
  jurisdictionId: string;
  requestId: string;
  electionId: string;
  styleId: string;
  status: 'generated' | 'transmitted';
  pdfSha256: string;
  pageCount: number;
  paperSize: PaperSize;
  downloadTokenHash: string;
  generatedAt: string;
  transmittedAt: string | null;
  rendererVersion: string;
  inputsSha256: string;
  /** characters of the voter's text the fonts cannot draw: the packet is held (held-packets) */
  heldCharacters: string[] | null;
  /** the void ballot this one replaces (a reissue), or null */
  replacesBallotId?: string | null;
}

/** Stores an issued ballot; false when the request already has its live ballot for that election. */
export async function insertBallot(tx: SqlExecutor, b: NewBallot): Promise<boolean> {
  const rows = await select(
    tx,
    `INSERT INTO ballots (ballot_id, jurisdiction_id, request_id, election_id, ballot_style_id, status, pdf_sha256,
       page_count, paper_size, download_token_hash, generated_at, transmitted_at, renderer_version, inputs_sha256,
       held_at, held_characters, replaces_ballot_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
       CASE WHEN $15::text[] IS NULL THEN NULL ELSE $11::timestamptz END, $15::text[], $16)
     ON CONFLICT (request_id, election_id) WHERE status <> 'void' DO NOTHING RETURNING ballot_id`,
    ballotRowParams(b),
  );
  return rows.length > 0;
}

/** Columns of one ballot row as insertBallot binds them ($1 … $16). */
function ballotRowParams(b: NewBallot): unknown[] {
  return [
    b.ballotId,
    b.jurisdictionId,
    b.requestId,
    b.electionId,
    b.styleId,
    b.status,
    b.pdfSha256,
    b.pageCount,
    b.paperSize,
    b.downloadTokenHash,
    b.generatedAt,
    b.transmittedAt,
    b.rendererVersion,
    b.inputsSha256,
    b.heldCharacters,
    b.replacesBallotId ?? null,
  ];
}

export async function ballotExists(tx: SqlExecutor, requestId: string, electionId: string): Promise<boolean> {
  return (
    (await selectOne(
      tx,
      `SELECT 1 FROM ballots WHERE request_id = $1 AND election_id = $2 AND status <> 'void'`,
      [requestId, electionId],
    )) !== undefined
  );
}

/** What the packet link and its download need of a ballot. */
export interface BallotPacketRecord {
  requestId: string;
  electionId: string;
  styleId: string;
  pdfSha256: string;
  rendererVersion: string | null;
  inputsSha256: string | null;
  downloadTokenHash: string;
  status: BallotStatus;
  pageCount: number;
  paperSize: PaperSize;
}

export async function ballotPacketRecord(
  tx: SqlExecutor,
  jurisdictionId: string,
  ballotId: string,
): Promise<BallotPacketRecord | undefined> {
  const r = await selectOne<{
    request_id: string;
    election_id: string;
    ballot_style_id: string;
    pdf_sha256: string;
    renderer_version: string | null;
    inputs_sha256: string | null;
    download_token_hash: string;
    status: BallotStatus;
    page_count: number;
    paper_size: PaperSize;
  }>(
    tx,
    `SELECT request_id, election_id, ballot_style_id, pdf_sha256, renderer_version, inputs_sha256,
            download_token_hash, status, page_count, paper_size
     FROM ballots WHERE jurisdiction_id = $1 AND ballot_id = $2`,
    [jurisdictionId, ballotId],
  );
  return (
    r && {
      requestId: r.request_id,
      electionId: r.election_id,
      styleId: r.ballot_style_id,
      pdfSha256: r.pdf_sha256,
      rendererVersion: r.renderer_version,
      inputsSha256: r.inputs_sha256,
      downloadTokenHash: r.download_token_hash,
      status: r.status,
      pageCount: r.page_count,
      paperSize: r.paper_size,
    }
  );
}
