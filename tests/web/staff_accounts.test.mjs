/*
 * Staff accounts in the staff app (docs/records.md#staff-accounts), in a
 * real browser, as the admin: add a user, make them a token (its secret
 * shown once, and working), disable them from the keyboard (the token
 * stops working at once), be refused disabling the last enabled admin
 * with the server's words, enable them, change their role, reset their
 * password (they log in with the new one) and revoke a token. Secrets
 * are tried with Node's own fetch, so the page's login is not touched.
 * Runs after staff.test.mjs on the same server; each test depends on the
 * ones before it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { env, launch, watchedPage, auditScreen, screenshot, tabTo, DESKTOP } from './lib/harness.mjs';

const USER = 'temp.staff@example.test';
const PASSWORD = 'a temporary passphrase';
const NEW_PASSWORD = 'an even newer passphrase';

let browser;
let context;
let page;
const state = {};

before(async () => {
  browser = await launch();
  context = await browser.newContext({ viewport: DESKTOP });
  page = await watchedPage(context);
});

after(async () => {
  await browser.close();
});

async function waitForHeading(text) {
  await page.locator('main h1', { hasText: text }).first().waitFor();
}

async function flash(text) {
  const box = page.locator('[data-testid="flash"]', { hasText: text });
  await box.waitFor();
  return box;
}

/* GET /api/v1/me with a bearer token, outside the browser: its status. */
async function meWith(token) {
  const response = await fetch(`${env.base}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  return response.status;
}

async function loginStatus(email, password) {
  const response = await fetch(`${env.base}/api/v1/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

function userRow(email) {
  return page.locator(`tr[data-user="${email}"]`);
}

test('an admin opens Staff accounts from the navigation and adds a user', async () => {
  await page.goto(`${env.base}/`);
  await page.getByLabel('Email').fill(env.email);
  await page.getByLabel('Password').fill(env.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await waitForHeading('Today');
  const link = page.getByRole('link', { name: 'Staff accounts' });
  assert.equal(await link.isVisible(), true, 'admins see staff accounts in the navigation');
  await link.click();
  await waitForHeading('Staff accounts');
  assert.equal(await userRow(env.email).locator('td').nth(1).textContent(), 'admin');

  const form = page.locator('[data-testid="new-user-form"]');
  await form.getByLabel('Email').fill(USER);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Add user' }).click();
  await flash(`${USER} added.`);
  assert.equal(await userRow(USER).locator('td').nth(2).textContent(), 'enabled');
  assert.equal(await loginStatus(USER, PASSWORD), 200);
});

test('a token is made for the user, its secret shown once, and it works', async () => {
  const form = page.locator('[data-testid="new-token-form"]');
  await form.getByLabel('For user').selectOption(USER);
  await form.getByLabel('Label (optional)').fill('booking sync');
  await form.getByLabel('Expires in days (optional)').fill('30');
  await form.getByRole('button', { name: 'Make token' }).click();
  const box = await flash('Copy it now: it is not shown again.');
  const secret = (await box.locator('p').nth(1).textContent()).trim();
  assert.match(secret, /^[0-9a-f]{64}$/);
  state.token = secret;
  assert.equal(await meWith(secret), 200);
  const row = page.locator('tr[data-token]', { hasText: 'booking sync' });
  assert.equal(await row.locator('.badge').textContent(), 'live');
  assert.doesNotMatch(await page.locator('main table').last().textContent(), new RegExp(secret));
  await page.reload();
  await waitForHeading('Staff accounts');
  assert.equal(await page.locator('main').getByText(secret).count(), 0, 'the secret is not shown again');
});

test('disabling from the keyboard ends the token at once; the last admin is refused', async () => {
  const button = `button[aria-label="Disable ${USER}"]`;
  await tabTo(page, button);
  await page.keyboard.press('Enter');
  await flash(`${USER} is disabled`);
  assert.equal(await userRow(USER).locator('td').nth(2).textContent(), 'disabled');
  assert.equal(await meWith(state.token), 401, 'the token stopped working');
  assert.equal(await loginStatus(USER, PASSWORD), 401, 'they cannot log in');
  assert.equal(
    await page.locator('tr[data-token]', { hasText: 'booking sync' }).locator('.badge').textContent(),
    'revoked',
  );

  await userRow(env.email)
    .getByRole('button', { name: `Disable ${env.email}` })
    .click();
  const alert = page.locator('[data-testid="staff-errors"] [role="alert"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /last enabled admin/);
  assert.equal(await userRow(env.email).locator('td').nth(2).textContent(), 'enabled');
  await auditScreen(page, 'staff accounts with an error');
});

test('enabling lets them log in again but the old token stays dead; the role changes', async () => {
  await userRow(USER)
    .getByRole('button', { name: `Enable ${USER}` })
    .click();
  await flash(`${USER} may log in again.`);
  assert.equal(await loginStatus(USER, PASSWORD), 200);
  assert.equal(await meWith(state.token), 401);
  await userRow(USER)
    .getByRole('button', { name: `Make admin: ${USER}` })
    .click();
  await flash(`${USER} is now admin.`);
  assert.equal(await userRow(USER).locator('td').nth(1).textContent(), 'admin');
  await userRow(USER)
    .getByRole('button', { name: `Make staff: ${USER}` })
    .click();
  await flash(`${USER} is now staff.`);
});

test('an admin resets the password; a too short one is refused in the server words', async () => {
  const row = userRow(USER);
  await row.locator('summary', { hasText: 'Reset password' }).click();
  const input = row.getByLabel(`New password for ${USER}`);
  await input.fill('short');
  await row.getByRole('button', { name: 'Set password' }).click();
  const alert = page.locator('[data-testid="staff-errors"] [role="alert"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /12/);
  await input.fill(NEW_PASSWORD);
  await row.getByRole('button', { name: 'Set password' }).click();
  await flash(`New password set for ${USER}`);
  assert.equal(await loginStatus(USER, PASSWORD), 401);
  assert.equal(await loginStatus(USER, NEW_PASSWORD), 200);
});

test('a token is revoked from its row', async () => {
  const form = page.locator('[data-testid="new-token-form"]');
  await form.getByLabel('For user').selectOption(env.email);
  await form.getByLabel('Label (optional)').fill('to revoke');
  await form.getByRole('button', { name: 'Make token' }).click();
  const box = await flash('Copy it now');
  const secret = (await box.locator('p').nth(1).textContent()).trim();
  assert.equal(await meWith(secret), 200);
  await page.getByRole('button', { name: `Revoke token to revoke of ${env.email}` }).click();
  await flash('revoked; it no longer works');
  assert.equal(await meWith(secret), 401);
  assert.equal(
    await page.locator('tr[data-token]', { hasText: 'to revoke' }).locator('.badge').textContent(),
    'revoked',
  );
  await auditScreen(page, 'staff accounts');
  await screenshot(page, 'staff-accounts-1280x800');
});
