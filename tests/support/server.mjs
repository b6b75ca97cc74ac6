// A real `safer serve` for API and browser tests: a fresh SQLite database holding the
// bundled sample (areas, September 2018 police data, partners' indicator values), the two
// seed meetings and the 2024/25 action plan with one action owned by owner1, one user of
// each role, and a server on a free loopback port. stop() ends it.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const USERS = {
  admin: { username: 'admin1', role: 'admin', agency: 'Hartlepool Borough Council' },
  analyst: { username: 'analyst1', role: 'analyst', agency: 'Cleveland Police' },
  analystOther: { username: 'analyst2', role: 'analyst', agency: 'Hartlepool Borough Council' },
  member: { username: 'member1', role: 'member', agency: 'Cleveland Fire Brigade' },
  public: { username: 'public1', role: 'public', agency: 'Members of the public' },
  clerk: { username: 'clerk1', role: 'clerk', agency: 'Hartlepool Borough Council' },
  // A member who owns one action of the seed plan (by display name): OWNED_ACTION.
  owner: { username: 'owner1', role: 'member', agency: 'Hartlepool Borough Council', name: 'Olive Owner' },
};

export const PARTNERSHIP = 'Safer Hartlepool Partnership';
export const PLAN_TITLE = 'Safer Hartlepool Partnership Action Plan 2024/25';
export const OWNED_ACTION = 'Publish a quarterly leaflet on reporting anti-social behaviour';
const GOVERNANCE = 'tests/data/governance';

export async function startServer({ safer = process.env.SAFER_BIN, src = process.env.SAFER_SRC, sample = true, governance = true } = {}) {
  if (!safer || !src) throw new Error('SAFER_BIN and SAFER_SRC must name the binary and the source tree');
  const dir = mkdtempSync(join(tmpdir(), 'safer-serve-'));
  const db = join(dir, 'safer.db');
  const run = (args, input) => execFileSync(safer, ['--db', db, '-q', ...args], { cwd: src, input, stdio: ['pipe', 'pipe', 'pipe'] });
  if (sample) {
    run(['import', 'areas', 'data/sample/lsoa11_ward18_lad18_cleveland.csv', '--force', 'Cleveland Police']);
    run(['import', 'police-uk', 'data/sample/2018-09-cleveland-street.csv']);
    run(['import', 'indicator-values', 'data/sample/indicator-values-hartlepool-2018.csv']);
  }
  if (governance && existsSync(join(src, GOVERNANCE, 'shp-2018-10-12.yaml'))) {
    run(['meeting', 'import', `${GOVERNANCE}/shp-2018-10-12.yaml`, `${GOVERNANCE}/shp-2025-01-31.yaml`]);
    try {
      run(['action', 'import', `${GOVERNANCE}/shp-action-plan-2024-25.tsv`, '--partnership', PARTNERSHIP,
        '--title', PLAN_TITLE, '--due', '31/03/2025']);
    } catch (e) {
      if (e.status !== 3) throw e;  // 3: some rows of the seed are set aside, as they should be
    }
    run(['action', 'add', '--plan', '1', '--priority', 'Anti-Social Behaviour', '--text', OWNED_ACTION,
      '--owner', `${USERS.owner.name}, Hartlepool Borough Council`, '--due', '31/03/2025']);
  }
  const users = {};
  for (const [key, u] of Object.entries(USERS)) {
    const password = `pw-${randomBytes(9).toString('base64url')}-${key}`;
    run(['user', 'add', u.username, '--role', u.role, '--agency', u.agency, ...(u.name ? ['--name', u.name] : []),
      '--password-stdin'], password + '\n');
    users[key] = { ...u, password };
  }
  const child = spawn(safer, ['--db', db, 'serve', '--port', '0'], { cwd: src, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('safer serve did not start in 20 s:\n' + log)), 20000);
    const onData = (chunk) => {
      log += chunk;
      const m = log.match(/https?:\/\/[^\s/]+/);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => { log += c; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`safer serve exited (${code}):\n${log}`)); });
  });
  child.removeAllListeners('exit');
  child.stdout.on('data', (c) => { log += c; });
  return {
    url, db, dir, users, child,
    log: () => log,
    run,
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Signs in with fetch and returns { cookie, csrf, user, fetch(path, init) } for API calls.
export async function signIn(url, { username, password }) {
  const res = await fetch(url + '/api/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const body = await res.json();
  const call = (path, init = {}) => fetch(url + path, {
    ...init, headers: { cookie, 'x-csrf-token': body.csrf, ...(init.headers || {}) },
  });
  return { cookie, csrf: body.csrf, user: body.user, fetch: call };
}
