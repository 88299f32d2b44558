/*
 * Consultation requests in a real browser (docs/records.md#consultation-requests):
 * a prospective client asks for a consultation under the calculator's
 * estimate, without cookies, each refusal shown next to its field and then
 * a plain confirmation; the staff inbox shows the request with its contact
 * and answers, "Start a course" opens the new-course form pre-filled with
 * them and starting the course closes the request; a request whose e-mail
 * is already a client's offers that client. axe-core checks the form and
 * the inbox at 1280 and 390 wide. Runs after staff.test.mjs on the same
 * server; every request here comes from one address, well under its limit.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  env,
  launch,
  watchedPage,
  assertAxe,
  auditScreen,
  screenshot,
  dayFromToday,
  DESKTOP,
  PHONE,
} from './lib/harness.mjs';

const NAME = 'Rhea Request';
const EMAIL = 'rhea.request@example.test';
const ANSWERS = { laxity: 'moderate', areas: ['face', 'neck'], risks: ['smoking'], goal: 'improvement' };

let browser;
const state = {};

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser.close();
});

async function staffPage() {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await watchedPage(context);
  await page.goto(`${env.base}/`);
  await page.getByLabel('Email').fill(env.email);
  await page.getByLabel('Password').fill(env.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('main h1', { hasText: 'Today' }).waitFor();
  return page;
}

async function api(page, method, path, body) {
  const csrf = await page.evaluate(() => sessionStorage.getItem('collagenda.csrf'));
  const response = await page.request.fetch(`${env.base}${path}`, {
    method,
    headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status(), body: text ? JSON.parse(text) : null };
}

/* The calculator answered with ANSWERS; returns the page and what it sent to /api/v1/plan. */
async function estimate(context) {
  const page = await watchedPage(context);
  await page.goto(`${env.base}/calculator`);
  await page.locator(`[data-question="laxity"] button[data-value="${ANSWERS.laxity}"]`).click();
  await page.locator('[data-question="areas"] input[value="neck"]').check();
  await page.locator(`[data-question="risks"] input[value="${ANSWERS.risks[0]}"]`).check();
  await page.locator('input[name="start"]').fill(dayFromToday(14));
  const [plan] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith('/api/v1/plan')),
    page.locator('#estimate').click(),
  ]);
  await page.locator('[data-testid="consultation"]').waitFor();
  return { page, sent: JSON.parse(plan.postData()) };
}

/* Sends the form; returns the request the page made. */
async function send(page) {
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith('/api/v1/requests') && r.method() === 'POST'),
    page.waitForResponse((r) => r.url().endsWith('/api/v1/requests')),
    page.getByRole('button', { name: 'Send' }).click(),
  ]);
  return request;
}

async function fieldError(page, name) {
  const error = page.locator(`[data-error-for="${name}"]`);
  await error.filter({ hasText: /./ }).waitFor();
  return (await error.textContent()).trim();
}

test('calculator: a consultation is requested under the estimate, each error beside its field', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const { page, sent } = await estimate(context);
  await auditScreen(page, 'consultation form');
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await assertAxe(page, `consultation form at ${size.width}`);
  }
  await page.setViewportSize(DESKTOP);

  await send(page);
  assert.match(await fieldError(page, 'name'), /required/);
  assert.equal(await page.getByLabel('Your name').getAttribute('aria-invalid'), 'true');
  await page.getByLabel('Your name').fill(NAME);
  await send(page);
  assert.match(await fieldError(page, 'email'), /phone is required/);
  assert.equal(await page.locator('[data-error-for="name"]').textContent(), '', 'the old error is gone');
  await page.getByLabel('E-mail').fill('not an address');
  await send(page);
  assert.ok((await fieldError(page, 'email')).length > 0);
  await page.getByLabel('E-mail').fill(EMAIL);
  await send(page);
  assert.match(await fieldError(page, 'consent'), /consent/);
  await assertAxe(page, 'consultation form showing an error');

  await page.getByLabel(/The clinic may contact me/).check();
  const request = await send(page);
  assert.equal(request.headers().cookie, undefined, 'the calculator must not send cookies');
  const body = JSON.parse(request.postData());
  assert.deepEqual(body.assessment, sent, 'the request carries the answers the estimate was made from');
  assert.equal(body.website, '', 'people leave the honeypot empty');
  const confirmation = page.locator('[data-testid="request-sent"]');
  await confirmation.waitFor();
  assert.match(await confirmation.textContent(), new RegExp(`contact you at ${EMAIL.replace(/\./g, '\\.')}`));
  assert.deepEqual(await context.cookies(env.base), [], 'no cookie was set');
  await screenshot(page, 'calculator-consultation-sent');
  await page.assertClean();
  await context.close();
});

test('staff inbox: the request becomes a client and a course pre-filled with its answers', async () => {
  const page = await staffPage();
  await page.getByRole('link', { name: 'Requests' }).click();
  await page.locator('main h1', { hasText: 'Consultation requests' }).waitFor();
  const card = page.locator('article.request', { hasText: NAME });
  await card.waitFor();
  assert.match(await card.locator('[data-testid="contact"]').textContent(), new RegExp(EMAIL));
  assert.match(await card.locator('[data-testid="answers"]').textContent(), /Moderate/);
  state.request = Number(await card.getAttribute('data-request'));
  await auditScreen(page, 'requests inbox');
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await assertAxe(page, `requests inbox at ${size.width}`);
  }
  await page.setViewportSize(DESKTOP);
  await screenshot(page, 'staff-requests-1280x800');

  await card.getByRole('button', { name: 'Start a course from this request' }).click();
  await page.locator('main h1', { hasText: `New course for ${NAME}` }).waitFor();
  await page.locator('[data-testid="from-request"]').waitFor();
  state.client = Number(/#\/clients\/(\d+)\/courses\/new/.exec(page.url())[1]);
  const client = (await api(page, 'GET', `/api/v1/clients/${state.client}`)).body;
  assert.equal(client.name, NAME);
  assert.equal(client.email, EMAIL);
  /* Pre-filled: the request's answers are chosen. */
  assert.equal(
    await page.locator(`[data-question="laxity"] button[data-value="${ANSWERS.laxity}"]`).getAttribute('aria-pressed'),
    'true',
  );
  for (const [question, code] of [
    ['areas', 'neck'],
    ['areas', 'face'],
    ['risks', 'smoking'],
  ]) {
    assert.ok(
      await page.locator(`[data-question="${question}"] input[value="${code}"]`).isChecked(),
      `${question} ${code}`,
    );
  }
  await page.locator('input[name="start"]').fill(dayFromToday(7));
  await page.getByRole('button', { name: 'Preview plan' }).click();
  await page.locator('[data-testid="preview"] .answer').waitFor();
  await page.getByRole('button', { name: 'Start this course' }).click();
  const flash = page.locator('[data-testid="flash"]');
  await flash.waitFor();
  assert.match(await flash.textContent(), new RegExp(`Consultation request ${state.request} is closed`));
  const course = Number(/#\/courses\/(\d+)$/.exec(page.url())[1]);
  const closed = (await api(page, 'GET', `/api/v1/requests/${state.request}`)).body;
  assert.equal(closed.status, 'closed');
  assert.equal(closed.course, course);
  assert.equal(closed.client, state.client);
  const started = (await api(page, 'GET', `/api/v1/courses/${course}`)).body;
  assert.deepEqual([...started.plan.assessment.areas].sort(), ['face', 'neck']);
  await page.assertClean();
  await page.context().close();
});

test('staff inbox: a request from a known e-mail offers that client, and closes with a note', async () => {
  const visitor = await browser.newContext({ viewport: PHONE });
  const { page: calculator } = await estimate(visitor);
  await calculator.getByLabel('Your name').fill('Rhea Again');
  await calculator.getByLabel('E-mail').fill(EMAIL);
  await calculator.getByLabel(/The clinic may contact me/).check();
  await send(calculator);
  await calculator.locator('[data-testid="request-sent"]').waitFor();
  await visitor.close();

  const page = await staffPage();
  await page.goto(`${env.base}/#/requests`);
  const card = page.locator('article.request', { hasText: 'Rhea Again' });
  await card.waitFor();
  await card.getByRole('button', { name: 'Start a course from this request' }).click();
  const warning = card.locator('[data-testid="existing-client"]');
  await warning.waitFor();
  assert.match(await warning.textContent(), new RegExp(`${NAME} \\(client ${state.client}\\) already has this e-mail`));
  await assertAxe(page, 'requests inbox with the existing-client warning');
  await warning.getByRole('button', { name: `Use ${NAME}` }).click();
  await page.locator('main h1', { hasText: `New course for ${NAME}` }).waitFor();
  assert.match(page.url(), new RegExp(`#/clients/${state.client}/courses/new/from-request/\\d+$`));

  await page.goto(`${env.base}/#/requests`);
  const again = page.locator('article.request', { hasText: 'Rhea Again' });
  await again.getByLabel('Note (optional)').fill('same person; course already running');
  await again.getByRole('button', { name: 'Close without a course' }).click();
  await page.locator('[data-testid="flash"]', { hasText: 'closed' }).waitFor();
  assert.equal(await page.locator('article.request', { hasText: 'Rhea Again' }).count(), 0);
  const all = (await api(page, 'GET', '/api/v1/requests?status=closed')).body;
  const closed = all.find((request) => request.name === 'Rhea Again');
  assert.equal(closed.note, 'same person; course already running');
  await page.assertClean();
  await page.context().close();
});
