import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Office keys expire: `expires_at` is set when a key is made (the CLI's `--expires-in-days`,
 * 90 by default); a key past it opens nothing, neither the API nor a sign-in session. Keys made
 * before this migration keep no expiry until they are revoked (`cli api-key list` shows them).
 */
export class ApiKeyExpiry1700000009700 implements MigrationInterface {
  name = 'ApiKeyExpiry1700000009700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ADD COLUMN expires_at timestamptz`);
    await q.query(
      `ALTER TABLE api_keys ADD CONSTRAINT api_keys_expiry_after_creation CHECK (expires_at IS NULL OR expires_at > created_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_expiry_after_creation`);
    await q.query(`ALTER TABLE api_keys DROP COLUMN IF EXISTS expires_at`);
  }
}
