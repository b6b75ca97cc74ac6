// /api/analyse/concentration: the same figures as `safer analyse concentration`, every unit
// ranked so the total and the Lorenz curve can be rebuilt, refusals for bad parameters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn } from '../support/server.mjs';
import { expectError, upload } from './lib.mjs';

let server, member, publicUser;

before(async () => {
  server = await startServer();
  member = await signIn(server.url, server.users.member);
  publicUser = await signIn(server.url, server.users.public);
});
after(() => server?.stop());

const cliCsv = (args) =>
  server.run(['analyse', 'concentration', ...args, '--format', 'csv']).toString().trim().split('\n').slice(1)
    .map((line) => Number(line.split(',').at(-3)));

for (const by of ['ward', 'cell']) {
  test(`concentration by ${by}: the CLI's counts, a total that is their sum, a Lorenz curve from 0 to 1`, async () => {
    const res = await member.fetch(`/api/analyse/concentration?area=Hartlepool&from=2018-09&to=2018-09&by=${by}&top=5`);
    assert.equal(res.status, 200);
    const body = await res.json();
    const counts = body.ranked.map((r) => r.count);
    assert.equal(body.total, counts.reduce((a, b) => a + b, 0), 'total = sum of the units');
    assert.equal(body.top_n_count, counts.slice(0, 5).reduce((a, b) => a + b, 0), 'top-5 count = the first five');
    assert.ok(Math.abs(body.top_n_percent - (100 * body.top_n_count) / body.total) < 1e-9, 'the share is a percent of the total');
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most first');
    assert.equal(body.lorenz.length, counts.length + 1);
    assert.equal(body.lorenz[0], 0);
    assert.ok(Math.abs(body.lorenz.at(-1) - 1) < 1e-12);
    assert.ok(body.gini > 0 && body.gini < 1);
    assert.deepEqual(counts, cliCsv(['--area', 'Hartlepool', '--from', '2018-09', '--to', '2018-09', '--by', by, '--top', '5']),
      'the same ranked counts as the CLI');
  });
}

test('concentration: missing months are named, not counted as zero', async () => {
  const body = await (await member.fetch('/api/analyse/concentration?area=Hartlepool&from=2018-08&to=2018-09')).json();
  assert.deepEqual(body.missing_months, ['2018-08']);
});

test('concentration: bad parameters are refused with a sentence; public users are refused', async () => {
  await expectError(member.fetch('/api/analyse/concentration?area=Hartlepool&from=2018-09&to=2018-09&top=500'), [400], 'top above the wards');
  await expectError(member.fetch('/api/analyse/concentration?area=Hartlepool&from=2018-09&to=2018-09&by=street'), [400], 'unknown unit');
  await expectError(member.fetch('/api/analyse/concentration?area=Hartlepool&from=2018-9&to=2018-09'), [400], 'bad month');
  await expectError(member.fetch('/api/analyse/concentration?area=Hartlepool&from=2018-09&to=2018-08'), [400], 'backwards');
  await expectError(member.fetch('/api/analyse/concentration?area=Nowhere&from=2018-09&to=2018-09'), [404], 'unknown area');
  await expectError(member.fetch('/api/analyse/concentration?area=Hartlepool&from=2018-09&to=2018-09&by=cell&cell=1'), [400], 'tiny cells');
  await expectError(publicUser.fetch('/api/analyse/concentration?area=Hartlepool&from=2018-09&to=2018-09'), [403], 'public');
});

test('an extract of several megabytes is analysed, not refused as an oversized body', async () => {
  const analyst = await signIn(server.url, server.users.analyst);
  const rows = ['Crime Reference,Committed Date,Victim ID'];
  for (let i = 0; i < 100000; i++) rows.push(`CR${i},${String(1 + (i % 28)).padStart(2, '0')}/01/2024,V${i % 20000}`);
  const content = rows.join('\n') + '\n';
  assert.ok(content.length > 2 * 1024 * 1024, 'more than the 1 MiB a JSON route may carry');
  const res = await upload(analyst, '/api/analyse/repeat-victims?by=victim&within=7', [{ name: 'file', filename: 'big.csv', content }]);
  const text = await res.text();
  assert.equal(res.status, 200, text.slice(0, 300));
  const body = JSON.parse(text);
  assert.equal(body.rows_read, 100000);
  assert.equal(body.people, 20000);
});
