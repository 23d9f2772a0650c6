/**
 * Browser tests drive Debian's Chromium (installed by `npm test` with apt) through playwright-core:
 * no browser download from npm. axe-core checks each page for WCAG 2.1 A/AA violations.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p));
  if (found === undefined)
    throw new Error(
      'Chromium not found: `npm test` installs it (apt-get install chromium), or set CHROMIUM_PATH',
    );
  return found;
}

/** Headless Chromium with nothing that reaches the internet (the machine has no access anyway). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface AxeProblem {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * The rules are those of the project's own axe-core (package.json `axe-core`), not the copy
 * @axe-core/playwright depends on: that package is held at 4.13 (4.14 requires Node 22.12, the
 * README names Node 20), and the checks must not change with it.
 */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core violations of WCAG 2.0/2.1 A and AA on the page, whatever their impact (minor ones too). */
export async function a11yViolations(page: Page): Promise<AxeProblem[]> {
  const result = await new AxeBuilder({ page, axeSource: AXE_SOURCE })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}

/** axe-core violations of WCAG 2.0/2.1 A and AA on the page, serious and critical only. */
export async function seriousA11yViolations(page: Page): Promise<AxeProblem[]> {
  const result = await new AxeBuilder({ page, axeSource: AXE_SOURCE })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/**
 * Clicks what submits a form or follows a link, and returns the answer to the page's own navigation
 * once the new page has loaded (works with JavaScript off too).
 */
export async function navigate(page: Page, selector: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame(),
    ),
    page.click(selector),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/** What a voter types into the FPCA web form (`/request`) in the browser tests. */
export interface FpcaFormEntry {
  jurisdictionId: string;
  /** the position of the voter class among the form's radio buttons (0: active duty) */
  voterClass: number;
  first: string;
  last: string;
  dateOfBirth: string;
  driversLicense: string;
  residence: { street: string; city: string; state: string; zip: string; county: string };
  mailing: { line1: string; city: string; region?: string; postalCode: string; country: string };
  email: string;
}

/** Fills the request form as a voter would (e-mail delivery, the affirmation ticked); does not send it. */
export async function fillFpcaForm(page: Page, v: FpcaFormEntry): Promise<void> {
  await page.selectOption('#f-jurisdictionId', v.jurisdictionId);
  await page.check(v.voterClass === 0 ? '#f-voterClass' : `#f-voterClass-${v.voterClass}`);
  await page.fill('#f-name-first', v.first);
  await page.fill('#f-name-last', v.last);
  await page.fill('#f-dateOfBirth', v.dateOfBirth);
  await page.check('#f-identification-type'); // driver's license
  await page.fill('#f-identification-value', v.driversLicense);
  await page.fill('#f-votingResidence-street', v.residence.street);
  await page.fill('#f-votingResidence-city', v.residence.city);
  await page.selectOption('#f-votingResidence-state', v.residence.state);
  await page.fill('#f-votingResidence-zip', v.residence.zip);
  await page.fill('#f-votingResidence-county', v.residence.county);
  await page.fill('#f-mailingAddress-lines-0', v.mailing.line1);
  await page.fill('#f-mailingAddress-city', v.mailing.city);
  if (v.mailing.region !== undefined) await page.fill('#f-mailingAddress-region', v.mailing.region);
  await page.fill('#f-mailingAddress-postalCode', v.mailing.postalCode);
  await page.selectOption('#f-mailingAddress-country', v.mailing.country);
  await page.check('#f-ballotDelivery'); // e-mail
  await page.fill('#f-contact-email', v.email);
  await page.check('#f-affirmation-accepted');
}

/**
 * A screenshot of the page, full length. With UPDATE_SCREENSHOTS=1 it goes to docs/screenshots
 * (the pictures in the docs); otherwise to a scratch directory.
 */
export async function screenshot(page: Page, name: string, dir?: string): Promise<string> {
  const target =
    dir ??
    (process.env.UPDATE_SCREENSHOTS
      ? join(__dirname, '../../../docs/screenshots')
      : join('/tmp', 'uocava-screens'));
  mkdirSync(target, { recursive: true });
  const file = join(target, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}
