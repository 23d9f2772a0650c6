/**
 * The supervised dev stack (`npm start`, scripts/dev-stack.ts; issue 14), as a developer runs it:
 * two stacks at once, each with its own stack id, cache folder and preferred ports. Checks that each
 * prints what it bound and that they share nothing (ports, broker and its cluster id, database and
 * login role); that a kill -9 of one app of the first stack is announced and the app restarted
 * with backoff while the second stack stays healthy; and that Ctrl-C (SIGINT) ends the first stack
 * within seconds with every child gone (each app, the Kafka broker it started).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { cacheRoot, freePort } from '@uocava/infra';
import { eventually, ownerDatabaseUrl } from '@uocava/testing';

const ROOT = join(__dirname, '..');
const log = (line: string) => process.stderr.write(`[dev-stack] ${line}\n`);

interface Stack {
  id: string;
  cache: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** parsed from the banner */
  gateway: string;
  apps: Record<string, string>;
  kafka: string;
  database: string;
  role: string;
  /** pids it announced: each app's latest, and its broker's JVM */
  pids: () => { apps: Record<string, number>; kafka: number | undefined };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function startStack(label: string): Promise<Stack> {
  const id = `t${randomBytes(4).toString('hex')}${label}`;
  const cache = mkdtempSync(join(tmpdir(), `uocava-devstack-${label}-`));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, UOCAVA_STACK_ID: id, UOCAVA_DEV_CACHE: cache };
  env.UOCAVA_DEV_PORT = String(port);
  // the stack's own database and broker: not the test run's
  for (const k of [
    'DATABASE_URL',
    'DATABASE_OWNER_URL',
    'KAFKA_BROKERS',
    'KEYS_DIR',
    'MAIL_SINK_DIR',
    'PUBLIC_URL',
  ])
    delete env[k];
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/dev-stack.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  await eventually(
    async () => {
      if (gone) throw new Error(`stack ${label} exited before it was running:\n${text.slice(-4000)}`);
      return text.includes('Ctrl-C stops everything.') ? true : undefined;
    },
    240000,
    `stack ${label} running`,
  ).catch((e: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`${String(e)}\n${text.slice(-4000)}`);
  });
  const field = (re: RegExp) => {
    const m = re.exec(text);
    if (!m) throw new Error(`stack ${label}: ${String(re)} not in its output:\n${text.slice(-4000)}`);
    return m[1];
  };
  const apps: Record<string, string> = {};
  for (const name of ['verification', 'ballots', 'receipts', 'notifications', 'witness'])
    apps[name] = field(new RegExp(`^  ${name} +(http://\\S+)/health$`, 'm'));
  const pg = field(/^ {2}Postgres +(\S+) \(apps, role (\S+)\)$/m);
  return {
    id,
    cache,
    child,
    output: () => text,
    exited,
    gateway: field(/^ {2}voter pages +(http:\/\/\S+?)\/$/m),
    apps,
    kafka: field(/^ {2}Kafka bootstrap +(\S+)$/m),
    database: new URL(pg).pathname.slice(1),
    role: field(/\(apps, role (\S+)\)$/m),
    pids: () => {
      const latest: Record<string, number> = {};
      for (const m of text.matchAll(/\[start\] ([a-z]+) started \(pid (\d+)\)/g)) latest[m[1]] = Number(m[2]);
      const k = [
        ...text.matchAll(/kafka: Apache Kafka \S+ ready on \S+ \(cluster \S+, controller \d+, pid (\d+)/g),
      ];
      return { apps: latest, kafka: k.length ? Number(k[k.length - 1][1]) : undefined };
    },
  };
}

async function clusterId(bootstrap: string): Promise<string> {
  const admin = new Kafka({
    clientId: 'dev-stack-test',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).clusterId;
  } finally {
    await admin.disconnect();
  }
}

const healthy = async (url: string) => (await fetch(`${url}/health`).catch(() => undefined))?.status === 200;

describe('npm start: the supervised dev stack', () => {
  const stacks: Stack[] = [];

  afterAll(async () => {
    for (const s of stacks) {
      if (s.child.exitCode === null && s.child.signalCode === null) {
        s.child.kill('SIGINT');
        await Promise.race([s.exited, new Promise((r) => setTimeout(r, 25000))]);
      }
      for (const pid of [...Object.values(s.pids().apps), s.pids().kafka ?? 0])
        if (pid > 0 && alive(pid)) process.kill(pid, 'SIGKILL');
      rmSync(s.cache, { recursive: true, force: true });
      rmSync(join(cacheRoot(), 'stacks', s.id), { recursive: true, force: true });
    }
    // each stack made its database and login role on the shared server: drop them
    const db = new Client({ connectionString: ownerDatabaseUrl() });
    await db.connect().catch(() => undefined);
    for (const s of stacks) {
      await db.query(`DROP DATABASE IF EXISTS "${s.database}" WITH (FORCE)`).catch(() => undefined);
      await db.query(`DROP ROLE IF EXISTS "${s.role}"`).catch(() => undefined);
    }
    await db.end().catch(() => undefined);
  });

  it('two stacks side by side; a killed app is restarted; Ctrl-C stops everything within seconds', async () => {
    const t0 = Date.now();
    const [a, b] = await Promise.all([startStack('a'), startStack('b')]);
    stacks.push(a, b);
    log(
      `both running after ${(Date.now() - t0) / 1000} s: a ${a.gateway} kafka ${a.kafka}, b ${b.gateway} kafka ${b.kafka}`,
    );

    // nothing shared: ports, broker (cluster id), database, login role
    const portsOf = (s: Stack) => [s.gateway, ...Object.values(s.apps)].map((u) => new URL(u).port);
    expect(portsOf(a).filter((p) => portsOf(b).includes(p))).toEqual([]);
    expect(a.kafka).not.toBe(b.kafka);
    const [ca, cb] = await Promise.all([clusterId(a.kafka), clusterId(b.kafka)]);
    expect(ca).not.toBe(cb);
    expect(a.output()).toContain(`cluster ${ca}`); // the broker it talks to is the one it started
    expect(a.database).not.toBe(b.database);
    expect(a.role).not.toBe(b.role);

    // kill -9 of one app of stack a: announced, restarted after its backoff, healthy again
    const victim = a.pids().apps.verification;
    expect(victim).toBeGreaterThan(0);
    const killedAt = Date.now();
    process.kill(victim, 'SIGKILL');
    await eventually(
      async () =>
        /verification exited \(SIGKILL\); restarting it in 1 s \(restart 1\)/.test(a.output())
          ? true
          : undefined,
      15000,
      'the restart announced',
    );
    await eventually(
      async () =>
        a.pids().apps.verification !== victim && (await healthy(a.apps.verification)) ? true : undefined,
      90000,
      'verification of stack a healthy again',
    );
    const restartedIn = (Date.now() - killedAt) / 1000;
    expect(await healthy(b.gateway)).toBe(true);
    expect(await healthy(b.apps.verification)).toBe(true);

    // Ctrl-C: the stack and every child (apps, broker) gone within seconds; stack b untouched
    const pids = a.pids();
    expect(pids.kafka).toBeDefined();
    const interruptedAt = Date.now();
    a.child.kill('SIGINT');
    const code = await Promise.race([
      a.exited,
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 25000)),
    ]);
    const stoppedIn = (Date.now() - interruptedAt) / 1000;
    expect(code).toBe(0);
    const left = [...Object.entries(pids.apps), ['kafka', pids.kafka!] as const].filter(([, pid]) =>
      alive(pid),
    );
    expect(left).toEqual([]);
    expect(await healthy(b.gateway)).toBe(true);
    expect(await clusterId(b.kafka)).toBe(cb);
    log(JSON.stringify({ restartedIn, stoppedIn, seconds: (Date.now() - t0) / 1000 }));
    expect(stoppedIn).toBeLessThan(20);
  }, 420000);
});
