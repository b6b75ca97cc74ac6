// POST /api/analyse/near-repeat: the Knox test on an uploaded extract. Analysts get the NRC's
// observed counts on the Chicago arson set; members and the public are refused (the extract
// may hold personal data); bad bands and bounds are 400; every analysis is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, signIn } from '../support/server.mjs';
import { upload, expectError, assertNoInsides } from './lib.mjs';

const src = process.env.SAFER_SRC;
const arson = readFileSync(join(src, 'tests/data/nearrepeat/chicago_arson.csv'));
const badRows = readFileSync(join(src, 'tests/data/extracts/burglary_with_bad_rows.csv'));
const NRC = 'space_band=200&space_bands=3&time_band=1&time_bands=3&convention=nrc';
const path = (query) => `/api/analyse/near-repeat?${query}`;
const file = (content, filename = 'chicago_arson.csv') => [{ name: 'file', filename, content }];

let server;
const s = {};
before(async () => {
  server = await startServer({ sample: false, governance: false });
  for (const role of ['public', 'member', 'analyst', 'admin']) s[role] = await signIn(server.url, server.users[role]);
});
after(() => server?.stop());

// The observed table [space band][time band] from the answer's cells.
const observed = (body) => {
  const t = [];
  for (const c of body.cells) (t[c.space_band] ??= [])[c.time_band] = c.observed;
  return t;
};

test("an analyst gets the NRC's observed counts for the arson set, with both labels", async () => {
  const res = await upload(s.analyst, path(`${NRC}&permutations=99&seed=3`), file(arson));
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const body = JSON.parse(text);
  // tests/data/nearrepeat/chicago_arson_NRsummary_2019-09-23_145637.htm (NRC 1.3's run).
  assert.deepEqual(observed(body), [[0, 2, 0, 8], [9, 1, 1, 45], [4, 0, 0, 140], [6, 0, 0, 234], [393, 710, 770, 133658]]);
  assert.deepEqual(body.settings.space_edges, [0, 200, 400, 600]);
  assert.deepEqual(body.settings.time_edges, [1, 2, 3]);
  assert.equal(body.settings.metric, 'manhattan');
  assert.equal(body.settings.permutations, 99);
  assert.deepEqual(body.space_bands.nrc_labels, ['Same location', '1 to 200 meters', '201 to 400 meters', '401 to 600 meters', 'More than 600 meters']);
  assert.deepEqual(body.space_bands.intervals, ['0 m', '(0, 200) m', '[200, 400) m', '[400, 600) m', '600 m or more']);
  assert.deepEqual(body.time_bands.intervals, ['0 days', '1 day', '2 days', '3 days or more']);
  assert.deepEqual(body.rows, { read: 522, used: 522, set_aside: 0 });
  const first = body.cells.find((c) => c.space_band === 1 && c.time_band === 0);
  assert.ok(first.knox_ratio > 20 && first.p_value <= 0.05 && first.flagged, JSON.stringify(first));
  assert.ok(first.p_value >= 0.01 && first.p_value <= 1, 'p in [1/(1+99), 1]');
  assert.match(body.findings[0], /^A significant near repeat pattern: within \(0, 200\) m of an event/);
  // The same seed gives the same answer.
  const again = await (await upload(s.analyst, path(`${NRC}&permutations=99&seed=3`), file(arson))).json();
  assert.deepEqual(again.cells, body.cells);
});

test('rows set aside are counted and given by line and reason, never their personal contents', async () => {
  const res = await upload(s.admin, path('space_edges=0,100&time_edges=0,7&permutations=19'), file(badRows, 'extract.csv'));
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const body = JSON.parse(text);
  assert.deepEqual(body.rows, { read: 9, used: 4, set_aside: 5 });
  assert.deepEqual(body.set_aside.map((r) => r.line), [4, 6, 7, 8, 9]);
  assert.equal(body.set_aside[2].reason, 'x "n/a" is not a number');
  assert.deepEqual(observed(body), [[1, 0, 0], [0, 2, 0], [0, 0, 3]]);
  assert.doesNotMatch(text, /V6|CR\/6/, 'no raw row (victim ids) in the answer');
  assert.equal(body.settings.metric, 'euclidean');
});

test('members and the public are refused, and so is anyone signed out', async () => {
  for (const role of ['member', 'public']) {
    await expectError(upload(s[role], path(`${NRC}&permutations=9`), file(arson)), [403], role);
  }
  const { body, contentType } = (await import('./lib.mjs')).multipart(file(arson));
  const res = await fetch(server.url + path(`${NRC}&permutations=9`), { method: 'POST', headers: { 'content-type': contentType }, body });
  assert.ok([401, 403].includes(res.status), `signed out: ${res.status}`);
});

test('bad bands and out-of-bounds settings are 400 with a sentence', async () => {
  const cases = [
    ['space_edges=0,200,200&time_edges=1,2', /strictly increasing/],
    ['space_edges=0,100&time_edges=7,3', /strictly increasing/],
    ['space_edges=-1,100&time_edges=7', /0 or more/],
    ['space_band=200&time_band=1&time_bands=3', /space_band and space_bands/],
    ['space_edges=0,1,x&time_edges=7', /space_edges must be a list/],
    ['time_edges=1.5&space_edges=0', /time_edges must be a list of at most \d+ whole numbers/],
    [`${NRC}&permutations=10000`, /permutations must be a whole number from 1 to 9999/],
    [`${NRC}&permutations=0`, /permutations/],
    ['space_edges=0,200&time_edges=1&metric=chebyshev', /metric must be/],
    ['space_edges=0,200&time_edges=1&convention=other', /convention must be/],
    [`${NRC}&from=2016-02-30`, /from/],
  ];
  for (const [query, message] of cases) {
    const err = await expectError(upload(s.analyst, path(query), file(arson)), [400], query);
    assert.match(err.error, message, query);
  }
  const none = await expectError(upload(s.analyst, path(`${NRC}&permutations=9`), file('Crime Ref,Easting\nA,1\n', 'x.csv')), [400], 'no date');
  assert.match(none.error, /no date column/);
  assertNoInsides(none.error, 'no date');
  assert.doesNotMatch(none.error, /safer-upload|\/tmp\//, 'no server paths');
});

test('each analysis is audited, refusals too', async () => {
  const res = await s.admin.fetch('/api/audit?limit=1000');
  assert.equal(res.status, 200);
  const entries = await res.json();
  const list = Array.isArray(entries) ? entries : entries.entries;
  const ok = list.find((e) => e.username === server.users.analyst.username && e.action === 'analyse-near-repeat' && e.allowed);
  assert.ok(ok, 'the analyst\'s analysis is in the audit log');
  assert.match(ok.detail, /522 rows read, 522 events used, 0 set aside/);
  assert.ok(list.find((e) => e.username === server.users.member.username && !e.allowed), 'the member\'s refusal is audited');
});
