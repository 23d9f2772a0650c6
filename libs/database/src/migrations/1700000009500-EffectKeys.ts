import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Effects keyed by what an event means, not by its id (issue 14): a tracking step (with its log
 * entry) and an e-mail happen at most once per `effect_key` (libs/messaging effects.ts:
 * request + transition, or request + ballot + type + SHA-256 of the canonical data), whatever the
 * event id. NULL for rows written before this migration (a unique index admits many NULLs).
 */
export class EffectKeys1700000009500 implements MigrationInterface {
  name = 'EffectKeys1700000009500';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['tracking_steps', 'mail_queue']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN effect_key text CHECK (length(effect_key) <= 300)`);
      await q.query(`CREATE UNIQUE INDEX ${table}_effect ON ${table} (jurisdiction_id, effect_key)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['tracking_steps', 'mail_queue']) {
      await q.query(`DROP INDEX IF EXISTS ${table}_effect`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN IF EXISTS effect_key`);
    }
  }
}
