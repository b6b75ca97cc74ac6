// Lock-out (src/access/sign_in.h): 5 wrong passwords lock an account; while locked even
// the right password gets 429 with Retry-After; an admin's {unlock: true} lifts it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn } from '../support/server.mjs';
import { json, expectError } from './lib.mjs';

let server;
let admin;

before(async () => {
  server = await startServer();
  admin = await signIn(server.url, server.users.admin);
});
after(() => server?.stop());

const attempt = (username, password) => fetch(server.url + '/api/session', {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
});

async function userRow(username) {
  const res = await admin.fetch('/api/users');
  assert.equal(res.status, 200);
  return (await res.json()).find((u) => u.username === username);
}

test('5 wrong passwords lock the account; the right one then gets 429 with Retry-After; unlock restores it', async () => {
  const { username, password } = server.users.member;
  for (let i = 1; i <= 4; i++) await expectError(attempt(username, `wrong ${i}`), 401, `wrong password ${i}`);
  const fifth = await attempt(username, 'wrong 5');
  assert.ok([401, 429].includes(fifth.status), `5th wrong password: ${fifth.status}`);

  const locked = await attempt(username, password);
  assert.equal(locked.status, 429, 'right password on a locked account');
  const retry = Number(locked.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 15 * 60, `Retry-After: ${locked.headers.get('retry-after')}`);
  const body = await locked.json();
  assert.equal(typeof body.error, 'string');
  assert.equal(locked.headers.get('set-cookie'), null, 'a locked account got a session cookie');

  const row = await userRow(username);
  assert.ok(row.locked_until > Date.now() / 1000, `locked_until ${row.locked_until}`);
  assert.ok(row.failed_logins >= 5, `failed_logins ${row.failed_logins}`);

  const unlock = await json(admin, 'PATCH', `/api/users/${username}`, { unlock: true });
  assert.equal(unlock.status, 200, await unlock.text());
  const after = await userRow(username);
  assert.equal(after.locked_until, null);
  assert.equal(after.failed_logins, 0);
  assert.equal((await attempt(username, password)).status, 200, 'sign-in after unlock');
});

test('a success resets the count: 4 wrong, 1 right, 4 wrong leave the account open', async () => {
  const { username, password } = server.users.public;
  for (let i = 0; i < 4; i++) assert.equal((await attempt(username, 'nope')).status, 401);
  assert.equal((await attempt(username, password)).status, 200);
  for (let i = 0; i < 4; i++) assert.equal((await attempt(username, 'nope')).status, 401);
  assert.equal((await attempt(username, password)).status, 200);
});
