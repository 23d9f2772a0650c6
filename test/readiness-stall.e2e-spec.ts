/**
 * Readiness tells the truth about a stuck consumer (issue 14), shown with the poison that halted the
 * pipeline before the fix: a message of about 1 MB whose dead-letter copy the dead-letter topic
 * cannot take. The verification app runs with FAULT_INJECT_DEAD_LETTER_BLOCKS=1, which re-creates
 * the consumer of before the fix (a failed dead-letter publish is thrown, the message holds its
 * partition); the dead-letter topic of this test's own broker is shrunk below the poison's size.
 * The app stays live (200) and turns not ready (503) within 30 s (HEALTH_GRACE_MS, default 30 s),
 * and stays so while kafkajs retries the batch. Started again without the fault switch (the product
 * as it is), it parks the poison (`message_quarantine`, and the dead-letter topic, whose limit the
 * app raises again at start) and is ready again.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { dlqTopic, TOPICS } from '@uocava/contracts';
import { ensureKafka, freePort, type KafkaHandle } from '@uocava/infra';
import { KafkaJsBus, MAX_MESSAGE_BYTES, newEvent, toWire } from '@uocava/messaging';
import { eventually, ownerDatabaseUrl } from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

const log = (line: string) => process.stderr.write(`[readiness] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('readiness of a worker whose consumer is stuck on a message', () => {
  let broker: KafkaHandle | undefined;
  let stack: ProcessStack | undefined;
  let db: Client | undefined;

  afterAll(async () => {
    await stack?.stop();
    await broker?.stop();
    await db?.end();
  });

  it('is live but not ready within 30 s, stays so, and is ready again once the poison is parked', async () => {
    const own = {
      port: await freePort(),
      controllerPort: await freePort(),
      dataDir: mkdtempSync(join(tmpdir(), 'uocava-stall-kafka-')),
    };
    broker = await ensureKafka({ purpose: 'test', own, log });
    const brokers = `127.0.0.1:${own.port}`;
    const env = { KAFKA_BROKERS: brokers, FAULT_INJECT_DEAD_LETTER_BLOCKS: '1' };
    const logDir = mkdtempSync(join(tmpdir(), 'uocava-stall-logs-'));
    log(`the app's output in ${logDir}`);
    stack = await startProcessStack(['verification'], { env, logDir });
    const s = stack;
    const ready = async () =>
      (await fetch(`${s.url('verification')}/health/ready`).catch(() => undefined))?.status ?? 0;
    const live = async () =>
      (await fetch(`${s.url('verification')}/health/live`).catch(() => undefined))?.status ?? 0;
    await eventually(async () => ((await ready()) === 200 ? true : undefined), 60000, 'ready at first');

    // the dead-letter topic as it was before the fix: too small for the poison plus its headers
    const kafka = new Kafka({ clientId: 'readiness-admin', brokers: [brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: dlqTopic(TOPICS.requests),
          configEntries: [{ name: 'max.message.bytes', value: '500000' }],
        },
      ],
    });
    await admin.disconnect();

    const poison = toWire(newEvent('uocava.request.submitted.v1', {} as never, 'urn:readiness'));
    poison.value = Buffer.from(JSON.stringify({ padding: 'x'.repeat(MAX_MESSAGE_BYTES - 50_000) }), 'utf8');
    poison.headers = {
      ...Object.fromEntries(Object.entries(poison.headers).filter(([, v]) => v !== undefined)),
      readiness_poison: 'one-megabyte',
    };
    const bus = new KafkaJsBus({ brokers: [brokers], clientId: 'readiness-poisoner' });
    await bus.publish(TOPICS.requests, [poison]);
    await bus.disconnect();
    const sent = Date.now();

    // watch for 50 s: 20 s past the grace, with kafkajs retrying the batch all along
    const seen: Array<{ at: number; ready: number; live: number }> = [];
    while (Date.now() - sent < 50_000) {
      seen.push({ at: (Date.now() - sent) / 1000, ready: await ready(), live: await live() });
      await sleep(1000);
    }
    const firstNotReady = seen.find((x) => x.ready === 503);
    const after = firstNotReady ? seen.filter((x) => x.at >= firstNotReady.at) : [];
    const report = {
      notReadyAfterSeconds: firstNotReady?.at ?? null,
      readyAgainWhileStuck: after.filter((x) => x.ready !== 503).map((x) => x.at),
      liveFailures: seen.filter((x) => x.live !== 200).map((x) => x.at),
      restartsOfTheConsumer: (s.output('verification').match(/Restarting the consumer/g) ?? []).length,
    };
    log(`before the fix: ${JSON.stringify(report)}`);
    expect(firstNotReady).toBeDefined();
    expect(firstNotReady!.at).toBeLessThanOrEqual(32); // 30 s grace, polled each second
    expect(report.readyAgainWhileStuck).toEqual([]);
    expect(report.liveFailures).toEqual([]);

    // the product as it is: the poison is parked in the database, the partition moves on
    await s.stopApp('verification');
    const restarted = Date.now();
    await s.startApp('verification', { FAULT_INJECT_DEAD_LETTER_BLOCKS: undefined });
    db = new Client({ connectionString: ownerDatabaseUrl() });
    await db.connect();
    const parked = await eventually(
      async () => {
        const r = await db!.query<{ stored_in: string; size: number }>(
          `SELECT stored_in, size::int AS size FROM message_quarantine WHERE consumer = $1 AND headers->>'readiness_poison' = 'one-megabyte'`,
          [`${s.consumerGroupPrefix}verification`],
        );
        return r.rows.length > 0 ? r.rows : undefined;
      },
      60000,
      'the poison parked',
    );
    // the restarted app raised the dead-letter topic's limit again (ensureTopics), so the copy is
    // there; had that failed too, the row alone would hold it ('database')
    expect(parked).toHaveLength(1);
    expect(['dlq', 'database']).toContain(parked[0].stored_in);
    expect(parked[0].size).toBe(poison.value.length);
    await eventually(async () => ((await ready()) === 200 ? true : undefined), 30000, 'ready again');
    log(
      `after the fix: parked (${parked[0].stored_in}), ready again ${(Date.now() - restarted) / 1000} s after the restart`,
    );
  }, 240000);
});
