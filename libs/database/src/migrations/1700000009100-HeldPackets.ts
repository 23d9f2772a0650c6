import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A packet that prints some of the voter's own text (name, address) as □ because no shipped font
 * has the characters is held: not e-mailed or put in the mail and fax queue until a clerk has
 * looked at it and released it. `held_characters` says which characters; `released_by` who let
 * it go (the office key today).
 */
export class HeldPackets1700000009100 implements MigrationInterface {
  name = 'HeldPackets1700000009100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ballots
        ADD COLUMN held_at timestamptz,
        ADD COLUMN held_characters text[],
        ADD COLUMN released_at timestamptz,
        ADD COLUMN released_by text,
        ADD CONSTRAINT ballots_release_after_hold CHECK (released_at IS NULL OR held_at IS NOT NULL)`);
    await q.query(
      `CREATE INDEX ballots_held ON ballots (jurisdiction_id, held_at) WHERE held_at IS NOT NULL AND released_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ballots_held`);
    await q.query(`
      ALTER TABLE ballots DROP CONSTRAINT IF EXISTS ballots_release_after_hold,
        DROP COLUMN IF EXISTS held_at, DROP COLUMN IF EXISTS held_characters,
        DROP COLUMN IF EXISTS released_at, DROP COLUMN IF EXISTS released_by`);
  }
}
