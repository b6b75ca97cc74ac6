// Security headers (docs/api.md, Conventions) on API, static and error responses; API
// responses are never cached.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn } from '../support/server.mjs';
import { SAMPLE, rawGet, rawPost } from './lib.mjs';

let server;
let member;

before(async () => {
  server = await startServer();
  member = await signIn(server.url, server.users.member);
});
after(() => server?.stop());

const CSP = ["default-src 'self'", "img-src 'self' data:", "style-src 'self'", "script-src 'self'",
  "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"];

function assertSecurityHeaders(get, what) {
  const csp = get('content-security-policy');
  assert.ok(csp, `${what}: no Content-Security-Policy`);
  const directives = csp.split(';').map((d) => d.trim().replace(/\s+/g, ' ')).filter(Boolean);
  for (const d of CSP) assert.ok(directives.includes(d), `${what}: CSP lacks "${d}": ${csp}`);
  assert.equal(get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.equal((get('x-frame-options') || '').toUpperCase(), 'DENY', `${what}: X-Frame-Options`);
  assert.equal(get('referrer-policy'), 'no-referrer', `${what}: Referrer-Policy`);
}

const noStore = (get, what) => assert.match(get('cache-control') || '', /no-store/, `${what}: Cache-Control ${get('cache-control')}`);

const API = [
  ['health', () => fetch(server.url + '/api/health'), 200],
  ['signed-in data', () => member.fetch('/api/areas'), 200],
  ['overview', () => member.fetch('/api/overview?area=Hartlepool&quarter=2018/19-Q2'), 200],
  ['counts.csv', () => member.fetch(`/api/counts.csv?${SAMPLE}`), 200],
  ['pack download', () => member.fetch(`/api/reports/pack?${SAMPLE}&format=html`), 200],
  ['sign-in', () => fetch(server.url + '/api/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: server.users.public.username, password: server.users.public.password }),
  }), 200],
  ['401', () => fetch(server.url + '/api/areas'), 401],
  ['403', () => member.fetch('/api/users'), 403],
  ['404', () => member.fetch('/api/no-such-route'), 404],
  ['400', () => member.fetch('/api/counts?area=Hartlepool&from=2018-13&to=2018-09'), 400],
  ['wrong sign-in', () => fetch(server.url + '/api/session', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'x', password: 'y' }),
  }), 401],
];

for (const [what, call, status] of API) {
  test(`API ${what} (${status}) carries the security headers and Cache-Control: no-store`, async () => {
    const res = await call();
    assert.equal(res.status, status, `${what}: ${res.status}`);
    await res.arrayBuffer();
    const get = (h) => res.headers.get(h);
    assertSecurityHeaders(get, what);
    noStore(get, what);
  });
}

test('a pack download is an attachment named as documented', async () => {
  const res = await member.fetch(`/api/reports/pack?${SAMPLE}&format=csv`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition') || '', /^attachment; filename="safer-pack-[^"/\\]+\.csv"$/);
});

for (const target of ['/', '/index.html', '/overview/Hartlepool', '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd']) {
  test(`static ${target} carries the security headers`, async () => {
    const res = await rawGet(server.url, target);
    assert.ok(res.status, `no answer to ${target}`);
    assertSecurityHeaders((h) => res.headers[h], `static ${target} (${res.status})`);
  });
}

test('a malformed request\'s error still carries the security headers', async () => {
  const res = await rawGet(server.url, `/api/areas?x=${'a'.repeat(10 * 1024)}`, `Cookie: ${member.cookie}\r\n`);
  assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
  assertSecurityHeaders((h) => res.headers[h], `over-long query string (${res.status})`);
  noStore((h) => res.headers[h], 'over-long query string');
});

test('a body refused as too large (413) still carries the security headers', async () => {
  const res = await rawPost(server.url, '/api/session', { 'Content-Type': 'application/json' }, JSON.stringify({ username: 'x'.repeat(80 * 1024) }));
  assert.equal(res.status, 413);
  assertSecurityHeaders((h) => res.headers[h], '413');
  noStore((h) => res.headers[h], '413');
});
