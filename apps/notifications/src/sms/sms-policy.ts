/**
 * The SMS channel's settings, from the environment (plain functions, no I/O). A malformed value
 * is an error at start-up; secrets are read here and never logged.
 */
import { join } from 'node:path';
import { integerSetting } from '@uocava/domain';
import { SinkSmsProvider, TwilioSmsProvider, type SmsProvider } from './sms-provider';

export const SMS_PROVIDERS = ['sink', 'twilio', 'off'] as const;
export type SmsProviderName = (typeof SMS_PROVIDERS)[number];

export interface SmsSettings {
  /** `SMS_PROVIDER`: `sink` (default, a directory), `twilio`, or `off` (no text is queued or sent) */
  provider: SmsProviderName;
  /** first retry after this long; doubles per attempt (`SMS_RETRY_BASE_MS`, default 30 s) */
  retryBaseMs: number;
  /** longest wait between two attempts (`SMS_RETRY_MAX_MS`, default 1 h) */
  retryMaxMs: number;
  /** a text not sent this long after it was queued is marked failed (`SMS_GIVE_UP_AFTER_MS`, default 24 h) */
  giveUpAfterMs: number;
  /** every jurisdiction's queue is looked at this often besides the wake-ups (`SMS_SWEEP_INTERVAL_MS`, 30 s) */
  sweepIntervalMs: number;
  /** texts claimed in one transaction (`SMS_BATCH`, default 20) */
  batch: number;
  /** texts in flight at once (`SMS_CONCURRENCY`, default 4) */
  concurrency: number;
  /** texts per jurisdiction before the next one's turn (`SMS_TURN`, default 200) */
  turn: number;
  /** HTTP timeout of one provider call (`SMS_TIMEOUT_MS`, default 15 s) */
  timeoutMs: number;
}

export function smsSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): SmsSettings {
  const provider = (env.SMS_PROVIDER || 'sink') as SmsProviderName;
  if (!SMS_PROVIDERS.includes(provider))
    throw new Error(
      `SMS_PROVIDER must be one of ${SMS_PROVIDERS.join(', ')} (got ${JSON.stringify(env.SMS_PROVIDER)})`,
    );
  const settings: SmsSettings = {
    provider,
    retryBaseMs: integerSetting(env, 'SMS_RETRY_BASE_MS', 30_000),
    retryMaxMs: integerSetting(env, 'SMS_RETRY_MAX_MS', 3_600_000),
    giveUpAfterMs: integerSetting(env, 'SMS_GIVE_UP_AFTER_MS', 24 * 3_600_000),
    sweepIntervalMs: integerSetting(env, 'SMS_SWEEP_INTERVAL_MS', 30_000),
    batch: integerSetting(env, 'SMS_BATCH', 20),
    concurrency: integerSetting(env, 'SMS_CONCURRENCY', 4),
    turn: integerSetting(env, 'SMS_TURN', 200),
    timeoutMs: integerSetting(env, 'SMS_TIMEOUT_MS', 15_000),
  };
  if (settings.retryMaxMs < settings.retryBaseMs)
    throw new Error('SMS_RETRY_MAX_MS must not be smaller than SMS_RETRY_BASE_MS');
  return settings;
}

/** The provider `SMS_PROVIDER` names, or undefined when it is `off`. */
export function smsProviderFromEnv(
  settings: Pick<SmsSettings, 'provider' | 'timeoutMs'>,
  env: NodeJS.ProcessEnv = process.env,
): SmsProvider | undefined {
  switch (settings.provider) {
    case 'off':
      return undefined;
    case 'twilio':
      return new TwilioSmsProvider({
        accountSid: env.TWILIO_ACCOUNT_SID ?? '',
        authToken: env.TWILIO_AUTH_TOKEN ?? '',
        from: env.SMS_FROM ?? '',
        apiUrl: env.TWILIO_API_URL || 'https://api.twilio.com',
        timeoutMs: settings.timeoutMs,
      });
    case 'sink':
      return new SinkSmsProvider(env.SMS_SINK_DIR || join(process.cwd(), '.cache', 'sms'));
  }
}
