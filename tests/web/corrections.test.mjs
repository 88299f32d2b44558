/*
 * Corrections in the staff app (docs/records.md#corrections), in a real browser: amend a
 * recorded session (a reason required; a date too soon refused with the server's words), void
 * one as entered in error (it leaves the course and is listed apart), and edit a client's
 * details (an e-mail another client has is refused until "Save anyway"). The course and its
 * sessions are set up through the API, dated in the past, as records of what happened. Each
 * test depends on the ones before it; run after staff.test.mjs on the same server.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { env, launch, watchedPage, auditScreen, screenshot, dayFromToday, DESKTOP } from './lib/harness.mjs';

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

async function flash() {
  await page.locator('[data-testid="flash"]').waitFor();
  return (await page.locator('[data-testid="flash"]').textContent()).trim();
}

/* A write through the API with the page's own login (its cookie and CSRF token). */
async function api(method, path, body) {
  const csrf = await page.evaluate(() => sessionStorage.getItem('collagenda.csrf'));
  const response = await page.request.fetch(`${env.base}${path}`, {
    method,
    headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status(), body: text ? JSON.parse(text) : null };
}

async function courseJson() {
  const answer = await api('GET', `/api/v1/courses/${state.course}`);
  assert.equal(answer.status, 200);
  return answer.body;
}

async function openCourse() {
  await page.goto(`${env.base}/#/courses/${state.course}`);
  await waitForHeading(`Course ${state.course}`);
}

test('set up: log in, a client with three sessions done, and a second client', async () => {
  await page.goto(`${env.base}/`);
  await page.getByLabel('Email').fill(env.email);
  await page.getByLabel('Password').fill(env.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await waitForHeading('Today');

  const client = await api('POST', '/api/v1/clients', { name: 'Corinna Correct', email: 'corinna@example.org' });
  assert.equal(client.status, 201);
  state.client = client.body.id;
  const other = await api('POST', '/api/v1/clients', { name: 'Dana Double', email: 'dana@example.org' });
  assert.equal(other.status, 201);
  state.other = other.body.id;
  state.days = [dayFromToday(-90), dayFromToday(-55), dayFromToday(-20)];
  const course = await api('POST', '/api/v1/courses', {
    client: state.client,
    laxity: 'mild',
    areas: ['face'],
    start: state.days[0],
  });
  assert.equal(course.status, 201);
  state.course = course.body.id;
  state.sessions = [];
  for (const date of state.days) {
    const session = await api('POST', `/api/v1/courses/${state.course}/sessions`, { date });
    assert.equal(session.status, 201, JSON.stringify(session.body));
    state.sessions.push(session.body.id);
  }
});

test('amend a session: a reason is required, then the new date and notes are saved', async () => {
  await openCourse();
  const row = page.locator(`[data-testid="sessions"] tr[data-session="${state.sessions[1]}"]`);
  await row.getByRole('button', { name: 'Amend session 2' }).click();
  const form = page.locator('[data-testid="amend-form"]');
  await form.waitFor();
  const newDate = dayFromToday(-50);
  await form.getByLabel('Date', { exact: true }).fill(newDate);
  await form.getByLabel('Notes').fill('Entered on the wrong day; seen on the 5th.');
  await form.getByRole('button', { name: 'Save amendment' }).click();
  await form.locator('.alert', { hasText: 'Write why' }).waitFor();
  assert.equal((await courseJson()).sessions[1].date, state.days[1], 'nothing was sent without a reason');

  await auditScreen(page, 'amend form');
  await form.evaluate((node) => node.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'staff-session-amend-1280x800');
  await form.getByLabel('Reason for the correction').fill('Typed the wrong day from the paper chart.');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/sessions/${state.sessions[1]}`)),
    form.getByRole('button', { name: 'Save amendment' }).click(),
  ]);
  assert.equal(response.status(), 200);
  assert.deepEqual(JSON.parse(response.request().postData()), {
    date: newDate,
    notes: 'Entered on the wrong day; seen on the 5th.',
    reason: 'Typed the wrong day from the paper chart.',
  });
  assert.match(await flash(), /^Session 2 amended; the old values are kept in the audit log\./);
  const course = await courseJson();
  assert.equal(course.sessions[1].date, newDate);
  assert.equal(course.sessions[1].notes, 'Entered on the wrong day; seen on the 5th.');
  assert.match(await row.textContent(), /Entered on the wrong day/);
});

test('an amended date too soon is refused with the reason shown, and nothing changes', async () => {
  await openCourse();
  const before = await courseJson();
  const row = page.locator(`[data-testid="sessions"] tr[data-session="${state.sessions[1]}"]`);
  await row.getByRole('button', { name: 'Amend session 2' }).click();
  const form = page.locator('[data-testid="amend-form"]');
  await form.getByLabel('Date', { exact: true }).fill(dayFromToday(-40));
  await form.getByLabel('Reason for the correction').fill('Checked again.');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/sessions/${state.sessions[1]}`)),
    form.getByRole('button', { name: 'Save amendment' }).click(),
  ]);
  assert.equal(response.status(), 409);
  const problem = await response.json();
  const refusal = form.locator('[data-testid="refusal"]');
  await refusal.waitFor();
  assert.ok((await refusal.textContent()).includes(problem.detail.replace(/^[\w-]+: refused: /, '')));
  assert.match(problem.detail, /20 days before the session of/);
  assert.ok(await refusal.getByRole('button', { name: 'Amend anyway with this reason' }).isVisible());
  assert.deepEqual(await courseJson(), before);
  await form.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await form.count(), 0);
});

test('void a session: it leaves the course, the next one moves up, and it is listed apart', async () => {
  await openCourse();
  const row = page.locator(`[data-testid="sessions"] tr[data-session="${state.sessions[1]}"]`);
  await row.getByRole('button', { name: 'Void session 2' }).click();
  const form = page.locator('[data-testid="void-form"]');
  await form.getByRole('button', { name: 'Void session' }).click();
  await form.locator('.alert', { hasText: 'Write why' }).waitFor();
  await auditScreen(page, 'void form');
  await form.getByLabel('Why it was entered in error').fill('Recorded for the wrong client.');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/sessions/${state.sessions[1]}/void`)),
    form.getByRole('button', { name: 'Void session' }).click(),
  ]);
  assert.equal(response.status(), 200);
  assert.match(await flash(), /^Session 2 voided as entered in error\./);
  const rows = page.locator('[data-testid="sessions"] tbody tr');
  assert.equal(await rows.count(), 2);
  assert.equal(await rows.nth(1).getAttribute('data-session'), String(state.sessions[2]));
  assert.equal((await rows.nth(1).locator('td').first().textContent()).trim(), '2');
  const voided = page.locator('[data-testid="voided"]');
  assert.match(await voided.textContent(), /was session 2\): Recorded for the wrong client\./);
  const course = await courseJson();
  assert.deepEqual(
    course.sessions.map((s) => s.id),
    [state.sessions[0], state.sessions[2]],
  );
  assert.deepEqual(
    course.voided.map((s) => [s.id, s.void_reason]),
    [[state.sessions[1], 'Recorded for the wrong client.']],
  );
  assert.equal(course.next.number, 3);
  await auditScreen(page, 'course with a voided session');
  await screenshot(page, 'staff-session-voided-1280x800');
});

test('edit a client: details saved; another client’s e-mail needs “Save anyway”', async () => {
  await page.goto(`${env.base}/#/clients/${state.client}`);
  await waitForHeading('Corinna Correct');
  await page.getByRole('link', { name: 'Edit details' }).click();
  await waitForHeading('Edit Corinna Correct');
  const form = page.locator('[data-testid="client-edit-form"]');
  await form.getByLabel('Phone (optional)').fill('+44 20 7946 0101');
  await form.getByLabel('Skin type (Fitzpatrick, optional)').selectOption('IV');
  await auditScreen(page, 'client edit');
  await screenshot(page, 'staff-client-edit-1280x800');
  const [saved] = await Promise.all([
    page.waitForResponse(
      (r) => r.url().endsWith(`/api/v1/clients/${state.client}`) && r.request().method() === 'PATCH',
    ),
    form.getByRole('button', { name: 'Save details' }).click(),
  ]);
  assert.equal(saved.status(), 200);
  assert.deepEqual(JSON.parse(saved.request().postData()), { phone: '+44 20 7946 0101', skin_type: 'IV' });
  assert.match(await flash(), /^Client details saved/);
  assert.match(await page.locator('.facts').textContent(), /\+44 20 7946 0101/);

  await page.getByRole('link', { name: 'Edit details' }).click();
  await waitForHeading('Edit Corinna Correct');
  await form.getByLabel('Email (optional)').fill('Dana@example.org');
  const [refused] = await Promise.all([
    page.waitForResponse(
      (r) => r.url().endsWith(`/api/v1/clients/${state.client}`) && r.request().method() === 'PATCH',
    ),
    form.getByRole('button', { name: 'Save details' }).click(),
  ]);
  assert.equal(refused.status(), 409);
  const duplicate = form.locator('[data-testid="duplicate"]');
  await duplicate.waitFor();
  assert.match(await duplicate.textContent(), new RegExp(`already belongs to client ${state.other} \\(Dana Double\\)`));
  assert.equal(
    await duplicate.getByRole('link', { name: `open client ${state.other}` }).getAttribute('href'),
    `#/clients/${state.other}`,
  );
  const [anyway] = await Promise.all([
    page.waitForResponse(
      (r) => r.url().endsWith(`/api/v1/clients/${state.client}`) && r.request().method() === 'PATCH',
    ),
    duplicate.getByRole('button', { name: 'Save anyway' }).click(),
  ]);
  assert.equal(anyway.status(), 200);
  assert.equal(JSON.parse(anyway.request().postData()).allow_duplicate, true);
  assert.match(await flash(), /^Client details saved/);
  const client = await api('GET', `/api/v1/clients/${state.client}`);
  assert.equal(client.body.email, 'Dana@example.org');
  assert.equal(client.body.skin_type, 'IV');
});
