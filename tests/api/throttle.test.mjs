// Throttling per client (src/access/sign_in.h): at most 20 sign-in attempts a minute from
// one address, whichever user they name; then 429 with Retry-After, even for a right
// password. A server of its own: the throttle would refuse every other file's sign-ins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server?.stop());

const attempt = (username, password, headers = {}) => fetch(server.url + '/api/session', {
  method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }),
});

test('more than 20 attempts a minute from one client get 429, whatever user or password', async () => {
  // Attempts name users that do not exist, so no account locks; the throttle's minute may
  // roll over once during the run, so the first 429 comes after 20 and by attempt 41.
  let first = 0;
  for (let i = 1; i <= 45 && !first; i++) {
    const res = await attempt(`nobody${i}`, 'wrong');
    await res.arrayBuffer();
    if (res.status === 429) first = i;
    else assert.equal(res.status, 401, `attempt ${i}`);
  }
  assert.ok(first > 20 && first <= 41, `first 429 at attempt ${first || 'never'}`);

  const right = await attempt(server.users.public.username, server.users.public.password);
  assert.equal(right.status, 429, 'a right password while throttled');
  const retry = Number(right.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 60, `Retry-After: ${right.headers.get('retry-after')}`);
  assert.equal(typeof (await right.json()).error, 'string');

  // The client is the socket's address: a forwarded-for header is not a new client.
  const spoofed = await attempt(server.users.public.username, server.users.public.password, { 'x-forwarded-for': '10.9.8.7' });
  assert.equal(spoofed.status, 429, 'X-Forwarded-For escaped the throttle');
});
