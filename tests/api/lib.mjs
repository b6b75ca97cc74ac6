// Shared by the API tests: the endpoint table of docs/api.md, raw-socket requests, tiny
// upload files and the checks every error answer must pass.
import assert from 'node:assert/strict';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { signIn } from '../support/server.mjs';

export const ROLES = ['none', 'public', 'member', 'analyst', 'clerk', 'admin'];

// The permission matrix of docs/security.md: not a ladder (analysts and clerks each add
// their own to a member's).
const MEMBER = ['view-published', 'view-partnership', 'view-exempt', 'update-own-actions'];
export const PERMISSIONS = {
  none: [],
  public: ['view-published'],
  member: MEMBER,
  analyst: [...MEMBER, 'view-incidents', 'import', 'view-rejections'],
  clerk: [...MEMBER, 'edit-minutes', 'manage-actions'],
  admin: [...MEMBER, 'view-incidents', 'import', 'view-rejections', 'administer', 'edit-minutes', 'manage-actions'],
};
// 'none': open to anyone, signed in or not.
export const may = (role, permission) => permission === 'none' || PERMISSIONS[role].includes(permission);

export const SAMPLE = 'area=Hartlepool&from=2018-09&to=2018-09';

export const unique = (prefix) => `${prefix}${randomBytes(5).toString('hex')}`;

// A police.uk street file for a month the sample does not hold (so importing it replaces
// none of the sample's data): one valid ASB row in Hartlepool and, when asked, one row
// with an impossible month, which the import rejects.
export function policeCsv({ bad = false, marker = unique('m') } = {}) {
  const lines = [
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
    `,2016-01,Cleveland Police,Cleveland Police,-1.237805,54.711196,On or near ${marker},E01011954,Hartlepool 001A,Anti-social behaviour,,`,
  ];
  if (bad) lines.push(`,2018-13,Cleveland Police,Cleveland Police,-1.237805,54.711196,On or near ${marker} bad,E01011954,Hartlepool 001A,Anti-social behaviour,,`);
  return lines.join('\n') + '\n';
}

export function indicatorCsv() {
  return 'indicator,area,period,value,numerator,denominator,status,note\n'
    + `repeat-marac,E06000001,2015/16,${(Math.random() * 50).toFixed(1)}%,,,,api test\n`;
}

// multipart/form-data built by hand, so a file name reaches the server byte for byte
// (fetch's FormData would escape or normalise some of the names the tests need).
export function multipart(parts) {
  const boundary = '----safer' + randomBytes(8).toString('hex');
  const chunks = [];
  for (const p of parts) {
    const disp = p.filename === undefined
      ? `form-data; name="${p.name}"`
      : `form-data; name="${p.name}"; filename="${p.filename}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disp}\r\n`
      + (p.filename === undefined ? '' : 'Content-Type: text/csv\r\n') + '\r\n', 'binary'));
    chunks.push(Buffer.from(p.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function upload(session, path, parts) {
  const { body, contentType } = multipart(parts);
  return session.fetch(path, { method: 'POST', headers: { 'content-type': contentType }, body });
}

export function json(session, method, path, value) {
  return session.fetch(path, {
    method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value),
  });
}

// Sends bytes as they are (no URL normalisation) and resolves with what came back before
// the server closed or went quiet: { raw, status, headers, body } of the first answer.
// untilClose: keep reading after the first answer (to see whether more answers follow).
export function rawRequest(url, bytes, { timeoutMs = 5000, untilClose = false } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const got = [];
    let timer;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(got).toString('latin1');
      const m = raw.match(/^HTTP\/1\.[01] (\d{3})/);
      const split = raw.indexOf('\r\n\r\n');
      const head = split < 0 ? raw : raw.slice(0, split);
      const headers = {};
      for (const line of head.split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i < 1) continue;
        // Repeated headers joined as fetch joins them, so a doubled header shows.
        const k = line.slice(0, i).trim().toLowerCase();
        const v = line.slice(i + 1).trim();
        headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
      }
      resolve({ raw, status: m ? Number(m[1]) : null, headers, body: split < 0 ? '' : raw.slice(split + 4) });
    };
    // A response is complete when the server closes, or when Content-Length bytes arrived.
    const check = () => {
      if (untilClose) return;
      const raw = Buffer.concat(got).toString('latin1');
      const split = raw.indexOf('\r\n\r\n');
      if (split < 0) return;
      const cl = raw.slice(0, split).match(/\r\ncontent-length:\s*(\d+)/i);
      if (cl && Buffer.byteLength(raw.slice(split + 4), 'latin1') >= Number(cl[1])) finish();
    };
    socket.on('data', (c) => { got.push(c); check(); });
    socket.on('end', finish);
    socket.on('close', finish);
    // A server may close on a request it refuses before reading all of it (EPIPE, ECONNRESET):
    // that is an answer too, judged by what arrived.
    socket.on('error', (e) => (['EPIPE', 'ECONNRESET'].includes(e.code) || got.length ? finish() : reject(e)));
    timer = setTimeout(finish, timeoutMs);
    socket.write(bytes);
  });
}

export function rawPost(url, target, headers, body, options) {
  const { host } = new URL(url);
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return rawRequest(url, Buffer.concat([
    Buffer.from(`POST ${target} HTTP/1.1\r\nHost: ${host}\r\n${head}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`),
    Buffer.from(body)]), options);
}

export function rawGet(url, target, extra = '') {
  const { host } = new URL(url);
  return rawRequest(url, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`);
}

// An error answer as docs/api.md requires: the status asked for, and for /api/ paths the
// body {"error": "a sentence"} with nothing of the server's insides.
export function assertCleanError(status, contentType, text, allowed, what) {
  const statuses = Array.isArray(allowed) ? allowed : [allowed];
  assert.ok(statuses.includes(status), `${what}: expected ${statuses.join(' or ')}, got ${status}: ${text.slice(0, 300)}`);
  assertNoInsides(text, what);
  assert.match(contentType || '', /application\/json/, `${what}: error is not JSON (content-type ${contentType})`);
  let body;
  try { body = JSON.parse(text); } catch { assert.fail(`${what}: error body is not JSON: ${text.slice(0, 300)}`); }
  assert.equal(typeof body.error, 'string', `${what}: no "error" string in ${text.slice(0, 300)}`);
  assert.ok(body.error.length > 0, `${what}: empty error`);
  return body;
}

export function assertNoInsides(text, what) {
  assert.doesNotMatch(text, /exception|stack trace|terminate called|std::|what\(\)|\.cc:\d+|sqlite3?_/i,
    `${what}: the answer shows the server's insides: ${text.slice(0, 300)}`);
}

export async function expectError(resPromise, allowed, what) {
  const res = await resPromise;
  const text = await res.text();
  return assertCleanError(res.status, res.headers.get('content-type'), text, allowed, what);
}

export async function assertAlive(url, after) {
  let res;
  try {
    res = await fetch(url + '/api/health');
  } catch (e) {
    assert.fail(`server no longer answers after ${after}: ${e.message}`);
  }
  assert.equal(res.status, 200, `/api/health after ${after}`);
  assert.deepEqual(await res.json(), { ok: true });
}

// One signed-in session per role of the fixture's users ('none' has none).
export async function signInAll(server) {
  const s = { none: null };
  for (const role of ['public', 'member', 'analyst', 'clerk', 'admin']) s[role] = await signIn(server.url, server.users[role]);
  return s;
}

export const sumCounts = (rows) => rows.reduce((a, r) => a + r.count, 0);
