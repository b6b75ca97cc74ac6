// Sessions: the cookie's attributes, who the session says you are, signing out, forged
// cookies, and sessions ended by an admin's change of password or disabling.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startServer, signIn } from '../support/server.mjs';
import { json, expectError } from './lib.mjs';

let server;
let admin;

before(async () => {
  server = await startServer();
  admin = await signIn(server.url, server.users.admin);
});
after(() => server?.stop());

const postSession = (body) => fetch(server.url + '/api/session', {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
});
const getSession = (cookie) => fetch(server.url + '/api/session', { headers: cookie ? { cookie } : {} });

test('sign-in sets an HttpOnly, SameSite=Strict, Path=/ cookie and returns the user and a CSRF token', async () => {
  const { username, password, role, agency } = server.users.analyst;
  const res = await postSession({ username, password });
  assert.equal(res.status, 200);
  const setCookie = res.headers.get('set-cookie');
  assert.ok(setCookie, 'no Set-Cookie');
  const [pair, ...attrs] = setCookie.split(';').map((s) => s.trim());
  assert.match(pair, /^safer_session=.{16,}$/, 'cookie safer_session with a token of some length');
  const lower = attrs.map((a) => a.toLowerCase());
  assert.ok(lower.includes('httponly'), `HttpOnly missing: ${setCookie}`);
  assert.ok(lower.includes('samesite=strict'), `SameSite=Strict missing: ${setCookie}`);
  assert.ok(lower.includes('path=/'), `Path=/ missing: ${setCookie}`);
  // Served over plain HTTP: a Secure cookie would never come back.
  assert.ok(!lower.includes('secure'), `Secure over plain HTTP: ${setCookie}`);
  const body = await res.json();
  assert.equal(typeof body.csrf, 'string');
  assert.ok(body.csrf.length >= 16, 'CSRF token too short to be unguessable');
  assert.equal(body.user.username, username);
  assert.equal(body.user.role, role);
  assert.equal(body.user.agency, agency);
  assert.ok(Array.isArray(body.user.permissions));
  for (const key of Object.keys(body.user)) assert.doesNotMatch(key, /password|hash/i, `user exposes ${key}`);
  assert.doesNotMatch(JSON.stringify(body), /\$argon2/, 'password hash in the answer');

  const again = await getSession(pair);
  assert.equal(again.status, 200);
  const got = await again.json();
  assert.equal(got.user.username, username);
  assert.equal(got.csrf, body.csrf, 'GET /api/session gives the session\'s CSRF token');
});

test('two sign-ins get different tokens', async () => {
  const a = await signIn(server.url, server.users.member);
  const b = await signIn(server.url, server.users.member);
  assert.notEqual(a.cookie, b.cookie);
  assert.notEqual(a.csrf, b.csrf);
});

test('wrong password and unknown user get the same 401', async () => {
  const a = await expectError(postSession({ username: server.users.public.username, password: 'wrong password' }), 401, 'wrong password');
  const b = await expectError(postSession({ username: 'nosuchuser', password: 'wrong password' }), 401, 'unknown user');
  assert.equal(a.error, 'wrong username or password');
  assert.equal(b.error, a.error);
});

test('DELETE /api/session ends the session; the old cookie then gets 401', async () => {
  const s = await signIn(server.url, server.users.public);
  const res = await s.fetch('/api/session', { method: 'DELETE' });
  assert.equal(res.status, 204);
  const cleared = res.headers.get('set-cookie') || '';
  assert.match(cleared, /safer_session=/, 'sign-out clears the cookie');
  assert.match(cleared, /max-age=0|expires=thu, 01 jan 1970/i, `cookie not expired: ${cleared}`);
  await expectError(s.fetch('/api/session'), 401, 'old cookie after sign-out');
  await expectError(s.fetch('/api/areas'), 401, 'old cookie on data after sign-out');
});

test('forged and garbage cookies get 401', async () => {
  const real = await signIn(server.url, server.users.public);
  const token = real.cookie.split('=')[1];
  const forged = [
    'safer_session=' + randomBytes(Buffer.from(token).length).toString('hex').slice(0, token.length),
    'safer_session=' + token.slice(0, -1) + (token.at(-1) === 'a' ? 'b' : 'a'),
    'safer_session=',
    'safer_session=' + 'A'.repeat(4000),
    "safer_session=' OR 1=1 --",
    'safer_session=%00%ff%fe',
    'other=' + token,
  ];
  for (const cookie of forged) {
    await expectError(getSession(cookie), 401, `cookie ${cookie.slice(0, 40)}`);
  }
});

test('an admin changing a password ends that user\'s sessions; the new password works', async () => {
  const user = server.users.member;
  const s = await signIn(server.url, user);
  const newPassword = 'a new password ' + randomBytes(6).toString('hex');
  const res = await json(admin, 'PATCH', `/api/users/${user.username}`, { password: newPassword });
  assert.equal(res.status, 200, await res.text());
  await expectError(s.fetch('/api/session'), 401, 'session after password change');
  await expectError(postSession({ username: user.username, password: user.password }), 401, 'old password');
  const again = await postSession({ username: user.username, password: newPassword });
  assert.equal(again.status, 200);
  user.password = newPassword;
});

test('disabling a user ends their sessions and refuses their sign-in; enabling restores it', async () => {
  const user = server.users.analystOther;
  const s = await signIn(server.url, user);
  const res = await json(admin, 'PATCH', `/api/users/${user.username}`, { disabled: true });
  assert.equal(res.status, 200, await res.text());
  await expectError(s.fetch('/api/session'), 401, 'session of a disabled user');
  const refused = await postSession({ username: user.username, password: user.password });
  assert.ok([401, 403].includes(refused.status), `disabled user signed in: ${refused.status}`);
  const on = await json(admin, 'PATCH', `/api/users/${user.username}`, { disabled: false });
  assert.equal(on.status, 200);
  assert.equal((await postSession({ username: user.username, password: user.password })).status, 200);
});

test('an admin cannot disable or demote the last enabled admin (409)', async () => {
  const me = server.users.admin.username;
  await expectError(json(admin, 'PATCH', `/api/users/${me}`, { disabled: true }), 409, 'disable last admin');
  await expectError(json(admin, 'PATCH', `/api/users/${me}`, { role: 'analyst' }), 409, 'demote last admin');
  const res = await admin.fetch('/api/session');
  assert.equal(res.status, 200);
  assert.equal((await res.json()).user.role, 'admin');
});
