// POST /api/analyse/reoffending: cohorts from an uploaded offender–offence extract. The numbers
// equal `safer analyse reoffending`'s; members and the public are refused (it names people);
// a malformed extract or bad parameter is a 400 with a sentence; rows set aside come back as
// line and reason, never their contents; each analysis is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, signIn } from '../support/server.mjs';
import { upload, expectError, assertNoInsides, multipart } from './lib.mjs';

const src = process.env.SAFER_SRC;
const extractPath = join(src, 'tests/data/reoffending/extract.csv');
const extract = readFileSync(extractPath);
const WINDOW = 'from=2013-01-01&to=2016-12-31&as_of=2018-12-31';
const path = (query) => `/api/analyse/reoffending?${query}`;
const file = (content, filename = 'extract.csv') => [{ name: 'file', filename, content }];

let server;
const s = {};
before(async () => {
  server = await startServer({ sample: false, governance: false });
  for (const role of ['public', 'member', 'analyst', 'admin']) s[role] = await signIn(server.url, server.users[role]);
});
after(() => server?.stop());

// The CLI's CSV rows for the same extract and settings.
function cliRows(cohort) {
  const csv = execFileSync(process.env.SAFER_BIN, ['analyse', 'reoffending', extractPath, '--cohort', cohort,
    '--from', '2013-01-01', '--to', '2016-12-31', '--as-of', '2018-12-31', '--format', 'csv'],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return csv.trim().split('\n').slice(1).map((l) => l.split(','));
}

for (const cohort of ['yearly', 'quarterly']) {
  test(`an analyst's ${cohort} cohorts equal the command line's`, async () => {
    const res = await upload(s.analyst, path(`cohort=${cohort}&${WINDOW}`), file(extract));
    const text = await res.text();
    assert.equal(res.status, 200, text);
    const body = JSON.parse(text);
    const reportable = body.cohorts.filter((c) => c.reportable);
    const cli = cliRows(cohort);
    assert.ok(cli.length >= 7, `the CLI gave ${cli.length} rows`);
    assert.deepEqual(reportable.map((c) => [c.label, c.first_day, c.last_day, String(c.cohort_size), String(c.reoffenders),
      String(c.reoffences), c.reoffences_per_reoffender.toFixed(2), c.binary_rate_percent.toFixed(1),
      c.reoffences_per_offender.toFixed(2)]), cli);
    assert.deepEqual(body.coverage, { first_day: '2013-01-01', last_day: '2016-12-31' });
    assert.equal(body.as_of, '2018-12-31');
    // Cohorts still waiting carry their reason and no numbers, not zeros.
    const waiting = body.cohorts.filter((c) => !c.reportable);
    assert.ok(waiting.length > 0);
    for (const c of waiting) {
      assert.equal(c.cohort_size, null);
      assert.equal(c.binary_rate_percent, null);
      assert.match(c.not_reportable_reason, /^follow-up and waiting period end on \d{4}-\d\d-\d\d, after the extract's last day 2016-12-31$/);
    }
    if (cohort === 'yearly') {
      assert.equal(reportable[0].label, 'Jan 13 to Dec 13');
      assert.equal(reportable[2].label, 'Jul 13 to Jun 14');
      assert.equal(body.summary, 'Latest reportable cohort, Jul 14 to Jun 15: 49.1% re-offended (80 of 163), 117 re-offences, '
        + '1.46 per re-offender; up 6.3 percentage points from 42.7% in Jul 13 to Jun 14.');
    }
  });
}

test('rows set aside are given by line and reason, never their contents', async () => {
  const res = await upload(s.admin, path(`cohort=yearly&${WINDOW}`), file(extract));
  const body = await res.json();
  assert.equal(res.status, 200);
  assert.deepEqual(body.rows, { read: 841, used: 834, set_aside: 7, exact_repeats: 1 });
  assert.deepEqual(body.set_aside.map((r) => r.line), [41, 42, 43, 301, 302, 303, 501]);
  assert.equal(body.set_aside[0].reason, 'no person id');
  assert.equal(body.set_aside[6].reason, 'an exact repeat of line 201: the offence is counted once');
  assert.equal(body.people_out_of_order, 5);
  assert.doesNotMatch(JSON.stringify(body.set_aside), /P0\d{4}/, 'no person id in the rows set aside');
});

test('members and the public are refused, and so is anyone signed out', async () => {
  for (const role of ['member', 'public']) {
    await expectError(upload(s[role], path(`cohort=yearly&${WINDOW}`), file(extract)), [403], role);
  }
  const { body, contentType } = multipart(file(extract));
  const res = await fetch(server.url + path(`cohort=yearly&${WINDOW}`), { method: 'POST', headers: { 'content-type': contentType }, body });
  assert.ok([401, 403].includes(res.status), `signed out: ${res.status}`);
});

test('a malformed extract or a bad parameter is a 400 with a sentence', async () => {
  const params = [
    ['cohort=monthly', /cohort must be quarterly or yearly/],
    ['', /cohort must be quarterly or yearly/],
    ['cohort=yearly&as_of=2018-02-30', /as_of: "2018-02-30" is not a date/],
    ['cohort=yearly&from=2016-01-01&to=2015-01-01', /to 2015-01-01 is before from 2016-01-01/],
    ['cohort=yearly&disposal_types=Caution,,Conviction', /disposal_types must be/],
  ];
  for (const [query, message] of params) {
    const err = await expectError(upload(s.analyst, path(query), file(extract)), [400], query);
    assert.match(err.error, message, query);
  }
  const files = [
    ['person,offence date,outcome\nA,2014-01-01,Caution\n', /extract\.csv:1: the header has no disposal date column/],
    ['person id,offence date,disposal date\nA,soon,2014-01-02\n', /none of its 1 rows can be used \(line 2: offence date: "soon" is not a date/],
    ['', /empty/],
    ['\x00\x01\x02 not a csv', /header has no person id, offence date, disposal date column/],
  ];
  for (const [content, message] of files) {
    const err = await expectError(upload(s.analyst, path('cohort=yearly'), file(content)), [400], JSON.stringify(content));
    assert.match(err.error, message);
    assertNoInsides(err.error, 'malformed');
    assert.doesNotMatch(err.error, /safer-upload|\/tmp\//, 'no server paths');
  }
  const noType = await expectError(upload(s.analyst, path('cohort=yearly&disposal_types=Caution'),
    file('person id,offence date,disposal date\nA,2014-01-01,2014-01-02\n')), [400], 'types');
  assert.match(noType.error, /disposal_types needs a disposal type column/);
  await expectError(upload(s.analyst, path('cohort=yearly'), file(extract, 'extract.exe')), [400, 415], 'not a CSV');
});

test('each analysis is audited, refusals too', async () => {
  const res = await s.admin.fetch('/api/audit?limit=1000');
  assert.equal(res.status, 200);
  const entries = await res.json();
  const list = Array.isArray(entries) ? entries : entries.entries;
  const ok = list.find((e) => e.username === server.users.analyst.username && e.action === 'analyse-reoffending' && e.allowed
    && e.detail.startsWith('yearly'));
  assert.ok(ok, "the analyst's analysis is in the audit log");
  assert.match(ok.detail, /yearly cohorts as of 2018-12-31: 841 rows read, 834 offences used, 7 set aside; 7 cohorts reportable/);
  assert.doesNotMatch(ok.detail, /P0\d{4}/);
  assert.ok(list.find((e) => e.username === server.users.analyst.username && e.action === 'analyse-reoffending' && !e.allowed),
    'a refused analysis is audited');
  assert.ok(list.find((e) => e.username === server.users.member.username && !e.allowed), "the member's refusal is audited");
});
