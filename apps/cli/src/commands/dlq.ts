/**
 * `dlq list|show|replay|drop`: the messages consumers parked (table message_quarantine; the whole
 * message is in the topic's dead-letter topic when it took it, and at its original offset for the
 * topic's retention). `replay` publishes the original again to its topic, `drop` closes the row;
 * both say who did it (`--by`) and why (`--note`), on the row and, for a message of a known
 * jurisdiction, in that office's audit log.
 */
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { DataSource, EntityManager } from 'typeorm';
import {
  databaseConfigFromEnv,
  jurisdictionExists,
  openDataSource,
  openQuarantineAsOperator,
  quarantinedMessage,
  quarantinedMessages,
  recordAudit,
  resolveQuarantined,
  scopeToTenant,
  type QuarantinedMessage,
} from '@uocava/database';
import { brokersFromEnv, KafkaJsBus } from '@uocava/messaging';
import { loadDevEnv } from './env';

async function asOperator<T>(fn: (tx: EntityManager) => Promise<T>): Promise<T> {
  loadDevEnv();
  const ds: DataSource = await openDataSource({
    ...databaseConfigFromEnv(),
    applicationName: 'cli-dlq',
    poolSize: 1,
  });
  try {
    return await ds.transaction(async (tx) => {
      await openQuarantineAsOperator(tx);
      return fn(tx);
    });
  } finally {
    await ds.destroy();
  }
}

function summary(m: QuarantinedMessage): string {
  return [
    m.quarantineId.padStart(6),
    m.status.padEnd(8),
    m.reason.padEnd(15),
    `${m.topic}/${m.partition}@${m.offset}`.padEnd(30),
    m.consumer.padEnd(24),
    `${m.size} B`.padStart(10),
    m.storedIn === 'dlq' ? 'dlq' : 'db-only',
    m.error.slice(0, 80),
  ].join('  ');
}

function printable(bytes: Buffer, n = 200): string {
  return bytes
    .subarray(0, n)
    .toString('utf8')
    .replace(/[^\x20-\x7e]/g, '.');
}

async function audit(
  tx: EntityManager,
  m: QuarantinedMessage,
  action: 'dlq.replay' | 'dlq.drop',
  by: string,
  note: string,
): Promise<void> {
  if (m.jurisdictionId === null || !(await jurisdictionExists(tx, m.jurisdictionId))) return;
  await scopeToTenant(tx, m.jurisdictionId);
  await recordAudit(tx, {
    jurisdictionId: m.jurisdictionId,
    keyId: null,
    role: null,
    action,
    target: `message:${m.topic}/${m.partition}@${m.offset}`,
    outcome: action === 'dlq.replay' ? 'replayed' : 'dropped',
    details: { quarantineId: m.quarantineId, consumer: m.consumer, by, note, sha256: m.sha256 },
  });
}

interface ResolveOptions {
  by?: string;
  note: string;
}

export function registerDlqCommands(program: Command): void {
  const dlq = program
    .command('dlq')
    .description('messages the consumers parked (dead-letter topics + quarantine)');
  dlq
    .command('list')
    .description('parked messages, oldest first')
    .option('--all', 'also those replayed or dropped')
    .option('--consumer <name>', 'only this consumer')
    .option('--topic <topic>', 'only this topic')
    .option('--json', 'one JSON object per line')
    .action(async (o: { all?: boolean; consumer?: string; topic?: string; json?: boolean }) => {
      const rows = await asOperator((tx) => quarantinedMessages(tx, o));
      for (const m of rows) {
        if (o.json) console.log(JSON.stringify({ ...m, firstBytes: undefined }));
        else console.log(summary(m));
      }
      if (!o.json) console.error(`${rows.length} message(s)`);
    });
  dlq
    .command('show <id>')
    .description('one parked message: where from, why, headers, first bytes')
    .action(async (id: string) => {
      const m = await asOperator((tx) => quarantinedMessage(tx, id));
      if (!m) throw new Error(`no parked message ${id}`);
      console.log(JSON.stringify({ ...m, firstBytes: printable(m.firstBytes, 4096) }, null, 2));
    });
  dlq
    .command('replay <id>')
    .description('publish the original message to its topic again, and close the row')
    .option('--by <name>', 'who replays it (default: the login name)')
    .requiredOption('--note <text>', 'why (e.g. the fix that makes it processable)')
    .action(async (id: string, o: ResolveOptions) => {
      const by = o.by ?? userInfo().username;
      const m = await asOperator((tx) => quarantinedMessage(tx, id));
      if (!m) throw new Error(`no parked message ${id}`);
      if (m.status !== 'parked') throw new Error(`message ${id} is already ${m.status}`);
      const bus = new KafkaJsBus({ brokers: brokersFromEnv(), clientId: 'cli-dlq' });
      try {
        const original = await bus.fetchAt(m.topic, m.partition, m.offset);
        if (!original) throw new Error(`${m.topic}/${m.partition}@${m.offset} is no longer on the broker`);
        if (createHash('sha256').update(original.value).digest('hex') !== m.sha256)
          throw new Error('the message at that offset is not the one parked (hash differs)');
        await bus.publish(m.topic, [
          {
            key: original.key,
            value: original.value,
            headers: { ...original.headers, uocava_replay_of: `${m.topic}/${m.partition}@${m.offset}` },
          },
        ]);
      } finally {
        await bus.disconnect();
      }
      await asOperator(async (tx) => {
        if (!(await resolveQuarantined(tx, id, { status: 'replayed', by, note: o.note })))
          throw new Error(`message ${id} was resolved meanwhile`);
        await audit(tx, m, 'dlq.replay', by, o.note);
      });
      console.log(`replayed ${id} to ${m.topic}`);
    });
  dlq
    .command('drop <id>')
    .description('close the row without processing the message (it stays on record)')
    .option('--by <name>', 'who drops it (default: the login name)')
    .requiredOption('--note <text>', 'why')
    .action(async (id: string, o: ResolveOptions) => {
      const by = o.by ?? userInfo().username;
      await asOperator(async (tx) => {
        const m = await quarantinedMessage(tx, id);
        if (!m) throw new Error(`no parked message ${id}`);
        if (!(await resolveQuarantined(tx, id, { status: 'dropped', by, note: o.note })))
          throw new Error(`message ${id} is already ${m.status}`);
        await audit(tx, m, 'dlq.drop', by, o.note);
      });
      console.log(`dropped ${id}`);
    });
}
