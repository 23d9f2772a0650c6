/**
 * `cli events tail|replay` against the run's Kafka broker, as separate processes: replay prints
 * exactly the events of a time window (by broker time) that match its filters, as structured
 * CloudEvents (checked with the official SDK); tail prints events published after it started and
 * stops on SIGINT; neither leaves committed offsets behind (no app's group is disturbed).
 */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CloudEvent } from 'cloudevents';
import { Kafka } from 'kafkajs';
import { TOPICS } from '@uocava/contracts';
import { KafkaJsBus, newEvent, toWire, TOPICS_WITH_DLQ } from '@uocava/messaging';
import { eventually, submittedEvent } from '@uocava/testing';

const ROOT = join(__dirname, '../../../..');
const CLI = ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'events'];
const run = promisify(execFile);

async function cli(...args: string[]): Promise<{ lines: Array<Record<string, unknown>>; stderr: string }> {
  const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], {
    cwd: ROOT,
    env: process.env,
    timeout: 90000,
  });
  const lines = stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, stderr };
}

const ids = (events: Array<{ id?: unknown }>) => events.map((e) => String(e.id)).sort();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cli events tail|replay (real Kafka)', () => {
  let bus: KafkaJsBus;
  const j = `evt-${randomUUID().slice(0, 8)}`;
  const duplicate = (jurisdictionId: string) =>
    newEvent(
      'uocava.request.duplicate.v1',
      { requestId: randomUUID(), jurisdictionId, receivedAt: new Date().toISOString() },
      'urn:test',
    );

  beforeAll(async () => {
    bus = new KafkaJsBus({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'events-cli-test' });
    await bus.ensureTopics(TOPICS_WITH_DLQ);
  });

  afterAll(async () => {
    await bus.disconnect();
  });

  it('replay prints the events of a time window that match --type and --jurisdiction', async () => {
    const t0 = new Date(Date.now() - 1000);
    const early = [submittedEvent(j), duplicate(j), submittedEvent('evt-other')];
    await bus.publish(TOPICS.requests, early.map(toWire));
    await sleep(1200);
    const t1 = new Date();
    await sleep(1200);
    const late = [submittedEvent(j), duplicate(j)];
    await bus.publish(TOPICS.requests, late.map(toWire));

    const all = await cli('replay', '--from', t0.toISOString(), '--jurisdiction', j);
    // in order within a partition (one ballot request's events); across partitions in any order
    expect(ids(all.lines)).toEqual(ids([...early.slice(0, 2), ...late]));
    // each line is a structured-mode CloudEvent the official SDK accepts, data included
    for (const line of all.lines) {
      const event = new CloudEvent(line as never);
      expect(event.validate()).toBe(true);
      expect(event.specversion).toBe('1.0');
      expect(event.jurisdiction).toBe(j);
    }
    expect(all.lines.find((e) => e.id === early[0].id)).toEqual(JSON.parse(JSON.stringify(early[0])));

    const window = await cli(
      'replay',
      '--from',
      t0.toISOString(),
      '--to',
      t1.toISOString(),
      '--jurisdiction',
      j,
    );
    expect(ids(window.lines)).toEqual(ids(early.slice(0, 2)));

    const since = await cli(
      'replay',
      '--from',
      t1.toISOString(),
      '--jurisdiction',
      j,
      '--type',
      'uocava.request.duplicate.v1',
    );
    expect(since.lines.map((e) => e.id)).toEqual([late[1].id]);
    expect(since.stderr).toContain('1 event(s)');

    await expect(cli('replay', '--from', 'yesterday')).rejects.toMatchObject({
      stderr: expect.stringMatching(/--from must be an RFC 3339 date-time/),
    });
    await expect(cli('replay', '--from', t0.toISOString(), '--type', 'uocava.nope.v1')).rejects.toMatchObject(
      {
        stderr: expect.stringMatching(/unknown event type uocava.nope.v1/),
      },
    );
  }, 120000);

  it('tail prints events published after it started, until SIGINT; no offsets are committed', async () => {
    const before = submittedEvent(j);
    await bus.publish(TOPICS.requests, [toWire(before)]);
    const child = spawn(process.execPath, [...CLI, 'tail', '--jurisdiction', j], {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await eventually(async () => (stderr.includes('following') ? true : undefined), 60000, 'tail ready');
      const after = [submittedEvent(j), duplicate(j)];
      await bus.publish(TOPICS.requests, after.map(toWire));
      const tailed = await eventually(
        async () => {
          const got = stdout
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => (JSON.parse(l) as { id: string }).id);
          return got.length >= 2 ? got : undefined;
        },
        60000,
        'the tailed events',
      );
      expect(tailed.sort()).toEqual(ids(after));
      expect(tailed).not.toContain(before.id);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('2 event(s)');

    // the readers' throwaway groups hold no committed offset
    const admin = new Kafka({ brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: 1 }).admin();
    await admin.connect();
    try {
      const groups = (await admin.listGroups()).groups
        .map((g) => g.groupId)
        .filter((g) => g.startsWith('uocava-read-'));
      expect(groups.length).toBeGreaterThan(0);
      for (const groupId of groups) {
        const offsets = await admin.fetchOffsets({ groupId, topics: [TOPICS.requests] });
        for (const t of offsets) for (const p of t.partitions) expect(p.offset).toBe('-1');
      }
    } finally {
      await admin.disconnect();
    }
  }, 120000);
});
