/*
 * The public calculator in a real browser: its answer for each assessment
 * equals `collagenda plan --format json`, a blocked screening is answered
 * "not advised now" with no dates and no example course, it is usable with
 * Tab, Space and Enter alone, it works framed by another origin's page, on a
 * phone-sized screen, and without cookies.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  env,
  launch,
  watchedPage,
  cliPlan,
  answerAssessment as answer,
  normalizedAssessment,
  screenshot,
  auditScreen,
  tabTo,
  DESKTOP,
  PHONE,
} from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

/*
 * Submits and checks the whole answer against the CLI: the JSON the page
 * received, the request it sent, and what it shows.
 */
async function submitAndCompare(page, scope, assessment, submit) {
  const [request, response] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith('/api/v1/plan') && r.method() === 'POST'),
    page.waitForResponse((r) => r.url().endsWith('/api/v1/plan')),
    submit(),
  ]);
  assert.equal(response.status(), 200);
  assert.equal(request.headers().cookie, undefined, 'the calculator must not send cookies');
  assert.deepEqual(
    normalizedAssessment(JSON.parse(request.postData())),
    normalizedAssessment(assessment),
    'the page sent a different assessment than the one answered',
  );
  const expected = cliPlan(assessment);
  assert.deepEqual(await response.json(), expected, 'API answer differs from `collagenda plan --format json`');

  await scope.locator('.answer').waitFor();
  if (expected.screening.status === 'blocked') {
    await expectNotAdvised(scope, expected);
    return expected;
  }
  const shown = await scope.evaluate(() => ({
    answer: document.querySelector('.answer').textContent,
    ranges: document.querySelector('.ranges').textContent,
    sessions: document.querySelector('[data-field="sessions"]').textContent,
    days: Number(document.querySelector('[data-field="interval"]').dataset.days),
    months: Number(document.querySelector('[data-field="maintenance"]').dataset.months),
    dates: [...document.querySelectorAll('[data-testid="schedule"] time')].map((t) => t.getAttribute('datetime')),
    status: document.querySelector('.screening').dataset.status,
    findings: [...document.querySelectorAll('.screening li')].map((li) => li.dataset.code),
    warnings: [...document.querySelectorAll('.warnings li')].map((li) => li.dataset.code),
    reasons: [...document.querySelectorAll('.reasons li')].map((li) => li.textContent),
    confirm: document.querySelector('[data-testid="confirm"]').textContent,
    timeline: document.querySelectorAll('svg.timeline circle').length,
  }));
  assert.equal(shown.sessions, `${expected.sessions.recommended} sessions`.replace(/^1 sessions/, '1 session'));
  assert.equal(shown.days, expected.interval_days.recommended);
  assert.ok(
    shown.ranges.includes(`never less than ${expected.interval_days.floor} days`),
    `the ranges name the course's floor: "${shown.ranges}"`,
  );
  assert.equal(shown.months, expected.maintenance_months.recommended);
  /* Whole weeks in weeks (35 days: "5 weeks"), anything else in days (24: "24 days"). */
  const days = expected.interval_days.recommended;
  const every = days % 7 === 0 ? `${days / 7} weeks?` : `${days} days`;
  assert.match(
    shown.answer,
    new RegExp(
      `^About ${expected.sessions.recommended} sessions?, every ${every}, then maintenance every ${expected.maintenance_months.recommended} months?\\.$`,
    ),
  );
  assert.deepEqual(shown.dates, [...expected.schedule.map((s) => s.date), ...expected.maintenance.map((m) => m.date)]);
  assert.equal(shown.timeline, expected.schedule.length, 'one timeline point per session');
  assert.equal(shown.status, expected.screening.status);
  assert.deepEqual(
    shown.findings,
    expected.screening.findings.map((f) => f.code),
  );
  assert.deepEqual(
    shown.warnings,
    expected.warnings.map((w) => w.code),
  );
  assert.equal(shown.reasons.length, expected.reasons.length);
  expected.reasons.forEach((reason, i) =>
    assert.ok(
      shown.reasons[i].toLowerCase().includes(reason.effect.toLowerCase()),
      `reason ${i} "${shown.reasons[i]}" lacks "${reason.effect}"`,
    ),
  );
  assert.match(shown.confirm, /practitioner confirms/);
  return expected;
}

/*
 * A blocked screening (docs/protocol.md#screening): the plan has no dates even with a start,
 * and the page says "not advised now — talk to the clinic", lists the
 * findings, and shows no example course, no timeline and no numbers.
 */
async function expectNotAdvised(scope, expected) {
  assert.deepEqual(expected.schedule, [], 'a blocked plan has no schedule');
  assert.deepEqual(expected.maintenance, [], 'a blocked plan has no maintenance date');
  /* The previous answer may still be on the page for a moment: wait for this one. */
  await scope.locator('.answer[data-status="blocked"]').waitFor();
  const shown = await scope.evaluate(() => ({
    answer: document.querySelector('.answer').textContent,
    status: document.querySelector('.screening').dataset.status,
    heading: document.querySelector('.screening h3').textContent,
    findings: [...document.querySelectorAll('.screening li')].map((li) => li.dataset.code),
    dates: document.querySelectorAll('time').length,
    timeline: document.querySelectorAll('svg.timeline').length,
    example: document.querySelectorAll('.course-dates, [data-testid="schedule"]').length,
    numbers: document.querySelectorAll('[data-field], .ranges, .reasons').length,
    confirm: document.querySelector('[data-testid="confirm"]').textContent,
    live: document.getElementById('status').textContent,
  }));
  assert.equal(shown.answer, 'Not advised now — talk to the clinic.');
  assert.equal(shown.status, 'blocked');
  assert.match(shown.heading, /not advised/);
  assert.deepEqual(
    shown.findings,
    expected.screening.findings.map((f) => f.code),
  );
  assert.equal(shown.dates, 0, 'a blocked answer shows no date');
  assert.equal(shown.timeline, 0, 'a blocked answer shows no timeline');
  assert.equal(shown.example, 0, 'a blocked answer shows no example course');
  assert.equal(shown.numbers, 0, 'a blocked answer suggests no course numbers');
  assert.match(shown.confirm, /practitioner/);
  assert.equal(shown.live, 'Not advised now — talk to the clinic.', 'the live region announces it');
}

const ASSESSMENTS = [
  { laxity: 'mild', areas: ['face'], start: '2027-01-04' },
  { laxity: 'moderate', goal: 'transformation', areas: ['face', 'neck'], risks: ['smoking'], start: '2027-03-01' },
  {
    laxity: 'severe',
    goal: 'improvement',
    areas: ['face', 'neck', 'chest'],
    risks: ['diabetes', 'sun-damage'],
    concerns: ['deep-wrinkles'],
    modality: 'rf',
    screening: ['pacemaker'],
    skin_type: 'V',
    start: '2027-05-17',
  },
  {
    laxity: 'none',
    goal: 'prevention',
    areas: ['under-eyes'],
    modality: 'roller',
    screening: ['isotretinoin', 'pregnancy'],
    start: '2027-06-30',
  },
];

test('calculator answers equal `collagenda plan --format json` for several assessments', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await watchedPage(context);
  await page.goto(`${env.base}/calculator`);
  await auditScreen(page, 'calculator form');
  await screenshot(page, 'calculator-1280x800');
  for (const [index, given] of ASSESSMENTS.entries()) {
    const assessment = {
      goal: 'improvement',
      modality: 'auto',
      risks: [],
      concerns: [],
      screening: [],
      skin_type: '',
      ...given,
    };
    await answer(page, assessment);
    const expected = await submitAndCompare(page, page, assessment, () => page.click('#estimate'));
    await auditScreen(page, `calculator answer ${index + 1}`);
    if (index === 0) {
      await page.locator('#result').evaluate((node) => node.scrollIntoView({ block: 'start' }));
      await screenshot(page, 'calculator-result-1280x800');
    }
    if (expected.screening.status === 'blocked') {
      await screenshot(page, 'calculator-not-advised-1280x800');
    }
  }
  assert.ok(
    ASSESSMENTS.some((a) => (a.screening || []).includes('pregnancy')),
    'one assessment is blocked, so the not-advised answer is covered',
  );
  assert.deepEqual(await context.cookies(), [], 'the calculator set a cookie');
  assert.equal(await page.evaluate(() => document.cookie), '');
  await page.assertClean();
  await context.close();
});

test('calculator works with the keyboard alone (Tab, Space, Enter)', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await watchedPage(context);
  await page.goto(`${env.base}/calculator`);
  const pick = async (selector) => {
    await tabTo(page, selector);
    await page.keyboard.press('Space');
  };
  await pick('[data-question="laxity"] button[data-value="moderate"]');
  await pick('[data-question="areas"] input[value="neck"]');
  await pick('[data-question="goal"] button[data-value="transformation"]');
  await pick('[data-question="risks"] input[value="sun-damage"]');
  await pick('[data-question="concerns"] input[value="enlarged-pores"]');
  await pick('[data-question="modality"] button[data-value="traditional"]');
  await pick('[data-question="screening"] input[value="herpes-history"]');
  await pick('[data-question="skin_type"] button[data-value="II"]');
  const start = await page.locator('input[name="start"]').inputValue();
  await tabTo(page, '#estimate');
  const assessment = {
    laxity: 'moderate',
    goal: 'transformation',
    areas: ['face', 'neck'],
    risks: ['sun-damage'],
    concerns: ['enlarged-pores'],
    modality: 'traditional',
    screening: ['herpes-history'],
    skin_type: 'II',
    start,
  };
  await submitAndCompare(page, page, assessment, () => page.keyboard.press('Enter'));
  assert.equal(
    await page.evaluate(() => document.activeElement.id),
    'result-heading',
    'after the answer, focus moves to it',
  );
  const status = await page.locator('#status').textContent();
  assert.match(status, /^About \d+ sessions?/, 'the answer is announced in the live region');
  /* "Change my answers" by keyboard takes the visitor back to the first question. */
  await tabTo(page, '#again');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#result').isHidden(), true);
  await page.assertClean();
  await context.close();
});

test('calculator asks again when no laxity is chosen, and says so', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await watchedPage(context);
  await page.goto(`${env.base}/calculator`);
  await page.click('#estimate');
  await page.locator('#form-error p').waitFor();
  assert.match(await page.locator('#form-error').textContent(), /how loose/);
  assert.equal(await page.evaluate(() => document.activeElement.closest('[data-question]').dataset.question), 'laxity');
  await page.assertClean();
  await context.close();
});

test('calculator on a phone-sized screen fits without sideways scrolling', async () => {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await watchedPage(context);
  await page.goto(`${env.base}/calculator`);
  const noOverflow = async () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(await noOverflow(), 'form wider than the phone');
  await auditScreen(page, 'calculator on a phone');
  await screenshot(page, 'calculator-390x844');
  const assessment = {
    laxity: 'severe',
    goal: 'improvement',
    areas: ['face', 'neck'],
    risks: [],
    concerns: ['loose-neck-skin'],
    modality: 'auto',
    screening: [],
    start: '2027-02-01',
  };
  await answer(page, assessment);
  await submitAndCompare(page, page, assessment, () => page.locator('#estimate').tap());
  assert.ok(await noOverflow(), 'answer wider than the phone');
  const timelineWidth = await page.locator('svg.timeline').evaluate((node) => node.getBoundingClientRect().width);
  assert.ok(timelineWidth <= PHONE.width, `timeline ${timelineWidth}px wide on a ${PHONE.width}px screen`);
  await auditScreen(page, 'calculator answer on a phone');
  await page.locator('#result').evaluate((node) => node.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'calculator-result-390x844');
  await page.assertClean();
  await context.close();
});

/* A page on another origin (another port) that frames the calculator. */
function startHostSite() {
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html><head><title>A clinic's website</title></head><body>
<h1>Our clinic</h1>
<iframe id="calc" title="Session calculator" src="${env.base}/calculator" width="760" height="600"></iframe>
<iframe id="app" title="Staff app" src="${env.base}/" width="300" height="200"></iframe>
<script>
window.heights = [];
window.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'collagenda-calculator-height') window.heights.push(event.data.height);
});
</script></body></html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test("calculator works inside another origin's <iframe>; the staff app refuses to be framed", async () => {
  const host = await startHostSite();
  const hostUrl = `http://127.0.0.1:${host.address().port}/`;
  try {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await watchedPage(context);
    await page.goto(hostUrl);
    const frame = page.frame({ url: `${env.base}/calculator` });
    assert.ok(frame, 'the calculator frame loaded');
    await frame.locator('#estimate').waitFor();
    assert.notEqual(new URL(hostUrl).origin, new URL(env.base).origin);
    const assessment = {
      laxity: 'mild',
      goal: 'improvement',
      areas: ['face', 'arms'],
      risks: ['poor-aftercare'],
      concerns: [],
      modality: 'auto',
      screening: [],
      start: '2027-09-13',
    };
    await answer(frame, assessment);
    await submitAndCompare(page, frame, assessment, () => frame.locator('#estimate').click());
    await page.waitForFunction(() => window.heights.length > 0);
    const height = await page.evaluate(() => window.heights[window.heights.length - 1]);
    assert.ok(height > 600, `the calculator told the host page its height (${height})`);
    await screenshot(page, 'calculator-in-iframe-1280x800');
    /* frame-ancestors 'none' on "/": the staff app's frame stays empty. */
    const app = page.frames().find((f) => f !== page.mainFrame() && f !== frame);
    const appText = app ? await app.evaluate(() => (document.body ? document.body.innerText : '')).catch(() => '') : '';
    assert.ok(!/Log in to Collagenda/.test(appText), 'the staff app rendered inside a foreign frame');
    assert.deepEqual(await context.cookies(env.base), [], 'a framed calculator set a cookie');
    await context.close();
  } finally {
    host.close();
  }
});
