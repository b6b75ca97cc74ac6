// CSRF: every state-changing endpoint refuses (403) without X-CSRF-Token, with a wrong
// token, with another session's token and with a foreign Origin, changes nothing when it
// refuses, and works with the right token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn } from '../support/server.mjs';
import { unique, policeCsv, indicatorCsv, multipart, expectError } from './lib.mjs';

let server;
let admin;
let other;

before(async () => {
  server = await startServer();
  admin = await signIn(server.url, server.users.admin);
  other = await signIn(server.url, server.users.analyst);
});
after(() => server?.stop());

const jsonReq = (method, path, make, changed) => ({ method, path, make: () => ({ body: JSON.stringify(make()), contentType: 'application/json' }), changed });
const fileReq = (path, content) => ({ method: 'POST', path, make: () => multipart([{ name: 'file', filename: 'x-street.csv', content: content() }]) });

// `changed(body)`, when given, tells whether a refused request left its mark anyway.
const STATE_CHANGING = [
  jsonReq('POST', '/api/agencies', () => ({ name: unique('CSRF agency ') }), async (body) => {
    const list = await (await admin.fetch('/api/agencies')).json();
    return list.some((a) => a.name === JSON.parse(body).name);
  }),
  jsonReq('POST', '/api/users', () => ({
    username: unique('csrf'), display_name: 'x', role: 'public', agency: 'Cleveland Police', password: unique('long password '),
  }), async (body) => {
    const list = await (await admin.fetch('/api/users')).json();
    return list.some((u) => u.username === JSON.parse(body).username);
  }),
  jsonReq('PATCH', '/api/users/public1', () => ({ display_name: unique('Changed ') }), async (body) => {
    const list = await (await admin.fetch('/api/users')).json();
    return list.find((u) => u.username === 'public1').display_name === JSON.parse(body).display_name;
  }),
  fileReq('/api/imports/police-uk', () => policeCsv()),
  fileReq('/api/imports/indicator-values', indicatorCsv),
];

async function importCount() {
  return (await (await admin.fetch('/api/imports')).json()).length;
}

const refusals = [
  ['without X-CSRF-Token', () => ({ 'x-csrf-token': undefined })],
  ['with a wrong token', () => ({ 'x-csrf-token': 'f'.repeat(admin.csrf.length) })],
  ['with an empty token', () => ({ 'x-csrf-token': '' })],
  ['with another session\'s token', () => ({ 'x-csrf-token': other.csrf })],
  ['with a foreign Origin', () => ({ origin: 'https://evil.example' })],
  ['with a foreign Origin on the same host, another port', () => ({ origin: 'http://127.0.0.1:1' })],
];

// A header given as undefined is left out of the request.
function send(session, req, extra) {
  const { body, contentType } = req.make();
  const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': contentType, ...extra };
  for (const k of Object.keys(headers)) if (headers[k] === undefined) delete headers[k];
  return { body, res: fetch(server.url + req.path, { method: req.method, headers, body }) };
}

for (const req of STATE_CHANGING) {
  for (const [how, extra] of refusals) {
    test(`${req.method} ${req.path} ${how} → 403, nothing changed`, async () => {
      const importsBefore = await importCount();
      const { body, res } = send(admin, req, extra());
      const err = await expectError(res, 403, `${req.method} ${req.path} ${how}`);
      assert.match(err.error, /CSRF/i, 'the error names CSRF');
      if (req.changed && typeof body === 'string') assert.equal(await req.changed(body), false, 'a refused request changed something');
      assert.equal(await importCount(), importsBefore, 'a refused upload was imported');
    });
  }
  test(`${req.method} ${req.path} with the right token (and our own Origin) → 2xx`, async () => {
    const { body, res } = send(admin, req, { origin: server.url });
    const r = await res;
    assert.ok(r.status >= 200 && r.status < 300, `got ${r.status}: ${await r.text()}`);
    if (req.changed) assert.equal(await req.changed(body), true, 'the accepted request did not take effect');
  });
}

test('DELETE /api/session refuses a missing or wrong token and a foreign Origin, then works', async () => {
  const s = await signIn(server.url, server.users.public);
  for (const [how, extra] of refusals.filter(([h]) => !h.includes('another session'))) {
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf, ...extra() };
    for (const k of Object.keys(headers)) if (headers[k] === undefined) delete headers[k];
    await expectError(fetch(server.url + '/api/session', { method: 'DELETE', headers }), 403, `DELETE /api/session ${how}`);
    assert.equal((await s.fetch('/api/session')).status, 200, `session ended by a refused sign-out (${how})`);
  }
  assert.equal((await s.fetch('/api/session', { method: 'DELETE' })).status, 204);
  assert.equal((await s.fetch('/api/session')).status, 401);
});

test('reads need no token (GET is not state-changing)', async () => {
  const res = await fetch(server.url + '/api/areas', { headers: { cookie: admin.cookie } });
  assert.equal(res.status, 200);
});

test('POST /api/session needs no token', async () => {
  const res = await fetch(server.url + '/api/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: server.users.member.username, password: server.users.member.password }),
  });
  assert.equal(res.status, 200);
});
