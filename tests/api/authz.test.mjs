// Authorisation matrix: every endpoint of docs/api.md × every role. Allowed → 2xx; no
// session → 401; a role without the endpoint's permission → 403. A new endpoint is one line
// of ENDPOINTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn } from '../support/server.mjs';
import { readFileSync } from 'node:fs';
import {
  ROLES, PERMISSIONS, may, SAMPLE, unique, policeCsv, indicatorCsv, multipart, signInAll, assertCleanError,
} from './lib.mjs';
import { OWNED_ACTION } from '../support/server.mjs';

// [method, path, permission, body(ctx, role) → {body, contentType} | undefined]
// `ctx` carries what the before hook prepared (an import id of analyst1's agency, the seed
// meeting, plan and the action owner1 owns).
const jsonBody = (make) => (ctx, role) => ({ body: JSON.stringify(make(ctx, role)), contentType: 'application/json' });
const fileBody = (make) => () => multipart([{ name: 'file', filename: 'upload-street.csv', content: make() }]);
const namedFile = (filename, make, fields = () => ({})) => () => multipart([
  ...Object.entries(fields()).map(([name, content]) => ({ name, content })),
  { name: 'file', filename, content: make() },
]);
const seed = (name) => readFileSync(`tests/data/governance/${name}`);

const ENDPOINTS = [
  ['GET', '/api/health', 'none'],
  ['POST', '/api/session', 'none', jsonBody((ctx) => ({ username: ctx.users.public.username, password: ctx.users.public.password }))],
  ['GET', '/api/session', 'view-published'],
  ['DELETE', '/api/session', 'view-published'],
  ['GET', '/api/areas', 'view-published'],
  ['GET', '/api/periods', 'view-published'],
  ['GET', `/api/overview?area=Hartlepool&quarter=2018/19-Q2`, 'view-published'],
  ['GET', `/api/reports/pack?${SAMPLE}&format=csv`, 'view-published'],
  ['GET', `/api/counts?${SAMPLE}&by=category`, 'view-partnership'],
  ['GET', `/api/counts.csv?${SAMPLE}&by=category`, 'view-partnership'],
  ['GET', '/api/categories', 'view-partnership'],
  ['GET', `/api/map?${SAMPLE}`, 'view-partnership'],
  ['GET', `/api/incidents?${SAMPLE}&limit=5`, 'view-incidents'],
  ['GET', '/api/imports', 'import'],
  ['POST', '/api/imports/police-uk', 'import', fileBody(() => policeCsv())],
  ['POST', '/api/imports/indicator-values', 'import', fileBody(indicatorCsv)],
  ['GET', '/api/imports/{import}/rejections', 'view-rejections'],
  ['GET', '/api/users', 'administer'],
  ['POST', '/api/users', 'administer', jsonBody(() => ({
    username: unique('u'), display_name: 'Matrix user', role: 'public', agency: 'Cleveland Police',
    password: unique('a long enough password '),
  }))],
  ['PATCH', '/api/users/member1', 'administer', jsonBody(() => ({ display_name: unique('Member ') }))],
  ['GET', '/api/agencies', 'administer'],
  ['POST', '/api/agencies', 'administer', jsonBody(() => ({ name: unique('Agency ') }))],
  ['GET', '/api/roles', 'administer'],
  ['GET', '/api/audit?limit=5', 'administer'],
  ['GET', '/api/meetings', 'view-published'],
  ['GET', '/api/meetings/{meeting}', 'view-published'],
  ['GET', '/api/meetings/{meeting}/minutes.html', 'view-published'],
  ['GET', '/api/meetings/{meeting}/agenda.html?public=1', 'view-published'],
  ['GET', '/api/meetings/{meeting}/minutes.pdf?public=1', 'view-published'],
  ['POST', '/api/meetings', 'edit-minutes', namedFile('shp-2018-10-12.yaml', () => seed('shp-2018-10-12.yaml'))],
  ['GET', '/api/attendance?from=2018-05-01&to=2025-04-30&by=agency', 'view-published'],
  ['GET', '/api/action-plans', 'view-partnership'],
  ['GET', '/api/action-plans/{plan}', 'view-partnership'],
  ['GET', '/api/action-plans/{plan}.xlsx', 'view-partnership'],
  ['POST', '/api/action-plans/import', 'manage-actions', namedFile('plan.tsv', () => seed('shp-action-plan-2024-25.tsv'),
    () => ({ title: unique('Matrix plan 2024/25 '), default_due: '2025-03-31' }))],
  // Nobody in the table owns this action (owner1 does): only those who manage actions may.
  ['POST', '/api/actions/{owned}/progress', 'manage-actions', jsonBody((ctx, role) => ({ text: `Matrix update by ${role}` }))],
  ['POST', '/api/actions/{owned}/rag', 'manage-actions', jsonBody(() => ({ rag: 'Amber' }))],
  // The analyst's toolkit: aggregated answers for the partnership; analyses of uploaded
  // extracts (personal data) only for those who may see incidents.
  ['GET', `/api/analyse/concentration?${SAMPLE}&by=ward&top=3`, 'view-partnership'],
  ['GET', `/api/analyse/hotspots?${SAMPLE}`, 'view-partnership'],
  ['GET', `/api/analyse/repeat-locations?${SAMPLE}`, 'view-partnership'],
  ['GET', `/api/analyse/exceedance?${SAMPLE}`, 'view-partnership'],
  ['GET', '/api/analyse/change?area=Hartlepool&from=2018-09&to=2018-09&against=previous', 'view-partnership'],
  ['POST', '/api/analyse/near-repeat?space_band=200&space_bands=3&time_band=7&time_bands=3&permutations=19',
    'view-incidents', namedFile('arson.csv', () => readFileSync('tests/data/nearrepeat/chicago_arson.csv'))],
  ['POST', '/api/analyse/repeat-victims?by=victim&within=7', 'view-incidents',
    namedFile('victims.csv', () => readFileSync('tests/data/repeats/victims.csv'))],
  ['POST', '/api/analyse/reoffending?cohort=yearly&as_of=2018-12-31', 'view-incidents',
    namedFile('extract.csv', () => readFileSync('tests/data/reoffending/extract.csv'))],
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
  const meetings = await (await sessions.admin.fetch('/api/meetings')).json();
  ctx.meeting = meetings.meetings.find((m) => m.date === '2018-10-12').id;
  const plans = await (await sessions.admin.fetch('/api/action-plans')).json();
  ctx.plan = plans[0].id;
  const plan = await (await sessions.admin.fetch(`/api/action-plans/${ctx.plan}`)).json();
  ctx.owned = plan.actions.find((a) => a.text === OWNED_ACTION).id;
});

after(() => server?.stop());

for (const [method, path, permission, makeBody] of ENDPOINTS) {
  for (const role of ROLES) {
    const allowed = may(role, permission);
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
      const target = path.replace('{import}', ctx.importId).replace('{meeting}', ctx.meeting)
        .replace('{plan}', ctx.plan).replace('{owned}', ctx.owned);
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

test('the table covers every permission and every kind of request', () => {
  for (const p of new Set(Object.values(PERMISSIONS).flat())) {
    // Not an endpoint's own: view-exempt widens what a read returns, update-own-actions needs
    // ownership too (governance.test.mjs tests both).
    if (p === 'view-exempt' || p === 'update-own-actions') continue;
    assert.ok(ENDPOINTS.some((e) => e[2] === p), `no endpoint needing ${p}`);
  }
  for (const m of ['GET', 'POST', 'PATCH', 'DELETE']) assert.ok(ENDPOINTS.some((e) => e[0] === m), `no ${m} endpoint`);
});

test('a user\'s permissions are those of the role, as names', async () => {
  for (const role of ROLES.filter((r) => r !== 'none')) {
    const res = await sessions[role].fetch('/api/session');
    const { user } = await res.json();
    assert.equal(user.role, role);
    assert.deepEqual([...user.permissions].sort(), [...PERMISSIONS[role]].sort(), `permissions of ${role}`);
  }
});

test('a refusal names the roles that may', async () => {
  const res = await sessions.member.fetch('/api/meetings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(res.status, 403);
  assert.match((await res.json()).error, /needs one of: clerk, admin/);
  const roles = await (await sessions.admin.fetch('/api/roles')).json();
  assert.deepEqual(roles.map((r) => r.name), ['public', 'member', 'analyst', 'clerk', 'admin']);
  for (const r of roles) assert.deepEqual([...r.permissions].sort(), [...PERMISSIONS[r.name]].sort(), `permissions of ${r.name}`);
});
