import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a FWAB arrived (mail, fax, e-mail, in person, online) and its postmark, kept for the EAVS
 * Section B export: a FWAB from a voter without a request is a transaction of its own there, and
 * the way it came in is both its request method and its received method. FWABs recorded before
 * this migration have no method (exported as `untracked`).
 */
export class FwabReturnMethod1700000006500 implements MigrationInterface {
  name = 'FwabReturnMethod1700000006500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE fwabs
        ADD COLUMN method text CHECK (method IN ('mail', 'fax', 'email', 'in-person', 'online')),
        ADD COLUMN postmark_date date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE fwabs DROP COLUMN IF EXISTS postmark_date, DROP COLUMN IF EXISTS method`);
  }
}
