// The audit trail and agency scoping: sign-ins (good and bad), exports, reads of restricted
// data, refusals and imports appear in GET /api/audit; rejected rows of an import are the
// importing agency's (and admins') only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn } from '../support/server.mjs';
import { SAMPLE, unique, policeCsv, upload, expectError } from './lib.mjs';

let server;
let admin, analyst, analystOther, member;
let imported;
const marker = unique('Audit street ');

before(async () => {
  server = await startServer();
  const bad = await fetch(server.url + '/api/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: server.users.analyst.username, password: 'not the password' }),
  });
  assert.equal(bad.status, 401);
  admin = await signIn(server.url, server.users.admin);
  analyst = await signIn(server.url, server.users.analyst);
  analystOther = await signIn(server.url, server.users.analystOther);
  member = await signIn(server.url, server.users.member);
  const res = await upload(analyst, '/api/imports/police-uk', [{ name: 'file', filename: '2016-01-cleveland-street.csv', content: policeCsv({ bad: true, marker }) }]);
  assert.equal(res.status, 200, 'import by analyst1');
  imported = await res.json();
});
after(() => server?.stop());

async function audit(query = '') {
  const res = await admin.fetch('/api/audit?limit=1000' + query);
  assert.equal(res.status, 200);
  return res.json();
}

function find(entries, { username, action, allowed }, what) {
  const hit = entries.find((e) => e.username === username && action.test(e.action) && e.allowed === allowed);
  assert.ok(hit, `no audit entry for ${what} (${username}, ${action}, allowed ${allowed}); have:\n`
    + entries.map((e) => `${e.username} ${e.action} ${e.target} ${e.allowed}`).join('\n'));
  return hit;
}

test('the import reports its rows and its rejection', () => {
  assert.equal(imported.read, 2);
  assert.equal(imported.imported, 1);
  assert.equal(imported.rejected, 1);
  assert.equal(imported.read, imported.imported + imported.rejected + imported.unchanged);
  assert.equal(imported.rejections.length, 1);
  assert.match(imported.rejections[0], /2016-01-cleveland-street\.csv:3: /);
});

test('agency scoping: rejected rows are visible to the importing agency and admins, refused to another agency', async () => {
  const path = `/api/imports/${imported.import_id}/rejections`;
  for (const [who, s] of [['analyst1', analyst], ['admin1', admin]]) {
    const res = await s.fetch(path);
    assert.equal(res.status, 200, `${who}: ${await res.clone().text()}`);
    const body = await res.json();
    assert.equal(body.rows.length, 1, who);
    assert.equal(body.rows[0].line, 3);
    assert.match(body.rows[0].raw, /2018-13/);
    assert.equal(body.truncated, false);
  }
  const err = await expectError(analystOther.fetch(path), 403, 'analyst2 reading analyst1\'s rejections');
  assert.doesNotMatch(JSON.stringify(err), new RegExp(marker), 'the refusal leaks the rows');
  await expectError(analystOther.fetch(`/api/imports/999999/rejections`), [403, 404], 'no such import');
});

test('the import history names the importing agency', async () => {
  const list = await (await analyst.fetch('/api/imports')).json();
  const row = list.find((i) => i.id === imported.import_id);
  assert.ok(row, 'the import is listed');
  assert.equal(row.agency, 'Cleveland Police');
  assert.equal(list[0].id, Math.max(...list.map((i) => i.id)), 'newest first');
});

test('sign-ins, exports, restricted reads, refusals and imports are audited', async () => {
  assert.equal((await analyst.fetch(`/api/counts.csv?${SAMPLE}&by=category`)).status, 200);
  assert.equal((await analyst.fetch(`/api/reports/pack?${SAMPLE}&format=csv`)).status, 200);
  assert.equal((await analyst.fetch(`/api/incidents?${SAMPLE}&limit=3`)).status, 200);
  assert.equal((await analyst.fetch(`/api/imports/${imported.import_id}/rejections`)).status, 200);
  assert.equal((await member.fetch(`/api/incidents?${SAMPLE}`)).status, 403);
  await analystOther.fetch(`/api/imports/${imported.import_id}/rejections`);

  const entries = await audit();
  for (const e of entries) {
    for (const k of ['id', 'at', 'username', 'agency', 'client', 'action', 'target', 'detail', 'allowed']) {
      assert.ok(k in e, `audit entry without ${k}: ${JSON.stringify(e)}`);
    }
    assert.equal(typeof e.allowed, 'boolean');
  }
  find(entries, { username: 'analyst1', action: /^sign-in$/, allowed: true }, 'a good sign-in');
  const failed = entries.find((e) => /^sign-in/.test(e.action) && e.allowed === false
    && (e.username === 'analyst1' || e.detail.includes('analyst1') || e.target === 'analyst1'));
  assert.ok(failed, 'no audit entry for the failed sign-in of analyst1');
  const exports = entries.filter((e) => e.username === 'analyst1' && e.action === 'export' && e.allowed);
  assert.ok(exports.length >= 2, `exports audited: ${exports.length} (counts.csv and the pack)`);
  find(entries, { username: 'analyst1', action: /^read-incidents$/, allowed: true }, 'a read of incidents');
  find(entries, { username: 'analyst1', action: /^read-rejections$/, allowed: true }, 'a read of rejections');
  find(entries, { username: 'analyst2', action: /^read-rejections$/, allowed: false }, 'another agency refused rejections');
  find(entries, { username: 'member1', action: /./, allowed: false }, 'a member refused incidents');
  const imp = find(entries, { username: 'analyst1', action: /^import$/, allowed: true }, 'the import');
  assert.equal(imp.agency, 'Cleveland Police');
  assert.match(imp.client, /127\.0\.0\.1|::1|localhost/, `client ${imp.client}`);
});

test('GET /api/audit is newest first and filters by username, action and limit', async () => {
  const all = await audit();
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].id > all[i].id, 'newest first');
  const mine = await audit('&username=analyst2');
  assert.ok(mine.length > 0 && mine.every((e) => e.username === 'analyst2'), 'username filter');
  const exports = await audit('&action=export');
  assert.ok(exports.length >= 2 && exports.every((e) => e.action === 'export'), 'action filter');
  const two = await (await admin.fetch('/api/audit?limit=2')).json();
  assert.equal(two.length, 2);
  const older = await (await admin.fetch(`/api/audit?limit=2&before=${two[1].id}`)).json();
  assert.ok(older.every((e) => e.id < two[1].id), 'before pages back');
});
