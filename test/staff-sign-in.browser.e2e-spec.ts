/**
 * Named staff accounts in a real browser (Debian's Chromium through playwright-core), the gateway
 * and the notifications app as processes on real Postgres and Kafka, mail through a local SMTP
 * server: an admin (signed in with the office key) invites a clerk by e-mail, who
 * sets a password and enrols a passkey on Chromium's virtual WebAuthn authenticator, signs out and
 * signs in again with password + passkey; an auditor enrols an authenticator app (TOTP, the code
 * computed here with otpauth) and signs in with it, a code working once; five wrong passwords lock the auditor out; the
 * admin disables the clerk, whose session ends at once. The audit trail names each person.
 *
 * Passkeys need a relying party id that is a host name: the pages are opened at
 * http://localhost:<port> (the gateway maps its 127.0.0.1 PUBLIC_URL to localhost for WebAuthn).
 */
import * as OTPAuth from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createOffice, ownerClient, startSmtpSink, type SmtpSink } from '@uocava/testing';
import { launchBrowser, navigate, screenshot, seriousA11yViolations } from '@uocava/testing/browser';
import { startProcessStack, type ProcessStack } from './harness/processes';

const CLERK = {
  name: 'Ann Clerk',
  email: 'ann.clerk@office.example',
  password: 'correct horse battery staple',
};
const AUDITOR = {
  name: 'Bo Auditor',
  email: 'bo.auditor@office.example',
  password: 'purple elephant umbrella',
};

describe('named staff accounts in the browser', () => {
  let stack: ProcessStack;
  let browser: Browser;
  let base: string;
  let jurisdictionId: string;
  let adminKey: string;
  let admin: BrowserContext;
  let clerk: BrowserContext;
  let clerkPage: Page;
  let totpSecret = '';
  let sink: SmtpSink;

  const local = (url: string) => url.replace('http://127.0.0.1:', 'http://localhost:');

  async function accessible(page: Page, name: string): Promise<void> {
    expect({ page: name, violations: await seriousA11yViolations(page) }).toEqual({
      page: name,
      violations: [],
    });
    await screenshot(page, name);
  }

  async function invite(who: { name: string; email: string }, role: string): Promise<string> {
    const page = await admin.newPage();
    await page.goto(`${base}/office/staff`);
    await page.fill('#f-displayName', who.name);
    await page.fill('#f-email', who.email);
    await page.selectOption('#f-role', role);
    await navigate(page, 'button:has-text("Make the invitation link")');
    const link = (await page.locator('[data-invitation-link]').innerText()).trim();
    await page.close();
    expect(link).toMatch(new RegExp(`/office/invitations/${jurisdictionId}\\.[A-Za-z0-9_-]{43}$`));
    // the same link reaches the person by e-mail
    const [mail] = await sink.waitFor((m) => m.envelope.to.includes(who.email), {
      what: `the invitation mail to ${who.email}`,
    });
    expect(mail.text).toContain(link);
    expect(mail.text).toContain(`as ${role === 'admin' ? 'an' : 'a'} ${role}`);
    return local(link);
  }

  async function signInWithPassword(page: Page, who: { email: string; password: string }) {
    await page.goto(`${base}/office/sign-in`);
    await page.fill('#f-office', jurisdictionId);
    await page.fill('#f-email', who.email);
    await page.fill('#f-password', who.password);
    return navigate(page, 'button[data-staff-sign-in]');
  }

  async function audit(sql: string, params: unknown[]): Promise<string[]> {
    const owner = await ownerClient();
    try {
      const { rows } = await owner.query<{ line: string }>(sql, params);
      return rows.map((r) => r.line);
    } finally {
      await owner.end();
    }
  }

  beforeAll(async () => {
    const office = await createOffice({ prefix: 'staff', roles: ['admin'] });
    jurisdictionId = office.jurisdictionId;
    adminKey = office.keys.admin!;
    sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
    stack = await startProcessStack(['gateway', 'notifications']);
    base = local(stack.baseUrl);
    browser = await launchBrowser();
    admin = await browser.newContext();
    const page = await admin.newPage();
    await page.goto(`${base}/office/sign-in`);
    await page.fill('#f-key', adminKey);
    await navigate(page, 'button[type=submit]');
    await page.close();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await sink?.stop();
    delete process.env.SMTP_URL;
  });

  it('1. a clerk accepts the invitation with a passkey, signs out, and signs in with password + passkey', async () => {
    const link = await invite(CLERK, 'clerk');
    clerk = await browser.newContext();
    clerkPage = await clerk.newPage();
    const cdp = await clerk.newCDPSession(clerkPage);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    await clerkPage.goto(link);
    await accessible(clerkPage, 'office-staff-invitation');
    // a weak password is refused, the page says why (12 characters pass the browser's own check)
    await clerkPage.fill('#f-password', 'aaaaaaaaaaaaaaaa');
    await clerkPage.fill('#f-confirm', 'aaaaaaaaaaaaaaaa');
    await clerkPage.fill('#f-code', '000000');
    const weak = await navigate(clerkPage, 'button:has-text("Finish with the app code")');
    expect(weak.status()).toBe(400);
    await expect(clerkPage.locator('main').innerText()).resolves.toContain(
      'not the same few characters repeated',
    );
    await clerkPage.fill('#f-password', CLERK.password);
    await clerkPage.fill('#f-confirm', CLERK.password);
    await clerkPage.locator('[data-passkey-register]').waitFor({ state: 'visible' });
    // the page script answers the WebAuthn call, then sends the form
    await Promise.all([clerkPage.waitForURL(`${base}/office`), clerkPage.click('[data-passkey-register]')]);
    expect(new URL(clerkPage.url()).pathname).toBe('/office');
    await expect(clerkPage.locator('.signed-in').innerText()).resolves.toContain(CLERK.name);
    // the link works once
    const again = await clerkPage.goto(link);
    expect(again?.status()).toBe(410);

    await clerkPage.goto(`${base}/office`);
    await navigate(clerkPage, '.signed-in button[type=submit]');
    expect(new URL(clerkPage.url()).pathname).toBe('/office/sign-in');
    await accessible(clerkPage, 'office-sign-in-staff');
    const wrong = await signInWithPassword(clerkPage, { ...CLERK, password: 'not the password at all' });
    expect(wrong.status()).toBe(401);
    await signInWithPassword(clerkPage, CLERK);
    expect(new URL(clerkPage.url()).pathname).toBe('/office/sign-in/second-factor');
    await accessible(clerkPage, 'office-sign-in-second-factor');
    await clerkPage.locator('[data-passkey-sign-in]').waitFor({ state: 'visible' });
    await Promise.all([clerkPage.waitForURL(`${base}/office`), clerkPage.click('[data-passkey-sign-in]')]);
    expect(new URL(clerkPage.url()).pathname).toBe('/office');
    await expect(clerkPage.locator('h1').innerText()).resolves.toBe('Overview');
    // a clerk does not get the admin's staff page
    expect((await clerkPage.goto(`${base}/office/staff`))?.status()).toBe(403);
  });

  it('2. an auditor enrols an authenticator app and signs in with a TOTP code', async () => {
    const link = await invite(AUDITOR, 'auditor');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link);
    totpSecret = (await page.locator('[data-totp-secret]').innerText()).trim();
    const uri = await page.locator('[data-totp-uri]').getAttribute('href');
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret), digits: 6, period: 30 });
    await page.fill('#f-password', AUDITOR.password);
    await page.fill('#f-confirm', AUDITOR.password);
    const enrolmentCode = totp.generate();
    await page.fill('#f-code', enrolmentCode);
    await navigate(page, 'button:has-text("Finish with the app code")');
    expect(new URL(page.url()).pathname).toBe('/office');
    await navigate(page, '.signed-in button[type=submit]');

    await signInWithPassword(page, AUDITOR);
    expect(new URL(page.url()).pathname).toBe('/office/sign-in/second-factor');
    await page.fill('#f-code', String((Number(totp.generate()) + 1) % 1_000_000).padStart(6, '0'));
    const bad = await navigate(page, 'button:has-text("Sign in")');
    expect(bad.status()).toBe(401);
    // the enrolment's code works once: given again (a replay), it is refused like a wrong one
    await page.fill('#f-code', enrolmentCode);
    expect((await navigate(page, 'button:has-text("Sign in")')).status()).toBe(401);
    // the next step's code (one step of clock drift is allowed) signs in
    const code = totp.generate({ timestamp: Date.now() + 30_000 });
    await page.fill('#f-code', code);
    await navigate(page, 'button:has-text("Sign in")');
    expect(new URL(page.url()).pathname).toBe('/office');
    await expect(page.locator('.signed-in').innerText()).resolves.toContain(AUDITOR.name);
    await context.close();
  });

  it('3. five wrong passwords in a row lock the account for 15 minutes, audited', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (let i = 0; i < 5; i++)
      expect(
        (await signInWithPassword(page, { ...AUDITOR, password: `wrong password ${i}!` })).status(),
      ).toBe(401);
    const locked = await signInWithPassword(page, AUDITOR);
    expect(locked.status()).toBe(429);
    await expect(page.locator('main').innerText()).resolves.toContain('locked for 15 minutes');
    await context.close();
    const lines = await audit(
      `SELECT a.action || ' ' || a.outcome AS line FROM audit_log a JOIN staff_accounts s USING (staff_id)
       WHERE a.jurisdiction_id = $1 AND s.email = $2 AND a.action = 'staff.lockout'`,
      [jurisdictionId, AUDITOR.email],
    );
    expect(lines).toEqual(['staff.lockout locked']);
  });

  it('4. the admin sees the staff and the keys, disables the clerk, whose session ends at once', async () => {
    const page = await admin.newPage();
    await page.goto(`${base}/office/staff`);
    const row = page.locator(`tr[data-staff="${CLERK.email}"]`);
    await expect(row.innerText()).resolves.toMatch(/clerk\s+1 passkey/);
    await expect(page.locator(`tr[data-staff="${AUDITOR.email}"]`).innerText()).resolves.toContain(
      'authenticator app',
    );
    await expect(page.locator('table').nth(1).innerText()).resolves.toContain('live');
    await accessible(page, 'office-staff');
    await navigate(page, `tr[data-staff="${CLERK.email}"] button`);
    await expect(page.locator('main').innerText()).resolves.toContain('sessions have ended');
    await clerkPage.goto(`${base}/office`);
    expect(new URL(clerkPage.url()).pathname).toBe('/office/sign-in');
    const refused = await signInWithPassword(clerkPage, CLERK);
    expect(refused.status()).toBe(401);
    await page.close();
  });

  it('5. the audit trail names the staff member of every entry', async () => {
    const lines = await audit(
      `SELECT coalesce(s.display_name, 'key') || ' ' || a.action || ' ' || a.outcome AS line
       FROM audit_log a LEFT JOIN staff_accounts s USING (staff_id)
       WHERE a.jurisdiction_id = $1 AND a.action IN ('staff.accept-invitation', 'office.sign-in', 'staff.disable', 'staff.invite')
       ORDER BY a.audit_id`,
      [jurisdictionId],
    );
    expect(lines).toEqual([
      'key office.sign-in ok',
      'key staff.invite ok',
      `${CLERK.name} staff.accept-invitation ok`,
      `${CLERK.name} office.sign-in ok`,
      `${CLERK.name} office.sign-in denied`,
      `${CLERK.name} office.sign-in ok`,
      'key staff.invite ok',
      `${AUDITOR.name} staff.accept-invitation ok`,
      `${AUDITOR.name} office.sign-in ok`,
      // a wrong code, then the enrolment's code replayed
      `${AUDITOR.name} office.sign-in denied`,
      `${AUDITOR.name} office.sign-in denied`,
      `${AUDITOR.name} office.sign-in ok`,
      ...Array<string>(5).fill(`${AUDITOR.name} office.sign-in denied`),
      'key staff.disable ok',
      `${CLERK.name} office.sign-in denied`,
    ]);
  });
});
