import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `voter_roll.record_hash`: the keyed hash (jurisdiction key) of the record as last imported, so a
 * re-import leaves a voter whose record did not change untouched (no new sealed copy, no new row
 * version in every index). Rows stored before have none and count as changed once.
 */
export class RollRecordHash1700000010600 implements MigrationInterface {
  name = 'RollRecordHash1700000010600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE voter_roll ADD COLUMN record_hash text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE voter_roll DROP COLUMN record_hash`);
  }
}
