// GET /api/analyse/repeat-locations and POST /api/analyse/repeat-victims: the same numbers as
// `safer analyse repeats` on the same database and file; the public refused the locations,
// members and the public refused the extract (personal identifiers); bad parameters 400;
// every extract analysis audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, signIn } from '../support/server.mjs';
import { upload, expectError, SAMPLE } from './lib.mjs';

const src = process.env.SAFER_SRC;
const extractPath = join(src, 'tests/data/repeats/victims.csv');
const extract = readFileSync(extractPath);
const file = (content, filename = 'victims.csv') => [{ name: 'file', filename, content }];
const victims = (query) => `/api/analyse/repeat-victims?${query}`;

let server;
const s = {};
before(async () => {
  server = await startServer({ governance: false });
  for (const role of ['public', 'member', 'analyst', 'admin']) s[role] = await signIn(server.url, server.users[role]);
});
after(() => server?.stop());

const cli = (args) => JSON.parse(server.run(['analyse', 'repeats', ...args, '--format', 'json']).toString());

test('repeat locations: a member gets the numbers the CLI gives', async () => {
  const res = await s.member.fetch(`/api/analyse/repeat-locations?${SAMPLE}&top=5`);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const body = JSON.parse(text);
  const want = cli(['--area', 'Hartlepool', '--from', '2018-09', '--to', '2018-09', '--top', '5']);
  for (const key of ['incidents', 'without_location', 'locations', 'repeat_locations', 'incidents_at_repeat_locations',
    'repeat_incidents', 'repeat_location_percent', 'distribution', 'top']) {
    assert.deepEqual(body[key], want[key], key);
  }
  assert.equal(body.top.length, 5);
  assert.match(body.top[0].location, /^On or near /);
  assert.ok(body.repeat_locations > 0 && body.repeat_locations < body.locations);
  assert.equal(body.distribution.reduce((n, b) => n + b.incidents, 0), body.incidents, 'the distribution adds up');
  assert.equal(body.repeat_incidents, body.incidents - body.locations);
});

test('repeat locations: a category narrows, a missing month is named', async () => {
  const body = await (await s.analyst.fetch(`/api/analyse/repeat-locations?area=Hartlepool&from=2018-08&to=2018-09&category=burglary`)).json();
  const want = cli(['--area', 'Hartlepool', '--from', '2018-08', '--to', '2018-09', '--category', 'burglary']);
  assert.equal(body.incidents, want.incidents);
  assert.deepEqual(body.missing_months, ['2018-08']);
  assert.ok(body.notes.some((n) => /missing, not zero/.test(n)));
});

test('repeat locations: the public is refused; bad parameters are 400; unknown area 404', async () => {
  await expectError(s.public.fetch(`/api/analyse/repeat-locations?${SAMPLE}`), [403], 'public');
  for (const [query, status] of [
    [`${SAMPLE}&top=0`, 400], [`${SAMPLE}&top=x`, 400], ['from=2018-09&to=2018-09', 400],
    ['area=Hartlepool&from=2018-13&to=2018-09', 400], ['area=Hartlepool&from=2018-09&to=2018-01', 400],
    ['area=Nowhere&from=2018-09&to=2018-09', 404],
  ]) {
    await expectError(s.member.fetch(`/api/analyse/repeat-locations?${query}`), [status], query);
  }
});

test('repeat victims: an analyst gets the numbers the CLI gives, without raw rows', async () => {
  const res = await upload(s.analyst, victims('by=victim&within=7'), file(extract));
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const body = JSON.parse(text);
  const want = cli(['--extract', extractPath, '--by', 'victim', '--within', '7']);
  for (const key of ['rows_read', 'set_aside', 'without_id', 'duplicates', 'events', 'people', 'repeat_people',
    'people_with_repeat_within', 'repeat_events_within', 'repeat_within_percent', 'distribution', 'top']) {
    assert.deepEqual(body[key], want[key], key);
  }
  // The hand count of docs/repeats.md.
  assert.deepEqual([body.rows_read, body.set_aside, body.without_id, body.duplicates, body.events], [10, 1, 1, 1, 7]);
  assert.deepEqual([body.people, body.repeat_people, body.people_with_repeat_within, body.repeat_events_within], [3, 2, 1, 3]);
  assert.deepEqual(body.set_aside_rows, [{ line: 11, reason: 'date: "31/02/2024" is not a date: February 2024 has no day 31' }]);
  assert.doesNotMatch(text, /450000|31\/02\/2024,V4/, 'no raw row in the answer');
  const callers = await (await upload(s.admin, victims('by=caller&within=7'), file(extract))).json();
  assert.deepEqual([callers.people, callers.repeat_people, callers.repeat_events_within], [4, 2, 1]);
});

test('repeat victims: members and the public are refused, and anyone signed out', async () => {
  for (const role of ['member', 'public']) {
    await expectError(upload(s[role], victims('by=victim&within=7'), file(extract)), [403], role);
  }
  const { body, contentType } = (await import('./lib.mjs')).multipart(file(extract));
  const res = await fetch(server.url + victims('by=victim&within=7'), { method: 'POST', headers: { 'content-type': contentType }, body });
  assert.ok([401, 403].includes(res.status), `signed out: ${res.status}`);
});

test('repeat victims: bad parameters and an extract without the identifier are 400', async () => {
  for (const [query, message] of [
    ['by=neighbour&within=7', /by must be victim or caller/],
    ['by=victim', /give within/],
    ['by=victim&within=-1', /within/],
    ['by=victim&within=7&top=0', /top/],
    ['by=victim&within=7&from=2024-02-30', /from/],
  ]) {
    const err = await expectError(upload(s.analyst, victims(query), file(extract)), [400], query);
    assert.match(err.error, message, query);
  }
  const calls = readFileSync(join(src, 'tests/data/repeats/calls-without-victims.csv'));
  const err = await expectError(upload(s.analyst, victims('by=victim&within=7'), file(calls, 'calls.csv')), [400], 'no victim column');
  assert.match(err.error, /calls\.csv has no victim_id column/);
  assert.doesNotMatch(err.error, /safer-upload|\/tmp\//, 'no server paths');
});

test('each extract analysis is audited, refusals too', async () => {
  const res = await s.admin.fetch('/api/audit?limit=1000');
  assert.equal(res.status, 200);
  const entries = await res.json();
  const list = Array.isArray(entries) ? entries : entries.entries;
  const ok = list.find((e) => e.username === server.users.analyst.username && e.action === 'analyse-repeat-victims' && e.allowed);
  assert.ok(ok, "the analyst's analysis is in the audit log");
  assert.match(ok.detail, /10 rows read, 7 events analysed, 1 set aside/);
  assert.ok(list.find((e) => e.username === server.users.admin.username && e.action === 'analyse-repeat-callers'));
  assert.ok(list.find((e) => e.username === server.users.analyst.username && e.action === 'analyse-repeat-victims' && !e.allowed),
    'a refused analysis is audited');
});
