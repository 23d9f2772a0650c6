/**
 * The records of the brokers this library started (one JSON file each under the cache), so that a
 * later run can reuse a live dev broker and stop brokers whose parent process died.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Log } from './paths';
import { commandLine, isAlive, terminatePid } from './process';
import { kafkaDir } from './kafka-jars';

export interface BrokerRecord {
  jvmPid: number;
  parentPid: number;
  purpose: 'test' | 'dev';
  dataDir: string;
  brokers: string[];
  /** the dev stack that started it (UOCAVA_STACK_ID); another stack never reuses it */
  stackId?: string;
}

export function brokersDir(): string {
  return join(kafkaDir(), 'brokers');
}

/** Kills brokers left behind by runs whose parent process is gone. */
export async function reapStaleBrokers(log: Log): Promise<void> {
  const dir = brokersDir();
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.json')) continue;
    const path = join(dir, file);
    let record: BrokerRecord;
    try {
      record = JSON.parse(readFileSync(path, 'utf8')) as BrokerRecord;
    } catch {
      rmSync(path, { force: true });
      continue;
    }
    if (isAlive(record.parentPid)) continue;
    if (isAlive(record.jvmPid) && (commandLine(record.jvmPid) ?? '').includes('kafka.Kafka')) {
      log(`kafka: stopping stale broker pid ${record.jvmPid} left by dead process ${record.parentPid}`);
      await terminatePid(record.jvmPid, 10000);
    }
    if (record.purpose === 'test') rmSync(record.dataDir, { recursive: true, force: true });
    rmSync(path, { force: true });
  }
}

/** A dev broker of this stack started by another live process (possibly still starting), if any. */
export function liveDevBroker(stackId?: string): BrokerRecord | undefined {
  const dir = brokersDir();
  if (!existsSync(dir)) return undefined;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.json')) continue;
    try {
      const record = JSON.parse(readFileSync(join(dir, file), 'utf8')) as BrokerRecord;
      if (
        record.purpose === 'dev' &&
        record.stackId === stackId &&
        isAlive(record.jvmPid) &&
        isAlive(record.parentPid)
      )
        return record;
    } catch {
      // unreadable: the reaper removes it
    }
  }
  return undefined;
}
