/**
 * Runs apps of the platform as separate Node processes, as production and `npm start` do, against
 * the Postgres and Kafka the test setup started: no cache, clock or counter is shared between
 * apps. Each app is `node -r @swc-node/register apps/<name>/src/main.ts` with its own port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@uocava/infra';

export type ProcessAppName = 'gateway' | 'verification' | 'ballots' | 'receipts' | 'notifications';

const ROOT = join(__dirname, '..', '..');

interface Running {
  child: ChildProcess;
  port: number;
  /** its INSTANCE_ID, which its /health answers carry (the witness has none) */
  instance?: string;
  output: string[];
  exited: Promise<number | null>;
}

export interface ProcessStack {
  /** the gateway's base URL (also every app's PUBLIC_URL) */
  readonly baseUrl: string;
  /** the prefix of this stack's consumer groups (`<prefix><app>`) */
  readonly consumerGroupPrefix: string;
  /** the base URL of one running app */
  url(name: ProcessAppName): string;
  /** the app's recent output (stdout and stderr), for failure messages */
  output(name: ProcessAppName): string;
  /**
   * `work`, or, if it fails, its error with the named apps' recent output appended: a wait that
   * times out in CI then says what the apps were doing
   */
  explained<T>(names: ProcessAppName[], work: Promise<T>): Promise<T>;
  /** the pid of the app's running process (the Node process itself), if it runs */
  pid(name: ProcessAppName): number | undefined;
  /** SIGTERM (graceful: shutdown hooks run) and wait for the exit */
  stopApp(name: ProcessAppName): Promise<void>;
  /** SIGKILL, no shutdown hooks */
  killApp(name: ProcessAppName): Promise<void>;
  /** starts a stopped app again: same port, same consumer groups, same environment (plus `env`) */
  startApp(name: ProcessAppName, env?: Record<string, string | undefined>): Promise<void>;
  stop(): Promise<void>;
}

export interface ProcessStackOptions {
  /** extra environment for every app */
  env?: Record<string, string>;
  /** how long an app may take to answer /health (ms) */
  startTimeoutMs?: number;
  /** also append each app's whole output to `<logDir>/<app>.log`, each chunk with its time */
  logDir?: string;
  /** keep each app's whole output for `output()` (by default only its last 200 chunks) */
  keepAllOutput?: boolean;
  /** extra Node options for every app, before the app's file (e.g. `--cpu-prof`) */
  nodeArgs?: string[];
}

/**
 * The port the harness picked for an app was bound by another process before the app (a port is
 * free when picked, and the app binds it seconds later; another stack on the machine may pick it
 * meanwhile): the stack is started again on other ports.
 */
class PortTakenError extends Error {}

/**
 * Waits until the app answers /health as itself: the answer must carry the INSTANCE_ID this
 * harness gave it, else another process holds the port (PortTakenError), as does an exit with
 * EADDRINUSE.
 */
async function healthy(url: string, run: Running, timeoutMs: number, name: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void run.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      const output = run.output.join('');
      if (/EADDRINUSE/.test(output)) throw new PortTakenError(`${name}: port ${run.port} is taken`);
      throw new Error(`${name} exited (${exitCode}) before it was healthy:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/health`);
      const body = (await res.json().catch(() => ({}))) as { instance?: string };
      if (run.instance !== undefined && body.instance !== run.instance) {
        run.child.kill('SIGKILL');
        throw new PortTakenError(
          `${name}: port ${run.port} answers as ${body.instance ?? 'another process'}`,
        );
      }
      if (res.status === 200) return;
    } catch (error) {
      if (error instanceof PortTakenError) throw error;
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} was not healthy within ${timeoutMs} ms:\n${run.output.join('')}`);
}

/**
 * Starts the named apps (each a process; all five by default), in parallel, and waits until each
 * answers /health. Consumer groups get a fresh prefix, so the stack sees only its own processing.
 */
export async function startProcessStack(
  names: ProcessAppName[] = ['gateway', 'verification', 'ballots', 'receipts', 'notifications'],
  options: ProcessStackOptions = {},
): Promise<ProcessStack> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreshPorts(names, options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= 3) throw error;
    }
  }
}

async function startOnFreshPorts(
  names: ProcessAppName[],
  options: ProcessStackOptions,
): Promise<ProcessStack> {
  const ports = new Map<ProcessAppName, number>();
  for (const name of names) ports.set(name, await freePort());
  const gatewayPort = ports.get('gateway') ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${gatewayPort}`;
  const consumerGroupPrefix = `p${randomBytes(4).toString('hex')}-`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONSUMER_GROUP_PREFIX: consumerGroupPrefix,
    RECEIPTS_GENERATE_KEYS: process.env.RECEIPTS_GENERATE_KEYS ?? '1',
    KEYS_DIR: process.env.KEYS_DIR ?? mkdtempSync(join(tmpdir(), 'uocava-keys-')),
    MAIL_SINK_DIR: process.env.MAIL_SINK_DIR ?? mkdtempSync(join(tmpdir(), 'uocava-mail-')),
    RATE_LIMIT_LOOKUPS_PER_MINUTE: process.env.RATE_LIMIT_LOOKUPS_PER_MINUTE ?? '100000',
    PUBLIC_URL: baseUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...options.env,
  };
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  const running = new Map<ProcessAppName, Running>();

  const start = async (
    name: ProcessAppName,
    extra: Record<string, string | undefined> = {},
  ): Promise<void> => {
    if (running.has(name)) throw new Error(`${name} is running`);
    const port = ports.get(name);
    if (port === undefined) throw new Error(`${name} is not part of this stack`);
    const args = [...(options.nodeArgs ?? []), '-r', '@swc-node/register', `apps/${name}/src/main.ts`];
    const instance = `${name}-${randomBytes(6).toString('hex')}`;
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...env, ...extra, PORT: String(port), INSTANCE_ID: instance },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString('utf8'));
      if (options.logDir)
        appendFileSync(
          join(options.logDir, `${name}.log`),
          `@${new Date().toISOString()} ${chunk.toString('utf8')}`,
        );
      if (!options.keepAllOutput && output.length > 200) output.splice(0, output.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const run = { child, port, instance, output, exited };
    running.set(name, run);
    await healthy(`http://127.0.0.1:${port}`, run, timeoutMs, name);
  };

  const halt = async (name: ProcessAppName, signal: NodeJS.Signals): Promise<void> => {
    const run = running.get(name);
    if (run === undefined) return;
    running.delete(name);
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill(signal);
    const timer = setTimeout(() => run.child.kill('SIGKILL'), 20_000);
    await run.exited;
    clearTimeout(timer);
  };

  const stack: ProcessStack = {
    baseUrl,
    consumerGroupPrefix,
    url: (name) => `http://127.0.0.1:${ports.get(name)}`,
    output: (name) => running.get(name)?.output.join('') ?? '',
    explained: (names, work) =>
      work.catch((error: unknown) => {
        const outputs = names.map((name) => `--- ${name}:\n${stack.output(name).slice(-6000)}`);
        throw new Error([error instanceof Error ? error.message : String(error), ...outputs].join('\n'));
      }),
    pid: (name) => running.get(name)?.child.pid,
    stopApp: (name) => halt(name, 'SIGTERM'),
    killApp: (name) => halt(name, 'SIGKILL'),
    startApp: start,
    stop: async () => {
      await Promise.all([...running.keys()].map((name) => halt(name, 'SIGTERM')));
    },
  };
  try {
    await Promise.all(names.map((name) => start(name)));
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}

/** A witness (apps/witness) running as its own process, as another organisation would run it. */
export interface WitnessProcess {
  readonly url: string;
  readonly name: string;
  /** its verifier key (`<name>+<id>+<base64(0x04 || key)>`) */
  readonly verifierKey: string;
  readonly stateDir: string;
  output(): string;
  /** the pid of its running process, if it runs */
  pid(): number | undefined;
  stop(): Promise<void>;
  kill(): Promise<void>;
  /** starts it again on the same port and state (without WITNESS_INIT) */
  start(): Promise<void>;
}

export interface WitnessProcessOptions {
  name: string;
  /** verifier keys of the logs it witnesses */
  logKeys: string[];
  /** PKCS#8 PEM of the witness key */
  keyPem: string;
  verifierKey: string;
  /** default: a new temporary directory (created with WITNESS_INIT=1 on the first start) */
  stateDir?: string;
  startTimeoutMs?: number;
}

/** Starts a witness process (first start with WITNESS_INIT=1) and waits for /health. */
export async function startWitnessProcess(options: WitnessProcessOptions): Promise<WitnessProcess> {
  const port = await freePort();
  const stateDir = options.stateDir ?? join(mkdtempSync(join(tmpdir(), 'uocava-witness-')), 'state');
  const url = `http://127.0.0.1:${port}`;
  let run: Running | null = null;
  let first = true;
  const start = async (): Promise<void> => {
    if (run !== null) throw new Error('witness is running');
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/witness/src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: process.env.NODE_ENV,
        LOG_LEVEL: 'warn',
        PORT: String(port),
        WITNESS_NAME: options.name,
        WITNESS_KEY: options.keyPem,
        WITNESS_STATE_DIR: stateDir,
        WITNESS_LOG_KEYS: options.logKeys.join('\n'),
        ...(first ? { WITNESS_INIT: '1' } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    first = false;
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString('utf8'));
      if (output.length > 200) output.splice(0, output.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const r: Running = { child, port, output, exited };
    run = r;
    try {
      await healthy(url, r, options.startTimeoutMs ?? 60_000, `witness ${options.name}`);
    } catch (e) {
      run = null;
      throw e;
    }
  };
  let lastOutput = '';
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const r = run;
    if (r === null) return;
    run = null;
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill(signal);
    await r.exited;
    lastOutput = r.output.join('');
  };
  await start();
  return {
    url,
    name: options.name,
    verifierKey: options.verifierKey,
    stateDir,
    output: () => (run === null ? lastOutput : (run as Running).output.join('')),
    pid: () => (run === null ? undefined : (run as Running).child.pid),
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    start,
  };
}
