// Bringing data in through the page: a police.uk file uploads with a progress bar and is
// imported; a file with malformed rows shows its rejected rows; the history lists both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setUp, newPage, signIn, screenshot, assertNoErrors, notSignedInYet, sourceDir } from './lib.mjs';

let env, dir;
before(async () => { env = await setUp(); dir = mkdtempSync(join(tmpdir(), 'safer-e2e-')); });
after(async () => { await env?.close(); if (dir) rmSync(dir, { recursive: true, force: true }); });

const header = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const id = (c) => c.repeat(64);

// One good row and four malformed ones: too few fields, a bad month, an unknown crime type,
// a latitude out of range.
function badFile() {
  const path = join(dir, '2018-10-cleveland-street.csv');
  writeFileSync(path, [
    header,
    `${id('a')},2018-10,Cleveland Police,Cleveland Police,-1.21,54.68,On or near High Street,E01011954,Hartlepool 001A,Burglary,Under investigation,`,
    `${id('b')},2018-10,Cleveland Police`,
    `${id('c')},October,Cleveland Police,Cleveland Police,-1.21,54.68,On or near High Street,E01011954,Hartlepool 001A,Burglary,Under investigation,`,
    `${id('d')},2018-10,Cleveland Police,Cleveland Police,-1.21,54.68,On or near High Street,E01011954,Hartlepool 001A,Teleportation,Under investigation,`,
    `${id('e')},2018-10,Cleveland Police,Cleveland Police,-1.21,954.68,On or near High Street,E01011954,Hartlepool 001A,Burglary,Under investigation,`,
  ].join('\n') + '\n');
  return path;
}

// Records every state the upload's progress bar passes through, as the user would see it.
async function watchProgress(page) {
  await page.evaluate(() => {
    window.progressSeen = [];
    new MutationObserver(() => {
      for (const p of document.querySelectorAll('.progress')) {
        const bar = p.querySelector('progress');
        window.progressSeen.push({ label: p.querySelector('label').textContent, value: bar ? bar.value : null });
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

test('uploading the sample street file shows upload progress, then "Importing…", then the result', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await signIn(page, url, users.analyst);
  await page.getByRole('link', { name: 'Data' }).click();
  await page.locator('#import-history').waitFor();
  await screenshot(page, 'data');

  // Slow the upload down so the bar has something to show on a loopback connection.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
  await watchProgress(page);

  const form = page.locator('form[data-kind="police-uk"]');
  await form.locator('input[type=file]').setInputFiles(join(sourceDir, 'data/sample/2018-09-cleveland-street.csv'));
  await form.getByRole('button', { name: 'Upload and import' }).click();
  await form.locator('.progress label', { hasText: /Uploading… [1-9]\d?%/ }).waitFor();
  await screenshot(page, 'data-uploading');
  await form.locator('.import-result').waitFor({ timeout: 60000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  const seen = await page.evaluate(() => window.progressSeen);
  const uploading = seen.filter((s) => s.label.startsWith('Uploading'));
  assert.ok(uploading.some((s) => s.value > 0 && s.value < 1), `a part-way upload was shown: ${JSON.stringify(uploading.slice(0, 5))}`);
  assert.ok(seen.some((s) => s.label.startsWith('Importing')), 'then "Importing…"');
  assert.ok(seen.findIndex((s) => s.label.startsWith('Importing')) > seen.findIndex((s) => s.label.startsWith('Uploading')));

  const figure = async (name) => Number((await form.locator(`[data-figure=${name}]`).textContent()).replace(/,/g, ''));
  const read = await figure('read');
  assert.ok(read > 1000, `read ${read}`);
  // The server already holds this file (the fixture imported it), so rows are unchanged or imported again.
  assert.equal(read, (await figure('imported')) + (await figure('rejected')) + (await figure('unchanged')));
  await screenshot(page, 'data-imported');
  assertNoErrors(page, notSignedInYet);
  await page.context().close();
});

test('a file with malformed rows shows what was rejected and why, and the history lists it', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await signIn(page, url, users.analyst);
  await page.goto(url + '/data');
  const form = page.locator('form[data-kind="police-uk"]');
  await form.locator('input[type=file]').setInputFiles(badFile());
  await form.getByRole('button', { name: 'Upload and import' }).click();
  await form.locator('.import-result').waitFor({ timeout: 30000 });
  assert.equal(await form.locator('[data-figure=rejected]').textContent(), '4');
  assert.equal(await form.locator('[data-figure=imported]').textContent(), '1');

  const rejections = page.locator('#rejections-table tbody tr');
  await rejections.first().waitFor();
  assert.equal(await rejections.count(), 4);
  const text = await page.locator('#rejections-table').textContent();
  assert.match(text, /2018-10-cleveland-street\.csv/);
  assert.match(text, /Teleportation/);
  const lines = await page.locator('#rejections-table tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(lines.map(Number).sort(), [3, 4, 5, 6]);
  await screenshot(page, 'data-rejections');

  const history = page.locator('#import-history tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('#import-history tbody tr').length >= 2);
  assert.match(await history.first().textContent(), /2018-10-cleveland-street\.csv/);
  assertNoErrors(page, notSignedInYet);
  await page.context().close();
});
