/**
 * The whole journey in a real browser (Debian's Chromium through playwright-core), with every app
 * on real Postgres and Kafka and e-mail through a real SMTP server in this process:
 *
 * a voter requests a ballot on the web form -> the "received" e-mail arrives -> a clerk signs in,
 * reviews the request next to the roll record and approves it -> the "ballot ready" e-mail arrives
 * with a link -> the voter opens it and downloads the PDF, and tracks the request -> the clerk
 * scans the returned envelope and accepts the ballot -> the voter sees "Accepted" and verifies
 * that step's receipt in the page. axe-core checks every page; screenshots go to docs/screenshots
 * with UPDATE_SCREENSHOTS=1.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TOPICS } from '@uocava/contracts';
import {
  createOffice,
  electionDateThisYear,
  EXAMPLE_PRECINCT,
  eventually,
  gatewayClient,
  ownerClient,
  startSmtpSink,
  waitForConsumerGroup,
  type SmtpSink,
} from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';
import {
  fillFpcaForm,
  launchBrowser,
  navigate,
  screenshot,
  seriousA11yViolations,
} from '@uocava/testing/browser';

const VOTER = {
  first: 'Aiyana',
  last: 'Redcloud',
  dob: '1991-07-04',
  license: 'RA1234567', // the roll has another number: the request needs a person
  email: 'aiyana.redcloud@example.org',
};

describe('the whole journey in the browser', () => {
  let stack: ProcessStack;
  let sink: SmtpSink;
  let browser: Browser;
  let jurisdictionId: string;
  let keys: { clerk: string; auditor: string };
  let voter: BrowserContext;
  let clerk: BrowserContext;
  let trackingCode = '';
  const visited: string[] = [];
  const offOrigin: string[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
    process.env.MAIL_RETRY_BASE_MS = '200';
    process.env.MAIL_SWEEP_INTERVAL_MS = '1000';
    const office = await createOffice({ prefix: 'journey', roles: ['clerk', 'auditor'] });
    jurisdictionId = office.jurisdictionId;
    keys = { clerk: office.keys.clerk!, auditor: office.keys.auditor! };
    stack = await startProcessStack();
    await waitForConsumerGroup(`${stack.consumerGroupPrefix}notifications`, [
      TOPICS.requests,
      TOPICS.ballots,
    ]);
    const http = gatewayClient(stack.baseUrl);
    expect((await http.defineElection(keys.clerk, electionDateThisYear(40))).status).toBe(201);
    const roll = await http.importRoll(keys.clerk, [
      {
        state_voter_id: 'OH-J-0001',
        first_name: VOTER.first,
        last_name: VOTER.last,
        date_of_birth: VOTER.dob,
        drivers_license: 'RA7654321',
        residence_street: '77 Market St',
        residence_city: 'Youngstown',
        residence_state: 'OH',
        residence_zip: '44503',
        county: 'Mahoning',
        precinct: EXAMPLE_PRECINCT,
        status: 'active',
      },
    ]);
    expect(roll.status).toBe(200);
    browser = await launchBrowser();
    voter = await browser.newContext({ acceptDownloads: true });
    clerk = await browser.newContext({ acceptDownloads: true });
    for (const context of [voter, clerk])
      context.on('request', (r) => {
        if (!r.url().startsWith(stack.baseUrl)) offOrigin.push(r.url());
      });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await sink?.stop();
    delete process.env.SMTP_URL;
  });

  /** axe-core on the page (no serious or critical WCAG 2.1 A/AA violation), then a screenshot. */
  async function check(page: Page, name: string): Promise<void> {
    visited.push(name);
    expect({ page: name, violations: await seriousA11yViolations(page) }).toEqual({
      page: name,
      violations: [],
    });
    await screenshot(page, name);
  }

  function mailsWith(subject: string) {
    return sink.waitFor((m) => m.envelope.to.includes(VOTER.email) && m.subject === subject, {
      timeoutMs: 60000,
      what: `e-mail "${subject}"`,
    });
  }

  it('1. the voter requests a ballot on the web form and gets a tracking code by e-mail', async () => {
    const page = await voter.newPage();
    await page.goto(`${stack.baseUrl}/`);
    await check(page, 'voter-home');
    await navigate(page, 'a.button[href="/request"]');
    await fillFpcaForm(page, {
      jurisdictionId,
      voterClass: 0, // active duty
      first: VOTER.first,
      last: VOTER.last,
      dateOfBirth: VOTER.dob,
      driversLicense: VOTER.license,
      residence: {
        street: '77 Market St',
        city: 'Youngstown',
        state: 'OH',
        zip: '44503',
        county: 'Mahoning',
      },
      mailing: { line1: 'Unit 2050 Box 4190', city: 'APO', region: 'AE', postalCode: '09204', country: 'US' },
      email: VOTER.email,
    });
    await check(page, 'voter-request-filled');
    const response = await navigate(page, 'button[type=submit]');
    const problems = await page.locator('.error-summary').allInnerTexts();
    expect({ status: response.status(), problems }).toEqual({ status: 201, problems: [] });
    trackingCode = (await page.locator('[data-tracking-code]').innerText()).trim();
    await check(page, 'voter-request-confirmation');
    const [received] = await mailsWith('We received your ballot request');
    expect(received.text).toContain(trackingCode);
    expect(received.text).toContain(`/track?code=${trackingCode}`);
    expect(received.parsed.attachments).toEqual([]);
    expect(received.text).not.toContain(VOTER.dob);
    expect(received.text).not.toContain(VOTER.license);
    await page.close();
  });

  it('2. a clerk signs in, sees the overview, and approves the request next to the roll record', async () => {
    const page = await clerk.newPage();
    const first = await page.goto(`${stack.baseUrl}/office/review`);
    expect(page.url()).toContain('/office/sign-in?next=%2Foffice%2Freview');
    expect(first?.status()).toBe(200);
    await check(page, 'office-sign-in');
    await page.fill('#f-key', 'uk_not-a-real-key-0000000000000000');
    const wrong = await navigate(page, 'button[type=submit]');
    expect(wrong.status()).toBe(401);
    await page.fill('#f-key', keys.clerk);
    await navigate(page, 'button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/office/review');
    const cookie = (await clerk.cookies()).find((c) => c.name === 'uocava_office');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/office' });
    await eventually(
      async () => {
        await page.reload();
        return (await page.locator(`text=${trackingCode}`).count()) > 0 ? true : undefined;
      },
      60000,
      'the request in the review queue',
    );
    await check(page, 'office-review');
    await navigate(page, 'button:has-text("Approve: this is the voter")');
    await expect(page.locator('.notice-success').innerText()).resolves.toContain('approved');
    await page.goto(`${stack.baseUrl}/office`);
    await check(page, 'office-overview');
    await expect(
      page.locator('[data-move-status="due"], [data-move-status="at-risk"]').count(),
    ).resolves.toBe(2);
    await page.close();
  });

  let packetLink = '';

  it('3. the "ballot ready" e-mail links to the packet page; the voter downloads the PDF', async () => {
    const [ready] = await mailsWith('Your ballot is ready');
    expect(ready.parsed.attachments).toEqual([]);
    packetLink = /https?:\/\/\S+\/ballot\/[0-9a-f-]{36}\?token=[A-Za-z0-9_-]+/.exec(ready.text)?.[0] ?? '';
    expect(packetLink).toContain(stack.baseUrl);
    const page = await voter.newPage();
    await page.goto(packetLink);
    await expect(page.locator('h1').innerText()).resolves.toBe('Your ballot');
    await check(page, 'voter-packet');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[download]')]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    await navigate(page, 'text=Read your ballot as a web page');
    await check(page, 'voter-accessible-ballot');
    await page.close();
  });

  it('4. the voter tracks the request with the tracking code and date of birth', async () => {
    const page = await voter.newPage();
    await page.goto(`${stack.baseUrl}/track?code=${trackingCode}`);
    await check(page, 'voter-track-form');
    await page.fill('#f-dateOfBirth', VOTER.dob);
    await navigate(page, 'button[type=submit]');
    await expect(page.locator('[data-ballot-status]').getAttribute('data-ballot-status')).resolves.toBe(
      'transmitted',
    );
    await page.close();
  });

  it('5. the clerk scans the returned envelope and accepts the ballot', async () => {
    const { ballots } = await gatewayClient(stack.baseUrl).track(trackingCode);
    const ballotId = ballots[0].ballotId;
    const page = await clerk.newPage();
    await page.goto(`${stack.baseUrl}/office/returns`);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('f-barcode');
    await check(page, 'office-returns');
    await page.keyboard.type(ballotId.toUpperCase());
    const recorded = await Promise.all([
      page.waitForResponse((r) => r.request().isNavigationRequest()),
      page.keyboard.press('Enter'),
    ]).then(([r]) => r);
    await page.waitForLoadState('load');
    expect(recorded.status()).toBe(200);
    await expect(page.locator('[data-return-outcome]').getAttribute('data-return-outcome')).resolves.toBe(
      'on-time',
    );
    await check(page, 'office-returns-recorded');
    await page.goto(`${stack.baseUrl}/office/ballots`);
    await check(page, 'office-decisions');
    await navigate(page, `section[data-ballot="${ballotId}"] button:has-text("Accept")`);
    await expect(page.locator('.notice-success').innerText()).resolves.toContain('accepted');
    await page.goto(`${stack.baseUrl}/office/reports`);
    await check(page, 'office-reports');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('text=EAVS Section B')]);
    expect(csv.suggestedFilename()).toMatch(/^esbdata-\d{4}-\d{2}-\d{2}-Ohio-Mahoning\.csv$/);
    await page.goto(`${stack.baseUrl}/office/work-queue`);
    await check(page, 'office-work-queue');
    // print batches for mail voters (this voter's ballot went by e-mail: the page shows the form)
    await page.goto(`${stack.baseUrl}/office/print-batches`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Print batches for mail voters');
    await check(page, 'office-print-batches');
    // voter service: the clerk finds the voter by tracking code and opens the contact form
    await page.goto(`${stack.baseUrl}/office/voter-service?trackingCode=${trackingCode}`);
    await expect(page.locator('section.card h2').first().innerText()).resolves.toContain(trackingCode);
    await page.click('summary:has-text("Change contact details")');
    await check(page, 'office-voter-service');
    await page.close();
  });

  it('6. the voter sees "accepted" and verifies that receipt in the page', async () => {
    await mailsWith('Your ballot was accepted');
    await eventually(
      async () => {
        const t = await gatewayClient(stack.baseUrl).track(trackingCode);
        const accepted = t.steps.find((s) => s.type === 'uocava.ballot.accepted.v1');
        return accepted?.receipt ? accepted : undefined;
      },
      60000,
      'the receipt of the acceptance',
    );
    const page = await voter.newPage();
    await page.goto(`${stack.baseUrl}/track?code=${trackingCode}`);
    await page.fill('#f-dateOfBirth', VOTER.dob);
    await navigate(page, 'button[type=submit]');
    await expect(page.locator('[data-ballot-status]').getAttribute('data-ballot-status')).resolves.toBe(
      'accepted',
    );
    await expect(page.locator('[data-ballot-status]').innerText()).resolves.toBe('Accepted');
    const step = page.locator('li[data-step="uocava.ballot.accepted.v1"]');
    await step.locator('button[data-receipt]').click();
    const out = step.locator('output');
    await page.waitForFunction(
      (el) => !!el && /Verified|Not verified/.test(el.textContent ?? ''),
      await out.elementHandle(),
    );
    await expect(out.innerText()).resolves.toMatch(
      /^Verified: signed by log\.uocava\.example\/journey-[0-9a-f]+\/1, entry \d+ of \d+ in the public log\.$/,
    );
    await check(page, 'voter-track-accepted');
    await page.close();
  });

  it('7. an auditor can read but not act; forms without the session token are refused', async () => {
    const auditor = await browser.newContext();
    const page = await auditor.newPage();
    await page.goto(`${stack.baseUrl}/office/sign-in`);
    await page.fill('#f-key', keys.auditor);
    await navigate(page, 'button[type=submit]');
    await expect(page.locator('h1').innerText()).resolves.toBe('Overview');
    await page.goto(`${stack.baseUrl}/office/returns`);
    await expect(page.locator('main').innerText()).resolves.toContain('can see returns but not record them');
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const post = (path: string, form: Record<string, string>) =>
      page.evaluate(
        async ([p, f]) => {
          const res = await fetch(p, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(f).toString(),
          });
          return res.status;
        },
        [path, form] as const,
      );
    await expect(post('/office/returns', { _csrf: csrf, barcode: 'x', method: 'mail' })).resolves.toBe(403);
    await expect(post('/office/sign-out', { _csrf: 'forged' })).resolves.toBe(403);
    await expect(post('/office/sign-out', { _csrf: csrf })).resolves.toBe(200); // redirected to sign-in
    const after = await page.goto(`${stack.baseUrl}/office`);
    expect(new URL(page.url()).pathname).toBe('/office/sign-in');
    expect(after?.status()).toBe(200);
    await auditor.close();
    const owner = await ownerClient();
    try {
      const { rows } = await owner.query(
        `SELECT action, outcome, role, details->>'via' AS via FROM audit_log
         WHERE jurisdiction_id = $1 AND details->>'via' = 'web' ORDER BY audit_id`,
        [jurisdictionId],
      );
      const actions = rows.map(
        (r: { action: string; outcome: string; role: string }) => `${r.role} ${r.action} ${r.outcome}`,
      );
      expect(actions).toEqual(
        expect.arrayContaining([
          'clerk office.sign-in ok',
          'clerk ballot.return ok',
          'clerk ballot.accept ok',
          'clerk report.eavs-section-b ok',
          'auditor office.sign-in ok',
          'auditor office.sign-out ok',
        ]),
      );
      expect(
        actions.some((a: string) => a.startsWith('auditor office-page:POST') && a.endsWith('denied')),
      ).toBe(true);
    } finally {
      await owner.end();
    }
  });

  it('loaded nothing from another origin on any page', () => {
    expect(visited.length).toBeGreaterThanOrEqual(14);
    expect(offOrigin).toEqual([]);
  });
});
