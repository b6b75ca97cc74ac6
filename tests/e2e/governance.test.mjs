// Governance in the browser: a member reads a meeting's minutes 19–28 with the exempt one in
// full, the public sees it withheld, an owner adds a progress update and finds it in the
// log, a clerk records a meeting, and the navigation shows each role only its pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, newPage, signIn, screenshot, assertNoErrors, notSignedInYet } from './lib.mjs';
import { OWNED_ACTION } from '../support/server.mjs';

let env;
before(async () => { env = await setUp(); });
after(() => env?.close());

const navLinks = async (page) => (await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).map((s) => s.trim());

async function openSeedMeeting(page) {
  await page.getByRole('link', { name: 'Meetings' }).click();
  await page.getByRole('link', { name: 'Friday 12 October 2018' }).click();
  await page.locator('li.minute').first().waitFor();
}

test('a member opens a meeting and reads minutes 19–28 with their decisions', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await signIn(page, url, users.member);
  await openSeedMeeting(page);
  const numbers = await page.locator('li.minute').evaluateAll((els) => els.map((e) => Number(e.dataset.minute)));
  assert.deepEqual(numbers, [19, 20, 21, 22, 23, 24, 25, 26, 27, 28]);
  await page.getByRole('heading', { name: 'Attendance' }).waitFor();
  assert.match(await page.locator('.attendance-groups').textContent(), /Apologies/);
  const m27 = page.locator('li.minute[data-minute="27"]');
  assert.match(await m27.textContent(), /Exempt business \(Schedule 12A para 2\)/);
  assert.match(await m27.textContent(), /comprehensive presentation/);
  assert.match(await page.locator('li.minute[data-minute="19"]').textContent(), /Decision/);
  assert.equal(await page.getByRole('button', { name: /Minutes PDF \(members' version\)/ }).count(), 1);
  await screenshot(page, 'meeting-member');
  assertNoErrors(page, notSignedInYet);
  await page.context().close();
});

test('the public see the exempt minute withheld, and only the public documents', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await signIn(page, url, users.public);
  assert.deepEqual(await navLinks(page), ['Overview', 'Reports', 'Meetings', 'Attendance']);
  await openSeedMeeting(page);
  const m27 = page.locator('li.minute[data-minute="27"]');
  assert.match(await m27.textContent(), /exempt — Schedule 12A para 2/);
  assert.doesNotMatch(await page.locator('main').textContent(), /comprehensive presentation/);
  assert.equal(await page.getByRole('button', { name: /members' version/ }).count(), 0);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Minutes HTML (public version)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^minutes-2018-10-12-public\.html$/);
  await screenshot(page, 'meeting-public');
  await page.goto(url + '/actions');
  await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
  await page.getByRole('link', { name: 'Attendance' }).click();
  await page.locator('table th[scope=row]').first().waitFor();
  await screenshot(page, 'attendance-public');
  assertNoErrors(page, notSignedInYet);
  await page.context().close();
});

test('an owner adds a progress update and sees it in the log', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await signIn(page, url, users.owner);
  await page.getByRole('link', { name: 'Action plans' }).click();
  await page.getByRole('link', { name: /Action Plan 2024\/25/ }).click();
  await page.locator('table.actions-table tbody tr').first().waitFor();
  assert.ok(await page.locator('tr.overdue').count() > 0, 'overdue actions are marked');
  assert.match(await page.locator('tr.overdue').first().textContent(), /Overdue/);
  await page.getByLabel('Only actions I may update').check();
  const row = page.locator('table.actions-table tbody tr', { hasText: OWNED_ACTION });
  assert.equal(await page.locator('table.actions-table tbody tr[data-action]').count(), 1);
  await row.getByRole('button', { name: /Show log/ }).click();
  const text = `Leaflet delivered to 3,000 homes ${Date.now()}`;
  await page.getByLabel('What has happened').fill(text);
  await page.getByLabel('Your role').fill('Community Safety Officer');
  await page.getByRole('button', { name: 'Add to the log' }).click();
  await page.getByText('The update is added to the log.').waitFor();
  const log = page.locator('ol.log li', { hasText: text });
  await log.waitFor();
  assert.match(await log.textContent(), /Olive Owner, Community Safety Officer/);
  await page.getByLabel('RAG status').selectOption('Green');
  await page.getByRole('button', { name: 'Save RAG' }).click();
  await page.getByText('The RAG is now Green.').waitFor();
  await screenshot(page, 'action-update-owner');
  assertNoErrors(page, notSignedInYet);
  await page.context().close();
});

test('a member who owns nothing gets no update form; a clerk sees the record and import forms', async () => {
  const { url, users } = env.server;
  const member = await newPage(env.browser);
  await signIn(member, url, users.member);
  await member.goto(url + '/actions?plan=1');
  await member.locator('table.actions-table tbody tr').first().waitFor();
  await member.locator('table.actions-table tbody tr[data-action]').first().getByRole('button', { name: /Show log/ }).click();
  await member.getByText('Only the action\'s owners, clerks and admins add updates.').waitFor();
  assert.equal(await member.getByRole('button', { name: 'Add to the log' }).count(), 0);
  await member.goto(url + '/meetings');
  await member.getByRole('link', { name: 'Friday 12 October 2018' }).waitFor();
  assert.equal(await member.getByRole('heading', { name: 'Record a meeting' }).count(), 0);
  assertNoErrors(member, notSignedInYet);
  await member.context().close();

  const clerk = await newPage(env.browser);
  await signIn(clerk, url, users.clerk);
  assert.deepEqual(await navLinks(clerk), ['Overview', 'Explore', 'Analysis', 'Reports', 'Meetings', 'Action plans', 'Attendance']);
  await clerk.getByRole('link', { name: 'Meetings' }).click();
  await clerk.getByRole('heading', { name: 'Record a meeting' }).waitFor();
  await clerk.getByLabel('Meeting record (YAML)').setInputFiles({
    name: 'broken.yaml', mimeType: 'application/yaml', buffer: Buffer.from('meeting:\n  date: 31 February 2019\n'),
  });
  await clerk.getByRole('button', { name: 'Record the meeting' }).click();
  await clerk.locator('ul.problems li').first().waitFor();
  await screenshot(clerk, 'meeting-record-problems');
  await clerk.getByRole('link', { name: 'Action plans' }).click();
  await clerk.getByRole('heading', { name: 'Import an action plan' }).waitFor();
  assertNoErrors(clerk, notSignedInYet, /status of 400.*\/api\/meetings/);
  await clerk.context().close();
});
