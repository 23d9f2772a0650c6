import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transparency log storage (libs/database tables/transparency-log, under libs/transparency's
 * StoredLog): one append-only RFC 9162 log per
 * jurisdiction.
 * - transparency_log_heads: one row per jurisdiction, locked FOR UPDATE by every append (appends
 *   of one jurisdiction are serialized; jurisdictions do not wait for each other).
 * - transparency_log_entries: canonical JSON entries, their leaf hashes and per-ballot chain key.
 * - transparency_tree_nodes: hash of every full subtree; level k, idx i covers leaves
 *   [i * 2^k, (i + 1) * 2^k). Proofs read O(log n) of them.
 * - transparency_checkpoints: every signed checkpoint (C2SP signed note).
 * - transparency_log_keys: the PUBLIC verifier key of every key epoch of a jurisdiction (never a
 *   private key), with its certificate and CMS key statement when PKI material is configured.
 *   The gateway serves them at /api/v1/jurisdictions/{id}/log/key.
 * - tracking_steps_pending: partial index the receipts app scans for steps without a receipt.
 * A trigger refuses UPDATE and DELETE on entries, nodes and checkpoints; an insider who gets
 * around it is caught by re-verification against any older checkpoint (docs/transparency.md).
 */
export class TransparencyLog1700000003000 implements MigrationInterface {
  name = 'TransparencyLog1700000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE transparency_log_heads (
        jurisdiction_id text PRIMARY KEY CHECK (jurisdiction_id ~ '^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$'),
        tree_size bigint NOT NULL DEFAULT 0 CHECK (tree_size >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE transparency_log_entries (
        jurisdiction_id text NOT NULL,
        leaf_index bigint NOT NULL CHECK (leaf_index >= 0),
        entry text NOT NULL,
        leaf_hash bytea NOT NULL CHECK (length(leaf_hash) = 32),
        chain_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (jurisdiction_id, leaf_index)
      )`);
    await q.query(
      `CREATE INDEX transparency_log_entries_chain ON transparency_log_entries (jurisdiction_id, chain_key, leaf_index DESC)`,
    );
    await q.query(
      `CREATE INDEX transparency_log_entries_leaf_hash ON transparency_log_entries (jurisdiction_id, leaf_hash)`,
    );
    await q.query(`
      CREATE TABLE transparency_tree_nodes (
        jurisdiction_id text NOT NULL,
        level smallint NOT NULL CHECK (level >= 0 AND level < 64),
        idx bigint NOT NULL CHECK (idx >= 0),
        hash bytea NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (jurisdiction_id, level, idx)
      )`);
    await q.query(`
      CREATE TABLE transparency_checkpoints (
        jurisdiction_id text NOT NULL,
        origin text NOT NULL,
        tree_size bigint NOT NULL CHECK (tree_size >= 0),
        root bytea NOT NULL CHECK (length(root) = 32),
        note text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (jurisdiction_id, origin, tree_size)
      )`);
    await q.query(
      `CREATE INDEX transparency_checkpoints_latest ON transparency_checkpoints (jurisdiction_id, tree_size DESC, created_at DESC)`,
    );
    await q.query(`
      CREATE TABLE transparency_log_keys (
        jurisdiction_id text NOT NULL,
        epoch integer NOT NULL CHECK (epoch >= 1),
        origin text NOT NULL,
        verifier_key text NOT NULL,
        certificate text,
        statement text,
        statement_signature text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (jurisdiction_id, epoch),
        UNIQUE (origin)
      )`);
    await q.query(
      `CREATE INDEX tracking_steps_pending ON tracking_steps (jurisdiction_id, leaf_index) WHERE receipt IS NULL AND leaf_index IS NOT NULL`,
    );
    await q.query(`
      CREATE FUNCTION transparency_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'transparency log tables are append-only (% on %)', TG_OP, TG_TABLE_NAME;
      END
      $$`);
    for (const table of ['transparency_log_entries', 'transparency_tree_nodes', 'transparency_checkpoints']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION transparency_append_only()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS tracking_steps_pending`);
    await q.query(`DROP TABLE IF EXISTS transparency_log_keys`);
    await q.query(`DROP TABLE IF EXISTS transparency_checkpoints`);
    await q.query(`DROP TABLE IF EXISTS transparency_tree_nodes`);
    await q.query(`DROP TABLE IF EXISTS transparency_log_entries`);
    await q.query(`DROP TABLE IF EXISTS transparency_log_heads`);
    await q.query(`DROP FUNCTION IF EXISTS transparency_append_only()`);
  }
}
