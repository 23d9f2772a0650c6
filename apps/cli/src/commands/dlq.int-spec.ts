/**
 * `cli dlq list|show|replay|drop` against the run's Postgres and Kafka: a message parked by a
 * consumer is listed and shown; replayed, it reaches the (now fixed) consumer again; dropped, it
 * stays on record; both say who and why, on the row and in the office's audit log.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { TOPICS } from '@uocava/contracts';
import { dataSourceOptions } from '@uocava/database';
import { IdempotentConsumer, KafkaJsBus, PermanentError, toWire, TOPICS_WITH_DLQ } from '@uocava/messaging';
import { createOffice, eventually, submittedEvent } from '@uocava/testing';

const ROOT = join(__dirname, '../../../..');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
    cwd: ROOT,
    env: process.env,
    encoding: 'utf8',
    timeout: 90000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli dlq (real Postgres and Kafka)', () => {
  let ds: DataSource;
  let owner: DataSource;
  let bus: KafkaJsBus;

  beforeAll(async () => {
    ds = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 2 }),
    ).initialize();
    owner = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_OWNER_URL!, poolSize: 2 }),
    ).initialize();
    bus = new KafkaJsBus({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'dlq-cli-test' });
    await bus.ensureTopics(TOPICS_WITH_DLQ);
  });

  afterAll(async () => {
    await bus.disconnect();
    await ds.destroy();
    await owner.destroy();
  });

  it('lists, shows, replays and drops parked messages, audited', async () => {
    const { jurisdictionId: j } = await createOffice({ prefix: 'dlq', roles: [] });
    const name = `dlq-cli-${randomBytes(3).toString('hex')}`;
    let fixed = false;
    const handled: string[] = [];
    const event = submittedEvent(j);
    const consumer = new IdempotentConsumer(ds, bus, {
      name,
      topics: [TOPICS.requests],
      maxAttempts: 1,
      handlers: {
        'uocava.request.submitted.v1': async (e) => {
          if (e.id !== event.id) return; // other tests' events on the shared topic
          if (!fixed) throw new PermanentError('the handler has a bug');
          handled.push(e.id);
        },
      },
    });
    const junk = { key: randomUUID(), value: Buffer.from('not json'), headers: { note: 'junk' } };
    await bus.publish(TOPICS.requests, [toWire(event), junk]);
    await consumer.start();
    try {
      await eventually(
        async () => {
          const [{ n }] = await owner.query(
            `SELECT count(*)::int AS n FROM message_quarantine WHERE consumer = $1 AND (event_id = $2 OR message_key = $3)`,
            [name, event.id, junk.key],
          );
          return n >= 2 ? true : undefined;
        },
        90000,
        'both messages parked',
      );
      const list = cli('dlq', 'list', '--json', '--consumer', name);
      expect(list.status).toBe(0);
      const rows = list.stdout
        .trim()
        .split('\n')
        .map(
          (l) =>
            JSON.parse(l) as {
              quarantineId: string;
              reason: string;
              key: string;
              eventId: string | null;
              jurisdictionId: string | null;
            },
        )
        .filter((r) => r.eventId === event.id || r.key === junk.key); // the shared topic has others' poison too
      expect(rows.map((r) => r.reason).sort()).toEqual(['failed', 'malformed']);
      const failed = rows.find((r) => r.reason === 'failed')!;
      const malformed = rows.find((r) => r.reason === 'malformed')!;
      expect(failed).toMatchObject({ eventId: event.id, jurisdictionId: j });
      expect(malformed.jurisdictionId).toBeNull();

      const show = cli('dlq', 'show', malformed.quarantineId);
      expect(show.status).toBe(0);
      expect(JSON.parse(show.stdout)).toMatchObject({
        firstBytes: 'not json',
        headers: { note: 'junk' },
        storedIn: 'dlq',
      });

      fixed = true; // the bug is fixed; the operator replays the message
      const replay = cli('dlq', 'replay', failed.quarantineId, '--by', 'tester', '--note', 'handler fixed');
      expect([replay.status, replay.stderr]).toEqual([0, '']);
      await eventually(
        async () => (handled.includes(event.id) ? true : undefined),
        60000,
        'the replayed message handled',
      );
      expect(cli('dlq', 'replay', failed.quarantineId, '--note', 'again').stderr).toMatch(/already replayed/);

      const drop = cli('dlq', 'drop', malformed.quarantineId, '--by', 'tester', '--note', 'junk from a test');
      expect(drop.status).toBe(0);
      const after = await owner.query(
        `SELECT quarantine_id::text AS id, status, resolved_by, resolution FROM message_quarantine WHERE consumer = $1 ORDER BY 1`,
        [name],
      );
      expect(after).toEqual(
        expect.arrayContaining([
          { id: failed.quarantineId, status: 'replayed', resolved_by: 'tester', resolution: 'handler fixed' },
          {
            id: malformed.quarantineId,
            status: 'dropped',
            resolved_by: 'tester',
            resolution: 'junk from a test',
          },
        ]),
      );
      const still = cli('dlq', 'list', '--json', '--consumer', name).stdout;
      expect(still).not.toContain(`"quarantineId":"${failed.quarantineId}"`);
      expect(still).not.toContain(`"quarantineId":"${malformed.quarantineId}"`); // neither is parked any more
      const audit = await owner.query(
        `SELECT action, outcome, details FROM audit_log WHERE jurisdiction_id = $1 AND action LIKE 'dlq.%'`,
        [j],
      );
      expect(audit).toEqual([
        expect.objectContaining({
          action: 'dlq.replay',
          outcome: 'replayed',
          details: expect.objectContaining({ by: 'tester', note: 'handler fixed' }),
        }),
      ]);
    } finally {
      await consumer.stop();
    }
  }, 300000);
});
