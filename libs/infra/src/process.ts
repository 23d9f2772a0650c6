import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Children started by this process, killed (SIGKILL) when it exits for any reason we can see. */
const children = new Set<ChildProcess>();
let hooksInstalled = false;

function killAllNow(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAllNow();
      // Keep the default "exit on signal" behaviour when nobody else handles the signal.
      if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGTERM' ? 143 : 129);
    };
    process.on(signal, onSignal);
  }
}

/** Tracks `child` so it is killed with this process; also starts a detached shell watchdog that
 * kills it if this process dies without running exit handlers (SIGKILL, OOM). */
export function tieToParent(child: ChildProcess): void {
  if (child.pid === undefined) return;
  installHooks();
  children.add(child);
  child.once('exit', () => children.delete(child));
  startWatchdog(child.pid, 'TERM');
}

/** A detached shell loop that sends `signal` (then KILL after 10 s) to `pid` once this process
 * is gone; it ends by itself when `pid` exits first. */
export function startWatchdog(pid: number, signal: 'TERM' | 'INT'): void {
  const script =
    'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 2; done; ' +
    'if kill -0 "$2" 2>/dev/null; then kill -"$3" "$2"; sleep 10; kill -KILL "$2" 2>/dev/null; fi';
  const watchdog = spawn('sh', ['-c', script, 'watchdog', String(process.pid), String(pid), signal], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a live process (Linux /proc), or undefined. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Same for a pid we did not spawn (a stale process from an earlier run). */
export async function terminatePid(pid: number, graceMs: number): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether `cmd args` runs and exits 0 (e.g. `java -version`). */
export function commandWorks(cmd: string, args: string[]): boolean {
  // env passed explicitly: the PATH the caller sees (jest gives tests their own process.env).
  const result = spawnSync(cmd, args, { stdio: 'ignore', timeout: 30000, env: process.env });
  return result.error === undefined && result.status === 0;
}

/** Keeps the last `max` lines of a stream-like text feed. */
export class TailBuffer {
  private readonly lines: string[] = [];
  private partial = '';
  constructor(private readonly max: number) {}
  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      this.lines.push(line);
      if (this.lines.length > this.max) this.lines.shift();
    }
    return parts;
  }
  text(): string {
    return [...this.lines, this.partial].filter((l) => l !== '').join('\n');
  }
}
