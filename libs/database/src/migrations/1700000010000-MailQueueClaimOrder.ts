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
 * - `mail_queue_by_status (jurisdiction_id, status)` goes: on a table never analyzed the planner
 *   took it for that probe (two equality conditions, fewer pages) and sorted every pending mail
 *   of the jurisdiction per candidate. With it gone, `mail_queue_voter_order` is the only index
 *   that matches two conditions of the probe. The office's list of failed mails gets
 *   `mail_queue_failed (jurisdiction_id, failed_at) WHERE failed`; its counts read every row of
 *   the jurisdiction anyway.
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
    await q.query(`
      CREATE INDEX mail_queue_failed ON mail_queue (jurisdiction_id, failed_at) WHERE status = 'failed'`);
    await q.query(`DROP INDEX IF EXISTS mail_queue_due`);
    await q.query(`DROP INDEX IF EXISTS mail_queue_pending_by_request`);
    await q.query(`DROP INDEX IF EXISTS mail_queue_by_status`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX IF NOT EXISTS mail_queue_due ON mail_queue (jurisdiction_id, next_attempt_at)
        WHERE status = 'pending'`);
    await q.query(`
      CREATE INDEX IF NOT EXISTS mail_queue_pending_by_request ON mail_queue (jurisdiction_id, request_id, event_time)
        WHERE status = 'pending'`);
    await q.query(`CREATE INDEX IF NOT EXISTS mail_queue_by_status ON mail_queue (jurisdiction_id, status)`);
    await q.query(`DROP INDEX IF EXISTS mail_queue_failed`);
    await q.query(`DROP INDEX IF EXISTS mail_queue_claim_order`);
    await q.query(`DROP INDEX IF EXISTS mail_queue_voter_order`);
  }
}
