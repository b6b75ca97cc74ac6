// The figures agree: /api/counts with its own total, with the CLI's `safer query counts`
// and with counts.csv; /api/map with the counts; incidents with the counts; overview
// figures are null exactly when missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn } from '../support/server.mjs';
import { sumCounts } from './lib.mjs';

let server;
let member, analyst;

before(async () => {
  server = await startServer();
  member = await signIn(server.url, server.users.member);
  analyst = await signIn(server.url, server.users.analyst);
});
after(() => server?.stop());

async function getJson(session, path) {
  const res = await session.fetch(path);
  const text = await res.text();
  assert.equal(res.status, 200, `${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

function cli(args) {
  return JSON.parse(server.run(['query', 'counts', ...args, '--format', 'json']).toString());
}

// The same request, as API query string and as CLI arguments.
const REQUESTS = [
  { area: 'Hartlepool', from: '2018-09', to: '2018-09' },
  { area: 'Hartlepool', from: '2018-09', to: '2018-09', by: 'category' },
  { area: 'E06000001', from: '2018-09', to: '2018-09', by: 'ward' },
  { area: 'Cleveland Police', from: '2018-09', to: '2018-09', by: 'area' },
  { area: 'Cleveland Police', from: '2018-09', to: '2018-09', by: 'month,category' },
  { area: 'Middlesbrough', from: '2018-07', to: '2018-09', by: 'month' },
  { area: 'Cleveland Police', from: '2018-09', to: '2018-09', by: 'lsoa' },
  { area: 'Redcar and Cleveland', from: '2018-09', to: '2018-09', by: 'category', rate: 'population' },
];

const qs = (r) => new URLSearchParams(r).toString();
const cliArgs = (r) => Object.entries(r).flatMap(([k, v]) => [`--${k}`, v]);

for (const r of REQUESTS) {
  test(`counts ${qs(r)}: total = sum of rows = the CLI's; counts.csv has exactly these rows`, async () => {
    const api = await getJson(member, `/api/counts?${qs(r)}`);
    assert.ok(Array.isArray(api.columns) && Array.isArray(api.rows));
    assert.ok(api.total > 0, 'the sample holds incidents here');
    assert.equal(api.total, sumCounts(api.rows), 'total = sum of rows');
    for (const row of api.rows) {
      assert.equal(row.keys.length, api.columns.length, 'a key per column');
      assert.ok(Number.isInteger(row.count) && row.count >= 0);
      if (row.denominator === null) assert.equal(row.rate_per_1000, null, 'a rate without a denominator');
    }
    const mine = cli(cliArgs(r));
    assert.equal(api.total, sumCounts(mine), 'the API total = the CLI total');
    assert.deepEqual(api.rows.map((x) => x.count).sort((a, b) => a - b), mine.map((x) => x.count).sort((a, b) => a - b), 'the same counts as the CLI');
    assert.equal(api.rows.length, mine.length, 'as many rows as the CLI');

    const res = await member.fetch(`/api/counts.csv?${qs(r)}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') || '', /^text\/csv/);
    const lines = (await res.text()).replace(/\r?\n$/, '').split(/\r?\n/);
    const expectHeader = [...api.columns, 'count', ...(r.rate ? ['denominator', 'rate_per_1000'] : [])];
    assert.deepEqual(parseCsvLine(lines[0]), expectHeader, 'CSV header');
    assert.equal(lines.length - 1, api.rows.length, 'CSV rows = JSON rows');
    api.rows.forEach((row, i) => {
      const cells = parseCsvLine(lines[i + 1]);
      assert.deepEqual(cells.slice(0, row.keys.length), row.keys.map(String), `CSV row ${i + 1} keys`);
      assert.equal(Number(cells[row.keys.length]), row.count, `CSV row ${i + 1} count`);
    });
  });
}

test('a category filter selects the same incidents in the API and the CLI', async () => {
  const cats = await getJson(member, '/api/categories');
  assert.ok(cats.length >= 14);
  for (const c of cats) assert.ok('id' in c && 'name' in c && 'parent' in c && typeof c.police_uk === 'boolean');
  const ids = new Set(cats.map((c) => c.id));
  for (const c of cats) assert.ok(c.parent === null || ids.has(c.parent), `${c.id}'s parent ${c.parent} is not a category`);
  const burglary = cats.find((c) => c.police_uk && /^burglary$/i.test(c.name));
  const asb = cats.find((c) => c.police_uk && /anti-social/i.test(c.name));
  assert.ok(burglary && asb, 'burglary and ASB are categories');
  const api = await getJson(member, `/api/counts?area=Hartlepool&from=2018-09&to=2018-09&category=${burglary.id}&category=${asb.id}`);
  const mine = cli(['--area', 'Hartlepool', '--from', '2018-09', '--to', '2018-09', '--category', burglary.id, '--category', asb.id]);
  assert.equal(api.total, sumCounts(mine));
  const all = await getJson(member, '/api/counts?area=Hartlepool&from=2018-09&to=2018-09');
  assert.ok(api.total > 0 && api.total < all.total, 'the filter narrows the count');
});

test('months without data are listed as missing, not counted as zero', async () => {
  const api = await getJson(member, '/api/counts?area=Hartlepool&from=2018-07&to=2018-09');
  assert.deepEqual(api.missing_months, ['2018-07', '2018-08']);
});

for (const area of ['Hartlepool', 'Cleveland Police']) {
  test(`map of ${area}: total = sum of cells + without_location = the count total`, async () => {
    const map = await getJson(member, `/api/map?area=${encodeURIComponent(area)}&from=2018-09&to=2018-09`);
    const counts = await getJson(member, `/api/counts?area=${encodeURIComponent(area)}&from=2018-09&to=2018-09`);
    assert.equal(map.cell_metres, 400);
    assert.ok(map.cells.length > 0);
    const cellSum = map.cells.reduce((a, c) => a + c.n, 0);
    assert.equal(map.total, cellSum + map.without_location, 'total = cells + without_location');
    assert.equal(map.total, counts.total, 'map total = count total');
    assert.ok(map.cells.every((c) => c.n > 0 && Number.isFinite(c.x) && Number.isFinite(c.y)));
    assert.ok(map.outline.length >= map.cells.length, 'the outline covers every cell holding incidents');
    if (area === 'Hartlepool') assert.equal(map.without_location, 0, 'incidents without a location belong to no local authority');
  });
}

test('a bigger map cell gives fewer cells and the same total', async () => {
  const small = await getJson(member, '/api/map?area=Hartlepool&from=2018-09&to=2018-09&cell=200');
  const big = await getJson(member, '/api/map?area=Hartlepool&from=2018-09&to=2018-09&cell=2000');
  assert.equal(small.cell_metres, 200);
  assert.equal(big.cell_metres, 2000);
  assert.ok(big.cells.length < small.cells.length);
  assert.equal(big.total, small.total);
});

test('incident rows are the incidents counted', async () => {
  const counts = await getJson(member, '/api/counts?area=Hartlepool&from=2018-09&to=2018-09&category=robbery');
  const rows = await getJson(analyst, '/api/incidents?area=Hartlepool&from=2018-09&to=2018-09&category=robbery&limit=1000');
  assert.equal(rows.truncated, false);
  assert.equal(rows.rows.length, counts.total);
  const few = await getJson(analyst, '/api/incidents?area=Hartlepool&from=2018-09&to=2018-09&limit=5');
  assert.equal(few.rows.length, 5);
  assert.equal(few.truncated, true);
  for (const k of ['month', 'force', 'crime_id', 'category', 'lsoa_code', 'source_file', 'line', 'import_id']) assert.ok(k in few.rows[0], `incident without ${k}`);
});

test('periods list the months held and the latest quarter', async () => {
  const p = await getJson(member, '/api/periods');
  assert.deepEqual(p.months, ['2018-09']);
  assert.ok(p.quarters.includes('2018/19-Q2'));
  // Only September of 2018/19-Q2 is held: whether it counts as the latest quarter is the
  // server's call, but it must be a quarter it lists.
  assert.ok(p.latest_quarter === null || p.quarters.includes(p.latest_quarter), `latest_quarter ${p.latest_quarter}`);
});

test('overview: every figure is null exactly when it has a missing reason', async () => {
  const o = await getJson(member, '/api/overview?area=Hartlepool&quarter=2018/19-Q2');
  assert.equal(o.area.code, 'E06000001');
  assert.equal(o.period.from, '2018-07');
  assert.equal(o.period.to, '2018-09');
  assert.ok(o.objectives.length > 0);
  let figures = 0;
  let missing = 0;
  const walk = (v, path) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`));
    if (v === null || typeof v !== 'object') return;
    if ('value' in v && 'missing' in v) {
      figures++;
      assert.equal(typeof v.missing, 'string', `${path}.missing`);
      if (v.missing !== '') missing++;
      assert.equal(v.value === null, v.missing !== '', `${path}: value ${v.value}, missing "${v.missing}"`);
    }
    for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(o, 'overview');
  assert.ok(figures > 20, `only ${figures} figures`);
  // July and August are not held: some figures must say so rather than show 0.
  assert.ok(missing > 0, 'no figure is missing though two months of the quarter are not held');
  assert.ok(o.largest_changes.length <= 8);
  for (let i = 1; i < o.largest_changes.length; i++) {
    assert.ok(Math.abs(o.largest_changes[i - 1].difference) >= Math.abs(o.largest_changes[i].difference), 'largest first');
  }
});

// One line of RFC 4180 CSV (no embedded line breaks in these files).
function parseCsvLine(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}
