import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './tenant-isolation';

/**
 * A print batch not yet sent can be cancelled (a jammed printer, a wrong filter, a spoiled run):
 * `print_batches.cancelled_at/_by` and `cancel_reason` say when, by whom and why; a batch is sent or
 * cancelled, never both. Its pieces stay as they were (the Intelligent Mail serials they used are
 * never handed out again) with `released_at` set, and a ballot is in at most one live piece: the
 * unique constraint on `print_batch_pieces.ballot_id` becomes a partial unique index over pieces
 * not released, so the cancelled batch's ballots can go into a new batch.
 */
export class PrintBatchCancel1700000009990 implements MigrationInterface {
  name = 'PrintBatchCancel1700000009990';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE print_batches
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancelled_by text,
        ADD COLUMN cancel_reason text CHECK (length(cancel_reason) BETWEEN 1 AND 500),
        ADD CONSTRAINT print_batches_cancel_whole
          CHECK ((cancelled_at IS NULL) = (cancelled_by IS NULL) AND (cancelled_at IS NULL) = (cancel_reason IS NULL)),
        ADD CONSTRAINT print_batches_sent_or_cancelled CHECK (sent_at IS NULL OR cancelled_at IS NULL)`);
    await q.query(`ALTER TABLE print_batch_pieces ADD COLUMN released_at timestamptz`);
    await q.query(`ALTER TABLE print_batch_pieces DROP CONSTRAINT print_batch_pieces_ballot_id_key`);
    await q.query(
      `CREATE UNIQUE INDEX print_batch_pieces_one_live_per_ballot ON print_batch_pieces (ballot_id)
       WHERE released_at IS NULL`,
    );
    await q.query(`CREATE INDEX print_batch_pieces_by_ballot ON print_batch_pieces (ballot_id)`);
    await q.query(`GRANT UPDATE (cancelled_at, cancelled_by, cancel_reason) ON print_batches TO ${APP_ROLE}`);
    await q.query(`GRANT UPDATE (released_at) ON print_batch_pieces TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM print_batch_pieces WHERE released_at IS NOT NULL`);
    await q.query(`DROP INDEX print_batch_pieces_by_ballot`);
    await q.query(`DROP INDEX print_batch_pieces_one_live_per_ballot`);
    await q.query(
      `ALTER TABLE print_batch_pieces ADD CONSTRAINT print_batch_pieces_ballot_id_key UNIQUE (ballot_id)`,
    );
    await q.query(`ALTER TABLE print_batch_pieces DROP COLUMN released_at`);
    await q.query(`
      ALTER TABLE print_batches DROP CONSTRAINT print_batches_sent_or_cancelled,
        DROP CONSTRAINT print_batches_cancel_whole, DROP COLUMN cancel_reason, DROP COLUMN cancelled_by,
        DROP COLUMN cancelled_at`);
  }
}
