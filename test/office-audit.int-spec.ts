/**
 * The audit entry of an office action commits in the action's own transaction: the `ok` row and
 * the action's rows carry the same transaction id (xmin), also for a roll import that reads on
 * other connections while it streams, and when the audit row cannot be written, the action does
 * not commit either. Seeded below the API as the table owner; the
 * gateway runs as the app role.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { createOffice, gatewayClient, ownerClient } from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

interface Seeded {
  jurisdictionId: string;
  clerkKey: string;
  ballots: string[];
}

async function seed(pg: Client): Promise<Seeded> {
  const office = await createOffice({ prefix: 'audit', name: 'Audit County', state: 'OH', county: 'Audit' });
  const { jurisdictionId } = office;
  const clerkKey = office.keys.clerk!;
  const electionId = randomUUID();
  await pg.query(
    `INSERT INTO elections (election_id, jurisdiction_id, name, election_date, election_type, federal, definition, settings)
     VALUES ($1, $2, 'General', '2026-11-03', 'general', true, '{}', $3)`,
    [
      electionId,
      jurisdictionId,
      { returnRule: { kind: 'received-by', deadline: '2026-11-03T20:00:00-05:00' } },
    ],
  );
  const ballots: string[] = [];
  for (let i = 0; i < 2; i++) {
    const requestId = randomUUID();
    const ballotId = randomUUID();
    await pg.query(
      `INSERT INTO ballot_requests (request_id, jurisdiction_id, tracking_code, status, voter_class, ballot_delivery,
         mailing_country, military_post, covers_year, source, voter_key, request_hash, dob_hash, pii, received_at, updated_at)
       VALUES ($1, $2, $3, 'verified', 'active-duty', 'mail', 'DE', false, 2026, 'json', $4, 'h', 'd', '\\x00',
         '2026-09-01T12:00:00Z', now())`,
      [requestId, jurisdictionId, `T${randomBytes(6).toString('hex')}`, randomBytes(16).toString('hex')],
    );
    await pg.query(
      `INSERT INTO ballots (ballot_id, jurisdiction_id, request_id, election_id, ballot_style_id, status, pdf_sha256,
         page_count, paper_size, download_token_hash, generated_at)
       VALUES ($1, $2, $3, $4, 'style-1', 'generated', $5, 4, 'letter', $6, '2026-09-10T12:00:00Z')`,
      [ballotId, jurisdictionId, requestId, electionId, '0'.repeat(64), randomBytes(16).toString('hex')],
    );
    ballots.push(ballotId);
  }
  return { jurisdictionId, clerkKey, ballots };
}

describe('office audit trail: the ok entry commits with the action', () => {
  let stack: ProcessStack;
  let pg: Client;
  let office: Seeded;
  const trigger = `audit_refuse_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    pg = await ownerClient();
    office = await seed(pg);
    stack = await startProcessStack(['gateway']);
  }, 60_000);

  afterAll(async () => {
    await pg.query(`DROP TRIGGER IF EXISTS ${trigger} ON audit_log`).catch(() => undefined);
    await pg.query(`DROP FUNCTION IF EXISTS ${trigger}()`).catch(() => undefined);
    await stack?.stop();
    await pg?.end();
  });

  const transmit = (ballotId: string) =>
    fetch(`${stack.baseUrl}/api/v1/office/ballots/${ballotId}/transmitted`, {
      method: 'POST',
      headers: { authorization: `Bearer ${office.clerkKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ transmittedAt: '2026-09-15T10:00:00-04:00', method: 'mail' }),
    });

  it('writes the ok entry, the state change and the event in one transaction', async () => {
    const [ballotId] = office.ballots;
    expect((await transmit(ballotId)).status).toBe(200);
    const ballot = await pg.query(`SELECT xmin::text AS tx, status FROM ballots WHERE ballot_id = $1`, [
      ballotId,
    ]);
    const audit = await pg.query(
      `SELECT xmin::text AS tx, outcome, action FROM audit_log WHERE target = $1 AND jurisdiction_id = $2`,
      [`ballot:${ballotId}`, office.jurisdictionId],
    );
    const event = await pg.query(
      `SELECT xmin::text AS tx FROM outbox WHERE event_type = 'uocava.ballot.transmitted.v1' AND payload->>'ballotId' = $1`,
      [ballotId],
    );
    expect(ballot.rows[0].status).toBe('transmitted');
    expect(audit.rows).toEqual([{ tx: ballot.rows[0].tx, outcome: 'ok', action: 'ballot.transmitted' }]);
    expect(event.rows).toEqual([{ tx: ballot.rows[0].tx }]);
  });

  it('writes the entry of a roll import in the import transaction, not in the look-ups beside it', async () => {
    const res = await gatewayClient(stack.baseUrl).importRoll(office.clerkKey, [
      {
        state_voter_id: 'AUD-1',
        first_name: 'Ann',
        last_name: 'Audit',
        date_of_birth: '1980-01-01',
        residence_street: '1 Main St',
        residence_city: 'Youngstown',
        residence_state: 'OH',
        residence_zip: '44505',
        county: 'Audit',
        status: 'active',
      },
    ]);
    expect(await res.json()).toMatchObject({ applied: 1, refused: 0 });
    const roll = await pg.query(`SELECT xmin::text AS tx FROM voter_roll WHERE jurisdiction_id = $1`, [
      office.jurisdictionId,
    ]);
    const audit = await pg.query(
      `SELECT xmin::text AS tx, outcome FROM audit_log WHERE jurisdiction_id = $1 AND action = 'voter-roll.import'`,
      [office.jurisdictionId],
    );
    expect(audit.rows).toEqual([{ tx: roll.rows[0].tx, outcome: 'ok' }]);
  });

  it('does not commit the action when its audit entry cannot be written', async () => {
    const [, ballotId] = office.ballots;
    // an audit_log that refuses this one ok entry (as a full disk or a broken grant would)
    await pg.query(`
      CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.target = 'ballot:${ballotId}' AND NEW.outcome = 'ok' THEN
          RAISE EXCEPTION 'audit entry refused by the test';
        END IF;
        RETURN NEW;
      END $$`);
    await pg.query(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION ${trigger}()`,
    );
    try {
      expect((await transmit(ballotId)).status).toBe(500);
    } finally {
      await pg.query(`DROP TRIGGER ${trigger} ON audit_log`);
    }
    const ballot = await pg.query(`SELECT status, transmitted_at FROM ballots WHERE ballot_id = $1`, [
      ballotId,
    ]);
    expect(ballot.rows[0]).toEqual({ status: 'generated', transmitted_at: null });
    const events = await pg.query(`SELECT 1 FROM outbox WHERE payload->>'ballotId' = $1`, [ballotId]);
    expect(events.rows).toEqual([]);
    // the failure itself is on the trail, as an error entry of its own
    const audit = await pg.query(
      `SELECT outcome, details->>'status' AS status FROM audit_log WHERE target = $1 ORDER BY audit_id`,
      [`ballot:${ballotId}`],
    );
    expect(audit.rows).toEqual([{ outcome: 'error', status: '500' }]);

    // with the audit trail working again, the same action goes through, with its entry
    expect((await transmit(ballotId)).status).toBe(200);
    const after = await pg.query(`SELECT outcome FROM audit_log WHERE target = $1 ORDER BY audit_id`, [
      `ballot:${ballotId}`,
    ]);
    expect(after.rows.map((r: { outcome: string }) => r.outcome)).toEqual(['error', 'ok']);
  });
});
