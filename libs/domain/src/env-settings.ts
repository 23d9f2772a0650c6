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
