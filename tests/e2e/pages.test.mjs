// What partners read: the overview's indicator tables, explore's filtered counts (with the
// CSV of exactly the rows shown), and the quarterly pack downloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setUp, newPage, signIn, screenshot, assertNoErrors, notSignedInYet, parseCsv } from './lib.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

test('the overview shows Hartlepool\'s indicator tables with statuses in words, as the API gives them', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await signIn(page, url, users.member);
  await page.locator('table.indicators').first().waitFor();
  assert.equal(await page.locator('#overview-area').inputValue(), 'Hartlepool');
  assert.match(await page.locator('.lede').textContent(), /Hartlepool/);

  const periods = await (await page.request.get(url + '/api/periods')).json();
  const expected = periods.latest_quarter ? `q:${periods.latest_quarter}` : `m:${periods.months.at(-1)}`;
  assert.equal(await page.locator('#overview-period').inputValue(), expected);
  const query = periods.latest_quarter ? `quarter=${encodeURIComponent(periods.latest_quarter)}`
    : `from=${periods.months.at(-1)}&to=${periods.months.at(-1)}`;
  const overview = await (await page.request.get(`${url}/api/overview?area=Hartlepool&${query}`)).json();

  const indicators = overview.objectives.flatMap((o) => o.indicators);
  assert.ok(indicators.length > 0, 'the sample plan has indicators');
  assert.equal(await page.locator('table.indicators').count(), overview.objectives.length, 'one table per objective');
  for (const o of overview.objectives) await page.getByRole('heading', { name: o.objective, level: 2 }).waitFor();
  for (const i of indicators) {
    const row = page.locator(`tr[data-indicator="${i.id}"]`);
    assert.equal(await row.count(), 1, i.id);
    const chip = (await row.locator('.chip').textContent()).replace(/^[^A-Za-z]+/, '');
    assert.ok(chip.startsWith(i.status || 'No status'), `${i.id}: chip "${chip}", status "${i.status}"`);
    // A missing figure reads as its reason, never as 0.
    const cells = await row.locator('td.num').allTextContents();
    for (const [k, f] of [[0, i.baseline], [1, i.same_period_last_year], [2, i.this_period], [3, i.year_to_date]]) {
      if (f.value === null) assert.equal(cells[k].trim(), f.missing, `${i.id} column ${k}`);
      else assert.notEqual(cells[k].trim(), '', `${i.id} column ${k}`);
    }
  }
  assert.ok(indicators.some((i) => i.status), 'some indicator has a status');
  await screenshot(page, 'overview');

  // The area and period chosen change what is shown.
  await page.locator('#overview-area').selectOption('Middlesbrough');
  await page.locator('.lede', { hasText: 'Middlesbrough' }).waitFor();
  assert.match(page.url(), /area=Middlesbrough/);
  assertNoErrors(page, notSignedInYet);

  // Tablet width: still one readable page, screenshot kept.
  await page.setViewportSize({ width: 768, height: 1024 });
  await screenshot(page, 'overview-tablet');
  await page.context().close();
});

const tableRows = (page) => page.locator('#counts-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
  keys: [...tr.querySelectorAll('td[data-key]')].map((td) => td.dataset.key),
  count: Number(tr.querySelector('td[data-count]').dataset.count),
})));

async function downloadCsv(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV of this table' }).click()]);
  return { name: download.suggestedFilename(), rows: parseCsv(readFileSync(await download.path(), 'utf8')).filter((r) => r.join('') !== '') };
}

test('explore: filters change the table and chart, and the CSV holds exactly the rows shown', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await signIn(page, url, users.member);
  await page.getByRole('link', { name: 'Explore' }).click();
  await page.locator('#counts-table tbody tr').first().waitFor();
  await page.locator('svg.hex-map').waitFor();
  await page.locator('svg.line-chart').waitFor();
  await page.locator('svg.bar-chart').waitFor();
  assert.ok(await page.locator('svg.hex-map polygon.hex').count() > 0, 'hexbins drawn');
  const all = await tableRows(page);
  assert.ok(all.length > 1, 'several category rows for Hartlepool');
  const linesBefore = await page.locator('.line-chart .series-line').count();

  const first = await downloadCsv(page);
  assert.match(first.name, /\.csv$/);
  assert.deepEqual(first.rows[0].slice(0, 2), ['month', 'category']);
  assert.deepEqual(first.rows.slice(1).map((r) => ({ keys: r.slice(0, 2), count: Number(r[2]) })), all);
  await screenshot(page, 'explore');

  // One category: every row is that category, and the chart draws one line.
  const categories = await (await page.request.get(url + '/api/categories')).json();
  const shown = new Set(all.map((r) => r.keys[1]));
  const pick = categories.find((c) => shown.has(c.id)) ?? categories.find((c) => shown.has(c.name));
  assert.ok(pick, 'a category of the table is in /api/categories');
  await page.locator(`.category-list input[value="${pick.id}"]`).check();
  await page.waitForFunction((n) => document.querySelectorAll('#counts-table tbody tr').length !== n, all.length);
  const one = await tableRows(page);
  assert.ok(one.length >= 1 && one.length < all.length);
  for (const r of one) assert.ok(r.keys[1] === pick.id || r.keys[1] === pick.name, `row of ${r.keys[1]}`);
  await page.waitForFunction(() => document.querySelectorAll('.line-chart .series-line').length === 1);
  assert.ok(linesBefore > 1, 'several lines before filtering');

  // Grouped by ward instead: other columns, and the CSV follows.
  await page.locator('input[name=by][value=category]').uncheck();
  await page.locator('input[name=by][value=month]').uncheck();
  await page.locator('input[name=by][value=ward]').check();
  await page.locator('#counts-table thead th', { hasText: 'Ward' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('main .loading'));
  const byWard = await tableRows(page);
  assert.ok(byWard.length > 1, 'several wards');
  const second = await downloadCsv(page);
  assert.deepEqual(second.rows[0].slice(0, 2), ['ward', 'count']);
  assert.deepEqual(second.rows.slice(1).map((r) => ({ keys: r.slice(0, 1), count: Number(r[1]) })), byWard);
  assert.equal(byWard.reduce((a, r) => a + r.count, 0), one.reduce((a, r) => a + r.count, 0), 'the same incidents, grouped otherwise');
  await screenshot(page, 'explore-filtered');
  await page.setViewportSize({ width: 768, height: 1024 });
  await screenshot(page, 'explore-tablet');
  assertNoErrors(page, notSignedInYet);
  await page.context().close();
});

test('reports: the pack downloads as HTML, CSV, XLSX and PDF, real files named for the area', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await signIn(page, url, users.public);
  await page.getByRole('link', { name: 'Reports' }).click();
  await page.locator('#report-area').waitFor();
  assert.equal(await page.locator('#report-area').inputValue(), 'Hartlepool');
  await screenshot(page, 'reports');
  const magic = { html: /^\s*<(!doctype html|html)/i, csv: /Hartlepool/, xlsx: /^PK/, pdf: /^%PDF-/ };
  for (const format of ['html', 'csv', 'xlsx', 'pdf']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`button[data-format=${format}]`).click()]);
    const name = download.suggestedFilename();
    assert.match(name, new RegExp(`^safer-pack-.*Hartlepool.*\\.${format}$`, 'i'));
    const bytes = readFileSync(await download.path());
    assert.ok(bytes.length > 200, `${format}: ${bytes.length} bytes`);
    assert.match(bytes.subarray(0, 4000).toString('latin1'), magic[format], format);
    await page.locator('.success', { hasText: name }).waitFor();
  }
  // A quarter, even one only partly held, gives its pack too.
  await page.getByLabel('A quarter').check();
  const quarter = await page.locator('#report-quarter').inputValue();
  assert.match(quarter, /^\d{4}\/\d{2}-Q[1-4]$/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-format=csv]').click()]);
  assert.match(download.suggestedFilename(), /^safer-pack-.*\.csv$/);
  assert.match(readFileSync(await download.path(), 'utf8'), /Hartlepool/);
  assertNoErrors(page, notSignedInYet);
  await page.context().close();
});
