/**
 * The sender's rules, as plain functions: its settings, the retry schedule, and what an SMTP
 * failure means. No I/O.
 */
import { DEFAULT_MAIL_FROM, integerSetting, mailFrom } from '@uocava/domain';

export interface MailSettings {
  /** sender address (`MAIL_FROM`) */
  from: string;
  /** first retry after this long; doubles per attempt (`MAIL_RETRY_BASE_MS`, default 30 s) */
  retryBaseMs: number;
  /** longest wait between two attempts (`MAIL_RETRY_MAX_MS`, default 1 h) */
  retryMaxMs: number;
  /** a mail not delivered this long after it was queued is marked failed (`MAIL_GIVE_UP_AFTER_MS`, default 72 h) */
  giveUpAfterMs: number;
  /** every jurisdiction's queue is looked at this often, besides the wake-ups (`MAIL_SWEEP_INTERVAL_MS`, default 30 s) */
  sweepIntervalMs: number;
  /** mails claimed in one transaction and sent concurrently (`MAIL_BATCH`, default 50) */
  batch: number;
  /** mails sent per jurisdiction before the next one gets its turn (`MAIL_TURN`, default 500) */
  turn: number;
  /** SMTP connections of the pool, and so messages in flight at once (`MAIL_SMTP_CONNECTIONS`, default 5) */
  smtpConnections: number;
  /** connection, greeting and socket timeout of the SMTP client (`MAIL_SMTP_TIMEOUT_MS`, default 30 s) */
  smtpTimeoutMs: number;
}

export const DEFAULT_FROM = DEFAULT_MAIL_FROM;

/** The sender's settings from the environment; a malformed value is an error at start-up. */
export function mailSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MailSettings {
  const settings: MailSettings = {
    from: mailFrom(env),
    retryBaseMs: integerSetting(env, 'MAIL_RETRY_BASE_MS', 30_000),
    retryMaxMs: integerSetting(env, 'MAIL_RETRY_MAX_MS', 3_600_000),
    giveUpAfterMs: integerSetting(env, 'MAIL_GIVE_UP_AFTER_MS', 72 * 3_600_000),
    sweepIntervalMs: integerSetting(env, 'MAIL_SWEEP_INTERVAL_MS', 30_000),
    batch: integerSetting(env, 'MAIL_BATCH', 50),
    turn: integerSetting(env, 'MAIL_TURN', 500),
    smtpConnections: integerSetting(env, 'MAIL_SMTP_CONNECTIONS', 5),
    smtpTimeoutMs: integerSetting(env, 'MAIL_SMTP_TIMEOUT_MS', 30_000),
  };
  if (settings.retryMaxMs < settings.retryBaseMs)
    throw new Error('MAIL_RETRY_MAX_MS must not be smaller than MAIL_RETRY_BASE_MS');
  return settings;
}

/** Wait before the next attempt, after `attempts` failed ones (1, 2, ...): base * 2^(attempts-1), capped. */
export function retryDelayMs(
  attempts: number,
  settings: Pick<MailSettings, 'retryBaseMs' | 'retryMaxMs'>,
): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  return Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** exponent);
}

/**
 * What a failed send means:
 * - `recipient-rejected`: the relay refused this recipient for good (5xx to RCPT TO): retrying
 *   cannot help, the mail is marked failed at once;
 * - `retry`: this message was refused for now (4xx, or a 5xx to DATA, which relays also use for
 *   temporary policy): it waits its backoff, the others go on;
 * - `relay-down`: the relay cannot be reached or refuses every message (connection, TLS, auth,
 *   421, refused sender): the sender pauses instead of failing every queued mail in turn.
 */
export type SendFailure = 'recipient-rejected' | 'retry' | 'relay-down';

export interface ClassifiedError {
  outcome: SendFailure;
  /** short and free of personal data (a server's text may quote the address): `smtp 451 DATA`, `ECONNECTION` */
  code: string;
}

export function classifySendError(error: unknown): ClassifiedError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    responseCode?: unknown;
    command?: unknown;
  };
  const code = typeof e.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(e.code) ? e.code : 'ERROR';
  const response = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command =
    typeof e.command === 'string' && /^[A-Z ]{1,20}$/.test(e.command) ? e.command.trim() : undefined;
  const label =
    response !== undefined
      ? `smtp ${response}${command ? ` ${command}` : ''} (${code})`
      : command
        ? `${code} ${command}`
        : code;
  if (response === undefined || response === 421) return { outcome: 'relay-down', code: label };
  // the relay refuses our sender or our credentials: no message can go until that is fixed
  if (command === 'MAIL FROM' || command === 'AUTH' || code === 'EAUTH')
    return { outcome: 'relay-down', code: label };
  const rcpt = command === 'RCPT TO' || (code === 'EENVELOPE' && command === undefined);
  if (response >= 500 && rcpt) return { outcome: 'recipient-rejected', code: label };
  if (response >= 400) return { outcome: 'retry', code: label };
  return { outcome: 'relay-down', code: label };
}
