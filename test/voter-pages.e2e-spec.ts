/**
 * The voter's web pages in a real browser (Debian's Chromium through playwright-core) against
 * every app on real Postgres and Kafka: the request form with and without JavaScript, the
 * confirmation, tracking with the date of birth and in-browser receipt verification, the packet
 * page and download, the accessible ballot, the security headers, and axe-core on every page.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { validFpcaExample } from '@uocava/domain';
import { createOffice, EXAMPLE_PRECINCT, eventually, gatewayClient } from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';
import {
  fillFpcaForm,
  launchBrowser,
  navigate,
  screenshot,
  seriousA11yViolations,
} from '@uocava/testing/browser';

const VOTER = {
  first: 'Maria',
  last: 'Quintero',
  dob: '1988-02-29',
  license: 'QM4455667',
};

describe('voter pages in the browser', () => {
  let stack: ProcessStack;
  let browser: Browser;
  let jurisdictionId: string;
  const offOrigin: string[] = [];

  beforeAll(async () => {
    const office = await createOffice({ prefix: 'web', roles: ['clerk'] });
    jurisdictionId = office.jurisdictionId;
    stack = await startProcessStack();
    const http = gatewayClient(stack.baseUrl);
    expect((await http.defineElection(office.keys.clerk!)).status).toBe(201);
    const roll = await http.importRoll(office.keys.clerk!, [
      {
        state_voter_id: 'OH-WEB-1',
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
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function newPage(
    options: { javaScriptEnabled?: boolean; locale?: string } = {},
  ): Promise<[BrowserContext, Page]> {
    const context = await browser.newContext({ acceptDownloads: true, ...options });
    const page = await context.newPage();
    page.on('request', (r) => {
      if (!r.url().startsWith(stack.baseUrl) && !r.url().startsWith('data:')) offOrigin.push(r.url());
    });
    return [context, page];
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousA11yViolations(page)).toEqual([]);
  }

  async function fillRequest(page: Page, overrides: { dob?: string } = {}): Promise<void> {
    await fillFpcaForm(page, {
      jurisdictionId,
      voterClass: 2, // citizen abroad, intends to return
      first: VOTER.first,
      last: VOTER.last,
      dateOfBirth: overrides.dob ?? VOTER.dob,
      driversLicense: VOTER.license,
      residence: { street: '12 Elm St', city: 'Youngstown', state: 'OH', zip: '44503', county: 'Mahoning' },
      mailing: { line1: 'Calle Mayor 12, 3º', city: 'Madrid', postalCode: '28013', country: 'ES' },
      email: 'maria.q@example.org',
    });
  }

  it('serves the home page with a strict CSP, nothing from elsewhere, and no accessibility violation', async () => {
    const res = await fetch(`${stack.baseUrl}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/)[^>]*>/); // no inline script
    expect(html).not.toMatch(/\sstyle=/); // no inline style
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/); // no third-party URL

    const [context, page] = await newPage();
    await page.goto(`${stack.baseUrl}/`);
    await expect(page.title()).resolves.toContain('Home');
    await expectAccessible(page);
    await screenshot(page, 'voter-home');
    await context.close();
  });

  it('checks the request form in the browser before sending, with messages next to the fields', async () => {
    const [context, page] = await newPage();
    await page.goto(`${stack.baseUrl}/request`);
    await expectAccessible(page);
    await screenshot(page, 'voter-request-form');
    await page.click('button[type=submit]');
    const summary = page.locator('#client-error-summary');
    await expect(summary.isVisible()).resolves.toBe(true);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('client-error-summary');
    await expect(summary.innerText()).resolves.toContain('Please fill in your first name.');
    await expect(page.locator('#f-name-first-client-error').innerText()).resolves.toContain(
      'Please fill in your first name.',
    );
    await expectAccessible(page);
    await context.close();
  });

  it('without JavaScript the server checks the form and keeps what was typed', async () => {
    const [context, page] = await newPage({ javaScriptEnabled: false });
    await page.goto(`${stack.baseUrl}/request`);
    await fillRequest(page, { dob: '2031-01-01' });
    await page.fill('#f-identification-value', 'ab');
    const response = await navigate(page, 'button[type=submit]');
    expect(response.status()).toBe(400);
    await expect(page.locator('.error-summary').innerText()).resolves.toContain(
      'Your date of birth cannot be in the future.',
    );
    await expect(page.locator('#f-identification-value-error').innerText()).resolves.toContain(
      "A driver's license number has 4 to 20 letters and digits",
    );
    await expect(page.inputValue('#f-name-last')).resolves.toBe(VOTER.last);
    await expect(page.inputValue('#f-mailingAddress-lines-0')).resolves.toBe('Calle Mayor 12, 3º');
    await expect(page.locator('#f-dateOfBirth').getAttribute('aria-invalid')).resolves.toBe('true');
    await context.close();
  });

  it("shows the server's answer next to the fields, focused and accessible, with JavaScript too", async () => {
    const [context, page] = await newPage();
    await page.goto(`${stack.baseUrl}/request`);
    await fillRequest(page, { dob: '2031-01-01' });
    const response = await navigate(page, 'button[type=submit]');
    expect(response.status()).toBe(400);
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe('error-summary');
    await expect(page.locator('#f-dateOfBirth-error').innerText()).resolves.toContain(
      'Your date of birth cannot be in the future.',
    );
    await expectAccessible(page);
    await screenshot(page, 'voter-request-errors');
    await context.close();
  });

  let trackingCode = '';

  it('sends a valid request and shows the tracking code and a printable copy', async () => {
    const [context, page] = await newPage();
    await page.goto(`${stack.baseUrl}/request`);
    await fillRequest(page);
    const response = await navigate(page, 'button[type=submit]');
    const problems = await page.locator('.error-summary').allInnerTexts();
    expect({ status: response.status(), problems }).toEqual({ status: 201, problems: [] });
    trackingCode = (await page.locator('[data-tracking-code]').innerText()).trim();
    expect(trackingCode).toMatch(/^TRK-/);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Calle Mayor 12, 3º');
    expect(text).not.toContain(VOTER.license); // masked on the copy
    expect(text).toContain('•••••••67');
    await expectAccessible(page);
    await screenshot(page, 'voter-request-confirmation');
    await context.close();
  });

  it('answers a second request of the same voter without showing the tracking code', async () => {
    const [context, page] = await newPage();
    await page.goto(`${stack.baseUrl}/request`);
    await fillRequest(page);
    const response = await navigate(page, 'button[type=submit]');
    expect(response.status()).toBe(200);
    await expect(page.locator('h1').innerText()).resolves.toBe('You already have a request');
    const text = await page.locator('main').innerText();
    expect(text).toContain('We have e-mailed its tracking code');
    expect(text).not.toContain(trackingCode);
    expect(text).not.toMatch(/TRK-/);
    await expectAccessible(page);
    await context.close();
  });

  it('gives the same answer for a wrong tracking code and a wrong date of birth', async () => {
    const answer = async (code: string, dateOfBirth: string) => {
      const res = await fetch(`${stack.baseUrl}/track`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ code, dateOfBirth }).toString(),
      });
      const html = await res.text();
      return { status: res.status, message: /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] };
    };
    const wrongDob = await answer(trackingCode, '1988-03-01');
    const wrongCode = await answer('TRK-0000-0000-0000', VOTER.dob);
    expect(wrongDob.status).toBe(404);
    expect(wrongDob).toEqual(wrongCode);
  });

  it('tracks the request and verifies each receipt in the browser, refusing a tampered one', async () => {
    const http = gatewayClient(stack.baseUrl);
    await eventually(
      async () => {
        const t = await http.track(trackingCode);
        const transmitted = t.steps.find((s) => s.type === 'uocava.ballot.transmitted.v1');
        return transmitted && t.steps.every((s) => s.receipt !== null) ? t : undefined;
      },
      60000,
      'ballot transmitted and every step with a receipt',
    );
    const [context, page] = await newPage();
    await page.goto(`${stack.baseUrl}/track?code=${trackingCode}`);
    await expect(page.inputValue('#f-code')).resolves.toBe(trackingCode);
    await page.fill('#f-dateOfBirth', VOTER.dob);
    await navigate(page, 'button[type=submit]');
    await expect(page.locator('h1').innerText()).resolves.toBe('Your ballot request');
    const buttons = page.locator('button[data-receipt]');
    const count = await buttons.count();
    expect(count).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < count; i++) {
      await buttons.nth(i).click();
      const out = page.locator(`#${await buttons.nth(i).getAttribute('aria-controls')}`);
      await page.waitForFunction(
        (el) => !!el && !el.textContent?.startsWith('Checking'),
        await out.elementHandle(),
      );
      await expect(out.innerText()).resolves.toMatch(/^Verified: signed by /);
    }
    await expectAccessible(page);
    await screenshot(page, 'voter-track');
    // an insider's edit of the receipt, after the page was served: the browser catches it
    await buttons.first().evaluate((b: HTMLButtonElement) => {
      const r = JSON.parse(b.dataset.receipt ?? '{}') as { entry: string };
      r.entry = r.entry.replace('"eventType"', '"eventtype"');
      b.dataset.receipt = JSON.stringify(r);
    });
    await buttons.first().click();
    const first = page.locator(`#${await buttons.first().getAttribute('aria-controls')}`);
    await page.waitForFunction(
      (el) => !!el && /Verified|Not verified/.test(el.textContent ?? ''),
      await first.elementHandle(),
    );
    await expect(first.innerText()).resolves.toMatch(/^Not verified: /);
    await context.close();
  });

  it('speaks Spanish: Accept-Language by default, the switch on every translated page, and it sticks', async () => {
    // a browser that prefers Spanish gets the home page in Spanish, with <html lang="es">
    const [esContext, esPage] = await newPage({ locale: 'es-MX' });
    await esPage.goto(`${stack.baseUrl}/`);
    await expect(esPage.getAttribute('html', 'lang')).resolves.toBe('es');
    await expect(esPage.locator('h1').innerText()).resolves.toBe(
      'Vote desde el extranjero o desde las Fuerzas Armadas',
    );
    await expect(esPage.title()).resolves.toBe('Inicio — Boletas para votantes en el extranjero y militares');
    await expectAccessible(esPage);
    await screenshot(esPage, 'voter-home-es');
    // the switch, named in its own language, goes to English and the choice sticks (cookie)
    const toEnglish = esPage.locator('a[data-language="en"]');
    await expect(toEnglish.innerText()).resolves.toBe('English');
    await expect(toEnglish.getAttribute('lang')).resolves.toBe('en');
    await navigate(esPage, 'a[data-language="en"]');
    await expect(esPage.getAttribute('html', 'lang')).resolves.toBe('en');
    await esPage.goto(`${stack.baseUrl}/track`);
    await expect(esPage.locator('h1').innerText()).resolves.toBe('Track your ballot');
    await esContext.close();

    // an English browser that chooses Spanish: the tracking form, its errors and the result in Spanish
    const [context, page] = await newPage();
    await page.goto(`${stack.baseUrl}/`);
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('en');
    await navigate(page, 'a[data-language="es"]');
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('es');
    await navigate(page, 'a[href="/track"]');
    await expect(page.locator('h1').innerText()).resolves.toBe('Siga su boleta');
    await expect(page.locator('label[for="f-code"]').innerText()).resolves.toContain('Código de seguimiento');
    await expectAccessible(page);
    await page.fill('#f-code', 'TRK-0000-0000-0000');
    await page.fill('#f-dateOfBirth', VOTER.dob);
    await navigate(page, 'button[type=submit]');
    await expect(page.locator('.error-summary h2').innerText()).resolves.toBe('Hay un problema');
    await expect(page.locator('.error-summary').innerText()).resolves.toContain(
      'No encontramos una solicitud',
    );
    await expectAccessible(page);
    await page.fill('#f-code', trackingCode);
    await page.fill('#f-dateOfBirth', VOTER.dob);
    await navigate(page, 'button[type=submit]');
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('es');
    await expect(page.locator('h1').innerText()).resolves.toBe('Su solicitud de boleta');
    await expect(page.locator('[data-step="uocava.request.submitted.v1"] h3').innerText()).resolves.toBe(
      'Solicitud recibida',
    );
    await expect(page.locator('[data-request-status]').innerText()).resolves.toBe('Aceptada');
    await expectAccessible(page);
    await screenshot(page, 'voter-track-es');
    await context.close();
  });

  it('opens the packet page from the tracking page, downloads the PDF and shows the accessible ballot', async () => {
    const [context, page] = await newPage();
    await page.goto(`${stack.baseUrl}/track?code=${trackingCode}`);
    await page.fill('#f-dateOfBirth', VOTER.dob);
    await navigate(page, 'button[type=submit]');
    await navigate(page, 'text=Get your ballot');
    await expect(page.locator('h1').innerText()).resolves.toBe('Your ballot');
    await expectAccessible(page);
    await screenshot(page, 'voter-packet');
    // the same packet page in Spanish: the switch keeps the token; the download link still works
    const packetUrl = page.url();
    await navigate(page, 'a[data-language="es"]');
    expect(page.url()).toBe(`${packetUrl}&lang=es`);
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('es');
    await expect(page.locator('h1').innerText()).resolves.toBe('Su boleta');
    await expect(page.locator('a[download]').innerText()).resolves.toMatch(
      /^Descargar su paquete de boleta \(PDF, \d+ páginas, (A4|carta de EE\. UU\.)\)$/,
    );
    await expectAccessible(page);
    await screenshot(page, 'voter-packet-es');
    await navigate(page, 'a[data-language="en"]');
    await expect(page.locator('h1').innerText()).resolves.toBe('Your ballot');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[download]')]);
    const pdf = await download.createReadStream().then(
      (s) =>
        new Promise<Buffer>((resolve, reject) => {
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => resolve(Buffer.concat(chunks)));
          s.on('error', reject);
        }),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const t = await gatewayClient(stack.baseUrl).track(trackingCode);
    const generated = t.steps.find((s) => s.type === 'uocava.ballot.generated.v1');
    expect(generated).toBeDefined();
    const res = await fetch(download.url());
    expect(res.headers.get('x-content-sha256')).toBe(createHash('sha256').update(pdf).digest('hex'));

    // the tracking page ties the downloaded PDF to the receipted step, in the browser
    const [trackContext, track] = await newPage();
    await track.goto(`${stack.baseUrl}/track?code=${trackingCode}`);
    await track.fill('#f-dateOfBirth', VOTER.dob);
    await navigate(track, 'button[type=submit]');
    const packet = track.locator(`[data-packet-check="${generated?.eventId}"]`);
    await expect(packet.locator('[data-packet-sha256]').innerText()).resolves.toBe(
      createHash('sha256').update(pdf).digest('hex'),
    );
    const check = async (buffer: Buffer): Promise<string> => {
      await packet
        .locator('input[type=file]')
        .setInputFiles({ name: 'ballot.pdf', mimeType: 'application/pdf', buffer });
      const out = packet.locator('output');
      await track.waitForFunction(
        (el) => !!el && /packet/.test(el.textContent ?? ''),
        await out.elementHandle(),
      );
      return out.innerText();
    };
    await expect(check(pdf)).resolves.toMatch(/^This is the packet of this step/);
    const altered = Buffer.from(pdf);
    altered[altered.length - 20] ^= 1;
    await expect(check(altered)).resolves.toMatch(
      /^Not this packet: this file is not the packet of this step/,
    );
    await expectAccessible(track);
    await trackContext.close();

    await navigate(page, 'text=Read your ballot as a web page');
    const headings = await page.locator('main h2').allInnerTexts();
    expect(headings.length).toBeGreaterThanOrEqual(1); // one h2 per contest (NIST's example has one)
    await expect(page.locator('main').innerText()).resolves.toMatch(/Vote for one\./);
    await expectAccessible(page);
    await screenshot(page, 'voter-accessible-ballot');
    // a wrong token is "not found", as an HTML page for the browser
    const wrong = await page.goto(page.url().replace(/token=[^&]+/, 'token=0000000000000000000000'));
    expect(wrong?.status()).toBe(404);
    await expect(page.locator('h1').innerText()).resolves.toBe('Page not found');
    await context.close();
  });

  it('limits look-ups per client address: the API answers problem+json 429, the page an HTML 429', async () => {
    const small = await startProcessStack(['gateway'], { env: { RATE_LIMIT_LOOKUPS_PER_MINUTE: '3' } });
    try {
      const api = [];
      for (let i = 0; i < 5; i++)
        api.push(await fetch(`${small.baseUrl}/api/v1/tracking/TRK-0000-0000-0000`));
      expect(api.map((r) => r.status)).toEqual([404, 404, 404, 429, 429]);
      expect(api[3].headers.get('content-type')).toContain('application/problem+json');
      expect(Number(api[3].headers.get('retry-after'))).toBeGreaterThan(0);
      const spanish = await fetch(`${small.baseUrl}/api/v1/tracking/TRK-0000-0000-0000`, {
        headers: { 'accept-language': 'es' },
      });
      expect(spanish.status).toBe(429);
      await expect(spanish.json()).resolves.toMatchObject({ title: 'Demasiadas solicitudes' });
      const page = [];
      for (let i = 0; i < 4; i++)
        page.push(
          await fetch(`${small.baseUrl}/track`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
            body: new URLSearchParams({ code: 'TRK-0000-0000-0000', dateOfBirth: '1990-01-01' }).toString(),
          }),
        );
      expect(page.map((r) => r.status)).toEqual([404, 404, 404, 429]);
      expect(page[3].headers.get('content-type')).toContain('text/html');
      await expect(page[3].text()).resolves.toContain('Too many requests');
    } finally {
      await small.stop();
    }
  });

  it('the request form in Spanish, and its problems before sending', async () => {
    const [context, page] = await newPage({ locale: 'es-ES' });
    await page.goto(`${stack.baseUrl}/request`);
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('es');
    await expect(page.locator('h1').innerText()).resolves.toBe('Solicite su boleta de voto ausente');
    await expect(page.locator('a[data-language="en"]').innerText()).resolves.toBe('English');
    await expectAccessible(page);
    await screenshot(page, 'voter-request-form-es');
    // the browser's checks before sending, in Spanish
    await page.click('button[type=submit]');
    const summary = page.locator('#client-error-summary');
    await expect(summary.locator('h2').innerText()).resolves.toBe('Hay un problema');
    await expect(summary.innerText()).resolves.toContain('Complete este dato: nombre.');
    await context.close();
  }, 240_000);

  it("the server's problems, the confirmation and a 404 page in Spanish", async () => {
    // the server words the validator's problems in the form's language (the browser's checks pass)
    const [plainContext, plain] = await newPage({ locale: 'es-ES' });
    await plain.goto(`${stack.baseUrl}/request`);
    await fillRequest(plain, { dob: '2031-01-01' });
    const refused = await navigate(plain, 'button[type=submit]');
    expect(refused.status()).toBe(400);
    await expect(plain.locator('#f-dateOfBirth-error').innerText()).resolves.toContain(
      'Su fecha de nacimiento no puede estar en el futuro.',
    );
    await expectAccessible(plain);
    await screenshot(plain, 'voter-request-errors-es');
    // another voter (not on the roll): the confirmation in Spanish
    await plain.fill('#f-name-first', 'Lucía');
    await plain.fill('#f-name-last', 'Fernández');
    await plain.fill('#f-dateOfBirth', '1979-07-14');
    const sent = await navigate(plain, 'button[type=submit]');
    expect(sent.status()).toBe(201);
    await expect(plain.locator('h1').innerText()).resolves.toBe('Solicitud recibida');
    const text = await plain.locator('main').innerText();
    expect(text).toContain('Lo que envió');
    expect(text).toContain('España');
    await expectAccessible(plain);
    await screenshot(plain, 'voter-request-confirmation-es');
    // an unknown page, in Spanish
    const missing = await plain.goto(`${stack.baseUrl}/no-such-page`);
    expect(missing?.status()).toBe(404);
    await expect(plain.locator('h1').innerText()).resolves.toBe('Página no encontrada');
    await expectAccessible(plain);
    await plainContext.close();
  }, 240_000);

  it('answers problem+json in the language of Accept-Language, with the same codes', async () => {
    const api = async (language: string) => {
      const res = await fetch(`${stack.baseUrl}/api/v1/ballot-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': language },
        body: JSON.stringify({ jurisdictionId, name: { first: 'Ana' } }),
      });
      expect(res.status).toBe(400);
      return (await res.json()) as {
        title: string;
        detail: string;
        errors: Array<{ field: string; code: string; message: string }>;
      };
    };
    const [es, en] = [await api('es-MX,es;q=0.9'), await api('en-US')];
    expect(es.title).toBe('Su solicitud tiene problemas');
    expect(en.title).toBe('Your request has problems');
    expect(es.errors.map(({ field, code }) => ({ field, code }))).toEqual(
      en.errors.map(({ field, code }) => ({ field, code })),
    );
    expect(es.errors.find((e) => e.field === 'name.last')?.message).toBe('Complete este dato: apellido.');
    // a problem found after validation (no such office) is worded in the caller's language too
    const unknown = async (language: string) => {
      const res = await fetch(`${stack.baseUrl}/api/v1/ballot-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': language },
        body: JSON.stringify({ ...validFpcaExample(), jurisdictionId: randomUUID() }),
      });
      expect(res.status).toBe(400);
      return (await res.json()) as { title: string; errors: Array<{ code: string; message: string }> };
    };
    const [esUnknown, enUnknown] = [await unknown('es'), await unknown('en')];
    expect(esUnknown.title).toBe('Su solicitud tiene problemas');
    expect(esUnknown.errors).toEqual([
      {
        field: 'jurisdictionId',
        pointer: '/jurisdictionId',
        code: 'unknown-jurisdiction',
        message: 'No atendemos a esta oficina electoral. Compruebe la jurisdicción que eligió.',
      },
    ]);
    expect(enUnknown.errors.map((e) => e.code)).toEqual(['unknown-jurisdiction']);
    expect(enUnknown.errors[0].message).toMatch(/^We do not serve this election office/);
  });

  it('loaded nothing from another origin', () => {
    expect(offOrigin).toEqual([]);
  });
});
