/**
 * Marking the ballot in the browser tells the server nothing (issue 16, item 4). Every app runs as
 * its own process on real Postgres and Kafka; Debian's Chromium opens the marking page of a real
 * ballot, and the test records every request, beacon, storage and cookie write while the voter
 * marks with the keyboard, reviews and saves the PDF: none (no request at all after the page has
 * loaded). The page's CSP forbids connections and form posts; axe-core finds no violation (also at
 * 400 % zoom and in forced colours); the saved PDF is the issued packet with exactly the chosen
 * ovals filled, its ballot id barcode intact, and the office's returns desk records it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { BallotTarget } from '@uocava/ballot-pdf';
import {
  createOffice,
  electionDateThisYear,
  EXAMPLE_PRECINCT,
  eventually,
  gatewayClient,
  generalElectionSettings,
  nistDefinitionOn,
  officeContext,
  type Office,
} from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';
import { a11yViolations, fillFpcaForm, launchBrowser, navigate, screenshot } from '@uocava/testing/browser';

const VOTER = { first: 'Inés', last: 'Marchetti', dob: '1979-06-14', license: 'IM8822113' };

/** What the init script records: every way a page script could send or keep something. */
interface Recorded {
  kind: string;
  detail: string;
}
declare global {
  interface Window {
    __recorded: Recorded[];
  }
}

/** Wraps fetch, XHR, sendBeacon, WebSocket, EventSource, Web Storage, IndexedDB, caches and document.cookie. */
function recordEverything(): void {
  const log: Recorded[] = [];
  window.__recorded = log;
  const note = (kind: string, detail: unknown) => log.push({ kind, detail: String(detail) });
  const wrap = <T extends object>(obj: T, name: keyof T & string, kind: string) => {
    const original = obj[name] as unknown;
    if (typeof original !== 'function') return;
    Object.defineProperty(obj, name, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        note(kind, args.map((a) => (typeof a === 'string' ? a : (JSON.stringify(a) ?? String(a)))).join(' '));
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      },
    });
  };
  wrap(window, 'fetch', 'fetch');
  wrap(XMLHttpRequest.prototype, 'open', 'xhr.open');
  wrap(XMLHttpRequest.prototype, 'send', 'xhr.send');
  wrap(Navigator.prototype, 'sendBeacon', 'beacon');
  wrap(Storage.prototype, 'setItem', 'storage.setItem');
  wrap(IDBFactory.prototype, 'open', 'indexedDB.open');
  if ('CacheStorage' in window) wrap(CacheStorage.prototype, 'open', 'caches.open');
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = new Proxy(NativeWebSocket, {
    construct(target, args: [string]) {
      note('websocket', args[0]);
      return new target(...args);
    },
  });
  const NativeEventSource = window.EventSource;
  window.EventSource = new Proxy(NativeEventSource, {
    construct(target, args: [string]) {
      note('eventsource', args[0]);
      return new target(...args);
    },
  });
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    get(this: Document) {
      return cookie?.get?.call(this) as string;
    },
    set(this: Document, v: string) {
      note('cookie', v);
      cookie?.set?.call(this, v);
    },
  });
}

interface Raster {
  w: number;
  h: number;
  px: Buffer;
}
function rasterise(pdf: Uint8Array, png?: { page: number; file: string }): Raster[] {
  const dir = mkdtempSync(join(tmpdir(), 'marked-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', '72', file, join(dir, 'p')]);
    if (png) {
      const out = join(dir, 'shot');
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '110',
        '-f',
        `${png.page}`,
        '-l',
        `${png.page}`,
        '-singlefile',
        file,
        out,
      ]);
      writeFileSync(png.file, readFileSync(`${out}.png`));
    }
    return readdirSync(dir)
      .filter((f) => f.endsWith('.ppm'))
      .sort()
      .map((f) => {
        const data = readFileSync(join(dir, f));
        const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 40).toString('latin1'));
        if (!m) throw new Error('not a PPM');
        return { w: Number(m[1]), h: Number(m[2]), px: data.subarray(m[0].length) };
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
function centreGrey(r: Raster, t: BallotTarget): number {
  const cx = Math.round(t.x + t.width / 2);
  const cy = Math.round(r.h - (t.y + t.height / 2));
  let sum = 0;
  for (let y = cy - 2; y < cy + 2; y++)
    for (let x = cx - 2; x < cx + 2; x++) {
      const i = (y * r.w + x) * 3;
      sum += (r.px[i] + r.px[i + 1] + r.px[i + 2]) / 3;
    }
  return sum / 16;
}

describe('marking the ballot in the browser', () => {
  let stack: ProcessStack;
  let browser: Browser;
  let office: Office;

  beforeAll(async () => {
    office = await createOffice({ prefix: 'mark', roles: ['clerk'] });
    stack = await startProcessStack();
    const http = gatewayClient(stack.baseUrl);
    // NIST's example ballot, its one contest made "vote for up to 2" (4 tickets and a write-in)
    const date = electionDateThisYear();
    const definition = nistDefinitionOn(date) as {
      Election: Array<{ Contest: Array<Record<string, unknown>> }>;
    };
    definition.Election[0].Contest[0].VotesAllowed = 2;
    definition.Election[0].Contest[0].NumberElected = 2;
    const defined = await http.officePost(office.keys.clerk!, '/elections', {
      definition,
      settings: generalElectionSettings(date),
    });
    expect(defined.status).toBe(201);
    const roll = await http.importRoll(office.keys.clerk!, [
      {
        state_voter_id: 'OH-MARK-1',
        first_name: VOTER.first,
        last_name: VOTER.last,
        date_of_birth: VOTER.dob,
        drivers_license: VOTER.license,
        residence_street: '7 Oak Ave',
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
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** The voter requests a ballot on the web, and the packet page's address once it is sent. */
  async function packetUrl(): Promise<string> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/request`);
    await fillFpcaForm(page, {
      jurisdictionId: office.jurisdictionId,
      voterClass: 2,
      first: VOTER.first,
      last: VOTER.last,
      dateOfBirth: VOTER.dob,
      driversLicense: VOTER.license,
      residence: { street: '7 Oak Ave', city: 'Youngstown', state: 'OH', zip: '44503', county: 'Mahoning' },
      mailing: { line1: 'Via Roma 3', city: 'Torino', postalCode: '10121', country: 'IT' },
      email: 'ines.m@example.org',
    });
    expect((await navigate(page, 'button[type=submit]')).status()).toBe(201);
    const trackingCode = (await page.locator('[data-tracking-code]').innerText()).trim();
    const http = gatewayClient(stack.baseUrl);
    await eventually(
      async () =>
        (await http.track(trackingCode)).steps.some((s) => s.type === 'uocava.ballot.transmitted.v1')
          ? true
          : undefined,
      60000,
      'ballot transmitted',
    );
    await page.goto(`${stack.baseUrl}/track?code=${trackingCode}`);
    await page.fill('#f-dateOfBirth', VOTER.dob);
    await navigate(page, 'button[type=submit]');
    await navigate(page, 'text=Get your ballot');
    const url = page.url();
    await context.close();
    return url;
  }

  it('marks, reviews and saves the ballot with nothing sent, and the returns desk takes it', async () => {
    const packet = new URL(await packetUrl());
    const ballotId = /\/ballot\/([0-9a-f-]{36})$/.exec(packet.pathname)?.[1] ?? '';
    const token = packet.searchParams.get('token') ?? '';
    const markUrl = `${stack.baseUrl}/ballot/${ballotId}/mark?token=${encodeURIComponent(token)}`;
    const issued = Buffer.from(
      await (await fetch(`${stack.baseUrl}/api/v1/ballots/${ballotId}/packet?token=${token}`)).arrayBuffer(),
    );
    expect(issued.subarray(0, 5).toString()).toBe('%PDF-');

    // the page's CSP: no connection, no form submission, nothing inline but the JSON data block
    const head = await fetch(markUrl);
    expect(head.status).toBe(200);
    const csp = head.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await head.text();
    // the same page in Spanish (the switch keeps the token)
    const es = await (await fetch(`${markUrl}&lang=es`)).text();
    expect(es).toContain('<html lang="es">');
    expect(es).toContain('<h1>Marque su boleta en este dispositivo</h1>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/)(?![^>]*type="application\/json")[^>]*>/);

    const context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    await context.addInitScript(recordEverything);
    const page: Page = await context.newPage();
    const requests: Array<{ url: string; method: string; body: string }> = [];
    page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() ?? '' }));
    const csps: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) csps.push(m.text());
    });
    await page.goto(markUrl);
    await page.waitForLoadState('load');
    await page.waitForSelector('form[data-marking]:not([hidden])');
    const atLoad = requests.length;
    const cookiesAtLoad = await context.cookies();
    await expect(page.locator('h1').innerText()).resolves.toBe('Mark your ballot on this device');
    expect(await a11yViolations(page)).toEqual([]);
    await screenshot(page, 'voter-marking');

    // the embedded packet is the issued one; its targets say where the ovals are
    const data = JSON.parse((await page.locator('#marking-data').textContent()) ?? '{}') as {
      pdf: string;
      targets: BallotTarget[];
    };
    expect(createHash('sha256').update(Buffer.from(data.pdf, 'base64')).digest('hex')).toBe(
      createHash('sha256').update(issued).digest('hex'),
    );
    expect(data.targets.map((t) => t.choiceId)).toHaveLength(5); // 4 tickets and a write-in

    // with the keyboard: the first two tickets; a third is refused (vote for up to 2)
    const inputs = page.locator('fieldset[data-contest] input[data-choice]');
    await expect(inputs.count()).resolves.toBe(5);
    await page.focus('#m1-0');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect(page.isChecked('#m1-2')).resolves.toBe(false);
    await expect(page.locator('#m1-status').innerText()).resolves.toBe(
      'You can choose up to 2 in this contest. To choose another, first uncheck one of your choices.',
    );
    expect(await a11yViolations(page)).toEqual([]);
    // the second candidate given up for the write-in
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Space');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    const checked = await inputs.evaluateAll((els) =>
      els.filter((e) => (e as HTMLInputElement).checked).map((e) => (e as HTMLInputElement).value),
    );
    const chosen = [data.targets[0].choiceId, 'write-in-1'];
    expect(checked).toEqual(chosen);
    const firstLabel = (await page.locator('label[for="m1-0"]').innerText()).trim();

    // review, by the keyboard too
    await page.focus('form[data-marking] button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#marking-review:not([hidden])');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('marking-review-title');
    const review = await page.locator('#marking-review-list').innerText();
    expect(review).toContain(firstLabel);
    expect(review).toContain('Write-in 1');
    expect(await a11yViolations(page)).toEqual([]);
    await screenshot(page, 'voter-marking-review');
    // back to the ballot and to the review again: the choices are still there
    await page.focus('#marking-change');
    await page.keyboard.press('Enter');
    await expect(page.isHidden('#marking-review')).resolves.toBe(true);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('m1-0');
    await expect(page.isChecked('#m1-4')).resolves.toBe(true);
    await page.focus('form[data-marking] button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#marking-review:not([hidden])');

    // 400 % zoom (1280 px wide at 400 % is a 320 px viewport) and forced colours
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await a11yViolations(page)).toEqual([]);
    await page.emulateMedia({ forcedColors: 'active' });
    expect(await a11yViolations(page)).toEqual([]);
    await page.emulateMedia({ forcedColors: 'none' });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.focus('#marking-make');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#marking-done:not([hidden])');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('marking-done-title');
    expect(await a11yViolations(page)).toEqual([]);
    await page.focus('#marking-save');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const marked = readFileSync(await download.path());
    await page.waitForTimeout(300);

    // nothing left the page: no request after load (a blob: download is the browser's, local),
    // no beacon, no storage, no cookie written, no CSP report either
    const after = requests.slice(atLoad).filter((r) => !r.url.startsWith('blob:'));
    expect(after).toEqual([]);
    const secrets = [...chosen, firstLabel];
    for (const r of requests) for (const s of secrets) expect(`${r.url} ${r.body}`).not.toContain(s);
    expect(await page.evaluate(() => window.__recorded)).toEqual([]);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
    expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
    expect(await context.cookies()).toEqual(cookiesAtLoad);
    expect(csps).toEqual([]);
    // and the page's script cannot connect even if it tried
    const tried = await page.evaluate(async (u) => {
      try {
        await fetch(u);
        return 'sent';
      } catch {
        return 'blocked';
      }
    }, `${stack.baseUrl}/health`);
    expect(tried).toBe('blocked');
    await context.close();

    // the marked PDF: the issued packet with exactly the chosen ovals filled, every other page as issued
    expect(marked.subarray(0, 5).toString()).toBe('%PDF-');
    const ballotPage = data.targets[0].page;
    const shots = process.env.UPDATE_SCREENSHOTS
      ? join(__dirname, '../docs/screenshots')
      : join(tmpdir(), 'uocava-screens');
    mkdirSync(shots, { recursive: true });
    const before = rasterise(issued);
    const got = rasterise(marked, { page: ballotPage + 1, file: join(shots, 'voter-marked-ballot-pdf.png') });
    expect(got.length).toBe(before.length);
    for (const t of data.targets) {
      const grey = centreGrey(got[t.page], t);
      if (chosen.includes(t.choiceId)) expect(grey).toBeLessThan(60);
      else expect(grey).toBeGreaterThan(200);
    }
    for (let p = 0; p < got.length; p++)
      if (!data.targets.some((t) => t.page === p)) expect(got[p].px.equals(before[p].px)).toBe(true);

    // the ballot id under the envelope's barcode is intact, and the returns desk records the return
    const dir = mkdtempSync(join(tmpdir(), 'marked-text-'));
    writeFileSync(join(dir, 'm.pdf'), marked);
    const text = execFileSync('pdftotext', [join(dir, 'm.pdf'), '-']).toString();
    rmSync(dir, { recursive: true, force: true });
    expect(text).toContain(`Ballot ID ${ballotId}`);
    const clerk = officeContext(stack.baseUrl, office);
    const returned = await clerk.post('/returns', {
      barcode: /Ballot ID ([0-9a-f-]{36})/.exec(text)?.[1],
      receivedAt: new Date().toISOString(),
      method: 'mail',
    });
    expect(returned.status).toBeLessThan(300);
    await expect(returned.json()).resolves.toMatchObject({ ballotId, status: 'returned' });
  });
});
