import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the mail sender's batched claim (libs/database/src/tables/mail-queue.ts,
 * `claimDueMails`), so that a claim reads only the rows it takes (plus the few it passes over),
 * whatever the backlog and whether or not the table was ever analyzed:
 *
 * - `mail_queue_claim_order (jurisdiction_id, next_attempt_at, event_time, mail_id) WHERE pending`:
 *   the claim walks the due mails in this order and stops after its batch (no sort, no scan of the
 *   mails not yet due). It replaces `mail_queue_due (jurisdiction_id, next_attempt_at)`.
 * - `mail_queue_voter_order (jurisdiction_id, request_id, event_time, mail_id) WHERE pending`: the
 *   head test of each candidate (is an earlier mail of the same voter still pending?) is one probe
 *   that reads the voter's first pending mail. It replaces `mail_queue_pending_by_request`.
 */
export class MailQueueClaimOrder1700000010000 implements MigrationInterface {
  name = 'MailQueueClaimOrder1700000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX mail_queue_claim_order ON mail_queue (jurisdiction_id, next_attempt_at, event_time, mail_id)
        WHERE status = 'pending'`);
    await q.query(`
      CREATE INDEX mail_queue_voter_order ON mail_queue (jurisdiction_id, request_id, event_time, mail_id)
        WHERE status = 'pending'`);
    await q.query(`DROP INDEX IF EXISTS mail_queue_due`);
    await q.query(`DROP INDEX IF EXISTS mail_queue_pending_by_request`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX IF NOT EXISTS mail_queue_due ON mail_queue (jurisdiction_id, next_attempt_at)
        WHERE status = 'pending'`);
    await q.query(`
      CREATE INDEX IF NOT EXISTS mail_queue_pending_by_request ON mail_queue (jurisdiction_id, request_id, event_time)
        WHERE status = 'pending'`);
    await q.query(`DROP INDEX IF EXISTS mail_queue_claim_order`);
    await q.query(`DROP INDEX IF EXISTS mail_queue_voter_order`);
  }
}
