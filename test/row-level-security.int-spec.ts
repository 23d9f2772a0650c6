/**
 * Row-level security below the API. Rows of two jurisdictions are seeded in every table that has a
 * `jurisdiction_id` column (as the owner); then, connected as the apps' login role (DATABASE_URL):
 *
 * - queries that "forget" their jurisdiction filter see only the scoped jurisdiction's rows, and
 *   nothing at all without a scope;
 * - a row of another jurisdiction can be neither inserted nor moved into; another
 *   jurisdiction's rows cannot be updated;
 * - nothing can be deleted or truncated anywhere; audit_log and the transparency tables cannot be
 *   updated (except the log head's size); row-level security cannot be altered or switched off;
 *   the role owns nothing and has no privileged attribute;
 * - FORCE ROW LEVEL SECURITY holds even for a table owner that is not a superuser.
 *
 * The tables are read from pg_catalog, so a new table with a `jurisdiction_id` column fails here
 * until it has a tenant policy (docs/architecture.md, "Tenant isolation") and a seed below.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { assertUnprivilegedRole } from '@uocava/database';
import { appDatabaseUrl, ownerClient } from '@uocava/testing';

/** Tables with a jurisdiction_id column that deliberately have no row-level security. */
const WITHOUT_RLS: Record<string, string> = {
  tenant_directory:
    'maps SHA-256 handles to jurisdictions for the entry points; no personal data; the app role may only SELECT',
};

/** Policies that are not `jurisdiction_id = current_setting(...)`: each a deliberate, narrow exception. */
const OTHER_POLICIES = [
  'audit_log.anonymous_denial', // INSERT only: the `denied` entry of a call without a valid key
  'jurisdictions.directory_read', // SELECT only: the public directory of election offices
  'outbox.relay_mark', // UPDATE published_at, only with app.outbox_relay = 'on'
  'outbox.relay_read', // SELECT, only with app.outbox_relay = 'on' (events carry no personal data)
  'message_quarantine.park_unscoped', // INSERT only: a parked message that could not be decoded (no jurisdiction)
  'message_quarantine.operator_read', // SELECT, only with app.quarantine_operator = 'on' (cli dlq)
  'message_quarantine.operator_resolve', // UPDATE the resolution columns, only with app.quarantine_operator = 'on'
];

/** Tables whose rows the app role may update in place (some columns); all others are insert-only. */
const UPDATABLE = [
  'api_keys',
  'ballot_requests',
  'ballots',
  'fwabs',
  'jurisdictions',
  'mail_queue',
  'message_quarantine',
  'office_sessions',
  'outbox',
  'packet_regenerations',
  'print_batch_pieces',
  'print_batches',
  'sms_queue',
  'staff_accounts',
  'staff_challenges',
  'staff_invitations',
  'staff_passkeys',
  'tracking_steps',
  'transparency_log_heads',
  'voter_roll',
  'webhook_deliveries',
  'webhook_subscriptions',
];

interface Parents {
  requestId: string;
  electionId: string;
}

type Seed = (j: string, p: Parents) => [string, unknown[]];

const hex = (n: number) => randomBytes(n).toString('hex');

/** One insert per table, for jurisdiction `j` (fresh keys every call). */
const SEEDS: Record<string, Seed> = {
  jurisdictions: (j) => [
    `INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'RLS Test', 'OH')`,
    [j],
  ],
  api_keys: (j) => [
    `INSERT INTO api_keys (key_id, jurisdiction_id, role, key_hash) VALUES ($1, $2, 'clerk', $3)`,
    [randomUUID(), j, randomBytes(32)],
  ],
  data_keys: (j) => [
    `INSERT INTO data_keys (jurisdiction_id, wrapped_key) VALUES ($1, $2)`,
    [j, randomBytes(61)],
  ],
  ballot_requests: (j) => [
    `INSERT INTO ballot_requests (request_id, jurisdiction_id, tracking_code, status, voter_class, ballot_delivery,
       mailing_country, military_post, covers_year, source, voter_key, request_hash, dob_hash, pii, received_at, updated_at)
     VALUES ($1, $2, $3, 'rejected', 'active-duty', 'mail', 'DE', false, 2026, 'json', $4, 'h', 'd', '\\x00', now(), now())`,
    [randomUUID(), j, `T${hex(6)}`, hex(16)],
  ],
  request_duplicates: (j, p) => [
    `INSERT INTO request_duplicates (jurisdiction_id, request_id, same_body) VALUES ($1, $2, true)`,
    [j, p.requestId],
  ],
  voter_roll: (j) => [
    `INSERT INTO voter_roll (roll_record_id, jurisdiction_id, state_voter_id, last_name_key, dob_key, status, pii)
     VALUES ($1, $2, $3, 'l', 'd', 'active', '\\x00')`,
    [randomUUID(), j, `V${hex(6)}`],
  ],
  elections: (j) => [
    `INSERT INTO elections (election_id, jurisdiction_id, name, election_date, election_type, federal, definition)
     VALUES ($1, $2, 'RLS', '2026-11-03', 'general', false, '{}')`,
    [randomUUID(), j],
  ],
  ballots: (j, p) => [
    `INSERT INTO ballots (ballot_id, jurisdiction_id, request_id, election_id, ballot_style_id, status, pdf_sha256,
       page_count, paper_size, download_token_hash, generated_at)
     VALUES ($1, $2, $3, $4, 's', 'generated', $5, 1, 'letter', $6, now())`,
    [randomUUID(), j, p.requestId, p.electionId, '0'.repeat(64), hex(16)],
  ],
  tracking_steps: (j, p) => [
    `INSERT INTO tracking_steps (event_id, jurisdiction_id, request_id, event_type, occurred_at)
     VALUES ($1, $2, $3, 'uocava.request.submitted.v1', now())`,
    [randomUUID(), j, p.requestId],
  ],
  fwabs: (j, p) => [
    `INSERT INTO fwabs (fwab_id, jurisdiction_id, election_id, voter_registered, received_at, timely, counts,
       disposition, registration_application)
     VALUES ($1, $2, $3, true, now(), true, 'none', 'rejected', false)`,
    [randomUUID(), j, p.electionId],
  ],
  audit_log: (j) => [
    `INSERT INTO audit_log (jurisdiction_id, action, outcome) VALUES ($1, 'rls.test', 'ok')`,
    [j],
  ],
  inbox: (j) => [
    `INSERT INTO inbox (consumer, event_id, jurisdiction_id, event_type) VALUES ('rls-test', $1, $2, 'x')`,
    [randomUUID(), j],
  ],
  outbox: (j) => [
    // already published: no relay of a later test sends it
    `INSERT INTO outbox (jurisdiction_id, event_id, topic, message_key, event_type, headers, payload, published_at)
     VALUES ($1, $2, 't', 'k', 'x', '{}', '{}', now())`,
    [j, randomUUID()],
  ],
  transparency_log_heads: (j) => [
    // size 0: no receipts loop of a later test picks it up
    `INSERT INTO transparency_log_heads (jurisdiction_id, tree_size) VALUES ($1, 0)`,
    [j],
  ],
  transparency_log_entries: (j) => [
    `INSERT INTO transparency_log_entries (jurisdiction_id, leaf_index, entry, leaf_hash, chain_key)
     VALUES ($1, $2, '{}', $3, 'c')`,
    [j, Math.floor(Math.random() * 1e9), randomBytes(32)],
  ],
  transparency_tree_nodes: (j) => [
    `INSERT INTO transparency_tree_nodes (jurisdiction_id, level, idx, hash) VALUES ($1, 0, $2, $3)`,
    [j, Math.floor(Math.random() * 1e9), randomBytes(32)],
  ],
  transparency_checkpoints: (j) => [
    `INSERT INTO transparency_checkpoints (jurisdiction_id, origin, tree_size, root, note)
     VALUES ($1, $2, 0, $3, 'n')`,
    [j, `o-${hex(4)}`, randomBytes(32)],
  ],
  mail_queue: (j, p) => [
    // already sent: no sender loop of a later test picks it up
    `INSERT INTO mail_queue (mail_id, jurisdiction_id, event_id, request_id, kind, event_time, message_id, status, sent_at)
     VALUES ($1, $2, $3, $4, 'request-received', now(), $5, 'sent', now())`,
    [randomUUID(), j, randomUUID(), p.requestId, `<${hex(8)}@rls.test>`],
  ],
  sms_queue: (j, p) => [
    // already sent: no sender loop of a later test picks it up
    `INSERT INTO sms_queue (sms_id, jurisdiction_id, event_id, request_id, kind, event_time, status, sent_at)
     VALUES ($1, $2, $3, $4, 'request-received', now(), 'sent', now())`,
    [randomUUID(), j, randomUUID(), p.requestId],
  ],
  message_quarantine: (j) => [
    `INSERT INTO message_quarantine (jurisdiction_id, consumer, topic, partition, "offset", message_key, headers,
       size, sha256, first_bytes, reason, error, error_class, stored_in)
     VALUES ($1, 'rls-test', 'uocava.requests.v1', 0, $2, 'k', '{}', 2, $3, '\\x7b7d', 'failed', 'test', 'Error', 'dlq')`,
    [j, Math.floor(Math.random() * 1e9), hex(32)],
  ],
  office_sessions: (j) => [
    // its key first (the session refers to it), both in the same scope
    `WITH k AS (INSERT INTO api_keys (key_id, jurisdiction_id, role, key_hash) VALUES ($1, $2, 'clerk', $3) RETURNING key_id)
     INSERT INTO office_sessions (session_hash, jurisdiction_id, key_id, role, expires_at)
     SELECT $4, $2, k.key_id, 'clerk', now() + interval '1 hour' FROM k`,
    [randomUUID(), j, randomBytes(32), randomBytes(32)],
  ],
  packet_regenerations: (j, p) => [
    // its own election and ballot first (the regeneration refers to the ballot), all in the same scope
    `WITH e AS (
       INSERT INTO elections (election_id, jurisdiction_id, name, election_date, election_type, federal, definition)
       VALUES ($7, $2, 'RLS', '2026-11-03', 'general', false, '{}') RETURNING election_id),
     b AS (
       INSERT INTO ballots (ballot_id, jurisdiction_id, request_id, election_id, ballot_style_id, status, pdf_sha256,
         page_count, paper_size, download_token_hash, generated_at)
       SELECT $1, $2, $3, e.election_id, 's', 'generated', $4, 1, 'letter', $5, now() FROM e RETURNING ballot_id)
     INSERT INTO packet_regenerations (jurisdiction_id, ballot_id, request_id, reason, previous_pdf_sha256, pdf_sha256,
       renderer_version, inputs_sha256, event_id)
     SELECT $2, b.ballot_id, $3, 'mismatch', $4, $4, 'r', 'i', $6 FROM b`,
    [randomUUID(), j, p.requestId, '0'.repeat(64), hex(16), randomUUID(), randomUUID()],
  ],
  transparency_log_keys: (j) => [
    `INSERT INTO transparency_log_keys (jurisdiction_id, epoch, origin, verifier_key)
     VALUES ($1, $2, $3, 'k')`,
    [j, 1 + Math.floor(Math.random() * 1e6), `o-${hex(6)}`],
  ],
  transparency_cosignatures: (j) => [
    `INSERT INTO transparency_cosignatures (jurisdiction_id, origin, tree_size, witness, signature_line, cosigned_at)
     VALUES ($1, $2, 0, 'w', 'l', now())`,
    [j, `o-${hex(6)}`],
  ],
  webhook_subscriptions: (j) => [
    `INSERT INTO webhook_subscriptions (subscription_id, jurisdiction_id, url, secret, created_by)
     VALUES ($1, $2, 'https://hooks.example.org/rls', $3, 'rls-test')`,
    [randomUUID(), j, randomBytes(48)],
  ],
  print_batches: (j, p) => [
    `INSERT INTO print_batches (batch_id, jurisdiction_id, election_id, filter, mailer_id, piece_count, created_by)
     VALUES ($1, $2, $3, '{}', '123456', 0, 'rls-test')`,
    [randomUUID(), j, p.electionId],
  ],
  print_batch_pieces: (j, p) => [
    // its own election, batch and ballot first (the piece refers to them), all in the same scope
    `WITH e AS (
       INSERT INTO elections (election_id, jurisdiction_id, name, election_date, election_type, federal, definition)
       VALUES ($3, $2, 'RLS', '2026-11-03', 'general', false, '{}') RETURNING election_id),
     pb AS (
       INSERT INTO print_batches (batch_id, jurisdiction_id, election_id, filter, mailer_id, piece_count, created_by)
       SELECT $1, $2, e.election_id, '{}', '123456', 1, 'rls-test' FROM e RETURNING batch_id),
     b AS (
       INSERT INTO ballots (ballot_id, jurisdiction_id, request_id, election_id, ballot_style_id, status, pdf_sha256,
         page_count, paper_size, download_token_hash, generated_at)
       SELECT $4, $2, $5, e.election_id, 's', 'generated', $6, 1, 'letter', $7, now() FROM e RETURNING ballot_id)
     INSERT INTO print_batch_pieces (jurisdiction_id, batch_id, ballot_id, position, mailer_id, serial)
     SELECT $2, pb.batch_id, b.ballot_id, 1, '123456', nextval('print_piece_serial_seq') FROM pb, b`,
    [randomUUID(), j, randomUUID(), randomUUID(), p.requestId, '0'.repeat(64), hex(16)],
  ],
  staff_accounts: (j) => [
    `INSERT INTO staff_accounts (staff_id, jurisdiction_id, email, display_name, role, password_hash)
     VALUES ($1, $2, $3, 'RLS', 'clerk', '$argon2id$v=19$rls')`,
    [randomUUID(), j, `rls-${hex(4)}@office.example`],
  ],
  staff_invitations: (j) => [
    `INSERT INTO staff_invitations (invitation_id, jurisdiction_id, email, display_name, role, token_hash, invited_by,
       expires_at)
     VALUES ($1, $2, $3, 'RLS', 'clerk', $4, 'rls-test', now() + interval '1 day')`,
    [randomUUID(), j, `rls-${hex(4)}@office.example`, randomBytes(32)],
  ],
  staff_passkeys: (j) => [
    // its staff member first (the passkey refers to them), both in the same scope
    `WITH a AS (
       INSERT INTO staff_accounts (staff_id, jurisdiction_id, email, display_name, role, password_hash)
       VALUES ($1, $2, $3, 'RLS', 'clerk', '$argon2id$v=19$rls') RETURNING staff_id, jurisdiction_id)
     INSERT INTO staff_passkeys (credential_id, jurisdiction_id, staff_id, public_key)
     SELECT $4, a.jurisdiction_id, a.staff_id, $5 FROM a`,
    [randomUUID(), j, `rls-${hex(4)}@office.example`, hex(16), randomBytes(32)],
  ],
  staff_challenges: (j) => [
    `WITH a AS (
       INSERT INTO staff_accounts (staff_id, jurisdiction_id, email, display_name, role, password_hash)
       VALUES ($1, $2, $3, 'RLS', 'clerk', '$argon2id$v=19$rls') RETURNING staff_id, jurisdiction_id)
     INSERT INTO staff_challenges (challenge_hash, jurisdiction_id, staff_id, webauthn_challenge, expires_at)
     SELECT $4, a.jurisdiction_id, a.staff_id, 'c', now() + interval '5 minutes' FROM a`,
    [randomUUID(), j, `rls-${hex(4)}@office.example`, randomBytes(32)],
  ],
  request_contact_changes: (j, p) => [
    `INSERT INTO request_contact_changes (change_id, jurisdiction_id, request_id, fields, previous_pii, changed_by, changed_at)
     VALUES ($1, $2, $3, '["email"]', $4, 'rls-test', now())`,
    [randomUUID(), j, p.requestId, randomBytes(32)],
  ],
  state_rule_overrides: (j) => [
    `INSERT INTO state_rule_overrides (jurisdiction_id, version, overrides, created_by) VALUES ($1, $2, '{}', 'rls-test')`,
    [j, 1 + Math.floor(Math.random() * 1e6)],
  ],
  webhook_deliveries: (j) => [
    // its subscription first (the delivery refers to it), both in the same scope; already delivered
    `WITH s AS (
       INSERT INTO webhook_subscriptions (subscription_id, jurisdiction_id, url, secret, created_by)
       VALUES ($1, $2, 'https://hooks.example.org/rls', $3, 'rls-test') RETURNING subscription_id, jurisdiction_id)
     INSERT INTO webhook_deliveries (delivery_id, jurisdiction_id, subscription_id, event_id, event_type, event_time,
       event, status, delivered_at)
     SELECT $4, s.jurisdiction_id, s.subscription_id, $5, 'uocava.request.submitted.v1', now(), '{}', 'delivered', now()
       FROM s`,
    [randomUUID(), j, randomBytes(48), randomUUID(), randomUUID()],
  ],
  cure_responses: (j, p) => [
    // its own election and ballot first (the response refers to the ballot; one ballot per request and
    // election, and another seed has the shared election's), all in the same scope; one recorded by mail
    `WITH e AS (
       INSERT INTO elections (election_id, jurisdiction_id, name, election_date, election_type, federal, definition)
       VALUES ($4, $2, 'RLS cure', '2026-11-03', 'general', false, '{}') RETURNING election_id),
     b AS (
       INSERT INTO ballots (ballot_id, jurisdiction_id, request_id, election_id, ballot_style_id, status, pdf_sha256,
         page_count, paper_size, download_token_hash, generated_at)
       SELECT $1, $2, $3, e.election_id, 's', 'generated', $5, 1, 'letter', $6, now() FROM e
       RETURNING ballot_id, jurisdiction_id)
     INSERT INTO cure_responses (response_id, jurisdiction_id, ballot_id, method, received_at, recorded_by)
     SELECT $7, b.jurisdiction_id, b.ballot_id, 'mail', now(), 'rls-test' FROM b`,
    [randomUUID(), j, p.requestId, randomUUID(), '0'.repeat(64), hex(16), randomUUID()],
  ],
};

/** Parent rows first, so that the others can reference them. */
const ORDER = ['jurisdictions', 'ballot_requests', 'elections'];

async function seedJurisdiction(owner: Client, j: string, tables: string[]): Promise<Parents> {
  const parents: Parents = { requestId: randomUUID(), electionId: randomUUID() };
  await owner.query(...SEEDS.jurisdictions(j, parents));
  await owner.query(
    `INSERT INTO ballot_requests (request_id, jurisdiction_id, tracking_code, status, voter_class, ballot_delivery,
       mailing_country, military_post, covers_year, source, voter_key, request_hash, dob_hash, pii, received_at, updated_at)
     VALUES ($1, $2, $3, 'rejected', 'active-duty', 'mail', 'DE', false, 2026, 'json', $4, 'h', 'd', '\\x00', now(), now())`,
    [parents.requestId, j, `T${hex(6)}`, hex(16)],
  );
  await owner.query(
    `INSERT INTO elections (election_id, jurisdiction_id, name, election_date, election_type, federal, definition)
     VALUES ($1, $2, 'RLS', '2026-11-03', 'general', false, '{}')`,
    [parents.electionId, j],
  );
  for (const t of tables.filter((t) => !ORDER.includes(t))) await owner.query(...SEEDS[t](j, parents));
  return parents;
}

async function refused(
  db: Client,
  sql: string,
  params: unknown[] = [],
): Promise<{ code?: string; message: string } | null> {
  await db.query('SAVEPOINT attempt');
  try {
    await db.query(sql, params);
    await db.query('RELEASE SAVEPOINT attempt');
    return null;
  } catch (error) {
    await db.query('ROLLBACK TO SAVEPOINT attempt');
    const e = error as { code?: string; message: string };
    return { code: e.code, message: e.message };
  }
}

describe('row-level security below the API', () => {
  let owner: Client;
  let app: Client;
  let tenantTables: string[];
  const a = `rls-a-${hex(3)}`;
  const b = `rls-b-${hex(3)}`;
  const c = `rls-c-${hex(3)}`;
  let parentsOfC: Parents;

  beforeAll(async () => {
    owner = await ownerClient();
    const found = await owner.query<{ relname: string }>(
      `SELECT c.relname FROM pg_class c
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'jurisdiction_id' AND NOT a.attisdropped
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
        ORDER BY c.relname`,
    );
    tenantTables = found.rows.map((r) => r.relname).filter((t) => !(t in WITHOUT_RLS));
    const seedable = tenantTables.filter((t) => t in SEEDS);
    await seedJurisdiction(owner, a, seedable);
    await seedJurisdiction(owner, b, seedable);
    // C: only its parents, so that inserting its rows meets no earlier row (e.g. a log head)
    parentsOfC = await seedJurisdiction(owner, c, ['jurisdictions', 'ballot_requests', 'elections']);
    app = new Client({ connectionString: appDatabaseUrl() });
    await app.connect();
  });

  afterAll(async () => {
    await app?.end();
    await owner?.end();
  });

  const scope = (j: string) => app.query(`SELECT set_config('app.jurisdiction_id', $1, true)`, [j]);

  it('finds every table with a jurisdiction_id in pg_catalog, each with RLS enabled, forced and tenant-scoped', async () => {
    expect(tenantTables.length).toBeGreaterThanOrEqual(18);
    // every such table has a seed in this test (add one with its policy)
    expect(tenantTables.filter((t) => !(t in SEEDS))).toEqual([]);
    const rows = await owner.query<{
      relname: string;
      enabled: boolean;
      forced: boolean;
      policies: Array<{ name: string; qual: string | null; check: string | null }>;
    }>(
      `SELECT c.relname, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
              COALESCE(json_agg(json_build_object('name', p.polname,
                         'qual', pg_get_expr(p.polqual, p.polrelid),
                         'check', pg_get_expr(p.polwithcheck, p.polrelid))) FILTER (WHERE p.oid IS NOT NULL), '[]') AS policies
         FROM pg_class c LEFT JOIN pg_policy p ON p.polrelid = c.oid
        WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1::text[])
        GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity ORDER BY c.relname`,
      [tenantTables],
    );
    const tenantExpr = "(jurisdiction_id = current_setting('app.jurisdiction_id'::text, true))";
    const problems: string[] = [];
    for (const r of rows.rows) {
      if (!r.enabled) problems.push(`${r.relname}: row-level security not enabled`);
      if (!r.forced) problems.push(`${r.relname}: row-level security not forced`);
      const scoped = r.policies.filter((p) => p.qual === tenantExpr || p.check === tenantExpr);
      if (scoped.length === 0) problems.push(`${r.relname}: no policy on app.jurisdiction_id`);
      for (const p of r.policies) {
        const tenantOnly = (p.qual ?? tenantExpr) === tenantExpr && (p.check ?? tenantExpr) === tenantExpr;
        if (!tenantOnly && !OTHER_POLICIES.includes(`${r.relname}.${p.name}`))
          problems.push(`${r.relname}: policy ${p.name} is not tenant-scoped (${p.qual} / ${p.check})`);
      }
    }
    expect(problems).toEqual([]);
    expect(rows.rows.map((r) => r.relname)).toEqual(tenantTables);
  });

  it('a query that forgets its jurisdiction filter sees only the scoped jurisdiction, and nothing unscoped', async () => {
    await app.query('BEGIN');
    try {
      for (const t of tenantTables) {
        if (t === 'jurisdictions') continue; // the public directory, below
        const unscoped = await app.query(`SELECT count(*)::int AS n FROM ${t}`);
        expect([t, unscoped.rows[0].n]).toEqual([t, 0]);
      }
      for (const j of [a, b]) {
        await scope(j);
        for (const t of tenantTables) {
          if (t === 'jurisdictions') continue;
          const seen = await app.query<{ jurisdiction_id: string | null }>(
            `SELECT DISTINCT jurisdiction_id FROM ${t}`,
          );
          expect([t, seen.rows.map((r) => r.jurisdiction_id)]).toEqual([t, [j]]);
        }
      }
      // ... and with the scope cleared again, nothing
      await scope('');
      for (const t of tenantTables.filter((t) => t !== 'jurisdictions')) {
        expect([t, (await app.query(`SELECT 1 FROM ${t} LIMIT 1`)).rows]).toEqual([t, []]);
      }
    } finally {
      await app.query('ROLLBACK');
    }
    // outside any transaction too (the scope of a finished transaction does not linger)
    expect((await app.query(`SELECT count(*)::int AS n FROM ballot_requests`)).rows[0].n).toBe(0);
    // the directory of offices is public; its rows are written only in scope
    const directory = await app.query<{ jurisdiction_id: string }>(
      `SELECT jurisdiction_id FROM jurisdictions WHERE jurisdiction_id = ANY($1::text[]) ORDER BY 1`,
      [[a, b]],
    );
    expect(directory.rows.map((r) => r.jurisdiction_id)).toEqual([a, b].sort());
  });

  it("refuses to insert another jurisdiction's row, and accepts the same row in its own scope", async () => {
    await app.query('BEGIN');
    try {
      for (const t of tenantTables) {
        const [sql, params] =
          t === 'jurisdictions'
            ? SEEDS.jurisdictions(`rls-d-${hex(3)}`, parentsOfC)
            : SEEDS[t](c, parentsOfC);
        await scope('');
        const unscoped = await refused(app, sql, params);
        expect([t, unscoped?.code]).toEqual([t, '42501']);
        await scope(a);
        const foreign = await refused(app, sql, params);
        expect([t, foreign?.code, foreign?.message]).toEqual([
          t,
          '42501',
          expect.stringMatching(/row-level security/),
        ]);
        if (t === 'jurisdictions') continue;
        await scope(c);
        expect([t, await refused(app, sql, params)]).toEqual([t, null]);
      }
    } finally {
      await app.query('ROLLBACK');
    }
  });

  it("cannot update another jurisdiction's rows or move a row to another jurisdiction", async () => {
    const columns = await owner.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, min(column_name) AS column_name FROM information_schema.column_privileges
        WHERE grantee = 'uocava_app' AND privilege_type = 'UPDATE' AND table_schema = 'public'
        GROUP BY table_name ORDER BY table_name`,
    );
    expect(columns.rows.map((r) => r.table_name)).toEqual(UPDATABLE);
    await app.query('BEGIN');
    try {
      await scope(a);
      for (const { table_name: t, column_name: col } of columns.rows) {
        const other = await app.query(`UPDATE ${t} SET ${col} = ${col} WHERE jurisdiction_id = $1`, [b]);
        expect([t, other.rowCount]).toEqual([t, 0]);
        const mine = await app.query(`UPDATE ${t} SET ${col} = ${col} WHERE jurisdiction_id = $1`, [a]);
        expect([t, (mine.rowCount ?? 0) > 0]).toEqual([t, true]);
        const moved = await refused(app, `UPDATE ${t} SET jurisdiction_id = $2 WHERE jurisdiction_id = $1`, [
          a,
          b,
        ]);
        expect([t, moved?.code]).toEqual([t, '42501']);
      }
    } finally {
      await app.query('ROLLBACK');
    }
  });

  it('cannot delete or truncate anything, nor update the audit trail or the transparency log', async () => {
    await app.query('BEGIN');
    try {
      await scope(a);
      const all = await owner.query<{ relname: string }>(
        `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') ORDER BY 1`,
      );
      for (const { relname: t } of all.rows) {
        expect([t, (await refused(app, `DELETE FROM ${t}`))?.code]).toEqual([t, '42501']);
        expect([t, (await refused(app, `TRUNCATE ${t}`))?.code]).toEqual([t, '42501']);
      }
      for (const t of [
        'audit_log',
        'transparency_log_entries',
        'transparency_tree_nodes',
        'transparency_checkpoints',
        'transparency_log_keys',
      ]) {
        const r = await refused(app, `UPDATE ${t} SET jurisdiction_id = jurisdiction_id`);
        expect([t, r?.code, r?.message]).toEqual([t, '42501', expect.stringMatching(/permission denied/)]);
      }
      // the log head may only grow its size and time stamp
      expect(await refused(app, `UPDATE transparency_log_heads SET tree_size = tree_size`)).toBeNull();
      // the handle directory is read-only for the apps (its triggers write it)
      for (const sql of [
        `INSERT INTO tenant_directory (kind, handle, jurisdiction_id) VALUES ('ballot', $1, '${a}')`,
        `UPDATE tenant_directory SET jurisdiction_id = '${a}' WHERE handle = $1`,
      ])
        expect((await refused(app, sql, [randomBytes(32)]))?.code).toBe('42501');
      // audit_log takes a jurisdiction-less row only in the shape of a refused anonymous call
      await scope('');
      expect(
        await refused(
          app,
          `INSERT INTO audit_log (jurisdiction_id, action, outcome) VALUES (NULL, 'rls.test', 'denied')`,
        ),
      ).toBeNull();
      expect(
        (
          await refused(
            app,
            `INSERT INTO audit_log (jurisdiction_id, action, outcome) VALUES (NULL, 'rls.test', 'ok')`,
          )
        )?.code,
      ).toBe('42501');
      expect((await app.query(`SELECT 1 FROM audit_log WHERE jurisdiction_id IS NULL`)).rows).toEqual([]);
    } finally {
      await app.query('ROLLBACK');
    }
  });

  it('cannot alter or switch off row-level security, owns nothing and has no privileged attribute', async () => {
    await app.query('BEGIN');
    try {
      for (const sql of [
        'ALTER TABLE ballots DISABLE ROW LEVEL SECURITY',
        'ALTER TABLE ballots NO FORCE ROW LEVEL SECURITY',
        'DROP POLICY tenant_isolation ON ballots',
        'CREATE POLICY everything ON ballots USING (true)',
        'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only',
        'CREATE TABLE rls_probe (jurisdiction_id text)',
        'ALTER TABLE ballots OWNER TO CURRENT_USER',
      ]) {
        expect([sql, (await refused(app, sql))?.code]).toEqual([sql, '42501']);
      }
      // asking for no row security is an error, not a bypass
      await app.query('SET LOCAL row_security = off');
      const off = await refused(app, 'SELECT count(*) FROM ballots');
      expect(off?.message).toMatch(/row-level security/);
    } finally {
      await app.query('ROLLBACK');
    }
    const me = await app.query<{
      role: string;
      superuser: boolean;
      bypass: boolean;
      createrole: boolean;
      createdb: boolean;
      owned: number;
      member: boolean;
      owner_member: boolean;
    }>(
      `SELECT r.rolname AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypass, r.rolcreaterole AS createrole,
              r.rolcreatedb AS createdb,
              (SELECT count(*)::int FROM pg_class c WHERE pg_has_role(r.oid, c.relowner, 'USAGE')) AS owned,
              pg_has_role(r.oid, 'uocava_app', 'MEMBER') AS member,
              pg_has_role(r.oid, (SELECT relowner FROM pg_class WHERE oid = 'ballots'::regclass), 'MEMBER') AS owner_member
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(me.rows[0]).toMatchObject({
      superuser: false,
      bypass: false,
      createrole: false,
      createdb: false,
      owned: 0,
      member: true,
      owner_member: false,
    });
  });

  it('lets the apps start on the app role only, not on the owner', async () => {
    const db = (c: Client) => ({
      query: async (sql: string, params?: unknown[]) =>
        (await c.query(sql, params)).rows as Array<Record<string, unknown>>,
    });
    await expect(assertUnprivilegedRole(db(app), {})).resolves.toBeUndefined();
    await expect(assertUnprivilegedRole(db(owner), {})).rejects.toThrow(/superuser.*DATABASE_OWNER_URL/s);
    const warnings: string[] = [];
    await assertUnprivilegedRole(db(owner), { UOCAVA_ALLOW_PRIVILEGED_DB_ROLE: '1' }, (w) =>
      warnings.push(w),
    );
    expect(warnings).toEqual([
      expect.stringMatching(/^\[database\] WARNING .*row-level security would not isolate/),
    ]);
  });

  it('FORCE ROW LEVEL SECURITY holds for a table owner that is not a superuser', async () => {
    // In tests the owner is the postgres superuser, which bypasses row-level security whatever
    // FORCE says. So, in one transaction that is rolled back: a plain NOLOGIN role takes over
    // every tenant table, and queries run as that owner.
    const probe = `rls_owner_probe_${hex(4)}`;
    await owner.query('BEGIN');
    try {
      await owner.query(`CREATE ROLE ${probe} NOLOGIN NOSUPERUSER NOBYPASSRLS`);
      for (const t of tenantTables) await owner.query(`ALTER TABLE ${t} OWNER TO ${probe}`);
      await owner.query(`SET LOCAL ROLE ${probe}`);
      await owner.query(`SELECT set_config('app.jurisdiction_id', $1, true)`, [a]);
      for (const t of tenantTables.filter((t) => t !== 'jurisdictions')) {
        const seen = await owner.query<{ jurisdiction_id: string }>(
          `SELECT DISTINCT jurisdiction_id FROM ${t}`,
        );
        expect([t, seen.rows.map((r) => r.jurisdiction_id)]).toEqual([t, [a]]);
      }
      await owner.query(`SELECT set_config('app.jurisdiction_id', '', true)`);
      expect((await owner.query(`SELECT count(*)::int AS n FROM ballots`)).rows[0].n).toBe(0);
      // the owner can turn FORCE off (the app role cannot: see above), and then it sees everything
      await owner.query(`ALTER TABLE ballots NO FORCE ROW LEVEL SECURITY`);
      expect((await owner.query(`SELECT count(*)::int AS n FROM ballots`)).rows[0].n).toBeGreaterThanOrEqual(
        2,
      );
    } finally {
      await owner.query('ROLLBACK');
    }
    const still = await owner.query(
      `SELECT relforcerowsecurity AS forced FROM pg_class WHERE oid = 'ballots'::regclass`,
    );
    expect(still.rows[0].forced).toBe(true);
  });
});
