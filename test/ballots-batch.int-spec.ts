/**
 * The ballots app issues a Kafka batch of verified requests together (issue 13): one query per
 * step for the whole run (the requests, the elections their FPCAs cover, the ballots they have,
 * the packets' sources, the ballots, their events) instead of about seven per packet. Verified
 * requests pile up while the ballots app is stopped; the worker's run handler issues them in
 * this process, its statements counted (the same for 4 packets as for 10); then the ballots app
 * starts, consumes the same verified events and issues nothing twice, and the gateway serves a
 * batch-issued packet whose bytes hash to the recorded hash (the batch read the packet's inputs
 * as the download path reads them). Real Postgres and Kafka; gateway, verification and ballots
 * as processes.
 */
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, KeyRing, scopeToTenant } from '@uocava/database';
import { newEvent, type RunHandler } from '@uocava/messaging';
import { downloadToken } from '@uocava/packets';
import {
  countingStatements,
  createOffice,
  electionDateThisYear,
  eventually,
  fpcaRequest,
  gatewayClient,
  generalElectionSettings,
  nistDefinitionOn,
  ownerDatabaseUrl,
  rollRowOf,
  numberedPerson,
  MAHONING_RESIDENCE,
  type Person,
} from '@uocava/testing';
import { BallotsWorker } from '../apps/ballots/src/ballots.worker';
import { startProcessStack, type ProcessStack } from './harness/processes';

jest.setTimeout(600_000);

const person = (n: number): Person => numberedPerson(n, 'Packet', 500000);

describe('ballots: a Kafka batch of verified requests issued together', () => {
  let stack: ProcessStack | undefined;
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: ownerDatabaseUrl() });
    await db.connect();
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.end();
  });

  it('issues a run in the same number of statements whatever its length, and nothing twice', async () => {
    const office = await createOffice({
      prefix: 'bbatch',
      roles: ['clerk'],
      name: 'Mahoning County',
      state: 'OH',
      county: 'Mahoning',
      settings: { applicationDeadlineDaysBefore: 0 },
    });
    const j = office.jurisdictionId;
    const clerk = office.keys.clerk!;
    stack = await startProcessStack(['gateway', 'verification', 'ballots'], { startTimeoutMs: 240_000 });
    await stack.stopApp('ballots');
    const http = gatewayClient(stack.baseUrl);
    const date = electionDateThisYear(40);
    const created = await http.officePost(clerk, '/elections', {
      definition: nistDefinitionOn(date, 'example_physical_ballot_def_1.json'),
      settings: generalElectionSettings(date),
    });
    expect(created.status === 201 ? 201 : await created.text()).toBe(201);

    const voters = Array.from({ length: 14 }, (_, n) => person(n));
    const roll = await http.importRoll(
      clerk,
      voters.map((p, n) => rollRowOf(p, MAHONING_RESIDENCE, `BB-${n}`)),
    );
    expect(roll.status).toBe(200);
    const requestIds: string[] = [];
    for (const p of voters) {
      const res = await http.submit(fpcaRequest(j, p, MAHONING_RESIDENCE));
      if (res.status !== 202) throw new Error(`${res.status} ${await res.text()}`);
      requestIds.push(((await res.json()) as { requestId: string }).requestId);
    }
    // every request verified (the ballots app is stopped: no ballot yet); their events as sent
    const verified = await eventually(
      async () => {
        const r = await db.query<{ event_id: string; payload: { requestId: string } }>(
          `SELECT event_id, payload FROM outbox WHERE jurisdiction_id = $1 AND event_type = 'uocava.request.verified.v1'`,
          [j],
        );
        return r.rows.length === voters.length ? r.rows : undefined;
      },
      120_000,
      'every request verified',
    );
    const byRequest = new Map(verified.map((v) => [v.payload.requestId, v.payload]));

    // the worker's run handler in this process, on the app role, its statements counted; the
    // packets' links as the apps print them (the harness gives every app the gateway's URL)
    process.env.PUBLIC_URL = stack.baseUrl;
    const ds = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 2 }),
    ).initialize();
    try {
      const keyRing = new KeyRing(ds, process.env.MASTER_KEY);
      const keys = await keyRing.forJurisdiction(j); // the key is read once per process, not per run
      const runHandler = (new BallotsWorker(keyRing) as unknown as { runHandler(): RunHandler }).runHandler();
      const statementsFor = (ids: string[]): Promise<number> =>
        ds.transaction(async (tx) => {
          await scopeToTenant(tx, j);
          const counted = countingStatements(tx);
          await runHandler(
            ids.map((id) =>
              newEvent(
                'uocava.request.verified.v1',
                byRequest.get(id) as Parameters<typeof newEvent<'uocava.request.verified.v1'>>[1],
                'urn:test',
              ),
            ),
            counted.tx,
          );
          return counted.count();
        });
      const few = await statementsFor(requestIds.slice(0, 4));
      const many = await statementsFor(requestIds.slice(4));
      // the requests, the elections covered, the ballots they have, the packets' sources, the
      // state's rules, the ballots, their events
      expect({ few, many }).toEqual({ few: 7, many: 7 });
      // again: every request has its ballot, nothing rendered or written
      expect(await statementsFor(requestIds)).toBe(3);

      const ballots = await db.query<{
        ballot_id: string;
        request_id: string;
        pdf_sha256: string;
        status: string;
      }>(`SELECT ballot_id, request_id, pdf_sha256, status FROM ballots WHERE jurisdiction_id = $1`, [j]);
      expect(ballots.rows.map((b) => b.request_id).sort()).toEqual([...requestIds].sort());
      expect(new Set(ballots.rows.map((b) => b.status))).toEqual(new Set(['transmitted']));
      const events = await db.query<{ event_type: string; n: number }>(
        `SELECT event_type, count(*)::int AS n FROM outbox WHERE jurisdiction_id = $1 AND event_type LIKE 'uocava.ballot.%'
          GROUP BY event_type ORDER BY event_type`,
        [j],
      );
      expect(events.rows).toEqual([
        { event_type: 'uocava.ballot.generated.v1', n: voters.length },
        { event_type: 'uocava.ballot.transmitted.v1', n: voters.length },
      ]);

      // the ballots app consumes the very verified events: each request has its ballot already
      await stack.startApp('ballots');
      await eventually(
        async () => {
          const r = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM inbox WHERE consumer LIKE '%ballots' AND event_id = ANY($1::uuid[])`,
            [verified.map((v) => v.event_id)],
          );
          return r.rows[0].n === voters.length ? true : undefined;
        },
        120_000,
        'the ballots app consumed every verified event',
      );
      const after = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ballots WHERE jurisdiction_id = $1`,
        [j],
      );
      expect(after.rows[0].n).toBe(voters.length);

      // a packet issued in the batch, served by the gateway's download path: the same bytes
      const ballot = ballots.rows[ballots.rows.length - 1];
      const res = await fetch(
        `${stack.baseUrl}/api/v1/ballots/${ballot.ballot_id}/packet?token=${downloadToken(keys, ballot.ballot_id)}`,
      );
      expect(res.status).toBe(200);
      expect(
        createHash('sha256')
          .update(Buffer.from(await res.arrayBuffer()))
          .digest('hex'),
      ).toBe(ballot.pdf_sha256);
    } finally {
      await ds.destroy();
    }
  });
});
