import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The office audit trail: who (key id + role) did what to which target, with which outcome.
 * Append-only: a trigger refuses UPDATE and DELETE. `details` holds codes and ids, never
 * personal data.
 */
export class Audit1700000004000 implements MigrationInterface {
  name = 'Audit1700000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        audit_id bigserial PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        key_id uuid,
        role text,
        action text NOT NULL,
        target text,
        outcome text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_by_jurisdiction ON audit_log (jurisdiction_id, at)`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
  }
}
