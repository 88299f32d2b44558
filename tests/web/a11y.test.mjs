/*
 * Every screen a person can reach, checked by axe-core (WCAG 2.0/2.1 A and
 * AA, and axe's best practices) at 1280 and 390 wide, with no console
 * error and no failed load on any page (watchedPage). Also the dates people
 * read: a date in another year than the viewer's today carries its year
 * ("8 Feb 2028"), one in this year does not ("8 Feb"). Runs after
 * staff.test.mjs on the same server; sets up its own client and course
 * through the API.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { env, launch, watchedPage, assertAxe, tabTo, dayFromToday, DESKTOP, PHONE } from './lib/harness.mjs';

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

/* Opens hash (or a path), waits for its heading, and checks it at both widths. */
async function checkScreen(where, address, headingText, ready) {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.goto(`${env.base}${address}`);
    await waitForHeading(headingText);
    if (ready) await ready();
    await assertAxe(page, `${where} at ${size.width}`);
  }
  await page.setViewportSize(DESKTOP);
  await page.assertClean();
}

test('login screen: no axe violation at 1280 and 390 wide, no console error', async () => {
  await checkScreen('login', '/', 'Log in');
  await page.getByLabel('Email').fill(env.email);
  await page.getByLabel('Password').fill(env.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await waitForHeading('Today');

  const client = await api('POST', '/api/v1/clients', { name: 'Ada Access', phone: '+49 30 1234567' });
  assert.equal(client.status, 201);
  state.client = client.body.id;
  const course = await api('POST', '/api/v1/courses', {
    client: state.client,
    laxity: 'moderate',
    areas: ['face'],
    start: dayFromToday(-40),
  });
  assert.equal(course.status, 201, JSON.stringify(course.body));
  state.course = course.body.id;
  const session = await api('POST', `/api/v1/courses/${state.course}/sessions`, { date: dayFromToday(-40) });
  assert.equal(session.status, 201, JSON.stringify(session.body));
  const next = (await api('GET', `/api/v1/courses/${state.course}`)).body.next;
  const booking = await api('POST', `/api/v1/courses/${state.course}/bookings`, { date: next.date, time: '10:30' });
  assert.equal(booking.status, 201, JSON.stringify(booking.body));
});

test('staff screens: no axe violation at 1280 and 390 wide, no console error', async () => {
  await checkScreen('clients list', '/#/clients', 'Clients');
  await checkScreen('client page', `/#/clients/${state.client}`, 'Ada Access');
  await checkScreen('new client', '/#/clients/new', 'New client');
  await checkScreen('client edit', `/#/clients/${state.client}/edit`, 'Ada Access');
  await checkScreen('new course', `/#/clients/${state.client}/courses/new`, 'New course');
  await checkScreen('course page', `/#/courses/${state.course}`, `Course ${state.course}`, () =>
    page.locator('main img.server-timeline').waitFor(),
  );
  await checkScreen('due list', '/#/due', 'Due');
  await checkScreen('audit log', '/#/audit', 'Audit');
  await checkScreen('staff accounts', '/#/staff', 'Staff accounts');
  await checkScreen('printable plan', `/#/courses/${state.course}/print`, 'Your microneedling plan');
});

test('calculator: no axe violation at 1280 and 390 wide, with and without an answer', async () => {
  await checkScreen('calculator', '/calculator', 'How many microneedling sessions', async () => {
    await page.locator('[data-question="laxity"] button[data-value="mild"]').click();
    await page.locator('input[name="start"]').fill(dayFromToday(30));
    await page.locator('#estimate').click();
    await page.locator('#result:not([hidden])').waitFor();
  });
  await checkScreen('calculator (empty)', '/calculator', 'How many microneedling sessions');
});

test("the course page's schedule table scrolls sideways by keyboard at 390 wide", async () => {
  await page.setViewportSize(PHONE);
  await page.goto(`${env.base}/#/courses/${state.course}`);
  await waitForHeading(`Course ${state.course}`);
  const box = page.getByRole('region', { name: 'Planned sessions table' });
  assert.equal(await box.getAttribute('tabindex'), '0');
  await tabTo(page, '[role="region"][aria-label="Planned sessions table"]');
  const wide = await box.evaluate((node) => node.scrollWidth > node.clientWidth);
  if (wide) {
    /* The browser may scroll smoothly: wait for the table to move, not a fixed time. */
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((node) => node.scrollLeft > 0, await box.elementHandle(), { timeout: 5000 });
  }
  await page.setViewportSize(DESKTOP);
});

test('dates people read: the year is shown when it is not the current one', async () => {
  const course = (await api('GET', `/api/v1/courses/${state.course}`)).body;
  const clinic = (await api('GET', '/api/v1/clinic')).body;
  const thisYear = clinic.today.slice(0, 4);
  await page.goto(`${env.base}/#/courses/${state.course}/print`);
  await waitForHeading('Your microneedling plan');
  /* The timeline's labels and the windows use the short form. */
  const texts = await page.locator('main svg.timeline text').allTextContents();
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const short = (iso) => {
    const words = `${Number(iso.slice(8, 10))} ${months[Number(iso.slice(5, 7)) - 1]}`;
    return iso.slice(0, 4) === thisYear ? words : `${words} ${iso.slice(0, 4)}`;
  };
  const maintenance = course.plan.maintenance[0].date;
  assert.ok(texts.includes(short(maintenance)), `the maintenance label ${short(maintenance)} in ${texts}`);
  for (const item of course.plan.schedule.filter((entry) => entry.earliest !== entry.latest).slice(1)) {
    const window = await page.locator(`main [data-number="${item.number}"] .window`).textContent();
    assert.ok(window.includes(`${short(item.earliest)} to ${short(item.latest)}`), window);
  }
  /* Every short date label either has a year or is in this year. */
  for (const text of texts.filter((t) => /^\d{1,2} [A-Z][a-z]{2}( \d{4})?$/.test(t))) {
    const match = /(\d{4})$/.exec(text);
    if (match) assert.notEqual(match[1], thisYear, `"${text}" names the current year needlessly`);
  }
  /* The booked time is on the printout. */
  const booked = await page.locator('main [data-testid="print-bookings"]').textContent();
  assert.match(booked, /at 10:30/);
  await page.assertClean();
});
