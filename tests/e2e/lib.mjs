// What every browser test shares: playwright-core from web/node_modules, Debian's
// Chromium, a real `safer serve`, sign-in through the page, console-error capture and
// screenshots kept in tests/artifacts/e2e/.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
export const sourceDir = resolve(here, '../..');
const require = createRequire(join(sourceDir, 'web/package.json'));
export const { chromium } = require('playwright-core');

export const artifacts = join(sourceDir, 'tests/artifacts/e2e');
mkdirSync(artifacts, { recursive: true });

// Without the background-networking flags Chromium's own connections are refused by this
// machine's closed network and show up as noise.
export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// A server and a browser for one test file; close() ends both.
export async function setUp() {
  const server = await startServer();
  let browser;
  try { browser = await launchBrowser(); } catch (e) { await server.stop(); throw e; }
  return {
    server, browser,
    async close() { await browser.close(); await server.stop(); },
  };
}

// A fresh page (own cookies) that records every console error, page error and CSP
// violation; `errors()` lists them less the ones a test expects (by pattern).
export async function newPage(browser, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  const seen = [];
  page.on('console', (m) => { if (m.type() === 'error') seen.push(`console: ${m.text()} (${m.location()?.url ?? ''})`); });
  page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.errors = (...expected) => seen.filter((s) => !expected.some((re) => re.test(s)));
  return page;
}

// A 401 from GET /api/session is how the page learns nobody is signed in yet; Chromium
// logs it as a failed resource.
export const notSignedInYet = /status of 401.*\/api\/session/;

export async function signIn(page, url, user) {
  await page.goto(url + '/');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

export function assertNoErrors(page, ...expected) {
  assert.deepEqual(page.errors(...expected), [], 'console errors, page errors or CSP violations');
}

// RFC 4180 CSV into rows of fields.
export function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}
