/*
 * The client portal in a real browser (docs/records.md#client-portal): staff make a
 * client's link on the client's page (shown once), then the client, on a phone-size
 * screen without any cookie, sees the course and the safe window, is refused a day too
 * soon and a day outside the window with the server's reason in words, books a free
 * time inside the window, and cancels it; axe-core finds nothing on the portal page;
 * the revoked link stops working. The course is set up through the API, its session 1
 * ten days ago, so its session 2's window opens 18 days from today. Runs last on the
 * shared server, and leaves the clinic's hours as it found them.
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

let browser;
let staff;
let phone;
const state = {};

before(async () => {
  browser = await launch();
  staff = await watchedPage(await browser.newContext({ viewport: DESKTOP }));
  phone = await watchedPage(await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true }));
});

after(async () => {
  if (state.hours !== undefined) await api('PUT', '/api/v1/clinic', { hours: state.hours || '' });
  await browser.close();
});

async function api(method, path, body) {
  const csrf = await staff.evaluate(() => sessionStorage.getItem('collagenda.csrf'));
  const response = await staff.request.fetch(`${env.base}${path}`, {
    method,
    headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status(), body: text ? JSON.parse(text) : null };
}

async function portalError() {
  const box = phone.locator('[data-testid="portal-error"]');
  await box.locator('p').waitFor();
  return (await box.textContent()).trim();
}

async function tryToBook(date, time) {
  await phone.getByLabel('Day').fill(date);
  await phone.getByLabel('Time').fill(time);
  await phone.getByRole('button', { name: 'Book this time' }).click();
  return portalError();
}

test('set up: a client whose session 2 is due in about three weeks, the clinic open 09:00-17:00', async () => {
  await staff.goto(`${env.base}/`);
  await staff.getByLabel('Email').fill(env.email);
  await staff.getByLabel('Password').fill(env.password);
  await staff.getByRole('button', { name: 'Log in' }).click();
  await staff.locator('main h1', { hasText: 'Today' }).first().waitFor();

  const clinic = await api('GET', '/api/v1/clinic');
  state.hours = clinic.body.hours || null;
  assert.equal((await api('PUT', '/api/v1/clinic', { hours: '09:00-17:00' })).status, 200);
  const client = await api('POST', '/api/v1/clients', { name: 'Pia Portal' });
  assert.equal(client.status, 201);
  state.client = client.body.id;
  state.last = dayFromToday(-10);
  const course = await api('POST', '/api/v1/courses', {
    client: state.client,
    laxity: 'mild',
    areas: ['face'],
    start: state.last,
  });
  assert.equal(course.status, 201);
  state.course = course.body.id;
  assert.equal((await api('POST', `/api/v1/courses/${state.course}/sessions`, { date: state.last })).status, 201);
});

test('staff create the portal link on the client page; it is shown once', async () => {
  await staff.goto(`${env.base}/#/clients/${state.client}`);
  const card = staff.locator('[data-testid="portal-card"]');
  await card.waitFor();
  await card.getByText('The client has no portal link.').waitFor();
  await card.getByRole('button', { name: 'Create link' }).click();
  const url = await card.locator('[data-testid="portal-url"]').inputValue();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/portal\/[0-9a-f]{64}$/);
  state.url = url;
  await card.getByText(/A portal link is live/).waitFor();
  await card.getByRole('button', { name: 'Replace link' }).waitFor();
  await auditScreen(staff, 'client page with the portal card');
  await assertAxe(staff, 'client page with the portal card');
  await staff.assertClean();
});

test('the client sees the course and the window on a phone; axe finds nothing', async () => {
  await phone.goto(state.url);
  await phone.locator('h1', { hasText: 'Hello, Pia' }).waitFor();
  await phone.getByText('1 session done of the 4 planned.').waitFor();
  const window = (await phone.locator('[data-testid="window"]').textContent()).trim();
  assert.match(window, /^The safe window for your session 2 is /);
  await phone.locator('[data-testid="free-days"] button').first().waitFor();
  await auditScreen(phone, 'portal');
  await assertAxe(phone, 'portal on a phone');
  await screenshot(phone, 'portal-phone');
  const cookies = await phone.context().cookies();
  assert.deepEqual(cookies, [], 'the portal sets no cookie');
});

test('a day too soon and a day after the window are refused with the reason in words', async () => {
  const soon = dayFromToday(5);
  const tooSoon = await tryToBook(soon, '10:00');
  assert.match(tooSoon, /15 days after the session of/);
  assert.match(tooSoon, /earliest allowed/);
  const late = dayFromToday(40);
  const outside = await tryToBook(late, '10:00');
  assert.match(outside, /outside the safe window for your session 2/);
  const bookings = await api('GET', `/api/v1/courses/${state.course}`);
  assert.deepEqual(bookings.body.bookings, []);
});

test('the client books a free time inside the window, then cancels it', async () => {
  const day = phone.locator('[data-testid="free-days"] button').first();
  const date = await day.getAttribute('data-date');
  await day.click();
  const time = phone.locator('[data-testid="free-times"] button').first();
  const hour = (await time.textContent()).trim();
  await time.click();
  await phone.getByRole('button', { name: 'Book this time' }).click();
  await phone.locator('[data-testid="booked"]').waitFor();
  const course = await api('GET', `/api/v1/courses/${state.course}`);
  assert.equal(course.body.bookings.length, 1);
  assert.equal(course.body.bookings[0].date, date);
  assert.equal(course.body.bookings[0].time, hour);
  await screenshot(phone, 'portal-booked');

  await phone.getByRole('button', { name: 'Cancel my booking' }).click();
  await phone.getByRole('button', { name: 'Yes, cancel it' }).click();
  await phone.getByText('Your booking is cancelled.').first().waitFor();
  await phone.locator('[data-testid="booked"]').waitFor({ state: 'detached' });
  const after = await api('GET', `/api/v1/courses/${state.course}`);
  assert.deepEqual(after.body.bookings, []);
  await phone.assertClean();
});

test('a revoked link no longer opens', async () => {
  const card = staff.locator('[data-testid="portal-card"]');
  await card.getByRole('button', { name: 'Revoke link' }).click();
  await card.getByText('The portal link was revoked; the client has none now.').waitFor();
  const answer = await phone.request.get(`${state.url}/api`);
  assert.equal(answer.status(), 404);
  await staff.assertClean();
});
