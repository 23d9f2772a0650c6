/**
 * Owner of `packet_regenerations` (migration 1700000008500) and of the packet provenance columns of
 * `ballots` (`pdf_sha256`, `renderer_version`, `inputs_sha256`) when a packet is re-issued.
 */
import type { EntityManager } from 'typeorm';
import { execute, select, updateReturning } from './sql';
import type { PacketRegenerationReason } from '@uocava/domain';

export interface PacketRegeneration {
  jurisdictionId: string;
  ballotId: string;
  requestId: string;
  reason: PacketRegenerationReason;
  previousPdfSha256: string;
  pdfSha256: string;
  previousRendererVersion: string | null;
  rendererVersion: string;
  previousInputsSha256: string | null;
  inputsSha256: string;
  /** id of the `ballot.packet-regenerated` event enqueued with it */
  eventId: string;
}

/**
 * Records the packet's new bytes on the ballot, if it still has `previousPdfSha256` (a concurrent
 * download may have re-issued it first), and the regeneration. True when this call re-issued it.
 */
export async function recordPacketRegeneration(tx: EntityManager, r: PacketRegeneration): Promise<boolean> {
  const updated = await updateReturning<{ ballot_id: string }>(
    tx,
    `UPDATE ballots SET pdf_sha256 = $3, renderer_version = $4, inputs_sha256 = $5
     WHERE jurisdiction_id = $1 AND ballot_id = $2 AND pdf_sha256 = $6`,
    'ballot_id',
    [r.jurisdictionId, r.ballotId, r.pdfSha256, r.rendererVersion, r.inputsSha256, r.previousPdfSha256],
  );
  if (updated.length === 0) return false;
  await execute(
    tx,
    `INSERT INTO packet_regenerations (jurisdiction_id, ballot_id, request_id, reason, previous_pdf_sha256,
       pdf_sha256, previous_renderer_version, renderer_version, previous_inputs_sha256, inputs_sha256, event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      r.jurisdictionId,
      r.ballotId,
      r.requestId,
      r.reason,
      r.previousPdfSha256,
      r.pdfSha256,
      r.previousRendererVersion,
      r.rendererVersion,
      r.previousInputsSha256,
      r.inputsSha256,
      r.eventId,
    ],
  );
  return true;
}

/** A packet that did not reproduce under the same inputs and renderer, not yet acknowledged. */
export interface PacketMismatchAlert {
  regenerationId: string;
  ballotId: string;
  requestId: string;
  previousPdfSha256: string;
  pdfSha256: string;
  rendererVersion: string;
  regeneratedAt: string;
}

interface AlertRow {
  regeneration_id: string;
  ballot_id: string;
  request_id: string;
  previous_pdf_sha256: string;
  pdf_sha256: string;
  renderer_version: string;
  regenerated_at: Date;
}

/** The open mismatch alerts of the transaction's jurisdiction, newest first (at most `limit`). */
export async function openPacketMismatches(
  tx: EntityManager,
  jurisdictionId: string,
  limit = 100,
): Promise<PacketMismatchAlert[]> {
  const rows = await select<AlertRow>(
    tx,
    `SELECT regeneration_id::text, ballot_id, request_id, previous_pdf_sha256, pdf_sha256, renderer_version,
            regenerated_at
     FROM packet_regenerations
     WHERE jurisdiction_id = $1 AND reason = 'mismatch' AND acknowledged_at IS NULL
     ORDER BY regenerated_at DESC, regeneration_id DESC
     LIMIT $2`,
    [jurisdictionId, limit],
  );
  return rows.map((r) => ({
    regenerationId: r.regeneration_id,
    ballotId: r.ballot_id,
    requestId: r.request_id,
    previousPdfSha256: r.previous_pdf_sha256,
    pdfSha256: r.pdf_sha256,
    rendererVersion: r.renderer_version,
    regeneratedAt: r.regenerated_at.toISOString(),
  }));
}

/** Marks an open mismatch alert as seen by `by` (a person or key); false if there is none open. */
export async function acknowledgePacketMismatch(
  tx: EntityManager,
  jurisdictionId: string,
  regenerationId: string,
  by: string,
): Promise<boolean> {
  const rows = await updateReturning(
    tx,
    `UPDATE packet_regenerations SET acknowledged_at = now(), acknowledged_by = $3
     WHERE jurisdiction_id = $1 AND regeneration_id = $2 AND reason = 'mismatch' AND acknowledged_at IS NULL`,
    'regeneration_id',
    [jurisdictionId, regenerationId, by],
  );
  return rows.length > 0;
}
