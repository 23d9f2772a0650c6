/**
 * The office's changes to a standing request (voter service): a contact or address change, which
 * re-seals the request and keeps the previous one in `request_contact_changes`, and a cancellation.
 */
import type { BallotDeliveryMethod, CancelReason, ContactField, PaperSize } from '@uocava/domain';
import type { SqlExecutor } from '../../data-source';
import { execute, iso, select, selectOne } from '../sql';

export interface ContactChangeWrite {
  changeId: string;
  jurisdictionId: string;
  requestId: string;
  fields: readonly ContactField[];
  /** the request as it was before the change, sealed (purpose `contact-change:<changeId>`) */
  previousPii: Buffer;
  /** the request after the change, sealed (purpose `request:<requestId>`) */
  pii: Buffer;
  ballotDelivery: BallotDeliveryMethod;
  mailingCountry: string;
  militaryPost: boolean;
  paperSize: PaperSize | null;
  changedBy: string;
  changedAt: Date;
}

/** Stores the changed request and the history row, in the caller's transaction. */
export async function recordContactChange(tx: SqlExecutor, c: ContactChangeWrite): Promise<void> {
  await execute(
    tx,
    `INSERT INTO request_contact_changes (change_id, jurisdiction_id, request_id, fields, previous_pii, changed_by, changed_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)`,
    [
      c.changeId,
      c.jurisdictionId,
      c.requestId,
      JSON.stringify(c.fields),
      c.previousPii,
      c.changedBy,
      c.changedAt,
    ],
  );
  await execute(
    tx,
    `UPDATE ballot_requests SET pii = $3, ballot_delivery = $4, mailing_country = $5, military_post = $6,
            paper_size = $7, updated_at = $8
     WHERE request_id = $1 AND jurisdiction_id = $2`,
    [
      c.requestId,
      c.jurisdictionId,
      c.pii,
      c.ballotDelivery,
      c.mailingCountry,
      c.militaryPost,
      c.paperSize,
      c.changedAt,
    ],
  );
}

export interface ContactChangeRow {
  changeId: string;
  requestId: string;
  fields: ContactField[];
  previousPii: Buffer;
  changedBy: string;
  changedAt: string;
}

/** One change of the jurisdiction (e.g. to tell the previous e-mail address), or undefined. */
export async function contactChange(
  tx: SqlExecutor,
  jurisdictionId: string,
  changeId: string,
): Promise<ContactChangeRow | undefined> {
  const r = await selectOne<{
    change_id: string;
    request_id: string;
    fields: ContactField[];
    previous_pii: Buffer;
    changed_by: string;
    changed_at: Date;
  }>(
    tx,
    `SELECT change_id, request_id, fields, previous_pii, changed_by, changed_at FROM request_contact_changes
     WHERE change_id = $1 AND jurisdiction_id = $2`,
    [changeId, jurisdictionId],
  );
  return (
    r && {
      changeId: r.change_id,
      requestId: r.request_id,
      fields: r.fields,
      previousPii: r.previous_pii,
      changedBy: r.changed_by,
      changedAt: iso(r.changed_at),
    }
  );
}

/** The request's contact changes, oldest first (fields and who, not the sealed bodies). */
export async function contactChangesOf(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
): Promise<Array<{ changeId: string; fields: ContactField[]; changedBy: string; changedAt: string }>> {
  const rows = await select<{
    change_id: string;
    fields: ContactField[];
    changed_by: string;
    changed_at: Date;
  }>(
    tx,
    `SELECT change_id, fields, changed_by, changed_at FROM request_contact_changes
     WHERE jurisdiction_id = $1 AND request_id = $2 ORDER BY changed_at, change_id`,
    [jurisdictionId, requestId],
  );
  return rows.map((r) => ({
    changeId: r.change_id,
    fields: r.fields,
    changedBy: r.changed_by,
    changedAt: iso(r.changed_at),
  }));
}

/** Marks the request cancelled (the caller checked that it may be). */
export async function cancelRequest(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
  reason: CancelReason,
  at: Date,
): Promise<void> {
  await execute(
    tx,
    `UPDATE ballot_requests SET status = 'cancelled', cancel_reason = $3, cancelled_at = $4, updated_at = $4
     WHERE request_id = $1 AND jurisdiction_id = $2`,
    [requestId, jurisdictionId, reason, at],
  );
}
