import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ensureAppRole, isolateTenantTable, releaseTenantTable } from './tenant-isolation';

/**
 * Sessions of the clerk's web pages: opened by signing in with an office key, kept only as the
 * SHA-256 of the cookie's secret, ended by signing out, by expiry, by idling, or by revoking the
 * key. A tenant table like every other (the cookie names the jurisdiction to look in).
 */
export class OfficeSessions1700000008000 implements MigrationInterface {
  name = 'OfficeSessions1700000008000';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await q.query(`
      CREATE TABLE office_sessions (
        session_hash bytea PRIMARY KEY CHECK (length(session_hash) = 32),
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        key_id uuid NOT NULL REFERENCES api_keys(key_id),
        role text NOT NULL CHECK (role IN ('admin', 'clerk', 'auditor')),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await q.query(`CREATE INDEX office_sessions_by_key ON office_sessions (jurisdiction_id, key_id)`);
    await isolateTenantTable(q, 'office_sessions', ['SELECT', 'INSERT', 'UPDATE (last_seen_at, ended_at)']);
  }

  async down(q: QueryRunner): Promise<void> {
    await releaseTenantTable(q, 'office_sessions');
    await q.query(`DROP TABLE IF EXISTS office_sessions`);
  }
}
