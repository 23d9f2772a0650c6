import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Core tables: jurisdictions, office credentials, per-jurisdiction data keys, ballot requests,
 * the voter roll, elections, ballots, and the messaging outbox/inbox. Every table that holds
 * election data carries `jurisdiction_id`. Personal data lives only in `pii` columns sealed with
 * the jurisdiction's data key (AES-256-GCM); matching uses keyed hashes (HMAC-SHA-256).
 */
export class Core1700000001000 implements MigrationInterface {
  name = 'Core1700000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE jurisdictions (
        jurisdiction_id text PRIMARY KEY CHECK (jurisdiction_id ~ '^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        state char(2) NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
        county text,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE api_keys (
        key_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        role text NOT NULL CHECK (role IN ('admin', 'clerk', 'auditor')),
        key_hash bytea NOT NULL UNIQUE,
        label text,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE data_keys (
        jurisdiction_id text PRIMARY KEY REFERENCES jurisdictions(jurisdiction_id),
        wrapped_key bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ballot_requests (
        request_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        tracking_code text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('received', 'verified', 'needs-review', 'rejected')),
        voter_class text NOT NULL,
        ballot_delivery text NOT NULL,
        mailing_country char(2) NOT NULL,
        military_post boolean NOT NULL,
        paper_size text,
        party text,
        covers_year integer NOT NULL,
        source text NOT NULL,
        voter_key text NOT NULL,
        request_hash text NOT NULL,
        dob_hash text NOT NULL,
        pii bytea NOT NULL,
        reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
        roll_record_id uuid,
        received_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // One active request per voter and calendar year: a resubmission finds the existing one.
    await q.query(`
      CREATE UNIQUE INDEX ballot_requests_one_active_per_voter
        ON ballot_requests (jurisdiction_id, voter_key, covers_year) WHERE status <> 'rejected'`);
    await q.query(`CREATE INDEX ballot_requests_status ON ballot_requests (jurisdiction_id, status)`);
    await q.query(`
      CREATE TABLE request_duplicates (
        duplicate_id bigserial PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        request_id uuid NOT NULL REFERENCES ballot_requests(request_id),
        same_body boolean NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE voter_roll (
        roll_record_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        state_voter_id text NOT NULL,
        last_name_key text NOT NULL,
        dob_key text NOT NULL,
        drivers_license_hash text,
        ssn4_hash text,
        precinct text,
        party text,
        status text NOT NULL,
        pii bytea NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (jurisdiction_id, state_voter_id)
      )`);
    await q.query(`CREATE INDEX voter_roll_lookup ON voter_roll (jurisdiction_id, dob_key, last_name_key)`);
    await q.query(`
      CREATE TABLE elections (
        election_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        name text NOT NULL,
        election_date date NOT NULL,
        election_type text NOT NULL CHECK (election_type IN ('general', 'primary', 'special', 'runoff')),
        federal boolean NOT NULL,
        definition jsonb NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX elections_by_date ON elections (jurisdiction_id, election_date)`);
    await q.query(`
      CREATE TABLE ballots (
        ballot_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        request_id uuid NOT NULL REFERENCES ballot_requests(request_id),
        election_id uuid NOT NULL REFERENCES elections(election_id),
        ballot_style_id text NOT NULL,
        status text NOT NULL,
        pdf_sha256 text NOT NULL,
        page_count integer NOT NULL,
        paper_size text NOT NULL,
        download_token_hash text NOT NULL UNIQUE,
        generated_at timestamptz NOT NULL,
        transmitted_at timestamptz,
        UNIQUE (request_id, election_id)
      )`);
    await q.query(`
      CREATE TABLE tracking_steps (
        event_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        request_id uuid NOT NULL,
        ballot_id uuid,
        event_type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        leaf_index bigint,
        receipt jsonb,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tracking_steps_by_request ON tracking_steps (jurisdiction_id, request_id)`);
    await q.query(`
      CREATE TABLE outbox (
        outbox_id bigserial PRIMARY KEY,
        jurisdiction_id text NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        message_key text NOT NULL,
        event_type text NOT NULL,
        headers jsonb NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unpublished ON outbox (outbox_id) WHERE published_at IS NULL`);
    await q.query(`
      CREATE TABLE inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        jurisdiction_id text NOT NULL,
        event_type text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'inbox',
      'outbox',
      'tracking_steps',
      'ballots',
      'elections',
      'voter_roll',
      'request_duplicates',
      'ballot_requests',
      'data_keys',
      'api_keys',
      'jurisdictions',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
