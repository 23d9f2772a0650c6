/**
 * The ballots worker's run handler against the real Postgres: one jurisdiction's batch of verified
 * requests rendered in the render pool and stored in one INSERT of ballots and one of events.
 * Every request gets exactly one ballot (also when the batch names a request twice, and when the
 * batch is applied again), each stored ballot has its events in the outbox and no event is without
 * its ballot, and the stored hash is that of the packet rendered in-thread from the same inputs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BallotStyleCache, renderPacket } from '@uocava/ballot-pdf';
import { sampleElection } from '@uocava/ballot-pdf/fixtures';
import {
  createJurisdiction,
  dataSourceOptions,
  insertBallotRequest,
  insertElection,
  KeyRing,
  withTenant,
} from '@uocava/database';
import { validFpcaExample, type BallotDeliveryMethod } from '@uocava/domain';
import { newEvent, type CloudEvent, type RunHandler } from '@uocava/messaging';
import { loadPacketInput } from '@uocava/packets';
import { BallotsWorker } from './ballots.worker';

jest.setTimeout(120_000);

class TestWorker extends BallotsWorker {
  run(): RunHandler {
    return this.runHandler();
  }
  close(): Promise<void> {
    return this.beforeApplicationShutdown();
  }
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

(process.env.DATABASE_URL === undefined ? describe.skip : describe)('BallotsWorker run handler', () => {
  const jurisdictionId = `ballots-batch-${randomBytes(4).toString('hex')}`;
  const electionId = randomUUID();
  let ds: DataSource;
  let keyRing: KeyRing;
  let worker: TestWorker;

  beforeAll(async () => {
    ds = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_URL as string, poolSize: 3 }),
    ).initialize();
    keyRing = new KeyRing(ds, process.env.MASTER_KEY ?? randomBytes(32).toString('base64'));
    await createJurisdiction(ds, { id: jurisdictionId, name: 'Batch County', state: 'NY' });
    const date = day(30);
    const definition = { ...sampleElection(3), date, federalOffices: true };
    await withTenant(ds, jurisdictionId, (tx) =>
      insertElection(tx, {
        electionId,
        jurisdictionId,
        definition,
        settings: {
          electionDate: date,
          type: definition.type,
          federalOffices: true,
          returnRule: definition.returnRule,
        },
      }),
    );
    const before = process.env.BALLOTS_RENDER_THREADS;
    process.env.BALLOTS_RENDER_THREADS = '2';
    worker = new TestWorker(keyRing);
    if (before === undefined) delete process.env.BALLOTS_RENDER_THREADS;
    else process.env.BALLOTS_RENDER_THREADS = before;
  });

  afterAll(async () => {
    await worker?.close();
    await ds?.destroy();
  });

  async function seed(voters: Array<{ first: string; delivery: BallotDeliveryMethod }>): Promise<string[]> {
    const keys = await keyRing.forJurisdiction(jurisdictionId);
    const fpca = validFpcaExample();
    const ids = voters.map(() => randomUUID());
    await withTenant(ds, jurisdictionId, async (tx) => {
      for (const [i, v] of voters.entries()) {
        await insertBallotRequest(tx, {
          requestId: ids[i],
          jurisdictionId,
          trackingCode: `TRK-${randomBytes(6).toString('hex').toUpperCase()}`,
          language: 'en',
          voterClass: 'citizen-abroad-intent-to-return',
          ballotDelivery: v.delivery,
          mailingCountry: 'FR',
          militaryPost: false,
          paperSize: 'a4',
          party: null,
          coversYear: new Date().getUTCFullYear(),
          fpcaValidThrough: day(365),
          source: 'json',
          requestMethod: 'online',
          voterKey: randomBytes(16).toString('hex'),
          requestHash: randomBytes(32).toString('hex'),
          dobHash: randomBytes(32).toString('hex'),
          pii: keys.sealJson(`request:${ids[i]}`, { ...fpca, name: { ...fpca.name, first: v.first } }),
          receivedAt: new Date(),
        });
      }
      await tx.query(`UPDATE ballot_requests SET status = 'verified' WHERE request_id = ANY($1::uuid[])`, [
        ids,
      ]);
    });
    return ids;
  }

  const verified = (requestId: string): CloudEvent =>
    newEvent(
      'uocava.request.verified.v1',
      { requestId, jurisdictionId, decidedBy: 'automatic', decidedAt: new Date().toISOString() },
      'urn:uocava:verification',
    );

  const stored = (ids: string[]) =>
    withTenant(ds, jurisdictionId, async (tx) => ({
      ballots: (await tx.query(
        `SELECT ballot_id, request_id, ballot_style_id, status, pdf_sha256, held_characters FROM ballots
         WHERE request_id = ANY($1::uuid[]) ORDER BY request_id`,
        [ids],
      )) as Array<{
        ballot_id: string;
        request_id: string;
        ballot_style_id: string;
        status: string;
        pdf_sha256: string;
        held_characters: string[] | null;
      }>,
      events: (await tx.query(
        `SELECT event_type, payload FROM outbox WHERE payload->>'requestId' = ANY($1::text[])
           AND event_type LIKE 'uocava.ballot.%' ORDER BY outbox_id`,
        [ids],
      )) as Array<{ event_type: string; payload: { ballotId: string; pdfSha256?: string } }>,
    }));

  it('stores one ballot per request with its events, the packet hash as rendered in-thread; a replay adds nothing', async () => {
    const ids = await seed([
      { first: 'Anna', delivery: 'email' },
      { first: 'Björn', delivery: 'mail' },
      { first: '王小明', delivery: 'email' }, // characters outside the fonts: held for the office
      { first: 'Chloé', delivery: 'online' },
    ]);
    // the first request twice in the batch (two events), as a redelivery under a new id would be
    const events = [...ids.map(verified), verified(ids[0])];
    await withTenant(ds, jurisdictionId, (tx) => worker.run()(events, tx));
    const first = await stored(ids);

    expect(first.ballots.map((b) => b.request_id).sort()).toEqual([...ids].sort());
    const byRequest = new Map(first.ballots.map((b) => [b.request_id, b]));
    expect(byRequest.get(ids[0])?.status).toBe('transmitted');
    expect(byRequest.get(ids[1])?.status).toBe('generated');
    expect(byRequest.get(ids[2])?.status).toBe('generated');
    expect(byRequest.get(ids[2])?.held_characters).toEqual(['小', '明', '王']);
    expect(byRequest.get(ids[3])?.status).toBe('transmitted');
    // every ballot has its generated event with its hash; transmitted for the electronic, unheld ones
    const generated = first.events.filter((e) => e.event_type === 'uocava.ballot.generated.v1');
    const transmitted = first.events.filter((e) => e.event_type === 'uocava.ballot.transmitted.v1');
    expect(new Map(generated.map((e) => [e.payload.ballotId, e.payload.pdfSha256]))).toEqual(
      new Map(first.ballots.map((b) => [b.ballot_id, b.pdf_sha256])),
    );
    expect(transmitted.map((e) => e.payload.ballotId).sort()).toEqual(
      [byRequest.get(ids[0])?.ballot_id, byRequest.get(ids[3])?.ballot_id].sort(),
    );

    // the hash the pool wrote is the hash of the same inputs rendered in this thread
    const keys = await keyRing.forJurisdiction(jurisdictionId);
    for (const b of first.ballots) {
      const input = await withTenant(ds, jurisdictionId, (tx) =>
        loadPacketInput(tx, keys, {
          requestId: b.request_id,
          electionId,
          ballotId: b.ballot_id,
          styleId: b.ballot_style_id,
        }),
      );
      expect((await renderPacket(input, new BallotStyleCache())).sha256).toBe(b.pdf_sha256);
    }

    // the same batch again (the consumer's inbox aside): nothing new
    await withTenant(ds, jurisdictionId, (tx) => worker.run()(events, tx));
    expect(await stored(ids)).toEqual(first);
  });

  it('a batch that fails stores neither ballots nor events', async () => {
    const ids = await seed([
      { first: 'Dora', delivery: 'email' },
      { first: 'Emil', delivery: 'email' },
    ]);
    await expect(
      withTenant(ds, jurisdictionId, async (tx) => {
        await worker.run()(ids.map(verified), tx);
        throw new Error('the transaction fails after the batch');
      }),
    ).rejects.toThrow(/fails after the batch/);
    expect(await stored(ids)).toEqual({ ballots: [], events: [] });
  });
});
