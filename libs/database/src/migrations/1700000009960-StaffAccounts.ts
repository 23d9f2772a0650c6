import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ensureAppRole, isolateTenantTable, releaseTenantTable } from './tenant-isolation';

const ROLES = `('admin', 'clerk', 'auditor')`;

/**
 * Named staff accounts: a person of the office, invited by an admin, signs in with e-mail,
 * password (argon2id) and a second factor (a passkey or a TOTP code). The TOTP secret is sealed
 * under the jurisdiction's data key like personal data. Invitations keep only the SHA-256 of their
 * token. A web session belongs to an office key (as before) or to a staff member; every audit
 * entry names the staff member who acted.
 */
export class StaffAccounts1700000009960 implements MigrationInterface {
  name = 'StaffAccounts1700000009960';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await q.query(`
      CREATE TABLE staff_accounts (
        staff_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        role text NOT NULL CHECK (role IN ${ROLES}),
        password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
        totp_secret bytea,
        failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        locked_until timestamptz,
        last_sign_in_at timestamptz,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (jurisdiction_id, email),
        UNIQUE (jurisdiction_id, staff_id)
      )`);
    await isolateTenantTable(q, 'staff_accounts', [
      'SELECT',
      'INSERT',
      'UPDATE (failed_attempts, locked_until, last_sign_in_at, disabled_at)',
    ]);

    await q.query(`
      CREATE TABLE staff_invitations (
        invitation_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        role text NOT NULL CHECK (role IN ${ROLES}),
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        invited_by text NOT NULL CHECK (length(invited_by) <= 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
        -- what the enrolment page offered (a WebAuthn challenge, a sealed TOTP secret), until accepted
        enrol_challenge text,
        enrol_totp_secret bytea,
        accepted_at timestamptz,
        staff_id uuid,
        FOREIGN KEY (jurisdiction_id, staff_id) REFERENCES staff_accounts (jurisdiction_id, staff_id),
        CHECK ((accepted_at IS NULL) = (staff_id IS NULL))
      )`);
    await isolateTenantTable(q, 'staff_invitations', [
      'SELECT',
      'INSERT',
      'UPDATE (enrol_challenge, enrol_totp_secret, accepted_at, staff_id)',
    ]);

    await q.query(`
      CREATE TABLE staff_passkeys (
        credential_id text PRIMARY KEY CHECK (credential_id ~ '^[A-Za-z0-9_-]+$' AND length(credential_id) BETWEEN 16 AND 1400),
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        staff_id uuid NOT NULL,
        public_key bytea NOT NULL,
        counter bigint NOT NULL DEFAULT 0 CHECK (counter >= 0),
        transports text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        FOREIGN KEY (jurisdiction_id, staff_id) REFERENCES staff_accounts (jurisdiction_id, staff_id)
      )`);
    await q.query(`CREATE INDEX staff_passkeys_by_staff ON staff_passkeys (jurisdiction_id, staff_id)`);
    await isolateTenantTable(q, 'staff_passkeys', ['SELECT', 'INSERT', 'UPDATE (counter, last_used_at)']);

    // between the password and the second factor: the half-done sign-in and its WebAuthn challenge
    await q.query(`
      CREATE TABLE staff_challenges (
        challenge_hash bytea PRIMARY KEY CHECK (length(challenge_hash) = 32),
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        staff_id uuid NOT NULL,
        webauthn_challenge text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        FOREIGN KEY (jurisdiction_id, staff_id) REFERENCES staff_accounts (jurisdiction_id, staff_id)
      )`);
    await isolateTenantTable(q, 'staff_challenges', ['SELECT', 'INSERT', 'UPDATE (used_at)']);

    await q.query(`ALTER TABLE office_sessions ALTER COLUMN key_id DROP NOT NULL`);
    await q.query(`ALTER TABLE office_sessions ADD COLUMN staff_id uuid`);
    await q.query(`
      ALTER TABLE office_sessions ADD CONSTRAINT office_sessions_staff_fk
        FOREIGN KEY (jurisdiction_id, staff_id) REFERENCES staff_accounts (jurisdiction_id, staff_id)`);
    await q.query(`
      ALTER TABLE office_sessions ADD CONSTRAINT office_sessions_key_or_staff
        CHECK ((key_id IS NULL) <> (staff_id IS NULL))`);
    await q.query(`CREATE INDEX office_sessions_by_staff ON office_sessions (jurisdiction_id, staff_id)`);

    await q.query(`ALTER TABLE audit_log ADD COLUMN staff_id uuid`);
    await q.query(`DROP POLICY anonymous_denial ON audit_log`);
    await q.query(`
      CREATE POLICY anonymous_denial ON audit_log FOR INSERT
        WITH CHECK (jurisdiction_id IS NULL AND key_id IS NULL AND staff_id IS NULL AND role IS NULL
          AND outcome = 'denied')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY anonymous_denial ON audit_log`);
    await q.query(`
      CREATE POLICY anonymous_denial ON audit_log FOR INSERT
        WITH CHECK (jurisdiction_id IS NULL AND key_id IS NULL AND role IS NULL AND outcome = 'denied')`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN IF EXISTS staff_id`);
    await q.query(`DELETE FROM office_sessions WHERE staff_id IS NOT NULL`);
    await q.query(`ALTER TABLE office_sessions DROP CONSTRAINT IF EXISTS office_sessions_key_or_staff`);
    await q.query(`ALTER TABLE office_sessions DROP CONSTRAINT IF EXISTS office_sessions_staff_fk`);
    await q.query(`DROP INDEX IF EXISTS office_sessions_by_staff`);
    await q.query(`ALTER TABLE office_sessions DROP COLUMN IF EXISTS staff_id`);
    await q.query(`ALTER TABLE office_sessions ALTER COLUMN key_id SET NOT NULL`);
    for (const t of ['staff_challenges', 'staff_passkeys', 'staff_invitations', 'staff_accounts']) {
      await releaseTenantTable(q, t);
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
