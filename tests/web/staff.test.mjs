/*
 * The staff app in a real browser, one working day in order: log in, add a
 * client, plan a course that began a week ago (previewed before saving),
 * record its first session (the form offers today, never a later day),
 * have today's refused as too soon and then forced with a reason, book the
 * next sessions (a booking too soon refused, forced, cancelled), read the
 * due list and download it as CSV, discontinue a course and reopen it,
 * print the plan, log out. Stored fields that look like HTML must stay
 * text. Each test depends on the ones before it. Sessions are recorded on
 * days gone by, by the server's own clock: the future is booked.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import path from 'node:path';
import {
  env,
  launch,
  watchedPage,
  cliPlan,
  answerAssessment,
  screenshot,
  auditScreen,
  dayFromToday,
  DESKTOP,
} from './lib/harness.mjs';

const execFileAsync = promisify(execFile);

const XSS_NAME = '<img src=x onerror="window.__xss=1">';
const XSS_NOTES = '<script>window.__xss=2</script>';
const today = dayFromToday(0);
/* The course begins a week ago: its first session then, today's too soon after it. */
const start = dayFromToday(-7);

let browser;
let context;
let page;
const state = {};

before(async () => {
  browser = await launch();
  context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
  page = await watchedPage(context);
  /* Any request for the injected image's "x" would mean the markup was parsed. */
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/x') state.injectedRequest = request.url();
  });
});

after(async () => {
  await browser.close();
});

async function heading() {
  return (await page.locator('main h1').first().textContent()).trim();
}

async function waitForHeading(text) {
  await page.locator('main h1', { hasText: text }).first().waitFor();
}

async function flash() {
  return (await page.locator('[data-testid="flash"]').textContent()).trim();
}

async function assertNoInjection(where) {
  assert.equal(await page.evaluate(() => window.__xss), undefined, `${where}: injected script ran`);
  assert.equal(state.injectedRequest, undefined, `${where}: injected <img> was loaded`);
}

/* The course as the API has it (the page's own cookie). */
async function courseJson(id) {
  const response = await page.request.get(`${env.base}/api/v1/courses/${id}`);
  assert.equal(response.status(), 200);
  return response.json();
}

async function addClient(fields) {
  await page.goto(`${env.base}/#/clients`);
  await waitForHeading('Clients');
  await page.getByRole('link', { name: 'New client' }).click();
  await waitForHeading('New client');
  await page.getByLabel('Full name').fill(fields.name);
  if (fields.email) await page.getByLabel('Email (optional)').fill(fields.email);
  if (fields.phone) await page.getByLabel('Phone (optional)').fill(fields.phone);
  if (fields.birth_date) await page.getByLabel('Birth date (optional)').fill(fields.birth_date);
  if (fields.skin_type) await page.getByLabel('Skin type (Fitzpatrick, optional)').selectOption(fields.skin_type);
  await page.getByRole('button', { name: 'Add client' }).click();
  await page.locator('[data-testid="flash"]').waitFor();
  return Number(/#\/clients\/(\d+)$/.exec(page.url())[1]);
}

/* Fills the new-course form and previews; returns the previewed plan from the API. */
async function previewCourse(assessment) {
  await answerAssessment(page, assessment);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/plan')),
    page.getByRole('button', { name: 'Preview plan' }).click(),
  ]);
  assert.equal(response.status(), 200);
  await page.locator('[data-testid="preview"] .answer').waitFor();
  return response.json();
}

async function recordSession(fields) {
  const form = page.locator('[data-testid="session-form"]');
  if (fields.date) await form.getByLabel('Date', { exact: true }).fill(fields.date);
  if (fields.notes) await form.getByLabel('Notes').fill(fields.notes);
  if (fields.depth) await form.getByLabel('Needle depth (mm)').fill(fields.depth);
  if (fields.gais) await form.getByLabel('GAIS').selectOption(fields.gais);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/sessions') && r.request().method() === 'POST'),
    form.getByRole('button', { name: 'Record session' }).click(),
  ]);
  return response;
}

test("login: a wrong password is refused, the right one opens on Today's diary", async () => {
  await page.goto(`${env.base}/`);
  await page.getByLabel('Email').waitFor();
  await auditScreen(page, 'login');
  await screenshot(page, 'staff-login-1280x800');
  await page.getByLabel('Email').fill(env.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('.alert', { hasText: 'not right' }).waitFor();
  await page.getByLabel('Password').fill(env.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await waitForHeading('Today');
  assert.match(await page.locator('#user-email').textContent(), new RegExp(env.email));
  const cookies = await context.cookies(env.base);
  assert.equal(cookies.length, 1);
  assert.equal(cookies[0].httpOnly, true);
  assert.equal(cookies[0].sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie), '', 'the session cookie must be HttpOnly');
  await auditScreen(page, 'empty client list');
});

test('new client: added through the form and shown on its page', async () => {
  state.client = await addClient({
    name: 'Ada Example',
    email: 'ada@example.test',
    phone: '+44 20 7946 0000',
    birth_date: '1980-05-17',
    skin_type: 'III',
  });
  assert.equal(await heading(), 'Ada Example');
  assert.equal(await flash(), 'Client added.');
  await page.waitForFunction(() => document.getElementById('announcer').textContent === 'Client added.');
  assert.match(await page.locator('.facts').textContent(), /ada@example\.test.*\+44 20 7946 0000.*1980.*III/s);
  await auditScreen(page, 'client page');

  /* The list finds her by search and hides the others. */
  await addClient({ name: 'Bea Other' });
  await page.goto(`${env.base}/#/clients`);
  await waitForHeading('Clients');
  assert.equal(await page.locator('[data-testid="clients"] tbody tr').count(), 2);
  await page.getByLabel('Search by name, email or phone').fill('ada@');
  assert.equal(await page.locator('[data-testid="clients"] tbody tr').count(), 1);
  assert.match(await page.locator('[data-testid="client-count"]').textContent(), /1 of 2 clients/);
  await auditScreen(page, 'client list');
  await screenshot(page, 'staff-clients-1280x800');
  await page.getByRole('link', { name: 'Ada Example' }).click();
  await waitForHeading('Ada Example');
  await screenshot(page, 'staff-client-1280x800');
});

test("new course: the plan is previewed (equal to the CLI's), a changed answer withdraws it, then it is saved", async () => {
  await page.getByRole('link', { name: 'New course' }).click();
  await waitForHeading('New course for Ada Example');
  assert.equal(
    await page.locator('[data-question="skin_type"] button[data-value="III"]').getAttribute('aria-pressed'),
    'true',
    "the client's skin type is the default",
  );
  assert.equal(
    await page.getByRole('button', { name: 'Start this course' }).count(),
    0,
    'nothing to start before a preview',
  );
  await auditScreen(page, 'new course form');
  await screenshot(page, 'staff-course-new-1280x800');
  const assessment = {
    laxity: 'moderate',
    goal: 'improvement',
    areas: ['face', 'neck'],
    risks: [],
    concerns: [],
    modality: 'auto',
    screening: [],
    skin_type: 'III',
    start,
  };
  /* A first preview with another answer, withdrawn by changing it. */
  await previewCourse({ ...assessment, laxity: 'mild' });
  await page.locator('[data-question="laxity"] button[data-value="moderate"]').click();
  await page.locator('[data-testid="preview"]', { hasText: 'preview the plan again' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Start this course' }).count(), 0);

  const plan = await previewCourse(assessment);
  assert.deepEqual(plan, cliPlan(assessment), 'preview differs from `collagenda plan --format json`');
  const previewDates = await page
    .locator('[data-testid="preview"] [data-testid="schedule"] time')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime')));
  assert.deepEqual(previewDates, [...plan.schedule.map((s) => s.date), ...plan.maintenance.map((m) => m.date)]);
  await auditScreen(page, 'new course preview');
  await page.locator('#preview-heading').evaluate((node) => node.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'staff-course-preview-1280x800');

  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/courses') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Start this course' }).click(),
  ]);
  assert.equal(response.status(), 201);
  state.course = (await response.json()).id;
  await waitForHeading(`Course ${state.course}: Ada Example`);
  assert.equal(await flash(), 'Course started.');
  const course = await courseJson(state.course);
  assert.deepEqual(course.plan.schedule, plan.schedule, 'the saved course is the previewed plan');
  assert.equal(
    await page.locator('[data-testid="schedule"] tbody tr').count(),
    plan.schedule.length + plan.maintenance.length,
  );
  assert.equal(await page.locator('[data-testid="next"]').getAttribute('data-date'), start);

  /* The course's calendar file, for the front desk to send. */
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Calendar file' }).click(),
  ]);
  const ics = await readFile(await download.path(), 'utf8');
  assert.match(ics, /^BEGIN:VCALENDAR\r?\n/);
  assert.ok((ics.match(/BEGIN:VEVENT/g) || []).length >= plan.schedule.length, 'one event per planned session');
  await download.saveAs(path.join(env.artifacts, `course-${state.course}.ics`));
});

test("record a session: the form offers the clinic's today, never a later day", async () => {
  const clinic = await (await page.request.get(`${env.base}/api/v1/clinic`)).json();
  assert.equal(clinic.today, today, "the clinic's today (UTC) is the test's");
  const date = page.locator('[data-testid="session-form"]').getByLabel('Date', { exact: true });
  assert.equal(await date.inputValue(), clinic.today, 'the form offers today, not the planned date');
  assert.equal(await date.getAttribute('max'), clinic.today, 'and no day after it');
  const response = await recordSession({ date: start, notes: 'Good tolerance.', depth: '1.5', gais: '3' });
  assert.equal(response.status(), 201);
  await page.locator('[data-testid="flash"]').waitFor();
  assert.match(await flash(), /^Session recorded on /);
  assert.equal(await page.locator('[data-testid="sessions"] tbody tr').count(), 1);
  assert.match(
    await page.locator('[data-testid="sessions"] tbody tr').first().textContent(),
    /GAIS 3.*Good tolerance\./s,
  );
  assert.match(
    await page.locator('[data-testid="schedule"] tbody tr').first().textContent(),
    new RegExp(`${new Date(`${start}T00:00:00Z`).getUTCFullYear()}`),
  );
  const course = await courseJson(state.course);
  assert.equal(course.sessions.length, 1);
  assert.equal(course.sessions[0].date, start);
  assert.equal(course.sessions[0].depth_mm, 1.5);
  await auditScreen(page, 'course page');
  await screenshot(page, 'staff-course-1280x800');

  /* The same page on a phone held by staff at the chair: nothing wider than the screen. */
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      'the course page scrolls sideways at 390 px',
    );
    await auditScreen(page, 'course page at 390 px');
    await screenshot(page, 'staff-course-390x844');
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

test('a session tomorrow is not recorded: the future is booked', async () => {
  const response = await recordSession({ date: dayFromToday(1) });
  assert.equal(response.status(), 400);
  const problem = await response.json();
  assert.equal(problem.field, 'date');
  const shown = page.locator('[data-testid="session-errors"]');
  await shown.locator('.alert', { hasText: 'is after today' }).waitFor();
  assert.equal((await courseJson(state.course)).sessions.length, 1, 'nothing was written');
});

test('a too-soon session is refused with the reason shown, then forced with a written reason', async () => {
  /* Today, a week after the first session. */
  const soon = today;
  const response = await recordSession({ date: soon });
  assert.equal(response.status(), 409);
  const problem = await response.json();
  const refusal = page.locator('[data-testid="refusal"]');
  await refusal.waitFor();
  const shown = await refusal.locator('.alert').textContent();
  assert.ok(
    shown.includes(problem.detail.replace(/^[\w-]+: refused: /, '')),
    `refusal "${shown}" lacks the server's detail`,
  );
  assert.match(shown, /earliest allowed/);
  assert.equal(await page.locator('[data-testid="sessions"] tbody tr').count(), 1, 'nothing was written');
  await auditScreen(page, 'refused session');
  await refusal.evaluate((node) => node.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'staff-session-refused-1280x800');

  /* No reason, no override. */
  await refusal.getByRole('button', { name: 'Record anyway with this reason' }).click();
  await refusal.locator('.alert', { hasText: 'Write the reason' }).waitFor();
  assert.equal((await courseJson(state.course)).sessions.length, 1);

  await refusal
    .getByLabel(/Reason for overriding/)
    .fill('Client travels abroad for three months; agreed with the doctor.');
  const [forced] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/sessions') && r.request().method() === 'POST'),
    refusal.getByRole('button', { name: 'Record anyway with this reason' }).click(),
  ]);
  assert.equal(forced.status(), 201);
  assert.equal(JSON.parse(forced.request().postData()).force, true);
  await page.locator('[data-testid="flash"]').waitFor();
  assert.match(await flash(), /override/);
  const rows = page.locator('[data-testid="sessions"] tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(1).textContent(), /override.*Override: Client travels abroad/s);
  const course = await courseJson(state.course);
  assert.equal(course.sessions[1].forced, true);
  assert.equal(course.sessions[1].date, soon);
  assert.equal(course.sessions[1].force_reason, 'Client travels abroad for three months; agreed with the doctor.');
});

function addDays(iso, days) {
  const day = new Date(`${iso}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

async function book(fields) {
  const form = page.locator('[data-testid="booking-form"]');
  if (fields.date) await form.getByLabel('Date', { exact: true }).fill(fields.date);
  if (fields.time) await form.getByLabel('Time (optional)').fill(fields.time);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/bookings') && r.request().method() === 'POST'),
    form.getByRole('button', { name: 'Book session' }).click(),
  ]);
  return response;
}

test('book the next sessions: a booking too soon is refused, then forced with a reason, then cancelled', async () => {
  let course = await courseJson(state.course);
  const form = page.locator('[data-testid="booking-form"]');
  const planned = await form.getByLabel('Date', { exact: true }).inputValue();
  assert.equal(planned, course.plan.schedule[course.sessions.length].date, 'the form offers the next planned date');
  const response = await book({ time: '10:30' });
  assert.equal(response.status(), 201);
  await page.locator('[data-testid="flash"]').waitFor();
  assert.match(await flash(), new RegExp(`^Session ${course.sessions.length + 1} booked for .* at 10:30\\.$`));
  const rows = page.locator('[data-testid="bookings"] tbody tr');
  assert.equal(await rows.count(), 1);
  course = await courseJson(state.course);
  assert.deepEqual(
    course.bookings.map((b) => [b.date, b.time, b.time_zone]),
    [[planned, '10:30', 'UTC']],
  );

  /* A week after that booking is too soon, as for a recorded session. */
  const refused = await book({ date: addDays(planned, 7) });
  assert.equal(refused.status(), 409);
  const refusal = form.locator('[data-testid="refusal"]');
  await refusal.waitFor();
  assert.match(await refusal.locator('.alert').textContent(), /7 days after the session of .*earliest allowed/);
  assert.equal((await courseJson(state.course)).bookings.length, 1, 'nothing was written');
  await refusal.getByLabel(/Reason for overriding/).fill('The only week the client is in town.');
  const [forced] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/bookings') && r.request().method() === 'POST'),
    refusal.getByRole('button', { name: 'Book anyway with this reason' }).click(),
  ]);
  assert.equal(forced.status(), 201);
  assert.equal(JSON.parse(forced.request().postData()).force, true);
  await page.locator('[data-testid="flash"]').waitFor();
  assert.match(await flash(), /override/);
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(1).textContent(), /all day.*override/s);
  await auditScreen(page, 'bookings');
  await page.locator('#bookings-heading').evaluate((node) => node.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'staff-bookings-1280x800');

  /* Called off: the forced booking goes, the first stays. */
  await page
    .getByRole('button', { name: /^Cancel the booking of session \d+ on / })
    .nth(1)
    .click();
  await page.locator('[data-testid="flash"]', { hasText: 'cancelled' }).waitFor();
  assert.equal(await rows.count(), 1);
  course = await courseJson(state.course);
  assert.deepEqual(
    course.bookings.map((b) => [b.date, b.time, b.forced]),
    [[planned, '10:30', false]],
  );
});

test('script injection through a client name and session notes stays text', async () => {
  state.xssClient = await addClient({ name: XSS_NAME });
  await assertNoInjection('client page');
  assert.equal(await heading(), XSS_NAME);

  /* A course started 60 days ago, blocked by screening: refused, then forced. */
  await page.getByRole('link', { name: 'New course' }).click();
  await waitForHeading('New course for');
  await previewCourse({
    laxity: 'mild',
    areas: ['face'],
    screening: ['active-acne'],
    start: dayFromToday(-60),
  });
  assert.equal(await page.locator('[data-testid="preview"] .screening').getAttribute('data-status'), 'blocked');
  await page.getByRole('button', { name: 'Start this course' }).click();
  const refusal = page.locator('[data-testid="refusal"]');
  await refusal.waitFor();
  await refusal.getByLabel(/Reason for overriding/).fill('Acne treated; dermatologist cleared the area.');
  await refusal.getByRole('button', { name: 'Start anyway with this reason' }).click();
  await page.locator('[data-testid="flash"]', { hasText: 'override' }).waitFor();
  state.xssCourse = Number(/#\/courses\/(\d+)$/.exec(page.url())[1]);
  assert.equal(await heading(), `Course ${state.xssCourse}: ${XSS_NAME}`);

  const response = await recordSession({ date: dayFromToday(-60), notes: XSS_NOTES });
  if (response.status() === 409) {
    /* The course's screening is blocked: sessions need the override too. */
    const box = page.locator('[data-testid="refusal"]');
    await box.getByLabel(/Reason for overriding/).fill('Cleared by the dermatologist.');
    await box.getByRole('button', { name: 'Record anyway with this reason' }).click();
  } else {
    assert.equal(response.status(), 201);
  }
  await page.locator('[data-testid="flash"]').waitFor();
  assert.equal(
    await page
      .locator('[data-testid="sessions"] td.notes')
      .first()
      .evaluate((n) => n.firstChild.textContent),
    XSS_NOTES,
  );
  await assertNoInjection('course page');

  await page.goto(`${env.base}/#/clients`);
  await waitForHeading('Clients');
  await page.getByLabel('Search by name, email or phone').fill('onerror');
  assert.equal(await page.locator('[data-testid="clients"] tbody tr a').textContent(), XSS_NAME);
  await assertNoInjection('client list');
  await page.goto(`${env.base}/#/courses/${state.xssCourse}/print`);
  await page.locator('[data-testid="print-document"]').waitFor();
  assert.match(await heading(), /<img src=x onerror="window.__xss=1">$/);
  await assertNoInjection('printable plan');
  assert.equal(await page.evaluate(() => document.querySelectorAll('main img[src="x"], main script').length), 0);
});

test('due list: overdue first, and the CSV download matches it', async () => {
  await page.getByRole('link', { name: 'Due list' }).click();
  await waitForHeading('Due list');
  await page.getByLabel('Due on or before').fill(today);
  await page.getByLabel('Plus days ahead').fill('60');
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/due?')),
    page.getByRole('button', { name: 'Show' }).click(),
  ]);
  const rows = page.locator('[data-testid="due"] tbody tr');
  await rows.first().waitFor();
  const overdue = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.overdue)));
  assert.equal(overdue.length, 2, 'both courses are due within 60 days');
  assert.ok(overdue[0] > 0, 'the overdue course comes first');
  assert.equal(overdue[1], 0);
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.course))), [
    state.xssCourse,
    state.course,
  ]);
  assert.match(await rows.first().textContent(), /days? overdue/);
  await assertNoInjection('due list');
  await auditScreen(page, 'due list');
  await screenshot(page, 'staff-due-1280x800');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  const csv = await readFile(await download.path(), 'utf8');
  await download.saveAs(path.join(env.artifacts, 'due.csv'));
  const lines = csv.trim().split(/\r?\n/);
  assert.equal(
    lines[0],
    'client,name,course,kind,due,overdue_days,email,phone,earliest,latest,booked_date,booked_time',
  );
  assert.equal(lines.length, 3);
  assert.match(
    lines[1],
    new RegExp(`^${state.xssClient},.*,${state.xssCourse},session,\\d{4}-\\d{2}-\\d{2},${overdue[0]},`),
  );
  assert.match(lines[2], new RegExp(`^${state.client},Ada Example,${state.course},session,`));
});

test('discontinue a course from its page: it leaves the due list; reopened, it comes back', async () => {
  await page.goto(`${env.base}/#/courses/${state.xssCourse}`);
  await waitForHeading(`Course ${state.xssCourse}:`);
  const life = page.locator('[data-testid="course-life"]');
  assert.equal(await life.locator('[data-testid="course-status"]').getAttribute('data-status'), 'active');
  await life.getByRole('button', { name: 'Discontinue…' }).click();
  const form = life.locator('[data-testid="discontinue-form"]');
  /* No reason, nothing sent. */
  await form.getByRole('button', { name: 'Discontinue the course' }).click();
  await form.locator('.alert', { hasText: 'Write the reason' }).waitFor();
  assert.equal((await courseJson(state.xssCourse)).status, 'active');
  await form.getByLabel(/Why does the course stop/).fill('Client moved away.');
  await auditScreen(page, 'discontinue form');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/discontinue') && r.request().method() === 'POST'),
    form.getByRole('button', { name: 'Discontinue the course' }).click(),
  ]);
  assert.equal(response.status(), 200);
  assert.deepEqual(JSON.parse(response.request().postData()), { reason: 'Client moved away.' });
  await page.locator('[data-testid="flash"]', { hasText: 'Course discontinued.' }).waitFor();
  assert.equal(await page.locator('[data-status="discontinued"]').first().isVisible(), true);
  assert.equal(await page.locator('[data-testid="session-form"]').count(), 0, 'no session on a closed course');
  assert.equal(await page.locator('[data-testid="next"]').textContent(), 'Nothing more is due on this course.');
  let course = await courseJson(state.xssCourse);
  assert.equal(course.status, 'discontinued');
  assert.equal(course.next, null);
  await auditScreen(page, 'discontinued course');
  await life.evaluate((node) => node.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'staff-course-discontinued-1280x800');

  const due = await (await page.request.get(`${env.base}/api/v1/due?on=${today}&within=60`)).json();
  assert.deepEqual(
    due.map((row) => row.course),
    [state.course],
    'the discontinued course left the due list',
  );

  await life.getByRole('button', { name: 'Reopen…' }).click();
  const reopen = life.locator('[data-testid="reopen-form"]');
  await reopen.getByLabel(/Why is the course taken up again/).fill('Client is back in town.');
  await reopen.getByRole('button', { name: 'Reopen the course' }).click();
  await page.locator('[data-testid="flash"]', { hasText: 'Course reopened' }).waitFor();
  course = await courseJson(state.xssCourse);
  assert.equal(course.status, 'active');
  assert.equal(course.next.kind, 'session');
  await page.locator('[data-testid="session-form"]').waitFor();
});

test('printable plan: the plan for the client, without the app around it', async () => {
  await page.goto(`${env.base}/#/courses/${state.course}/print`);
  await page.locator('[data-testid="print-document"]').waitFor();
  assert.equal(await heading(), 'Your microneedling plan, Ada Example');
  const course = await courseJson(state.course);
  const dates = await page
    .locator('[data-testid="print-document"] [data-testid="schedule"] time')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime')));
  assert.deepEqual(dates, [...course.plan.schedule.map((s) => s.date), ...course.plan.maintenance.map((m) => m.date)]);
  assert.match(await page.locator('[data-testid="confirm"]').textContent(), /practitioner confirms/);
  await auditScreen(page, 'printable plan');
  await screenshot(page, 'staff-print-1280x800');
  await page.emulateMedia({ media: 'print' });
  const hidden = await page.evaluate(() =>
    ['.app-header', '.no-print'].map((s) => getComputedStyle(document.querySelector(s)).display),
  );
  assert.deepEqual(hidden, ['none', 'none'], 'the print stylesheet hides the app around the plan');
  await page.pdf({ path: path.join(env.artifacts, 'printable-plan.pdf'), format: 'A4' });
  await page.emulateMedia({ media: 'screen' });
});

test('audit log: an admin filters the log by client and action, as the API answers', async () => {
  await page.goto(`${env.base}/#/clients`);
  await waitForHeading('Clients');
  const link = page.getByRole('link', { name: 'Audit log' });
  assert.equal(await link.isVisible(), true, 'admins see the audit log in the navigation');
  await Promise.all([page.waitForResponse((r) => r.url().includes('/api/v1/audit?')), link.click()]);
  await waitForHeading('Audit log');
  await page.locator('[data-testid="audit"] tbody tr').first().waitFor();

  const filters = page.locator('[data-testid="audit-filters"]');
  await filters.getByLabel('Client number (optional)').fill(String(state.client));
  await filters.getByLabel('Since').fill('');
  await filters.getByLabel('Action (optional)').fill('session.record');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/audit?')),
    filters.getByRole('button', { name: 'Show' }).click(),
  ]);
  assert.equal(response.status(), 200);
  assert.equal(new URL(response.url()).search, `?client=${state.client}&action=session.record`);
  const entries = await response.json();
  const expected = await (
    await page.request.get(`${env.base}/api/v1/audit?client=${state.client}&action=session.record`)
  ).json();
  assert.deepEqual(entries, expected, "the screen shows the API's entries");
  assert.ok(entries.length >= 2, 'the sessions recorded and forced earlier');
  const rows = page.locator('[data-testid="audit"] tbody tr');
  await page
    .locator('[data-testid="audit-results"] [role="status"]', { hasText: `${entries.length} entries` })
    .waitFor();
  assert.deepEqual(
    await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.entry))),
    entries.map((e) => e.id).reverse(),
    'newest first',
  );
  assert.deepEqual(
    [...new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.action)))],
    ['session.record'],
  );
  assert.match(await rows.first().textContent(), new RegExp(`Client ${state.client}`));
  assert.ok((await rows.first().textContent()).includes(env.email), 'who did it');
  await rows.first().getByText('Before and after').click();
  assert.match(await rows.first().locator('pre').last().textContent(), /"session"/);
  await assertNoInjection('audit log');
  await auditScreen(page, 'audit log');
  await screenshot(page, 'staff-audit-1280x800');

  assert.equal(
    await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href'),
    `/api/v1/audit.csv?client=${state.client}&action=session.record`,
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  const csv = await readFile(await download.path(), 'utf8');
  assert.equal(csv.split(/\r?\n/)[0], 'id,at,who,action,entity,entity_id,client,before,after,reason');

  await filters.getByLabel('Action (optional)').fill('session.deleted');
  await filters.getByRole('button', { name: 'Show' }).click();
  await page
    .locator('[data-testid="audit-results"] .alert', { hasText: "'session.deleted' is not an action" })
    .waitFor();
});

test("client's data: everything held downloads as JSON; an admin erases a client to a tombstone", async () => {
  const id = await addClient({ name: 'Erin Erasable', email: 'erin@example.org', phone: '+44 20 7946 0001' });
  await waitForHeading('Erin Erasable');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download data (JSON)' }).click(),
  ]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(exported.format, 'collagenda-client-export');
  assert.deepEqual([exported.client.id, exported.client.name, exported.client.erased_at], [id, 'Erin Erasable', null]);
  assert.deepEqual(
    exported.audit.map((e) => e.action),
    ['client.add', 'client.read'],
  );

  await page.getByText('Erase this client…').click();
  const form = page.locator('[data-testid="erase-form"]');
  await auditScreen(page, 'client page with the erasure');
  await screenshot(page, 'staff-client-data-1280x800');
  await form.getByLabel('Reason for erasing (kept in the audit log)').fill('request by letter of 1 March');
  await form.getByRole('button', { name: 'Erase personal data' }).click();
  await form.locator('.alert', { hasText: 'Tick the box' }).waitFor();
  await form.getByLabel(/I understand/).check();
  await form.getByLabel('Reason for erasing (kept in the audit log)').fill('Erin Erasable asked by letter');
  await form.getByRole('button', { name: 'Erase personal data' }).click();
  await form.locator('.alert', { hasText: "repeats the client's name" }).waitFor();
  await form.getByLabel('Reason for erasing (kept in the audit log)').fill('request by letter of 1 March');
  await form.getByRole('button', { name: 'Erase personal data' }).click();
  await waitForHeading(`erased client ${id}`);
  assert.match(await flash(), new RegExp(`the client is now “erased client ${id}”`));
  assert.equal((await page.locator('main').textContent()).includes('erin@example.org'), false);
});

test("Today: the week from the clinic's today, a list per day in time order, each row linking to its course", async () => {
  const csrf = await page.evaluate(() => sessionStorage.getItem('collagenda.csrf'));
  async function api(method, url, body) {
    const response = await page.request.fetch(`${env.base}${url}`, {
      method,
      headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      data: JSON.stringify(body),
    });
    assert.equal(response.status(), 201, await response.text());
    return (await response.json()).id;
  }
  const client = await api('POST', '/api/v1/clients', { name: 'Tara Today', phone: '+44 20 7946 0999' });
  const course = await api('POST', '/api/v1/courses', { client, laxity: 'mild', areas: ['face'], start: today });
  const booking = await api('POST', `/api/v1/courses/${course}/bookings`, { date: today, time: '16:45' });

  await page.goto(`${env.base}/`);
  await waitForHeading('Today');
  assert.equal(await page.locator('[data-nav="today"]').getAttribute('aria-current'), 'page');
  const days = page.locator('[data-testid="diary"] .diary-day');
  assert.equal(await days.count(), 7, 'a week, a list per day');
  assert.equal(await days.first().getAttribute('data-day'), today);
  const row = days.first().locator(`[data-booking="${booking}"]`);
  assert.match(await row.textContent(), /16:45.*Tara Today · Session 1 of 4/s);
  const times = await days
    .first()
    .locator('.diary-time')
    .evaluateAll((spans) => spans.map((s) => s.textContent));
  assert.deepEqual(
    times,
    [...times].sort((a, b) => (a === 'All day' ? -1 : b === 'All day' ? 1 : a.localeCompare(b))),
    'in time order, all day first',
  );
  await auditScreen(page, 'today');
  await screenshot(page, 'staff-today-1280x800');

  /* A phone: no sideways scrolling, and the row's link reached by keyboard. */
  await page.setViewportSize({ width: 390, height: 844 });
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    'no horizontal scroll at 390 wide',
  );
  await screenshot(page, 'staff-today-390x844');
  const link = row.getByRole('link', { name: /Tara Today/ });
  await link.focus();
  await page.keyboard.press('Enter');
  await waitForHeading(`Course ${course}`);
  await page.setViewportSize(DESKTOP);

  /* The next week is a real link; the previous one comes back with Today. */
  await page.goto(`${env.base}/#/today`);
  await waitForHeading('Today');
  await page.getByRole('link', { name: 'Next week' }).click();
  await waitForHeading('Week from');
  assert.equal(await page.locator(`[data-booking="${booking}"]`).count(), 0);
  await page.getByRole('link', { name: 'Today' }).first().click();
  await waitForHeading('Today');
});

test("clinic settings: an admin sets the clinic's details from its screen; a bad value names its field", async () => {
  await page.goto(`${env.base}/#/clients`);
  await waitForHeading('Clients');
  const link = page.getByRole('link', { name: 'Clinic settings' });
  assert.equal(await link.isVisible(), true, 'admins see the settings in the navigation');
  await link.click();
  await waitForHeading('Clinic settings');
  const form = page.locator('[data-testid="settings-form"]');
  await form.getByLabel('Opening hours (optional)').fill('9 to 5');
  await form.getByRole('button', { name: 'Save settings' }).click();
  const errors = page.locator('[data-testid="settings-errors"] [role="alert"]');
  await errors.waitFor();
  assert.match(await errors.textContent(), /not opening hours; use HH:MM-HH:MM/);
  assert.equal(await form.getByLabel('Opening hours (optional)').getAttribute('aria-invalid'), 'true');

  await form.getByLabel('Address (optional)').fill('1 High Street, Leeds');
  await form.getByLabel('Phone (optional)').fill('+44 113 496 0000');
  await form.getByLabel('Opening hours (optional)').fill('09:00-17:30');
  await form.getByLabel('Chairs (optional)').fill('3');
  await form.getByLabel('Saturday').uncheck();
  await form.getByLabel('Sunday').uncheck();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/clinic') && r.request().method() === 'PUT'),
    form.getByRole('button', { name: 'Save settings' }).click(),
  ]);
  assert.equal(response.status(), 200);
  assert.deepEqual(JSON.parse(response.request().postData()), {
    address: '1 High Street, Leeds',
    phone: '+44 113 496 0000',
    hours: '09:00-17:30',
    chairs: 3,
    open_days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  });
  await page.locator('[data-testid="flash"]', { hasText: 'Clinic settings saved' }).waitFor();
  const clinic = await (await page.request.get(`${env.base}/api/v1/clinic`)).json();
  assert.equal(clinic.address, '1 High Street, Leeds');
  assert.equal(clinic.chairs, 3);
  assert.equal(await page.locator('[data-testid="settings-form"]').getByLabel('Chairs (optional)').inputValue(), '3');
  await auditScreen(page, 'clinic settings');
  await screenshot(page, 'staff-settings-1280x800');
});

test('reminders by e-mail: an admin sets the mail settings on the settings screen; a bad relay is refused beside its field', async () => {
  await page.goto(`${env.base}/#/clients`);
  await waitForHeading('Clients');
  await page.getByRole('link', { name: 'Clinic settings' }).click();
  await waitForHeading('Clinic settings');
  const form = page.locator('[data-testid="mail-form"]');
  await form.getByRole('heading', { name: 'Reminders by e-mail' }).waitFor();
  const passwordState = form.locator('[data-testid="smtp-password-state"]');
  assert.match(await passwordState.textContent(), /^Not set/);
  const mailJson = async () => (await page.request.get(`${env.base}/api/v1/clinic/mail`)).json();
  const save = async () => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/clinic/mail') && r.request().method() === 'PUT'),
      form.getByRole('button', { name: 'Save mail settings' }).click(),
    ]);
    return response;
  };

  await form.getByLabel('SMTP relay').fill('smtp://127.0.0.1:2525');
  await form.getByLabel('Sending address').fill('reminders@clinic.example');
  await form.getByLabel('Public address (optional)').fill('https://clinic.example/');
  let response = await save();
  assert.equal(response.status(), 200);
  assert.deepEqual(JSON.parse(response.request().postData()), {
    smtp_url: 'smtp://127.0.0.1:2525',
    mail_from: 'reminders@clinic.example',
    public_url: 'https://clinic.example/',
  });
  await form.locator('[data-testid="mail-saved"] [role="status"]', { hasText: 'Mail settings saved' }).waitFor();
  const saved = {
    smtp_url: 'smtp://127.0.0.1:2525',
    mail_from: 'reminders@clinic.example',
    smtp_user: null,
    smtp_password_set: false,
    public_url: 'https://clinic.example',
  };
  assert.deepEqual(await mailJson(), saved);
  assert.equal(await form.getByLabel('Public address (optional)').inputValue(), 'https://clinic.example');

  /* A user without a password is refused beside the password; given one, it is "set" and never shown. */
  await form.getByLabel('Relay user (optional)').fill('desk');
  response = await save();
  assert.equal(response.status(), 400);
  assert.deepEqual(JSON.parse(response.request().postData()), { smtp_user: 'desk' });
  const passwordError = form.locator('[data-error-for="smtp_password"]');
  await passwordError.waitFor();
  assert.match(await passwordError.textContent(), /a user needs a password/);
  await form.getByLabel('Relay password (optional)').fill('s3cret pass');
  response = await save();
  assert.equal(response.status(), 200);
  assert.deepEqual(JSON.parse(response.request().postData()), { smtp_user: 'desk', smtp_password: 's3cret pass' });
  await form.locator('[data-testid="mail-saved"] [role="status"]').waitFor();
  assert.match(await passwordState.textContent(), /^Set/);
  assert.equal(await form.getByLabel('Relay password (optional)').inputValue(), '');
  assert.equal(await passwordError.textContent(), '');
  assert.deepEqual(await mailJson(), { ...saved, smtp_user: 'desk', smtp_password_set: true });
  /* An emptied user is sent as "" and clears the user and the password (the reminders test below has no TLS). */
  await form.getByLabel('Relay user (optional)').fill('');
  response = await save();
  assert.deepEqual(JSON.parse(response.request().postData()), { smtp_user: '' });
  await form.locator('[data-testid="mail-saved"] [role="status"]').waitFor();
  assert.match(await passwordState.textContent(), /^Not set/);
  assert.deepEqual(await mailJson(), saved);

  /* Another scheme is refused beside the relay's field, and nothing changes. */
  const relay = form.getByLabel('SMTP relay');
  await relay.fill('ftp://x');
  response = await save();
  assert.equal(response.status(), 400);
  const relayError = form.locator('[data-error-for="smtp_url"]');
  await relayError.waitFor();
  assert.match(await relayError.textContent(), /'ftp:\/\/x' is not an SMTP relay/);
  assert.equal(await relay.getAttribute('aria-invalid'), 'true');
  const describedBy = (await relay.getAttribute('aria-describedby')).split(' ');
  assert.ok(describedBy.includes(await relayError.getAttribute('id')), 'the error describes the field');
  assert.equal(await form.locator('[data-testid="mail-saved"] [role="status"]').count(), 0);
  assert.deepEqual(await mailJson(), saved);
  await auditScreen(page, 'clinic settings with the mail settings refused');
  await form.scrollIntoViewIfNeeded();
  await screenshot(page, 'staff-settings-mail-1280x800');
});

/*
 * A tiny SMTP sink on loopback: enough of the protocol for `collagenda remind`
 * (libcurl) to hand over messages; keeps each one's recipients. The web tests
 * read what the client page shows, so nothing more of a message is kept.
 */
function smtpSink() {
  const received = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    let recipients = [];
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(recipients);
          recipients = [];
          socket.write('250 OK\r\n');
          continue;
        }
        const line = buffer.indexOf('\r\n');
        if (line < 0) return;
        const command = buffer.slice(0, line).toUpperCase();
        buffer = buffer.slice(line + 2);
        if (command.startsWith('EHLO') || command.startsWith('HELO')) socket.write('250 sink\r\n');
        else if (command.startsWith('RCPT TO:')) {
          recipients.push(command.slice(8).trim());
          socket.write('250 OK\r\n');
        } else if (command === 'DATA') {
          inData = true;
          socket.write('354 go on\r\n');
        } else if (command === 'QUIT') {
          socket.end('221 bye\r\n');
          return;
        } else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, received, port: server.address().port }));
  });
}

test("reminders: what `collagenda remind` sent shows on the client's page; staff turn reminders off", async () => {
  /* The clinic opens Monday to Friday (the settings test): the first weekday from tomorrow on. */
  let offset = 1;
  while ([0, 6].includes(new Date(`${dayFromToday(offset)}T12:00:00`).getDay())) offset += 1;
  const visit = dayFromToday(offset);
  const dayBefore = dayFromToday(offset - 1);
  const id = await addClient({ name: 'Rita Reminded', email: 'rita@example.org' });
  const cli = (...args) => execFileAsync(env.bin, ['--db', env.db, ...args], { encoding: 'utf8' });
  const course = (
    await cli('course', 'start', '--client', String(id), '--laxity', 'mild', '--start', visit)
  ).stdout.trim();
  await cli('session', 'book', '--course', course, '--date', visit, '--time', '10:00');
  const sink = await smtpSink();
  try {
    await cli(
      'clinic',
      'set',
      '--smtp-url',
      `smtp://127.0.0.1:${sink.port}`,
      '--mail-from',
      'desk@clinic.example',
      '--public-url',
      env.base,
    );
    const run = await cli('remind', '--on', dayBefore);
    assert.match(run.stdout, /^sent: reminder of booking \d+ on .* <rita@example\.org>$/m);
    assert.ok(
      sink.received.some((to) => to.includes('<RITA@EXAMPLE.ORG>')),
      JSON.stringify(sink.received),
    );
  } finally {
    sink.server.close();
  }

  /* The page is already the client's (addClient went there): load it again to read the messages. */
  await page.goto(`${env.base}/#/clients`);
  await waitForHeading('Clients');
  await page.goto(`${env.base}/#/clients/${id}`);
  await waitForHeading('Rita Reminded');
  const card = page.locator('[data-testid="client-messages"]');
  const row = card.locator('[data-testid="messages"] tbody tr');
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), new RegExp(`Reminder of booking \\d+, .*sent`));
  assert.equal(await row.locator('[data-status]').getAttribute('data-status'), 'sent');
  assert.equal(
    (await card.locator('[data-testid="reminders-state"]').textContent()).trim(),
    'Reminders by e-mail: on.',
  );
  await auditScreen(page, 'client page with its reminders');
  await screenshot(page, 'staff-client-reminders-1280x800');

  await card.getByRole('button', { name: 'Turn reminders off' }).click();
  await card.locator('[data-testid="reminders-state"]', { hasText: 'off (the client opted out' }).waitFor();
  const answer = await (await page.request.get(`${env.base}/api/v1/clients/${id}/messages`)).json();
  assert.equal(answer.reminders, 'off');
  await card.getByRole('button', { name: 'Turn reminders on' }).click();
  await card.locator('[data-testid="reminders-state"]', { hasText: 'on.' }).waitFor();
});

test('logout ends the session', async () => {
  await page.goto(`${env.base}/#/clients`);
  await waitForHeading('Clients');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.locator('.notice', { hasText: 'You are logged out.' }).waitFor();
  assert.equal(await page.locator('#app-header').isHidden(), true);
  const me = await page.request.get(`${env.base}/api/v1/me`);
  assert.equal(me.status(), 401, 'the server forgot the session');
  await page.reload();
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  await assertNoInjection('after logout');
  await page.assertClean();
});
