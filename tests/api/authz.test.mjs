// Authorisation matrix: every endpoint of docs/api.md × every role. Allowed → 2xx; no
// session → 401; a role below the endpoint's least role → 403. A new endpoint is one line
// of ENDPOINTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn } from '../support/server.mjs';
import {
  ROLES, rank, SAMPLE, unique, policeCsv, indicatorCsv, multipart, signInAll, assertCleanError,
} from './lib.mjs';

// [method, path, least role, body(ctx, role) → {body, contentType} | undefined]
// `ctx` carries what the before hook prepared (an import id of analyst1's agency).
const jsonBody = (make) => (ctx, role) => ({ body: JSON.stringify(make(ctx, role)), contentType: 'application/json' });
const fileBody = (make) => () => multipart([{ name: 'file', filename: 'upload-street.csv', content: make() }]);

const ENDPOINTS = [
  ['GET', '/api/health', 'none'],
  ['POST', '/api/session', 'none', jsonBody((ctx) => ({ username: ctx.users.public.username, password: ctx.users.public.password }))],
  ['GET', '/api/session', 'public'],
  ['DELETE', '/api/session', 'public'],
  ['GET', '/api/areas', 'public'],
  ['GET', '/api/periods', 'public'],
  ['GET', `/api/overview?area=Hartlepool&quarter=2018/19-Q2`, 'public'],
  ['GET', `/api/reports/pack?${SAMPLE}&format=csv`, 'public'],
  ['GET', `/api/counts?${SAMPLE}&by=category`, 'member'],
  ['GET', `/api/counts.csv?${SAMPLE}&by=category`, 'member'],
  ['GET', '/api/categories', 'member'],
  ['GET', `/api/map?${SAMPLE}`, 'member'],
  ['GET', `/api/incidents?${SAMPLE}&limit=5`, 'analyst'],
  ['GET', '/api/imports', 'analyst'],
  ['POST', '/api/imports/police-uk', 'analyst', fileBody(() => policeCsv())],
  ['POST', '/api/imports/indicator-values', 'analyst', fileBody(indicatorCsv)],
  ['GET', '/api/imports/{import}/rejections', 'analyst'],
  ['GET', '/api/users', 'admin'],
  ['POST', '/api/users', 'admin', jsonBody(() => ({
    username: unique('u'), display_name: 'Matrix user', role: 'public', agency: 'Cleveland Police',
    password: unique('a long enough password '),
  }))],
  ['PATCH', '/api/users/member1', 'admin', jsonBody(() => ({ display_name: unique('Member ') }))],
  ['GET', '/api/agencies', 'admin'],
  ['POST', '/api/agencies', 'admin', jsonBody(() => ({ name: unique('Agency ') }))],
  ['GET', '/api/roles', 'admin'],
  ['GET', '/api/audit?limit=5', 'admin'],
];

let server;
let sessions;
const ctx = {};

before(async () => {
  server = await startServer();
  sessions = await signInAll(server);
  ctx.users = server.users;
  // An import made by analyst1's agency, whose rejections analyst1 and admin may read.
  const { body, contentType } = multipart([{ name: 'file', filename: 'seed-street.csv', content: policeCsv({ bad: true }) }]);
  const res = await sessions.analyst.fetch('/api/imports/police-uk', { method: 'POST', headers: { 'content-type': contentType }, body });
  assert.equal(res.status, 200, `seed import: ${await res.clone().text()}`);
  ctx.importId = (await res.json()).import_id;
});

after(() => server?.stop());

for (const [method, path, least, makeBody] of ENDPOINTS) {
  for (const role of ROLES) {
    const allowed = rank(role) >= rank(least);
    const expect = allowed ? '2xx' : role === 'none' ? '401' : '403';
    test(`${method} ${path} as ${role} → ${expect}`, async () => {
      // Signing out ends the session it is sent with: give it one of its own.
      const session = method === 'DELETE' && path === '/api/session' && role !== 'none'
        ? await signIn(server.url, server.users[role])
        : sessions[role];
      const headers = {};
      let body;
      if (makeBody) {
        const b = makeBody(ctx, role);
        body = b.body;
        headers['content-type'] = b.contentType;
      }
      const target = path.replace('{import}', ctx.importId);
      const init = { method, headers, body };
      const res = session ? await session.fetch(target, init) : await fetch(server.url + target, init);
      const text = await res.text();
      if (allowed) {
        assert.ok(res.status >= 200 && res.status < 300, `expected 2xx, got ${res.status}: ${text.slice(0, 300)}`);
      } else {
        assertCleanError(res.status, res.headers.get('content-type'), text, role === 'none' ? 401 : 403, `${method} ${target} as ${role}`);
      }
    });
  }
}

test('the table covers every least role and both kinds of request', () => {
  for (const role of ROLES) assert.ok(ENDPOINTS.some((e) => e[2] === role), `no endpoint whose least role is ${role}`);
  for (const m of ['GET', 'POST', 'PATCH', 'DELETE']) assert.ok(ENDPOINTS.some((e) => e[0] === m), `no ${m} endpoint`);
});

test('a user\'s permissions are those of the role, as names', async () => {
  const expected = {
    public: ['view-published'],
    member: ['view-published', 'view-partnership'],
    analyst: ['view-published', 'view-partnership', 'view-incidents', 'import', 'view-rejections'],
    admin: ['view-published', 'view-partnership', 'view-incidents', 'import', 'view-rejections', 'administer'],
  };
  for (const [role, perms] of Object.entries(expected)) {
    const res = await sessions[role].fetch('/api/session');
    const { user } = await res.json();
    assert.equal(user.role, role);
    assert.deepEqual([...user.permissions].sort(), [...perms].sort(), `permissions of ${role}`);
  }
});
