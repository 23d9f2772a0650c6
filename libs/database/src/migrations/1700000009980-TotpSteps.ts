import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './tenant-isolation';

/**
 * TOTP codes work once (RFC 6238 section 5.2): `staff_accounts.totp_last_step` is the last time
 * step (Unix time / 30 s) whose code was accepted, at enrolment or sign-in; a code of that step or
 * an earlier one is refused, so a code seen over a shoulder or in a log cannot be used again.
 */
export class TotpSteps1700000009980 implements MigrationInterface {
  name = 'TotpSteps1700000009980';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff_accounts ADD COLUMN totp_last_step bigint CHECK (totp_last_step >= 0)`);
    await q.query(`GRANT UPDATE (totp_last_step) ON staff_accounts TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff_accounts DROP COLUMN totp_last_step`);
  }
}
