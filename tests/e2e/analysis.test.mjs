// The analysis page in a real browser: the concentration table is the API's rows and adds up
// to its total, the hot-spot layer draws every Gi* cell the API lists (hot ones marked) and
// toggles to the kernel density, missing months read as missing, and a public user has no
// such page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setUp, newPage, signIn, screenshot, assertNoErrors, notSignedInYet } from './lib.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

const selection = 'area=Hartlepool&from=2018-09&to=2018-09';

async function openAnalysis(page, url) {
  await page.getByRole('link', { name: 'Analysis' }).click();
  await page.getByRole('heading', { name: 'Analysis', level: 1 }).waitFor();
  await page.locator('#analysis-area').selectOption('Hartlepool');
  await page.locator('#analysis-from').selectOption('2018-09');
  await page.locator('#analysis-to').selectOption('2018-09');
  await page.waitForFunction(() => /area=Hartlepool/.test(location.search));
  const api = async (path) => {
    const res = await page.request.get(`${url}/api/analyse/${path}`);
    assert.equal(res.status(), 200, `${path}: ${res.status()}`);
    return res.json();
  };
  return api;
}

const num = (text) => Number(text.replace(/[,\s]/g, ''));

test('a member sees Hartlepool\'s concentration as the API gives it, adding up to the total', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await signIn(page, url, users.member);
  const api = await openAnalysis(page, url);
  const c = await api(`concentration?${selection}&by=ward&top=10`);
  assert.ok(c.ranked.length > c.top_n, 'Hartlepool has more wards than the top 10');

  await page.locator('#concentration-table tbody tr[data-rank]').first().waitFor();
  const rows = await page.locator('#concentration-table tbody tr[data-rank]').evaluateAll((trs) => trs.map((tr) => ({
    name: tr.querySelector('th').dataset.name, count: Number(tr.querySelector('td[data-count]').dataset.count),
  })));
  assert.deepEqual(rows, c.ranked.slice(0, c.top_n).map((r) => ({ name: r.name, count: r.count })));
  const rest = num(await page.locator('#concentration-table tr.rest td[data-count]').textContent());
  const total = num(await page.locator('#concentration-table tfoot tr.total td[data-count]').textContent());
  assert.equal(total, c.total, 'the total row is the API\'s total');
  assert.equal(rows.reduce((a, r) => a + r.count, 0) + rest, total, 'the rows and the rest add up to the total');
  assert.equal(rest, c.ranked.slice(c.top_n).reduce((a, r) => a + r.count, 0), 'the rest is the wards below the top 10');
  // Shown as written, and the cumulative % of the last ranked row is the API's top-N share.
  const cumulative = await page.locator(`#concentration-table tr[data-rank="${c.top_n}"] td`).last().textContent();
  assert.equal(cumulative.trim(), `${c.top_n_percent.toFixed(1)}%`);
  const sentence = await page.locator('#concentration-sentence').textContent();
  assert.match(sentence, new RegExp(`${c.top_n_percent.toFixed(1).replace('.', '\\.')}% of all incidents in Hartlepool`));
  assert.match(sentence, new RegExp(`in ${c.top_n} of its ${c.ranked.length} wards`));
  assert.match(sentence, new RegExp(`Gini coefficient ${c.gini.toFixed(3)}`));
  const lorenz = page.locator('svg.lorenz-chart');
  assert.match(await lorenz.getAttribute('aria-label'), /Lorenz curve/);
  assert.equal(await lorenz.locator('.lorenz-diagonal').count(), 1);
  assert.equal((await lorenz.locator('path.lorenz-line').getAttribute('d')).split(/[ML]/).filter(Boolean).length, c.lorenz.length);

  // By LSOA: the table follows the API again.
  await page.locator('#concentration-by').selectOption('lsoa');
  const byLsoa = await api(`concentration?${selection}&by=lsoa&top=10`);
  await page.locator('#concentration-table tfoot tr.total').waitFor();
  await page.waitForFunction((name) => document.querySelector('#concentration-table tr[data-rank="1"] th')?.dataset.name === name, byLsoa.ranked[0].name);
  assert.equal(num(await page.locator('#concentration-table tfoot tr.total td[data-count]').textContent()), byLsoa.total);

  // More than there are wards: the API's sentence, not a broken table.
  await page.locator('#concentration-by').selectOption('ward');
  await page.locator('#concentration-top').fill('50');
  await page.locator('#concentration-top').press('Tab');
  const refusal = page.locator('section[aria-labelledby=concentration-title] .error');
  await refusal.first().waitFor();
  assert.match(await refusal.first().textContent(), /top 50: Hartlepool has only \d+ wards/i);
  assertNoErrors(page, notSignedInYet, /status of 400.*\/api\/analyse\/concentration/);
  await page.context().close();
});

test('the hot-spot layer draws every Gi* cell the API lists, hot ones marked, and toggles to the density', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await signIn(page, url, users.analyst);
  const api = await openAnalysis(page, url);
  const h = await api(`hotspots?${selection}`);
  const map = page.locator('svg.hotspot-map');
  await map.waitFor();
  assert.equal(await map.getAttribute('role'), 'img');
  assert.equal(await map.locator('rect.gi-cell').count(), h.gi.cells.length, 'one rectangle per listed cell');
  const hot = h.gi.cells.filter((c) => c.class > 0);
  assert.ok(hot.length > 0, 'Hartlepool in September 2018 has hot spots');
  // The summary counts hot spots at the FDR level (95%); the map marks every class down to 90%.
  assert.equal(h.gi.cells.filter((c) => c.z > 0 && c.p_adjusted <= h.settings.fdr).length, h.summary.hot_cells);
  assert.equal(await map.locator('rect.gi-cell[class*="gi-hot-"]').count(), hot.length, 'hot cells marked as hot');
  for (const k of [1, 2, 3]) {
    assert.equal(await map.locator(`rect.gi-cell.gi-hot-${k}`).count(), h.gi.cells.filter((c) => c.class === k).length, `hot class ${k}`);
  }
  assert.equal(await map.locator('rect.gi-cell[data-class="0"]').count(), h.gi.cells.filter((c) => c.class === 0).length);
  // The legend says it in words, with the API's numbers of cells.
  const legend = await page.locator('.gi-legend').textContent();
  assert.match(legend, /Hot spot, \d+% confidence/);
  assert.match(await page.locator('#hotspot-sentence').textContent(), new RegExp(`^${h.summary.hot_cells} cells? (are|is a) hot spots?`, 'i'));
  // The table of the hottest cells: the API's hot cells, by z.
  const zs = await page.locator('#hot-cells-table tbody tr td:nth-child(4)').allTextContents();
  assert.deepEqual(zs.map(Number), hot.map((c) => c.z).sort((a, b) => b - a).slice(0, 10).map((z) => Number(z.toFixed(2))));
  await screenshot(page, 'analysis-hotspots');

  // The toggle works from the keyboard.
  await page.getByRole('button', { name: 'Kernel density' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('svg.hotspot-map[data-layer=density]').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Kernel density' }).getAttribute('aria-pressed'), 'true');
  assert.ok(await page.locator('svg.hotspot-map rect.density').count() > 0, 'density drawn');
  assert.equal(await page.locator('svg.hotspot-map rect.gi-cell').count(), 0, 'one layer at a time');
  assert.match(await page.locator('.density-legend').textContent(), /incidents per km²/);
  await screenshot(page, 'analysis-density');

  // The Gi* grid for a GIS: every cell of the grid, empty ones too, as the API's GeoJSON.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the Gi* grid as GeoJSON' }).click()]);
  assert.match(download.suggestedFilename(), /^safer-hotspots-Hartlepool-2018-09-2018-09\.geojson$/);
  const geojson = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(geojson.type, 'FeatureCollection');
  assert.equal(geojson.features.length, h.gi.frame.rows * h.gi.frame.cols);
  assert.equal(geojson.features.filter((f) => f.properties.class.startsWith('hot')).length, hot.length);

  // A coarser Gi* grid, given in the settings: the layer follows the API's answer for it.
  await page.getByRole('button', { name: 'Gi* hot and cold spots' }).click();
  await page.locator('details.settings summary').click();
  await page.getByLabel('Gi* cell (m)').fill('500');
  await page.getByLabel('Gi* cell (m)').press('Tab');
  const coarse = await api(`hotspots?${selection}&gi_cell=500`);
  assert.equal(coarse.settings.gi_cell_metres, 500);
  await page.waitForFunction((n) => document.querySelectorAll('svg.hotspot-map rect.gi-cell').length === n, coarse.gi.cells.length);
  assert.equal(await page.locator('svg.hotspot-map rect.gi-cell[class*="gi-hot-"]').count(), coarse.gi.cells.filter((c) => c.class > 0).length);
  // Out of range: the API's sentence, and no map that is not the API's.
  await page.getByLabel('Gi* cell (m)').fill('5');
  await page.getByLabel('Gi* cell (m)').press('Tab');
  const refusal = page.locator('section[aria-labelledby=hotspots-title] .error');
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /gi_cell must be a number from 50 to 5000/i);
  assert.equal(await page.locator('svg.hotspot-map').count(), 0);
  assertNoErrors(page, notSignedInYet, /status of 400.*\/api\/analyse\/hotspots/);
  await page.context().close();
});

test('change and repeats: a month without history is not assessed, missing comparisons read as missing, repeats are the API\'s', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await signIn(page, url, users.member);
  const api = await openAnalysis(page, url);

  const e = await api(`exceedance?${selection}`);
  await page.locator('#exceedance-table tbody tr').first().waitFor();
  const flags = await page.locator('#exceedance-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.flag));
  assert.deepEqual(flags, e.series[0].months.map((m) => m.flag));
  assert.match(await page.locator('#exceedance-table tbody tr').first().textContent(), /Not assessed: fewer than 24 previous months held/);

  // The total's rows first, then each category's.
  const all = await api(`change?${selection}`);
  const ch = await api(`change?${selection}&by=category`);
  const rows = [...all.rows, ...ch.rows];
  await page.locator('#change-table tbody tr').first().waitFor();
  assert.equal(await page.locator('#change-table tbody tr').count(), rows.length);
  assert.equal(await page.locator('#change-table tbody tr.all-row').count(), all.rows.length);
  assert.match(await page.locator('#change-table tbody tr.all-row th').first().textContent(), /All categories/);
  const counts = await page.locator('#change-table tbody tr td:nth-child(3)').allTextContents();
  const before = await page.locator('#change-table tbody tr td:nth-child(4)').allTextContents();
  rows.forEach((r, i) => {
    assert.equal(num(counts[i]), r.count, `row ${i}: the count`);
    if (r.before === null) assert.match(before[i], /^missing/, `row ${i}: a month without data is missing, not 0`);
    else assert.equal(num(before[i]), r.before);
  });

  const r = await api(`repeat-locations?${selection}&top=10`);
  await page.locator('#repeat-distribution-table tbody tr').first().waitFor();
  const bands = await page.locator('#repeat-distribution-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  assert.deepEqual(bands.map(([count, holders, incidents]) => ({ count, holders: num(holders), incidents: num(incidents) })), r.distribution);
  assert.equal(r.distribution.reduce((a, b) => a + b.incidents, 0), num(await page.locator('#repeat-distribution-table tfoot td').last().textContent()));
  assert.equal(await page.locator('#repeat-top-table tbody tr').count(), r.top.length);
  assert.match(await page.locator('#repeat-top-table tbody tr').first().textContent(), new RegExp(r.top[0].location));
  await screenshot(page, 'analysis');
  await page.setViewportSize({ width: 768, height: 1024 });
  await screenshot(page, 'analysis-tablet');
  assertNoErrors(page, notSignedInYet);
  await page.context().close();
});

test('a public user has no Analysis page: not in the navigation, "not allowed" at its address, 403 from the API', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await signIn(page, url, users.public);
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analysis' }).count(), 0);
  await page.goto(`${url}/analysis?${selection}`);
  await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
  assert.equal(await page.locator('#concentration-table').count(), 0);
  for (const path of ['concentration', 'hotspots', 'exceedance', 'change', 'repeat-locations']) {
    const res = await page.request.get(`${url}/api/analyse/${path}?${selection}`);
    assert.equal(res.status(), 403, path);
  }
  assertNoErrors(page, notSignedInYet);
  await page.context().close();
});
