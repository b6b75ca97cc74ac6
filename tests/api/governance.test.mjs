// Governance over HTTP: exempt business never reaches a caller without view-exempt (JSON,
// HTML, PDF), clerks record meetings and members cannot, owners add to their own actions'
// logs and no one else's, and nothing edits or deletes a log entry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, signIn, OWNED_ACTION } from '../support/server.mjs';
import { signInAll, upload, json, unique, assertCleanError } from './lib.mjs';

// Distinctive words put in every part of an exempt minute: found anywhere public, they leaked.
const SECRET = 'Zanzibar Quillfeather';
const EXEMPT_MEETING = `partnership:
  name: Governance Test Partnership
  members:
    - name: Alice Chair
      role: Chair
      organisation: Hartlepool Borough Council
      kind: responsible-authority
      office: chair
    - name: Bob Member
      role: Inspector
      organisation: Cleveland Police
      kind: responsible-authority
meeting:
  date: 2019-01-11
  start: 10.00 am
  end: 11.00 am
  venue: Civic Centre, Hartlepool
  status: held
  chair: Alice Chair
agenda:
  - number: "1"
    title: Apologies for Absence
    kind: apologies
  - number: "2"
    title: Repeat Victims Case Review
    kind: exempt
    exempt_paragraph: 2
    reporting_officer: Detective ${SECRET}
attendance:
  present:
    - Alice Chair
  apologies:
    - Bob Member
minutes:
  - title: Apologies for Absence
    agenda_item: "1"
    issues: Apologies were received from Bob Member.
  - title: Repeat Victims Case Review
    agenda_item: "2"
    reporting_officer: Detective ${SECRET}
    exempt_paragraph: 2
    purpose: To review the case of ${SECRET}.
    issues: The Partnership discussed ${SECRET} at length.
    exempt_text: The victim ${SECRET} lives at the address given.
    decisions:
      - That ${SECRET} be referred to the panel.
      - That the panel report back.
`;

let server;
let s;
let exemptId;
let seedId;
let plan;

const yamlUpload = (session, name, content) => upload(session, '/api/meetings', [{ name: 'file', filename: name, content }]);
const getJson = async (session, path) => {
  const res = await session.fetch(path);
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return res.json();
};
const textOf = async (res) => Buffer.from(await res.arrayBuffer());
const pdfText = (bytes) => {
  const file = join(server.dir, `${unique('doc')}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', [file, '-']).toString();
};

before(async () => {
  server = await startServer();
  s = await signInAll(server);
  s.owner = await signIn(server.url, server.users.owner);
  const res = await yamlUpload(s.clerk, 'exempt-meeting.yaml', EXEMPT_MEETING);
  assert.equal(res.status, 201, await res.clone().text());
  exemptId = (await res.json()).meeting_id;
  const list = await getJson(s.public, '/api/meetings');
  seedId = list.meetings.find((m) => m.date === '2018-10-12').id;
  const plans = await getJson(s.member, '/api/action-plans');
  plan = await getJson(s.owner, `/api/action-plans/${plans[0].id}`);
});

after(() => server?.stop());

test('meetings are listed for the public, with their minute numbers', async () => {
  const list = await getJson(s.public, '/api/meetings');
  assert.ok(list.partnerships.includes('Safer Hartlepool Partnership'));
  const seed = list.meetings.find((m) => m.id === seedId);
  assert.equal(seed.first_minute, 19);
  assert.equal(seed.last_minute, 28);
  assert.equal(seed.has_exempt, true);
  const only = await getJson(s.public, '/api/meetings?partnership=Governance%20Test%20Partnership');
  assert.deepEqual(only.meetings.map((m) => m.id), [exemptId]);
});

test('a member reads minutes 19–28 with decisions, and the exempt minute in full', async () => {
  const m = await getJson(s.member, `/api/meetings/${seedId}`);
  assert.deepEqual(m.minutes.map((n) => n.number), [19, 20, 21, 22, 23, 24, 25, 26, 27, 28]);
  assert.equal(m.exempt_included, true);
  const m27 = m.minutes.find((n) => n.number === 27);
  assert.equal(m27.withheld, false);
  assert.match(m27.issues, /repeat victimisation/);
  assert.ok(m.attendance.some((a) => a.kind === 'apologies'));
  const e = await getJson(s.member, `/api/meetings/${exemptId}`);
  const secret = e.minutes.find((n) => n.exempt_paragraph === 2);
  assert.match(secret.exempt_text, new RegExp(SECRET));
  assert.deepEqual(secret.decisions.map((d) => d.numeral), ['(i)', '(ii)']);
});

test('the public gets no exempt text anywhere: JSON, HTML and PDF', async () => {
  const body = await (await s.public.fetch(`/api/meetings/${exemptId}`)).text();
  assert.ok(!body.includes(SECRET), 'the meeting JSON leaks exempt text');
  const m = JSON.parse(body);
  assert.equal(m.exempt_included, false);
  const withheld = m.minutes.find((n) => n.exempt_paragraph === 2);
  assert.equal(withheld.withheld, true);
  assert.match(withheld.exempt_reason, /Schedule 12A para 2/);
  assert.deepEqual(Object.keys(withheld).sort(), ['exempt_paragraph', 'exempt_reason', 'number', 'title', 'withheld']);
  const seed = JSON.parse(await (await s.public.fetch(`/api/meetings/${seedId}`)).text());
  assert.ok(!JSON.stringify(seed).includes('comprehensive presentation'), 'minute 27 of the seed leaks');
  for (const doc of ['minutes', 'agenda']) {
    for (const query of ['', '?public=1', '?public=0']) {
      const html = await s.public.fetch(`/api/meetings/${exemptId}/${doc}.html${query}`);
      assert.equal(html.status, 200);
      assert.match(html.headers.get('content-disposition'), /-public\.html"/);
      assert.ok(!(await textOf(html)).toString().includes(SECRET), `public ${doc}.html${query} leaks`);
    }
  }
  const pdf = await s.public.fetch(`/api/meetings/${exemptId}/minutes.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const text = pdfText(await textOf(pdf));
  assert.match(text, /Repeat Victims Case Review/);
  assert.ok(!text.includes('Quillfeather'), 'the public PDF leaks exempt text');
});

test('a member asking for the public version gets it; the entitled version holds the exempt text', async () => {
  const published = await s.member.fetch(`/api/meetings/${exemptId}/minutes.html?public=1`);
  assert.ok(!(await textOf(published)).toString().includes(SECRET));
  const entitled = await s.member.fetch(`/api/meetings/${exemptId}/minutes.html`);
  assert.match(entitled.headers.get('content-disposition'), /minutes-2019-01-11\.html"/);
  assert.ok((await textOf(entitled)).toString().includes(SECRET));
});

test('every read of exempt text is audited', async () => {
  await s.analyst.fetch(`/api/meetings/${exemptId}`);
  const audit = await getJson(s.admin, '/api/audit?action=read-exempt&username=analyst1');
  assert.ok(audit.some((a) => a.target === `meeting ${exemptId}` && /minutes 2/.test(a.detail)));
  const exports = await getJson(s.admin, '/api/audit?action=export&username=public1');
  assert.ok(exports.some((a) => a.target === `meeting ${exemptId}` && /public/.test(a.detail)));
  const publicReads = await getJson(s.admin, '/api/audit?action=read-exempt&username=public1');
  assert.equal(publicReads.length, 0);
});

test('a clerk records a meeting; members and analysts cannot', async () => {
  const again = await yamlUpload(s.clerk, 'exempt-meeting.yaml', EXEMPT_MEETING);
  assert.equal(again.status, 200);
  assert.equal((await again.json()).outcome, 'unchanged');
  for (const role of ['member', 'analyst', 'public']) {
    const res = await yamlUpload(s[role], 'exempt-meeting.yaml', EXEMPT_MEETING.replace('Bob Member.', 'nobody.'));
    assertCleanError(res.status, res.headers.get('content-type'), await res.text(), 403, `${role} records a meeting`);
  }
  const m = await getJson(s.member, `/api/meetings/${exemptId}`);
  assert.match(m.minutes[0].issues, /Bob Member/);
});

test('a meeting record with problems is refused with every problem listed, nothing saved', async () => {
  const bad = EXEMPT_MEETING.replace('date: 2019-01-11', 'date: 2019-02-08')
    .replace('exempt_paragraph: 2\n    purpose', 'exempt_paragraph: 9\n    purpose')
    .replace('status: held', 'status: maybe');
  const res = await yamlUpload(s.clerk, 'bad.yaml', bad);
  assert.equal(res.status, 400);
  const body = await res.json();
  assert.ok(body.problems.length >= 2, JSON.stringify(body));
  assert.ok(body.problems.every((p) => !p.includes('/tmp')), 'problems name the server\'s paths');
  const list = await getJson(s.clerk, '/api/meetings');
  assert.ok(!list.meetings.some((m) => m.date === '2019-02-08'));
  const wrongName = await yamlUpload(s.clerk, 'meeting.txt', EXEMPT_MEETING);
  assert.equal(wrongName.status, 400);
});

test('attendance by member and by agency adds up', async () => {
  for (const by of ['member', 'agency']) {
    const a = await getJson(s.public, `/api/attendance?partnership=Safer%20Hartlepool%20Partnership&from=2018-05-01&to=2025-04-30&by=${by}`);
    assert.equal(a.by, by);
    assert.ok(a.rows.length > 0);
    for (const r of a.rows) assert.equal(r.present + r.substitute + r.apologies + r.absent, r.meetings, r.name);
  }
  const bad = await s.public.fetch('/api/attendance?partnership=Safer%20Hartlepool%20Partnership&by=seat');
  assert.equal(bad.status, 400);
});

test('a plan\'s actions carry owners, due dates, the owner\'s RAG and Safer\'s suggestion with its reason', async () => {
  assert.ok(plan.actions.length > 30);
  for (const a of plan.actions) {
    assert.ok(a.owners.length > 0);
    assert.match(a.due, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(['Red', 'Amber', 'Green', 'Complete'].includes(a.suggested_rag), a.suggested_rag);
    assert.ok(a.suggested_reason.length > 0);
  }
  assert.ok(plan.actions.some((a) => a.log.length > 0 && a.log[0].author));
  const owned = plan.actions.find((a) => a.text === OWNED_ACTION);
  assert.equal(owned.may_update, true);
  assert.ok(plan.actions.filter((a) => a.may_update).length < plan.actions.length);
  const xlsx = await s.member.fetch(`/api/action-plans/${plan.id}.xlsx`);
  assert.equal(xlsx.status, 200);
  assert.equal((await textOf(xlsx)).subarray(0, 2).toString(), 'PK');
});

test('an owner adds progress to their own action, not to another\'s', async () => {
  const owned = plan.actions.find((a) => a.text === OWNED_ACTION);
  const other = plan.actions.find((a) => !a.may_update);
  const text = unique('Leaflet printed and delivered ');
  const res = await json(s.owner, 'POST', `/api/actions/${owned.id}/progress`, { text, author_role: 'Community Safety Officer' });
  assert.equal(res.status, 201, await res.clone().text());
  const entry = await res.json();
  assert.equal(entry.author, 'Olive Owner');
  assert.equal(entry.recorded_by, 'owner1');
  const rag = await json(s.owner, 'POST', `/api/actions/${owned.id}/rag`, { rag: 'Green' });
  assert.equal(rag.status, 200);
  assert.equal((await rag.json()).owner_rag, 'Green');
  const after = await getJson(s.owner, `/api/action-plans/${plan.id}`);
  const log = after.actions.find((a) => a.id === owned.id).log;
  assert.equal(log.at(-1).text, text);

  const refused = await json(s.owner, 'POST', `/api/actions/${other.id}/progress`, { text: 'not mine' });
  assertCleanError(refused.status, refused.headers.get('content-type'), await refused.text(), 403, 'progress on another\'s action');
  const refusedRag = await json(s.owner, 'POST', `/api/actions/${other.id}/rag`, { rag: 'Red' });
  assert.equal(refusedRag.status, 403);
  const byMember = await json(s.member, 'POST', `/api/actions/${owned.id}/progress`, { text: 'member1 is no owner' });
  assert.equal(byMember.status, 403);
  const audit = await getJson(s.admin, '/api/audit?action=refused&username=owner1');
  assert.ok(audit.some((a) => a.target.includes(`/api/actions/${other.id}/`) && !a.allowed));
  const clerk = await json(s.clerk, 'POST', `/api/actions/${other.id}/progress`, { text: 'Clerk records the update given at the meeting', date: '2025-01-31' });
  assert.equal(clerk.status, 201);
});

test('an owner naming only an agency is owned by that agency\'s users', async () => {
  const agencyOnly = plan.actions.find((a) => a.owners.length === 1 && !a.owners[0].person && a.owners[0].agency);
  assert.ok(agencyOnly, 'the seed plan has an action owned by an agency alone');
  const agency = agencyOnly.owners[0].agency;
  await json(s.admin, 'POST', '/api/agencies', { name: agency });
  const user = { username: unique('agency'), password: unique('a long enough password ') };
  const made = await json(s.admin, 'POST', '/api/users', { ...user, role: 'member', agency });
  assert.equal(made.status, 201, await made.clone().text());
  const session = await signIn(server.url, user);
  const res = await json(session, 'POST', `/api/actions/${agencyOnly.id}/progress`, { text: `Update from ${agency}` });
  assert.equal(res.status, 201, await res.clone().text());
});

test('progress needs text and a date not in the future', async () => {
  const owned = plan.actions.find((a) => a.text === OWNED_ACTION);
  for (const body of [{ text: '   ' }, { text: 'x', date: '2999-01-01' }, { text: 'x', date: 'O3/03/25' }, { text: 'x', corrects: 'one' }, {}]) {
    const res = await json(s.owner, 'POST', `/api/actions/${owned.id}/progress`, body);
    assertCleanError(res.status, res.headers.get('content-type'), await res.text(), 400, JSON.stringify(body));
  }
  const rag = await json(s.owner, 'POST', `/api/actions/${owned.id}/rag`, { rag: 'Purple' });
  assert.equal(rag.status, 400);
  const missing = await json(s.clerk, 'POST', '/api/actions/999999/progress', { text: 'x' });
  assert.equal(missing.status, 404);
});

test('no one can edit or delete a log entry', async () => {
  const owned = plan.actions.find((a) => a.text === OWNED_ACTION);
  const before = (await getJson(s.admin, `/api/action-plans/${plan.id}`)).actions.find((a) => a.id === owned.id).log;
  assert.ok(before.length > 0);
  const entry = before[0].id;
  for (const session of [s.owner, s.clerk, s.admin]) {
    for (const method of ['PATCH', 'DELETE']) {
      for (const path of [`/api/actions/${owned.id}/progress/${entry}`, `/api/actions/${owned.id}/progress`]) {
        const res = await json(session, method, path, { text: 'rewritten' });
        assertCleanError(res.status, res.headers.get('content-type'), await res.text(), 405, `${method} ${path}`);
      }
    }
    const put = await json(session, 'PUT', `/api/actions/${owned.id}/progress/${entry}`, { text: 'rewritten' });
    assertCleanError(put.status, put.headers.get('content-type'), await put.text(), 404, 'PUT');
  }
  const after = (await getJson(s.admin, `/api/action-plans/${plan.id}`)).actions.find((a) => a.id === owned.id).log;
  assert.deepEqual(after, before);
  const correction = await json(s.owner, 'POST', `/api/actions/${owned.id}/progress`, { text: 'The leaflet went to 3,000 homes, not 300', corrects: entry });
  assert.equal(correction.status, 201);
  assert.equal((await correction.json()).corrects, entry);
});

test('a clerk imports a plan; problems are listed; members cannot', async () => {
  const tsv = readFileSync('tests/data/governance/shp-action-plan-2024-25.tsv');
  const parts = (title) => [{ name: 'title', content: title }, { name: 'default_due', content: '31/03/2025' },
    { name: 'partnership', content: 'Safer Hartlepool Partnership' },
    { name: 'file', filename: 'plan-2024-25.tsv', content: tsv }];
  const res = await upload(s.clerk, '/api/action-plans/import', parts(unique('Imported Plan 2024/25 ')));
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body).slice(0, 600));
  assert.ok(body.actions_imported > 30);
  assert.ok(body.problems.some((p) => /O3\/03\/25/.test(p.reason) && p.row > 0 && p.file === 'plan-2024-25.tsv'), JSON.stringify(body.problems).slice(0, 400));
  const member = await upload(s.member, '/api/action-plans/import', parts(unique('Member Plan ')));
  assert.equal(member.status, 403);
  const analyst = await upload(s.analyst, '/api/action-plans/import', parts(unique('Analyst Plan ')));
  assert.equal(analyst.status, 403);
  const empty = await upload(s.clerk, '/api/action-plans/import', [{ name: 'title', content: 'Empty' },
    { name: 'partnership', content: 'Safer Hartlepool Partnership' },
    { name: 'file', filename: 'empty.csv', content: 'Priority,Objective,Who,Progress\n' }]);
  assert.equal(empty.status, 400);
  const emptyBody = await empty.json();
  assert.ok(Array.isArray(emptyBody.problems), JSON.stringify(emptyBody));
  const noTitle = await upload(s.clerk, '/api/action-plans/import', [{ name: 'file', filename: 'p.tsv', content: tsv }]);
  assert.equal(noTitle.status, 400);
});
