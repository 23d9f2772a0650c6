/**
 * The Spanish journey in a real browser (issue 16): a voter whose browser prefers Spanish requests
 * a ballot on the web form, gets the e-mails in Spanish over SMTP, opens the packet page from the
 * e-mail, downloads the packet (a Spanish PDF), marks the ballot on the marking page with nothing
 * sent, and tracks the request, every page in Spanish with no axe-core violation of any impact.
 * Every app runs as its own process on real Postgres and Kafka; the roll has the voter, so the
 * request is verified without a clerk.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TOPICS } from '@uocava/contracts';
import { t } from '@uocava/domain';
import {
  createOffice,
  electionDateThisYear,
  EXAMPLE_PRECINCT,
  gatewayClient,
  startSmtpSink,
  waitForConsumerGroup,
  type SmtpSink,
} from '@uocava/testing';
import { a11yViolations, fillFpcaForm, launchBrowser, navigate, screenshot } from '@uocava/testing/browser';
import { startProcessStack, type ProcessStack } from './harness/processes';

const VOTER = {
  first: 'Lucía',
  last: 'Fernández Ortega',
  dob: '1988-03-21',
  license: 'LF4455667',
  email: 'lucia.fernandez@example.org',
};

/** The document language of a PDF (its catalog's /Lang). */
async function pdfLanguage(bytes: Uint8Array): Promise<string | undefined> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const lang = doc.catalog.get(PDFName.of('Lang'));
  return lang instanceof PDFString ? lang.decodeText() : lang?.toString();
}

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'journey-es-'));
  try {
    writeFileSync(join(dir, 'p.pdf'), bytes);
    return execFileSync('pdftotext', [join(dir, 'p.pdf'), '-']).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the Spanish journey in the browser', () => {
  let stack: ProcessStack;
  let sink: SmtpSink;
  let browser: Browser;
  let voter: BrowserContext;
  let jurisdictionId: string;
  let trackingCode = '';
  let packetLink = '';
  let issued: Buffer = Buffer.alloc(0);
  const offOrigin: string[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
    process.env.MAIL_RETRY_BASE_MS = '200';
    process.env.MAIL_SWEEP_INTERVAL_MS = '1000';
    const office = await createOffice({ prefix: 'jes', roles: ['clerk'] });
    jurisdictionId = office.jurisdictionId;
    stack = await startProcessStack();
    await waitForConsumerGroup(`${stack.consumerGroupPrefix}notifications`, [
      TOPICS.requests,
      TOPICS.ballots,
    ]);
    const http = gatewayClient(stack.baseUrl);
    expect((await http.defineElection(office.keys.clerk!, electionDateThisYear(40))).status).toBe(201);
    const roll = await http.importRoll(office.keys.clerk!, [
      {
        state_voter_id: 'OH-ES-0001',
        first_name: VOTER.first,
        last_name: VOTER.last,
        date_of_birth: VOTER.dob,
        drivers_license: VOTER.license,
        residence_street: '12 Elm St',
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
    // a browser that prefers Spanish: Accept-Language es-ES
    voter = await browser.newContext({ acceptDownloads: true, locale: 'es-ES' });
    voter.on('request', (r) => {
      if (!r.url().startsWith(stack.baseUrl) && !r.url().startsWith('blob:')) offOrigin.push(r.url());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await sink?.stop();
    delete process.env.SMTP_URL;
  });

  /** The page is in Spanish and axe-core finds no violation of any impact; then a screenshot. */
  async function check(page: Page, name: string): Promise<void> {
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('es');
    expect({ page: name, violations: await a11yViolations(page) }).toEqual({ page: name, violations: [] });
    await screenshot(page, name);
  }

  function mail(key: 'mail.requestReceived.subject' | 'mail.ballotReady.subject') {
    const subject = t('es', key);
    return sink.waitFor((m) => m.envelope.to.includes(VOTER.email) && m.subject === subject, {
      timeoutMs: 60000,
      what: `e-mail "${subject}"`,
    });
  }

  it('1. requests a ballot on the Spanish form and gets the tracking code in a Spanish e-mail', async () => {
    const page = await voter.newPage();
    await page.goto(`${stack.baseUrl}/`);
    await check(page, 'journey-es-home');
    await navigate(page, 'a.button[href="/request"]');
    await check(page, 'journey-es-request-form');
    await fillFpcaForm(page, {
      jurisdictionId,
      voterClass: 2,
      first: VOTER.first,
      last: VOTER.last,
      dateOfBirth: VOTER.dob,
      driversLicense: VOTER.license,
      residence: { street: '12 Elm St', city: 'Youngstown', state: 'OH', zip: '44503', county: 'Mahoning' },
      mailing: { line1: 'Calle de Alcalá 45', city: 'Madrid', postalCode: '28014', country: 'ES' },
      email: VOTER.email,
    });
    const response = await navigate(page, 'button[type=submit]');
    const problems = await page.locator('.error-summary').allInnerTexts();
    expect({ status: response.status(), problems }).toEqual({ status: 201, problems: [] });
    trackingCode = (await page.locator('[data-tracking-code]').innerText()).trim();
    await check(page, 'journey-es-request-confirmation');
    const [received] = await mail('mail.requestReceived.subject');
    expect(received.text).toContain(trackingCode);
    expect(received.text).toContain(t('es', 'mail.greeting', { firstName: VOTER.first }));
    expect(received.text).not.toContain(VOTER.dob);
    expect(received.text).not.toContain(VOTER.license);
    await page.close();
  });

  it('2. the "ballot ready" e-mail in Spanish links to the packet page; the packet is a Spanish PDF', async () => {
    const [ready] = await mail('mail.ballotReady.subject');
    packetLink = /https?:\/\/\S+\/ballot\/[0-9a-f-]{36}\?token=[A-Za-z0-9_-]+/.exec(ready.text)?.[0] ?? '';
    expect(packetLink).toContain(stack.baseUrl);
    const page = await voter.newPage();
    await page.goto(packetLink);
    await check(page, 'journey-es-packet');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[download]')]);
    issued = readFileSync(await download.path());
    expect(issued.subarray(0, 5).toString()).toBe('%PDF-');
    await expect(pdfLanguage(issued)).resolves.toBe('es-US');
    expect(pdfText(issued)).toContain(t('es', 'pdf.instr.how'));
    await page.close();
  });

  it('3. marks the ballot on the Spanish marking page, with nothing sent, and saves a Spanish PDF', async () => {
    const page = await voter.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(packetLink);
    await navigate(page, 'a[href*="/mark?"]');
    await page.waitForSelector('form[data-marking]:not([hidden])');
    const atLoad = requests.length;
    await check(page, 'journey-es-marking');
    await page.focus('#m1-0');
    await page.keyboard.press('Space');
    await expect(page.isChecked('#m1-0')).resolves.toBe(true);
    await page.focus('form[data-marking] button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#marking-review:not([hidden])');
    await check(page, 'journey-es-marking-review');
    await page.focus('#marking-make');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#marking-done:not([hidden])');
    await page.focus('#marking-save');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const marked = readFileSync(await download.path());
    expect(requests.slice(atLoad).filter((u) => !u.startsWith('blob:'))).toEqual([]);
    expect(marked.equals(issued)).toBe(false);
    await expect(pdfLanguage(marked)).resolves.toBe('es-US');
    await page.close();
  });

  it('4. tracks the request in Spanish', async () => {
    const page = await voter.newPage();
    await page.goto(`${stack.baseUrl}/track?code=${trackingCode}`);
    await check(page, 'journey-es-track-form');
    await page.fill('#f-dateOfBirth', VOTER.dob);
    await navigate(page, 'button[type=submit]');
    await expect(page.locator('[data-ballot-status]').getAttribute('data-ballot-status')).resolves.toBe(
      'transmitted',
    );
    await check(page, 'journey-es-track');
    // the receipt is checked in the browser and the result written in Spanish (receipts are
    // appended asynchronously: the page is asked again until the first step has one)
    const button = page.locator('li[data-step] button[data-receipt]').first();
    for (let i = 0; i < 60 && (await button.count()) === 0; i++) {
      await page.waitForTimeout(500);
      await page.goto(`${stack.baseUrl}/track?code=${trackingCode}`);
      await page.fill('#f-dateOfBirth', VOTER.dob);
      await navigate(page, 'button[type=submit]');
    }
    await button.click();
    const out = page.locator(`#${await button.getAttribute('aria-controls')}`);
    await page.waitForFunction(
      (el) => !!el && /Verificado|No verificado/.test(el.textContent ?? ''),
      await out.elementHandle(),
    );
    await expect(out.innerText()).resolves.toMatch(
      /^Verificado: firmado por \S+, entrada \d+ de \d+ del registro público\.$/,
    );
    await check(page, 'journey-es-track-verified');
    await page.close();
  });

  it('loaded nothing from another origin', () => {
    expect(offOrigin).toEqual([]);
  });
});
