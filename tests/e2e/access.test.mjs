// Signing in and out, and what each role is shown: the navigation holds only the pages a
// user's permissions allow, and a page reached by its address says "not allowed".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, newPage, signIn, screenshot, assertNoErrors, notSignedInYet } from './lib.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

const navLinks = async (page) => (await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).map((s) => s.trim());

test('a wrong password is refused with the API sentence; the right one signs in; sign out returns to sign-in', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await page.goto(url + '/');
  await page.getByRole('heading', { name: 'Sign in to Safer' }).waitFor();
  await screenshot(page, 'sign-in');

  await page.getByLabel('Username').fill(users.analyst.username);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.locator('#sign-in-error');
  await alert.waitFor();
  assert.match(await alert.textContent(), /wrong username or password/i);
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0, 'no navigation before signing in');
  await screenshot(page, 'sign-in-wrong-password');

  await page.getByLabel('Password').fill(users.analyst.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  assert.deepEqual(await navLinks(page), ['Overview', 'Explore', 'Analysis', 'Reports', 'Meetings', 'Action plans', 'Attendance', 'Data']);
  assert.match(await page.locator('header .who').textContent(), /analyst1/);

  // The session is the cookie's: a reload keeps the user signed in.
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Safer' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in to Safer' }).waitFor();
  assertNoErrors(page, notSignedInYet, /status of 401.*\/api\/session/);
  await page.context().close();
});

test('five wrong passwords lock the account, and the page says for how many minutes', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await page.goto(url + '/');
  const alert = page.locator('#sign-in-error');
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Username').fill(users.analystOther.username);
    await page.getByLabel('Password').fill(`wrong-${i}`);
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    // The page clears the password once it has shown the refusal.
    await page.waitForFunction(() => document.getElementById('password').value === '');
  }
  await page.getByLabel('Password').fill(users.analystOther.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await alert.filter({ hasText: /locked/i }).waitFor();
  assert.match(await alert.textContent(), /try again in \d+ minutes?/i);
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
  await screenshot(page, 'sign-in-locked');
  assertNoErrors(page, notSignedInYet, /status of 429.*\/api\/session/);
  await page.context().close();
});

test('a member sees no Data or Admin link, and those pages by address say not allowed', async () => {
  const { url, users } = env.server;
  const page = await newPage(env.browser);
  await signIn(page, url, users.member);
  assert.deepEqual(await navLinks(page), ['Overview', 'Explore', 'Analysis', 'Reports', 'Meetings', 'Action plans', 'Attendance']);

  // Keyboard: on a page load the first Tab reaches the skip link, which moves focus to the content.
  await page.reload();
  await page.locator('table.indicators').first().waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to main content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');

  for (const [path, name] of [['/admin', 'admin'], ['/data', 'data']]) {
    await page.goto(url + path);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    assert.match(await page.locator('main').textContent(), /does not allow you/);
    assert.equal(await page.locator('input[type=file]').count(), 0);
    await screenshot(page, `member-${name}-not-allowed`);
  }
  assertNoErrors(page, notSignedInYet);
  await page.context().close();
});

test('the public see the overview and reports only; the admin sees every page', async () => {
  const { url, users } = env.server;
  const pub = await newPage(env.browser);
  await signIn(pub, url, users.public);
  assert.deepEqual(await navLinks(pub), ['Overview', 'Reports', 'Meetings', 'Attendance']);
  await pub.goto(url + '/explore');
  await pub.getByRole('heading', { name: 'Not allowed' }).waitFor();
  assertNoErrors(pub, notSignedInYet);
  await pub.context().close();

  const admin = await newPage(env.browser);
  await signIn(admin, url, users.admin);
  assert.deepEqual(await navLinks(admin), ['Overview', 'Explore', 'Analysis', 'Reports', 'Meetings', 'Action plans', 'Attendance', 'Data', 'Admin']);
  await admin.getByRole('link', { name: 'Admin' }).click();
  const table = admin.locator('#users-table');
  await table.waitFor();
  for (const u of Object.values(users)) assert.equal(await table.locator(`tr[data-username="${u.username}"]`).count(), 1, u.username);
  await screenshot(admin, 'admin-users');

  // A new user made through the page appears in the list and in the audit log.
  await admin.getByLabel('Username', { exact: true }).fill('housing1');
  await admin.getByLabel('Name', { exact: true }).fill('Housing Officer');
  await admin.locator('#new-role').selectOption('member');
  await admin.locator('#new-password').fill('a-long-enough-password-1');
  await admin.getByRole('button', { name: 'Add user' }).click();
  await table.locator('tr[data-username="housing1"]').waitFor();

  for (const [tab, heading] of [['Agencies', 'Agencies'], ['Roles', 'Roles'], ['Audit log', 'Audit log']]) {
    await admin.getByRole('button', { name: tab, exact: true }).click();
    await admin.getByRole('heading', { name: heading, level: 2 }).waitFor();
    await screenshot(admin, `admin-${tab.toLowerCase().replace(' ', '-')}`);
  }
  await admin.locator('#audit-table').waitFor();
  assert.match(await admin.locator('#audit-table').textContent(), /user-created/);
  assertNoErrors(admin, notSignedInYet);
  await admin.context().close();
});
