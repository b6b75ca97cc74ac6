// /api/analyse/exceedance and /api/analyse/change: the CLI's numbers, the sample's "not
// enough history" said rather than flagged, a month made exceptional on generated data found,
// public and unsigned callers refused, bad parameters 400.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, signIn } from '../support/server.mjs';

// One server with the one-month sample and three years of a generated force: Hartlepool's
// history is still missing, because its own force (Cleveland) has no data for those months.
let server;
let member, publicUser;
const FORCE = 'Synthshire Police';

before(async () => {
  server = await startServer({ governance: false });
  member = await signIn(server.url, server.users.member);
  publicUser = await signIn(server.url, server.users.public);
  // Three years of a generated force, then June 2018 replaced by a month over twice as busy.
  const years = join(server.dir, 'synth-years'), spike = join(server.dir, 'synth-spike');
  server.run(['synth', '--out', years, '--forces', '1', '--from', '2016-01', '--months', '36', '--rows', '300']);
  server.run(['import', 'police-uk', years]);
  server.run(['synth', '--out', spike, '--forces', '1', '--from', '2018-06', '--months', '1', '--rows', '700', '--seed', '2']);
  server.run(['import', 'police-uk', spike]);
});
after(() => server?.stop());

async function getJson(session, path, status = 200) {
  const res = await session.fetch(path);
  const text = await res.text();
  assert.equal(res.status, status, `${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

const cli = (args) => JSON.parse(server.run(['analyse', ...args, '--format', 'json']).toString());
const round1 = (v) => (v === null ? null : Math.round(v * 10) / 10);

test('exceedance on generated data: June 2018 above its range, the same numbers as the CLI', async () => {
  const api = await getJson(member, `/api/analyse/exceedance?area=${encodeURIComponent(FORCE)}&from=2018-01&to=2018-12`);
  assert.equal(api.series.length, 1);
  const months = api.series[0].months;
  assert.equal(months.length, 12);
  const mine = cli(['exceedance', '--area', FORCE, '--from', '2018-01', '--to', '2018-12']);
  assert.equal(mine.length, 12);
  for (let i = 0; i < 12; ++i) {
    assert.equal(months[i].month, mine[i].month);
    assert.equal(months[i].count, mine[i].count);
    assert.equal(round1(months[i].expected), mine[i].expected, `expected ${months[i].month}`);
    assert.equal(round1(months[i].low), mine[i].low);
    assert.equal(round1(months[i].high), mine[i].high);
    assert.equal(months[i].flag, mine[i].flag);
    assert.equal(months[i].history_held, 24);
  }
  const june = months.find((m) => m.month === '2018-06');
  assert.equal(june.flag, 'above');
  assert.ok(june.count > june.high);
  assert.deepEqual(api.above, [{ category: null, month: '2018-06' }]);
});

test('exceedance by category agrees with the CLI row for row', async () => {
  const api = await getJson(member, `/api/analyse/exceedance?area=${encodeURIComponent(FORCE)}&from=2018-06&to=2018-07&by=category`);
  const mine = cli(['exceedance', '--area', FORCE, '--from', '2018-06', '--to', '2018-07', '--by', 'category']);
  const flat = api.series.flatMap((s) => s.months.map((m) => ({ category: s.category, ...m })));
  assert.equal(flat.length, mine.length);
  assert.ok(flat.length >= 20, 'every category of the generated force, two months each');
  flat.forEach((row, i) => {
    assert.equal(row.category, mine[i].category);
    assert.equal(row.count, mine[i].count);
    assert.equal(round1(row.expected), mine[i].expected);
    assert.equal(row.flag, mine[i].flag);
  });
});

test('exceedance on the one-month sample: not enough history, no flag, missing months named', async () => {
  const api = await getJson(member, '/api/analyse/exceedance?area=Hartlepool&from=2018-09&to=2018-09');
  const m = api.series[0].months[0];
  assert.equal(m.flag, 'not enough history');
  assert.equal(m.expected, null);
  assert.equal(m.history_held, 0);
  assert.equal(m.history_missing.length, 24);
  assert.ok(m.count > 0);
  assert.ok(api.notes.some((n) => n.includes('missing, not zero')));
});

test('change: counts, change and p equal the CLI; June named as significant', async () => {
  const api = await getJson(member, `/api/analyse/change?area=${encodeURIComponent(FORCE)}&period=2018-06&by=category`);
  const mine = cli(['change', '--area', FORCE, '--period', '2018-06', '--by', 'category']);
  assert.equal(api.rows.length, mine.length);
  api.rows.forEach((row, i) => {
    assert.equal(row.category, mine[i].category);
    assert.equal(row.against, mine[i].against);
    assert.equal(row.count, mine[i].count);
    assert.equal(row.before, mine[i].before);
    assert.equal(row.change, mine[i].change);
    assert.equal(Number(row.p_value.toPrecision(3)), mine[i].p_value);
    assert.equal(row.significant ? 'yes' : 'no', mine[i].significant);
    assert.equal(row.count - row.before, row.change);
  });
  assert.ok(api.significant.length > 0);
  const sizes = api.significant.map((s) => Math.abs(s.change));
  assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a), 'largest first');
});

test('change on the sample: the months before are missing, never zero', async () => {
  const api = await getJson(member, '/api/analyse/change?area=Hartlepool&period=2018-09');
  assert.equal(api.rows.length, 2);
  for (const row of api.rows) {
    assert.ok(row.count > 0);
    assert.equal(row.before, null);
    assert.equal(row.change, null);
    assert.equal(row.p_value, null);
    assert.ok(row.missing_months.length > 0);
  }
});

test('public and unsigned callers are refused', async () => {
  for (const path of ['/api/analyse/exceedance?area=Hartlepool&from=2018-09&to=2018-09',
    '/api/analyse/change?area=Hartlepool&period=2018-09']) {
    assert.equal((await publicUser.fetch(path)).status, 403, path);
    assert.equal((await fetch(server.url + path)).status, 401, path);
  }
});

test('bad parameters: 400 with a sentence; an unknown area or category 404', async () => {
  const bad = [
    '/api/analyse/exceedance?area=Hartlepool&from=2018-13&to=2018-09',
    '/api/analyse/exceedance?area=Hartlepool&from=2018-09&to=2018-01',
    '/api/analyse/exceedance?from=2018-09&to=2018-09',
    '/api/analyse/exceedance?area=Hartlepool&from=2018-09&to=2018-09&by=ward',
    '/api/analyse/change?area=Hartlepool',
    '/api/analyse/change?area=Hartlepool&period=2018/19-Q5',
    '/api/analyse/change?area=Hartlepool&from=2018-07&to=2018-09&against=2017-07..2017-08',
    '/api/analyse/change?area=Hartlepool&from=2018-07&to=2018-09&against=2018-08..2018-10',
    '/api/analyse/change?area=Hartlepool&period=2018-09&from=2018-09&to=2018-09',
  ];
  for (const path of bad) {
    const body = await getJson(member, path, 400);
    assert.ok(typeof body.error === 'string' && body.error.length > 10, `${path}: ${JSON.stringify(body)}`);
  }
  await getJson(member, '/api/analyse/change?area=Nowhere&period=2018-09', 404);
  await getJson(member, '/api/analyse/exceedance?area=Hartlepool&from=2018-09&to=2018-09&category=nonsense', 404);
});
