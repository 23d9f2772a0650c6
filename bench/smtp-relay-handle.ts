/**
 * The parent's side of bench/smtp-relay.ts: forks the relay as its own process and asks it over
 * IPC how many messages it has accepted (`mail` and `surge` deliver to it through SMTP).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface SmtpRelay {
  url: string;
  pid: number;
  /** messages accepted so far, and when the last one was (ms since the epoch; 0: none yet) */
  count(): Promise<{ received: number; lastAt: number }>;
  stop(): Promise<void>;
}

export async function startSmtpRelay(): Promise<SmtpRelay> {
  const child: ChildProcess = fork(join(__dirname, 'smtp-relay.ts'), [], {
    execArgv: process.execArgv.filter((a) => a !== '--expose-gc'),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`smtp relay exited (${code})`)));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    pid: child.pid!,
    count: () =>
      new Promise((resolve) => {
        child.once('message', (m: { received: number; lastAt: number }) => resolve(m));
        child.send({ ask: 'count' });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ ask: 'exit' });
      }),
  };
}
