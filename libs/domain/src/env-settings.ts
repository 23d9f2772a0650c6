/**
 * A whole-number setting from the environment: the fallback when unset or empty, otherwise an
 * integer of at least `min`, or an error naming the variable at start-up (never a silent NaN).
 */
export function integerSetting(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  min = 1,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min)
    throw new Error(`${name} must be an integer of at least ${min} (got ${JSON.stringify(raw)})`);
  return n;
}

/** The sender of the platform's e-mails when `MAIL_FROM` is not set. */
export const DEFAULT_MAIL_FROM = 'UOCAVA ballots <no-reply@uocava.example>';

/** The sender of the platform's e-mails (`MAIL_FROM`): the notifications app and the gateway agree. */
export function mailFrom(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.MAIL_FROM || DEFAULT_MAIL_FROM;
}

/** The most render threads the default gives a ballots process (more cores: set it). */
const MAX_DEFAULT_RENDER_THREADS = 4;

/**
 * Threads the ballots app renders packets in (`BALLOTS_RENDER_THREADS`); `0` renders on the event
 * loop. Default: on a process that sees more than 2 cores, one thread per core but one (the app's
 * own thread reads and writes meanwhile), at most 4; on 2 cores or fewer, 0: there the ballots app
 * shares the machine with the other apps, Postgres and Kafka, and the pool measured no faster than
 * in-thread rendering when no core was free (ratio 0.93) while costing 1.3–2 CPU ms more per
 * packet (docs/benchmarks.md, "Ballots worker"). A pod with its own CPUs sets it (deploy/k8s).
 */
export function renderThreads(env: Readonly<Record<string, string | undefined>>, cores: number): number {
  return integerSetting(
    env,
    'BALLOTS_RENDER_THREADS',
    cores > 2 ? Math.min(MAX_DEFAULT_RENDER_THREADS, Math.floor(cores) - 1) : 0,
    0,
  );
}
