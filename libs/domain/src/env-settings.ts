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
 * Threads the ballots app renders packets in (`BALLOTS_RENDER_THREADS`): default one per core the
 * process may use (`cores`, os.availableParallelism()), at most 4; `0` renders on the event loop.
 * The app's own thread mostly waits on Postgres and Kafka meanwhile, so on 2 cores the default of
 * 2 keeps both busy.
 */
export function renderThreads(env: Readonly<Record<string, string | undefined>>, cores: number): number {
  return integerSetting(
    env,
    'BALLOTS_RENDER_THREADS',
    Math.max(1, Math.min(MAX_DEFAULT_RENDER_THREADS, Math.floor(cores))),
    0,
  );
}
