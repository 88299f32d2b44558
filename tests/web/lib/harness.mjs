/*
 * What every browser test needs: the running server (started by run.sh),
 * Debian's chromium driven by playwright-core, the real `collagenda` binary
 * for reference answers, and checks that hold on every screen: labels on
 * every field, text contrast, no inline styles or scripts, no CSP
 * violations, no uncaught errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through tests/web/run.sh`);
  return value;
}

export const env = {
  base: required('COLLAGENDA_URL'),
  bin: required('COLLAGENDA_BIN'),
  db: required('COLLAGENDA_DB'),
  email: required('COLLAGENDA_ADMIN_EMAIL'),
  password: required('COLLAGENDA_ADMIN_PASSWORD'),
  artifacts: required('COLLAGENDA_ARTIFACTS'),
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
};

mkdirSync(env.artifacts, { recursive: true });

export async function launch() {
  return chromium.launch({
    headless: true,
    executablePath: env.chromium,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/*
 * A page that records what must never happen: uncaught exceptions, console
 * errors, failed loads of anything but the API, and Content-Security-Policy
 * violations. The API's refusals (a wrong password's 401, a too-soon
 * session's 422) are answers the app shows, and Chromium logs each as
 * "Failed to load resource"; a page, script, style or icon that fails to
 * load (the old favicon 404) is a fault. problems() returns them;
 * assertClean() fails on any.
 */
export async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url || '';
    const apiRefusal = message.text().startsWith('Failed to load resource') && isApi(where);
    if (!apiRefusal) problems.push(`console: ${message.text()} (${where})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !isApi(response.url())) {
      problems.push(`load: ${response.status()} ${response.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    /* A download the test saves, or a page left mid-load, is aborted, not failed. */
    const reason = request.failure() ? request.failure().errorText : '';
    if (!isApi(request.url()) && reason !== 'net::ERR_ABORTED')
      problems.push(`load failed: ${reason} ${request.url()}`);
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.problems = async () => {
    const csp = await page.evaluate(() => window.__cspViolations || []).catch(() => []);
    return [...problems, ...csp.map((line) => `CSP violation: ${line}`)];
  };
  page.assertClean = async () => assert.deepEqual(await page.problems(), [], 'the page reported problems');
  return page;
}

/* The JSON API, and the client portal's (/portal/<token>/api, /slots, /bookings). */
function isApi(url) {
  if (!url.startsWith(`${env.base}/`)) return false;
  return url.startsWith(`${env.base}/api/`) || /^\/portal\/[0-9a-f]{64}\/./.test(new URL(url).pathname);
}

/*
 * axe-core (npm) run in the page: WCAG 2.0/2.1 A and AA and axe's best
 * practices. The script goes in through the DevTools protocol, which the
 * page's Content-Security-Policy does not govern; nothing is added to the
 * page's own markup. Fails listing each violation and where it is.
 */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function assertAxe(page, where) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
  });
  assert.deepEqual(violations, [], `${where}: axe-core violations`);
}

/* The reference answer: `collagenda plan --format json` for the same assessment. */
export function cliPlan(assessment) {
  const args = ['plan', '--format', 'json'];
  const flag = (name, value) => {
    if (value === undefined || value === null || value === '') return;
    if (Array.isArray(value)) {
      if (value.length) args.push(`--${name}`, value.join(','));
    } else {
      args.push(`--${name}`, String(value));
    }
  };
  flag('laxity', assessment.laxity);
  flag('goal', assessment.goal);
  flag('areas', assessment.areas);
  flag('risks', assessment.risks);
  flag('concerns', assessment.concerns);
  flag('modality', assessment.modality);
  flag('screening', assessment.screening);
  flag('skin-type', assessment.skin_type);
  flag('start', assessment.start);
  flag('open-days', assessment.open_days);
  return JSON.parse(execFileSync(env.bin, args, { encoding: 'utf8' }));
}

/*
 * Sets the assessment questions (calculator or new-course form) by clicking,
 * as a person with a mouse would.
 */
export async function answerAssessment(scope, assessment) {
  await scope.locator(`[data-question="laxity"] button[data-value="${assessment.laxity}"]`).click();
  await scope.locator(`[data-question="goal"] button[data-value="${assessment.goal || 'improvement'}"]`).click();
  await scope.locator(`[data-question="modality"] button[data-value="${assessment.modality || 'auto'}"]`).click();
  if (assessment.skin_type !== undefined) {
    await scope.locator(`[data-question="skin_type"] button[data-value="${assessment.skin_type}"]`).click();
  }
  for (const question of ['areas', 'risks', 'concerns', 'screening', 'open_days']) {
    const wanted = assessment[question] || (question === 'areas' ? ['face'] : []);
    const boxes = scope.locator(`[data-question="${question}"] input[type="checkbox"]`);
    for (let i = 0; i < (await boxes.count()); i++) {
      const box = boxes.nth(i);
      await box.setChecked(wanted.includes(await box.getAttribute('value')));
    }
  }
  await scope.locator('input[name="start"]').fill(assessment.start);
}

/* Drops empty lists and empty strings, so two spellings of one assessment compare equal. */
export function normalizedAssessment(assessment) {
  const result = {};
  for (const [key, value] of Object.entries(assessment)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    result[key] = Array.isArray(value) ? [...value].sort() : value;
  }
  return result;
}

export function isoDate(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/* Today plus days, in the local calendar (the browser's and the server's). */
export function dayFromToday(days) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return isoDate(date);
}

export async function screenshot(page, name) {
  const file = path.join(env.artifacts, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/*
 * Every form control has a label (a <label for>, a wrapping label, or
 * aria-label/-labelledby) and every button says what it does.
 */
export async function assertLabelled(page, where) {
  const unlabelled = await page.evaluate(() => {
    const missing = [];
    for (const control of document.querySelectorAll('input, select, textarea')) {
      if (control.type === 'hidden' || control.type === 'submit' || control.type === 'button') continue;
      const labelled =
        (control.labels && control.labels.length > 0 && [...control.labels].some((l) => l.textContent.trim())) ||
        control.getAttribute('aria-label') ||
        control.getAttribute('aria-labelledby');
      if (!labelled) missing.push(control.outerHTML.slice(0, 120));
    }
    for (const button of document.querySelectorAll('button, a[href]')) {
      if (!button.textContent.trim() && !button.getAttribute('aria-label'))
        missing.push(button.outerHTML.slice(0, 120));
    }
    return missing;
  });
  assert.deepEqual(unlabelled, [], `${where}: controls without a label`);
}

/* No style="" attribute, no <style> block, no inline <script>: the CSP would block them. */
export async function assertNoInline(page, where) {
  const inline = await page.evaluate(() => ({
    /* An empty style="" is what the test driver leaves after its own clicks: it styles nothing. */
    styled: [...document.querySelectorAll('[style]')]
      .filter((node) => node.getAttribute('style').trim() !== '')
      .map((node) => node.outerHTML.slice(0, 100)),
    styleBlocks: document.querySelectorAll('style').length,
    inlineScripts: [...document.querySelectorAll('script')].filter((script) => !script.src).length,
  }));
  assert.deepEqual(inline, { styled: [], styleBlocks: 0, inlineScripts: 0 }, `${where}: inline style or script`);
}

/*
 * WCAG 2.1 AA contrast of every visible piece of text against the
 * background actually behind it (4.5:1, or 3:1 for large text).
 */
export async function assertContrast(page, where) {
  const failures = await page.evaluate(() => {
    function parse(color) {
      const match = /rgba?\(([^)]+)\)/.exec(color);
      if (!match) return null;
      const parts = match[1]
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
    }
    function over(top, bottom) {
      const a = top.a + bottom.a * (1 - top.a);
      const mix = (x, y) => (x * top.a + y * bottom.a * (1 - top.a)) / (a || 1);
      return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
    }
    function luminance({ r, g, b }) {
      const channel = (v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    }
    function background(node) {
      const layers = [];
      for (let element = node; element && element.nodeType === 1; element = element.parentElement) {
        const color = parse(getComputedStyle(element).backgroundColor);
        if (color && color.a > 0) layers.push(color);
        if (color && color.a >= 1) break;
      }
      let result = { r: 255, g: 255, b: 255, a: 1 };
      for (let i = layers.length - 1; i >= 0; i--) result = over(layers[i], result);
      return result;
    }
    const failed = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const element = text.parentElement;
      if (!text.textContent.trim() || !element || seen.has(element)) continue;
      seen.add(element);
      if (element.closest('[hidden], [aria-hidden="true"], :disabled, title, option, script')) continue;
      const box = element.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
      const isSvg = element instanceof SVGElement;
      const foreground = parse(isSvg ? style.fill : style.color);
      if (!foreground) continue;
      const behind = background(isSvg ? element.ownerSVGElement.parentElement : element);
      const fore = over(foreground, behind);
      const l1 = luminance(fore);
      const l2 = luminance(behind);
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const large = size >= 24 || (bold && size >= 18.66);
      if (ratio < (large ? 3 : 4.5)) {
        failed.push(
          `${ratio.toFixed(2)}:1 "${text.textContent.trim().slice(0, 40)}" (${style.color} on rgb(${Math.round(behind.r)},${Math.round(behind.g)},${Math.round(behind.b)}))`,
        );
      }
    }
    return failed;
  });
  assert.deepEqual(failures, [], `${where}: text below WCAG AA contrast`);
}

/* The three checks every screen gets. */
export async function auditScreen(page, where) {
  await assertLabelled(page, where);
  await assertNoInline(page, where);
  await assertContrast(page, where);
}

/*
 * Presses Tab (and nothing else) until the focused element matches
 * selector; fails after limit presses. Returns the number of presses.
 * Also checks that every element the focus passes through shows a visible
 * focus indicator.
 */
export async function tabTo(page, selector, limit = 150) {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate((wanted) => {
      const active = document.activeElement;
      if (!active || active === document.body) return { matched: false, visible: true };
      const style = getComputedStyle(active);
      const visible =
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
      return { matched: active.matches(wanted), visible, what: active.outerHTML.slice(0, 80) };
    }, selector);
    assert.ok(state.visible, `focus is not visible on ${state.what}`);
    if (state.matched) return presses;
  }
  throw new Error(`Tab never reached ${selector} in ${limit} presses`);
}
