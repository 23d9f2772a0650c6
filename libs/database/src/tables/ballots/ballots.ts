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
  return (await insertBallots(tx, [b])).size > 0;
}

/**
 * Stores issued ballots in one INSERT (in their order); returns the ids of those stored. A ballot
 * is not stored when its request already has its live ballot for that election (one stored
 * earlier, or an earlier one of `ballots`).
 */
export async function insertBallots(tx: SqlExecutor, ballots: readonly NewBallot[]): Promise<Set<string>> {
  if (ballots.length === 0) return new Set();
  const rows = await select<{ ballot_id: string }>(
    tx,
    `INSERT INTO ballots (ballot_id, jurisdiction_id, request_id, election_id, ballot_style_id, status, pdf_sha256,
       page_count, paper_size, download_token_hash, generated_at, transmitted_at, renderer_version, inputs_sha256,
       held_at, held_characters, replaces_ballot_id)
     SELECT b.ballot_id, b.jurisdiction_id, b.request_id, b.election_id, b.ballot_style_id, b.status, b.pdf_sha256,
       b.page_count, b.paper_size, b.download_token_hash, b.generated_at, b.transmitted_at, b.renderer_version,
       b.inputs_sha256, CASE WHEN b.held_characters IS NULL THEN NULL ELSE b.generated_at END, b.held_characters,
       b.replaces_ballot_id
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(doc, ord),
       jsonb_to_record(e.doc) AS b(ballot_id uuid, jurisdiction_id text, request_id uuid,
       election_id uuid, ballot_style_id text, status text, pdf_sha256 text, page_count integer, paper_size text,
       download_token_hash text, generated_at timestamptz, transmitted_at timestamptz, renderer_version text,
       inputs_sha256 text, held_characters text[], replaces_ballot_id uuid)
     ORDER BY e.ord
     ON CONFLICT (request_id, election_id) WHERE status <> 'void' DO NOTHING RETURNING ballot_id::text AS ballot_id`,
    [
      JSON.stringify(
        ballots.map((b) => ({
          ballot_id: b.ballotId,
          jurisdiction_id: b.jurisdictionId,
          request_id: b.requestId,
          election_id: b.electionId,
          ballot_style_id: b.styleId,
          status: b.status,
          pdf_sha256: b.pdfSha256,
          page_count: b.pageCount,
          paper_size: b.paperSize,
          download_token_hash: b.downloadTokenHash,
          generated_at: b.generatedAt,
          transmitted_at: b.transmittedAt,
          renderer_version: b.rendererVersion,
          inputs_sha256: b.inputsSha256,
          held_characters: b.heldCharacters,
          replaces_ballot_id: b.replacesBallotId ?? null,
        })),
      ),
    ],
  );
  return new Set(rows.map((r) => r.ballot_id.toLowerCase()));
}

export async function ballotExists(tx: SqlExecutor, requestId: string, electionId: string): Promise<boolean> {
  return (await liveBallotsOf(tx, [{ requestId, electionId }]))[0];
}

/** `ballotExists` of many (request, election) pairs in one query, in their order. */
export async function liveBallotsOf(
  tx: SqlExecutor,
  pairs: ReadonlyArray<{ requestId: string; electionId: string }>,
): Promise<boolean[]> {
  if (pairs.length === 0) return [];
  const rows = await select<{ ord: string }>(
    tx,
    `SELECT k.ord FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS k(request_id, election_id, ord)
      WHERE EXISTS (SELECT 1 FROM ballots b
                     WHERE b.request_id = k.request_id AND b.election_id = k.election_id AND b.status <> 'void')`,
    [pairs.map((p) => p.requestId), pairs.map((p) => p.electionId)],
  );
  const live = new Set(rows.map((r) => Number(r.ord) - 1));
  return pairs.map((_, i) => live.has(i));
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
