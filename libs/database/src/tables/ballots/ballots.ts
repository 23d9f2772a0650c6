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
    [
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
    ],
  );
  return rows.length > 0;
}

/** Columns of one ballot row as insertBallots binds them (16 parameters a row). */
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

/** Rows per INSERT of insertBallots (16 parameters each, well inside Postgres's 65,535). */
const BALLOTS_PER_INSERT = 500;

/**
 * Stores several issued ballots in one statement (per BALLOTS_PER_INSERT); returns the ids of
 * those stored. A ballot whose request already has its live ballot for that election (stored
 * before, or earlier in `ballots`) is left out, as insertBallot does.
 */
export async function insertBallots(tx: SqlExecutor, ballots: readonly NewBallot[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (let start = 0; start < ballots.length; start += BALLOTS_PER_INSERT) {
    const chunk = ballots.slice(start, start + BALLOTS_PER_INSERT);
    const params: unknown[] = [];
    const rows = chunk.map((b) => {
      const o = params.length;
      params.push(...ballotRowParams(b));
      const p = (n: number) => `$${o + n}`;
      return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)}, ${p(11)}, ${p(12)},
        ${p(13)}, ${p(14)}, CASE WHEN ${p(15)}::text[] IS NULL THEN NULL ELSE ${p(11)}::timestamptz END, ${p(15)}::text[], ${p(16)})`;
    });
    const inserted = await select<{ ballot_id: string }>(
      tx,
      `INSERT INTO ballots (ballot_id, jurisdiction_id, request_id, election_id, ballot_style_id, status, pdf_sha256,
         page_count, paper_size, download_token_hash, generated_at, transmitted_at, renderer_version, inputs_sha256,
         held_at, held_characters, replaces_ballot_id)
       VALUES ${rows.join(',\n')}
       ON CONFLICT (request_id, election_id) WHERE status <> 'void' DO NOTHING RETURNING ballot_id`,
      params,
    );
    for (const r of inserted) stored.add(r.ballot_id);
  }
  return stored;
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
