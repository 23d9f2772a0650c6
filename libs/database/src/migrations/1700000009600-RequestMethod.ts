import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a ballot request reached the office (EAVS Section B `RequestMethod`): `online` for the
 * voter's own submission through the platform, or `mail`, `fax`, `email`, `in-person` for a paper
 * or e-mailed FPCA a clerk keyed in. Requests stored before this migration came online.
 */
export class RequestMethod1700000009600 implements MigrationInterface {
  name = 'RequestMethod1700000009600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ballot_requests ADD COLUMN request_method text NOT NULL DEFAULT 'online'
        CHECK (request_method IN ('online', 'mail', 'fax', 'email', 'in-person'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ballot_requests DROP COLUMN IF EXISTS request_method`);
  }
}
