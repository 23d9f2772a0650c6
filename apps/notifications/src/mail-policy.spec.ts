import { mailIdFor, messageIdDomain, messageIdFor } from '@uocava/database';
import { classifySendError, DEFAULT_FROM, mailSettingsFromEnv, retryDelayMs } from './mail-policy';

/** Errors shaped as nodemailer 10 raises them against a real SMTP server (see the smtp-sink test). */
const smtpError = (code: string, responseCode: number | undefined, command: string, message: string) =>
  Object.assign(new Error(message), { code, responseCode, command });

describe('mail settings', () => {
  it('has defaults for a real relay', () => {
    expect(mailSettingsFromEnv({})).toEqual({
      from: DEFAULT_FROM,
      retryBaseMs: 30_000,
      retryMaxMs: 3_600_000,
      giveUpAfterMs: 259_200_000,
      sweepIntervalMs: 30_000,
      batch: 50,
      turn: 500,
      smtpConnections: 5,
      smtpTimeoutMs: 30_000,
    });
  });

  it('reads the environment and refuses nonsense at start-up', () => {
    expect(
      mailSettingsFromEnv({
        MAIL_FROM: 'Office <ballots@county.example.gov>',
        MAIL_GIVE_UP_AFTER_MS: '5000',
      }),
    ).toMatchObject({ from: 'Office <ballots@county.example.gov>', giveUpAfterMs: 5000 });
    expect(() => mailSettingsFromEnv({ MAIL_RETRY_BASE_MS: '-1' })).toThrow('MAIL_RETRY_BASE_MS');
    expect(() => mailSettingsFromEnv({ MAIL_BATCH: '2.5' })).toThrow('MAIL_BATCH');
    expect(() => mailSettingsFromEnv({ MAIL_RETRY_BASE_MS: '10', MAIL_RETRY_MAX_MS: '5' })).toThrow(
      'MAIL_RETRY_MAX_MS',
    );
  });
});

describe('retry schedule', () => {
  it('doubles from the base up to the cap', () => {
    const s = { retryBaseMs: 30_000, retryMaxMs: 3_600_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => retryDelayMs(n, s))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
    expect(retryDelayMs(0, s)).toBe(30_000);
  });
});

describe('what a failed send means', () => {
  it('pauses for a relay that is down or refuses every message', () => {
    for (const e of [
      smtpError('ESOCKET', undefined, 'CONN', 'connect ECONNREFUSED 127.0.0.1:2525'),
      smtpError('ETIMEDOUT', undefined, 'CONN', 'Connection timeout'),
      smtpError('EENVELOPE', 451, 'MAIL FROM', 'Mail command failed: 451 4.3.0 Try again later'),
      smtpError('EENVELOPE', 550, 'MAIL FROM', 'Mail command failed: 550 sender rejected'),
      smtpError('EPROTOCOL', 421, 'CONN', '421 Service not available'),
      smtpError('EAUTH', 535, 'AUTH PLAIN', 'Invalid login: 535 Authentication failed'),
      new Error('something else entirely'),
      'not even an error',
    ])
      expect(classifySendError(e).outcome).toBe('relay-down');
  });

  it('retries one refused message and gives up at once on a recipient refused for good', () => {
    expect(classifySendError(smtpError('EMESSAGE', 451, 'DATA', 'Message failed: 451 4.7.1'))).toEqual({
      outcome: 'retry',
      code: 'smtp 451 DATA (EMESSAGE)',
    });
    expect(classifySendError(smtpError('EMESSAGE', 554, 'DATA', 'Message failed: 554 5.7.1')).outcome).toBe(
      'retry',
    );
    expect(classifySendError(smtpError('EENVELOPE', 452, 'RCPT TO', 'mailbox full')).outcome).toBe('retry');
    expect(
      classifySendError(
        smtpError('EENVELOPE', 550, 'RCPT TO', "Can't send mail - all recipients were rejected: 550 5.1.1"),
      ),
    ).toEqual({ outcome: 'recipient-rejected', code: 'smtp 550 RCPT TO (EENVELOPE)' });
  });

  it('never keeps the server text, which may quote the address', () => {
    const e = smtpError(
      'EENVELOPE',
      550,
      'RCPT TO',
      '550 5.1.1 <jane.doe@example.org>: Recipient address rejected: User unknown',
    );
    expect(classifySendError(e).code).not.toContain('jane');
    const odd = Object.assign(new Error('x'), { code: 'jane.doe@example.org', command: 'RCPT <jane@x>' });
    expect(classifySendError(odd).code).toBe('ERROR');
  });
});

describe('message ids', () => {
  it('are stable per event and carry the sender domain', () => {
    const id = mailIdFor('us-oh-mahoning', '7d2c1b0a-9e8f-4a6b-8c5d-3e2f1a0b9c8d');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(mailIdFor('us-oh-mahoning', '7d2c1b0a-9e8f-4a6b-8c5d-3e2f1a0b9c8d')).toBe(id);
    expect(mailIdFor('us-oh-trumbull', '7d2c1b0a-9e8f-4a6b-8c5d-3e2f1a0b9c8d')).not.toBe(id);
    expect(messageIdFor(id, 'Mahoning County <Ballots@Mahoning.Example.GOV>')).toBe(
      `<${id}@mahoning.example.gov>`,
    );
    expect(messageIdDomain('no-reply@ballots.example.org')).toBe('ballots.example.org');
    expect(messageIdDomain('nonsense')).toBe('uocava.invalid');
  });
});
