import {
  afterFailedAttempt,
  invitationExpiry,
  invitationState,
  isLocked,
  LOCKOUT_AFTER_FAILURES,
  normaliseStaffEmail,
  passwordProblem,
} from './staff-accounts';

describe('staff accounts', () => {
  const now = new Date('2026-11-03T10:00:00Z');

  describe('passwordProblem', () => {
    it('refuses short passwords, repeated characters and the e-mail address', () => {
      expect(passwordProblem('short-pass1', 'ann@office.example')).toMatch(/at least 12/);
      expect(passwordProblem('aaaaaaaaaaaaaaaa', 'ann@office.example')).toMatch(/repeated/);
      expect(passwordProblem('annette@office.example', 'annette@office.example')).toMatch(/e-mail/);
      expect(passwordProblem('my-annette-password', 'annette@office.example')).toMatch(/e-mail/);
      expect(passwordProblem('x'.repeat(100) + 'y'.repeat(101) + 'ab', 'a@b.example')).toMatch(/at most/);
    });

    it('accepts a long passphrase', () => {
      expect(passwordProblem('correct horse battery staple', 'ann@office.example')).toBeUndefined();
    });
  });

  it('normalises e-mail addresses and refuses what is not one', () => {
    expect(normaliseStaffEmail('  Ann@Office.Example ')).toBe('ann@office.example');
    expect(normaliseStaffEmail('ann')).toBeUndefined();
    expect(normaliseStaffEmail('ann@office')).toBeUndefined();
  });

  describe('lockout', () => {
    it('locks for 15 minutes on the fifth consecutive failure, then counts again', () => {
      let failed = 0;
      for (let i = 1; i < LOCKOUT_AFTER_FAILURES; i++) {
        const next = afterFailedAttempt(failed, now);
        expect(next).toEqual({ failedAttempts: i, lockedUntil: null, locked: false });
        failed = next.failedAttempts;
      }
      const fifth = afterFailedAttempt(failed, now);
      expect(fifth.locked).toBe(true);
      expect(fifth.failedAttempts).toBe(0);
      expect(fifth.lockedUntil?.toISOString()).toBe('2026-11-03T10:15:00.000Z');
    });

    it('is locked only until the lock ends', () => {
      const until = new Date('2026-11-03T10:15:00Z');
      expect(isLocked(until, now)).toBe(true);
      expect(isLocked(until, new Date('2026-11-03T10:15:00Z'))).toBe(false);
      expect(isLocked(null, now)).toBe(false);
    });
  });

  describe('invitations', () => {
    it('work for seven days and once', () => {
      const expiresAt = invitationExpiry(now);
      expect(expiresAt.toISOString()).toBe('2026-11-10T10:00:00.000Z');
      expect(invitationState({ expiresAt, acceptedAt: null }, new Date('2026-11-10T09:59:59Z'))).toBe('open');
      expect(invitationState({ expiresAt, acceptedAt: null }, new Date('2026-11-10T10:00:00Z'))).toBe(
        'expired',
      );
      expect(invitationState({ expiresAt, acceptedAt: now }, now)).toBe('accepted');
    });
  });
});
