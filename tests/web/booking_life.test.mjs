/*
 * A booking's life in the staff app (docs/records.md#bookings), in a real browser: move a
 * booking (a move too soon refused with the server's words, then a move that fits), say the
 * client came (the session is recorded from the booking) or did not (no-show: the booking is
 * released), and book the maintenance visit once every session is booked. The course is set
 * up through the API, dated in the past. Each test depends on the ones before it; run after
 * staff.test.mjs on the same server.
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

function bookingRow(id) {
  return page.locator(`[data-testid="bookings"] tr[data-booking="${id}"]`);
}

test('set up: log in, a course with two sessions done and two booked', async () => {
  await page.goto(`${env.base}/`);
  await page.getByLabel('Email').fill(env.email);
  await page.getByLabel('Password').fill(env.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await waitForHeading('Today');

  const client = await api('POST', '/api/v1/clients', { name: 'Bea Booked' });
  assert.equal(client.status, 201);
  const course = await api('POST', '/api/v1/courses', {
    client: client.body.id,
    laxity: 'mild',
    areas: ['face'],
    start: dayFromToday(-130),
  });
  assert.equal(course.status, 201);
  state.course = course.body.id;
  for (const date of [dayFromToday(-130), dayFromToday(-95)]) {
    const session = await api('POST', `/api/v1/courses/${state.course}/sessions`, { date });
    assert.equal(session.status, 201, JSON.stringify(session.body));
  }
  state.bookings = [];
  for (const date of [dayFromToday(-60), dayFromToday(-25)]) {
    const booking = await api('POST', `/api/v1/courses/${state.course}/bookings`, { date });
    assert.equal(booking.status, 201, JSON.stringify(booking.body));
    state.bookings.push(booking.body.id);
  }
});

test('move a booking: too soon is refused with the reason, then a day that fits is saved', async () => {
  await openCourse();
  const row = bookingRow(state.bookings[1]);
  await row.getByRole('button', { name: /^Move the booking of session 4 on / }).click();
  const form = row.locator('[data-testid="move-form"]');
  await form.waitFor();
  await form.getByLabel('New date').fill(dayFromToday(-50));
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/bookings/${state.bookings[1]}`)),
    form.getByRole('button', { name: 'Move booking' }).click(),
  ]);
  assert.equal(refused.status(), 409);
  const refusal = page.locator('[data-testid="refusal"]');
  await refusal.waitFor();
  assert.match(await refusal.locator('.alert').textContent(), /10 days after the session of/);
  assert.equal((await courseJson()).bookings[1].date, dayFromToday(-25), 'nothing was written');
  await auditScreen(page, 'move form');
  await form.evaluate((node) => node.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'staff-booking-move-1280x800');

  await form.getByLabel('New date').fill(dayFromToday(-22));
  await form.getByLabel('New time (optional)').fill('14:30');
  const [moved] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/bookings/${state.bookings[1]}`)),
    form.getByRole('button', { name: 'Move booking' }).click(),
  ]);
  assert.equal(moved.status(), 200);
  assert.match(await flash(), /^Booking of session 4 moved to .* at 14:30\./);
  const course = await courseJson();
  assert.deepEqual([course.bookings[1].date, course.bookings[1].time], [dayFromToday(-22), '14:30']);
});

test('attended: the session is recorded from the booking, which is settled', async () => {
  await openCourse();
  const row = bookingRow(state.bookings[0]);
  await row.scrollIntoViewIfNeeded();
  await screenshot(page, 'staff-booking-actions-1280x800');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/bookings/${state.bookings[0]}/attend`)),
    row.getByRole('button', { name: /^Attended: the client came to session 3 on / }).click(),
  ]);
  assert.equal(response.status(), 201);
  assert.match(await flash(), /^Session 3 of .* recorded; the booking is settled\./);
  const course = await courseJson();
  assert.deepEqual(
    course.sessions.map((s) => s.date),
    [dayFromToday(-130), dayFromToday(-95), dayFromToday(-60)],
  );
  assert.deepEqual(
    course.bookings.map((b) => b.id),
    [state.bookings[1]],
  );
});

test('no-show: the booking is released and leaves the course page', async () => {
  await openCourse();
  const row = bookingRow(state.bookings[1]);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/bookings/${state.bookings[1]}/no-show`)),
    row.getByRole('button', { name: /^No-show: the client did not come to session 4 on / }).click(),
  ]);
  assert.equal(response.status(), 204);
  assert.match(await flash(), /no-show; its place is released\.$/);
  await screenshot(page, 'staff-booking-no-show-1280x800');
  assert.deepEqual((await courseJson()).bookings, []);
  assert.equal(await page.locator('[data-testid="bookings"]').count(), 0);
});

test('book the last session, then the maintenance visit', async () => {
  await openCourse();
  const form = page.locator('[data-testid="booking-form"]');
  await form.getByLabel('Date', { exact: true }).fill(dayFromToday(5));
  const [session] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/bookings') && r.request().method() === 'POST'),
    form.getByRole('button', { name: 'Book session' }).click(),
  ]);
  assert.equal(session.status(), 201);
  await flash();
  const course = await courseJson();
  const planned = await form.getByLabel('Date', { exact: true }).inputValue();
  assert.equal(planned, course.plan.maintenance[0].date, 'the form offers the maintenance date');
  const [maintenance] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/bookings') && r.request().method() === 'POST'),
    form.getByRole('button', { name: 'Book maintenance visit' }).click(),
  ]);
  assert.equal(maintenance.status(), 201);
  assert.match(await flash(), /^Maintenance visit booked for /);
  const booked = (await courseJson()).bookings;
  assert.deepEqual(
    booked.map((b) => [b.kind, b.date]),
    [
      ['session', dayFromToday(5)],
      ['maintenance', planned],
    ],
  );
  const rows = page.locator('[data-testid="bookings"] tbody tr');
  assert.match(await rows.nth(1).textContent(), /^Maintenance/);
  await rows
    .nth(1)
    .getByRole('button', { name: /^Cancel the booking of the maintenance visit on / })
    .waitFor();
  await auditScreen(page, 'maintenance booking');
  await page.locator('#bookings-heading').evaluate((node) => node.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'staff-booking-maintenance-1280x800');
});
