/*
 * A plan (docs/design.md#plan-json) in words and pictures: the answer in one sentence, the
 * screening result, the warnings, the dated course, why each number is what
 * it is (with its source), the aftercare, and the line that a practitioner
 * confirms it. Shared by the calculator, the staff's preview and the course
 * page, so that a client and the clinic read the same thing.
 *
 * A blocked screening means microneedling is not advised now (docs/protocol.md#screening):
 * the plan then has no dates, and a client is told to talk to the clinic,
 * with the findings, and shown no course at all.
 */
import { el } from './dom.js';
import { get } from './api.js';
import { formatDate, formatShortDate, intervalWords, plural, rangeWords } from './format.js';
import { modalityNames } from './vocabulary.js';
import { responsiveTimeline } from './timeline.js';

let protocolPromise = null;

/*
 * The protocol's source titles and evidence note, from the public
 * GET /api/v1/protocol. Without it a reason still shows its source tag.
 */
export function protocolInfo() {
  if (!protocolPromise) {
    protocolPromise = get('/api/v1/protocol', { public: true })
      .then((protocol) => ({
        sources: new Map((protocol.sources || []).map((source) => [source.tag, source])),
        evidenceNote: protocol.evidence_note || null,
      }))
      .catch(() => ({ sources: new Map(), evidenceNote: null }));
  }
  return protocolPromise;
}

function sourceText(tag, info) {
  const source = info.sources.get(tag);
  return source ? source.title : tag;
}

function sourceNode(tag, info) {
  return el('span', { class: 'source', 'data-source': tag }, `Source: ${sourceText(tag, info)}`);
}

function sentenceCase(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/* "About 4 sessions, every 5 weeks, then maintenance every 12 months." */
export function isBlocked(plan) {
  return Boolean(plan.screening && plan.screening.status === 'blocked');
}

/* What a client reads instead of a course when the screening blocks one. */
export function notAdvisedSentence() {
  return el(
    'p',
    { class: 'answer', 'data-testid': 'answer', 'data-status': 'blocked' },
    el('strong', {}, 'Not advised now — talk to the clinic.'),
  );
}

export function answerSentence(plan, { voice = 'client' } = {}) {
  const sessions = plan.sessions.recommended;
  const days = plan.interval_days.recommended;
  const months = plan.maintenance_months.recommended;
  return el(
    'p',
    { class: 'answer', 'data-testid': 'answer' },
    'About ',
    el('strong', { 'data-field': 'sessions' }, plural(sessions, 'session')),
    ', every ',
    el('strong', { 'data-field': 'interval', 'data-days': days }, intervalWords(days)),
    ', then maintenance every ',
    el('strong', { 'data-field': 'maintenance', 'data-months': months }, plural(months, 'month')),
    voice === 'client' ? '.' : ` (${plan.course} course).`,
  );
}

export function rangesParagraph(plan) {
  const interval = plan.interval_days;
  const weeks =
    interval.min % 7 === 0 && interval.max % 7 === 0
      ? ` (${rangeWords(interval.min / 7, interval.max / 7, 'week')})`
      : '';
  /* The course kind's floor: sessions closer together are refused, and the reasons say why. */
  const floor = Number.isInteger(interval.floor) ? `, never less than ${plural(interval.floor, 'day')}` : '';
  return el(
    'p',
    { class: 'ranges' },
    `Usual range: ${rangeWords(plan.sessions.min, plan.sessions.max, 'session')}, `,
    `${rangeWords(interval.min, interval.max, 'day')} apart${weeks}${floor}; `,
    `maintenance every ${rangeWords(plan.maintenance_months.min, plan.maintenance_months.max, 'month')}. `,
    `Method: ${modalityNames[plan.modality] || plan.modality}. `,
    `Each session takes about ${plural(plan.session_minutes, 'minute')}.`,
  );
}

export function screeningBlock(plan, info, voice) {
  const screening = plan.screening || { status: 'clear', findings: [] };
  const titles =
    voice === 'client'
      ? {
          clear: 'Health questions: nothing stands in the way.',
          caution: 'Health questions: please talk these through with the practitioner.',
          blocked: 'Health questions: microneedling is not advised for you right now.',
        }
      : {
          clear: 'Screening: clear.',
          caution: 'Screening: caution.',
          blocked:
            'Screening: blocked. No dates are planned; only an admin may start the course, ' +
            'with a documented reason.',
        };
  return el(
    'section',
    {
      class: ['screening', `screening-${screening.status}`],
      'data-status': screening.status,
    },
    el('h3', {}, titles[screening.status] || `Screening: ${screening.status}`),
    screening.findings.length === 0
      ? null
      : el(
          'ul',
          {},
          screening.findings.map((finding) =>
            el(
              'li',
              { 'data-code': finding.code, 'data-level': finding.level },
              el('span', { class: 'level' }, finding.level === 'blocked' ? 'Not now: ' : 'Take care: '),
              finding.message,
              ' ',
              sourceNode(finding.source, info),
            ),
          ),
        ),
  );
}

export function warningsBlock(plan) {
  if (!plan.warnings || plan.warnings.length === 0) return null;
  return el(
    'section',
    { class: 'warnings' },
    el('h3', {}, 'Please note'),
    el(
      'ul',
      {},
      plan.warnings.map((warning) => el('li', { 'data-code': warning.code }, warning.message)),
    ),
  );
}

/* The dated course as a list: the text twin of the timeline. */
export function scheduleList(plan, { sessionsDone = [] } = {}) {
  const done = new Map(sessionsDone.map((session) => [session.number, session]));
  const items = (plan.schedule || []).map((item) => {
    const session = done.get(item.number);
    /* A done session's window is history; what matters is the day it happened. */
    const window =
      !session && item.earliest !== item.latest
        ? el(
            'span',
            { class: 'window' },
            ` — any day from ${formatShortDate(item.earliest)} to ${formatShortDate(item.latest)}`,
          )
        : null;
    return el(
      'li',
      { 'data-number': item.number },
      el('span', { class: 'session-name' }, `Session ${item.number}: `),
      el('time', { datetime: item.date }, formatDate(item.date)),
      window,
      session ? el('span', { class: 'badge badge-done' }, `done ${formatShortDate(session.date)}`) : null,
    );
  });
  for (const visit of plan.maintenance || []) {
    items.push(
      el(
        'li',
        { class: 'maintenance-item' },
        el('span', { class: 'session-name' }, 'Maintenance: '),
        el('time', { datetime: visit.date }, formatDate(visit.date)),
      ),
    );
  }
  return el('ol', { class: 'schedule', 'data-testid': 'schedule' }, items);
}

export function reasonsBlock(plan, info) {
  return el(
    'section',
    { class: 'reasons' },
    el('h3', {}, 'Why these numbers'),
    el(
      'ul',
      {},
      plan.reasons.map((reason) =>
        el('li', { 'data-rule': reason.rule }, sentenceCase(reason.effect), '. ', sourceNode(reason.source, info)),
      ),
    ),
    el('p', { class: 'protocol-name' }, `Protocol: ${plan.protocol.name}, version ${plan.protocol.version}.`),
  );
}

export function aftercareBlock(plan) {
  if (!plan.aftercare || plan.aftercare.length === 0) return null;
  return el(
    'section',
    { class: 'aftercare' },
    el('h3', {}, 'Aftercare'),
    el(
      'ul',
      {},
      plan.aftercare.map((line) => el('li', {}, line)),
    ),
  );
}

/* The estimate is not a booking; a booked course's printout says who set it. */
export function confirmationLine(info, { booked = false, blocked = false } = {}) {
  let words;
  if (blocked) {
    words = [
      el('strong', {}, 'No course is suggested for now. '),
      'A practitioner can tell you when microneedling may be safe for you.',
    ];
  } else if (booked) {
    words = [
      el('strong', {}, 'Set with your practitioner. '),
      'Your practitioner confirms every session and may adjust the plan as your skin responds.',
    ];
  } else {
    words = [
      el('strong', {}, 'This is an estimate, not a booking. '),
      'A practitioner confirms your plan after seeing your skin.',
    ];
  }
  return el(
    'p',
    { class: 'confirm', 'data-testid': 'confirm' },
    words,
    info.evidenceNote && !blocked ? ` ${info.evidenceNote}` : '',
  );
}

/* A client's answer when the screening blocks the course: why, and whom to ask; no course. */
function notAdvised(plan, info) {
  return el(
    'div',
    { class: 'plan', 'data-status': 'blocked' },
    notAdvisedSentence(),
    screeningBlock(plan, info, 'client'),
    confirmationLine(info, { blocked: true }),
  );
}

/*
 * renderPlan(plan, info, {voice, sessionsDone, today, timeline}) -> element.
 * info is what protocolInfo() resolved to.
 */
export function renderPlan(plan, info, options = {}) {
  const voice = options.voice || 'client';
  if (voice === 'client' && isBlocked(plan)) return notAdvised(plan, info);
  const hasSchedule = Array.isArray(plan.schedule) && plan.schedule.length > 0;
  return el(
    'div',
    { class: 'plan' },
    answerSentence(plan, { voice }),
    rangesParagraph(plan),
    screeningBlock(plan, info, voice),
    warningsBlock(plan),
    hasSchedule
      ? el(
          'section',
          { class: 'course-dates' },
          el('h3', {}, voice === 'client' ? 'Your course, as an example' : 'Schedule'),
          options.timeline === false
            ? null
            : responsiveTimeline(plan, { sessionsDone: options.sessionsDone, today: options.today }),
          scheduleList(plan, { sessionsDone: options.sessionsDone }),
        )
      : null,
    reasonsBlock(plan, info),
    aftercareBlock(plan),
    voice === 'client' ? confirmationLine(info) : null,
  );
}
