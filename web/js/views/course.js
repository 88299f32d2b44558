/*
 * One course: what the plan said and why, the dated schedule with its safe
 * windows, the timeline, the sessions booked and done, what comes next,
 * and the forms to book and to record the next session; each session
 * done can be amended or voided (session-corrections.js).
 */
import { el, replace } from '../dom.js';
import { get } from '../api.js';
import {
  protocolInfo,
  answerSentence,
  rangesParagraph,
  screeningBlock,
  warningsBlock,
  reasonsBlock,
  aftercareBlock,
} from '../plan-view.js';
import { responsiveTimeline } from '../timeline.js';
import { crumbs, pageHead, flashBox, orDash, statusBadge, tableWrap } from './common.js';
import { sessionForm } from './session-form.js';
import { bookingsSection } from './bookings.js';
import { courseLifeSection } from './course-life.js';
import { correctionPanel, voidedList } from './session-corrections.js';
import { formatDate, formatShortDate, setViewerToday, viewerToday, daysBetween, plural } from '../format.js';
import { labelOf, areas as areaWords } from '../vocabulary.js';

export function nextParagraph(next) {
  if (!next) return el('p', { 'data-testid': 'next' }, 'Nothing more is due on this course.');
  const late = daysBetween(next.date, viewerToday());
  const what = next.kind === 'maintenance' ? 'Maintenance visit' : `Session ${next.number || ''}`.trim();
  return el(
    'p',
    { class: 'next', 'data-testid': 'next', 'data-kind': next.kind, 'data-date': next.date },
    el('strong', {}, 'Next: '),
    `${what} on `,
    el('time', { datetime: next.date }, formatDate(next.date)),
    next.earliest && next.latest && next.earliest !== next.latest
      ? ` (window ${formatShortDate(next.earliest)} to ${formatShortDate(next.latest)})`
      : '',
    late > 0 ? el('span', { class: 'badge badge-danger' }, `overdue ${plural(late, 'day')}`) : null,
  );
}

function flags(session) {
  return [
    session.early ? el('span', { class: 'badge badge-warn' }, 'early') : null,
    session.late ? el('span', { class: 'badge badge-warn' }, 'late') : null,
    session.forced ? el('span', { class: 'badge badge-danger' }, 'override') : null,
  ];
}

function scheduleTable(plan, sessions) {
  const byNumber = new Map(sessions.map((session) => [session.number, session]));
  const rows = (plan.schedule || []).map((item) => {
    const done = byNumber.get(item.number);
    return el(
      'tr',
      { 'data-number': item.number },
      el('td', { class: 'numeric' }, String(item.number)),
      el('td', {}, el('time', { datetime: item.date }, formatDate(item.date))),
      el(
        'td',
        {},
        item.earliest === item.latest ? '—' : `${formatShortDate(item.earliest)} – ${formatShortDate(item.latest)}`,
      ),
      el(
        'td',
        {},
        done
          ? [el('time', { datetime: done.date }, formatDate(done.date)), flags(done)]
          : el('span', { class: 'muted' }, 'not yet'),
      ),
    );
  });
  for (const visit of plan.maintenance || []) {
    rows.push(
      el(
        'tr',
        { class: 'maintenance-row' },
        el('td', {}, 'M'),
        el('td', {}, el('time', { datetime: visit.date }, formatDate(visit.date))),
        el('td', {}, 'maintenance'),
        el('td', {}, ''),
      ),
    );
  }
  return el(
    'div',
    tableWrap('Planned sessions table'),
    el(
      'table',
      { 'data-testid': 'schedule' },
      el('caption', { class: 'visually-hidden' }, 'Planned sessions with their windows'),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col', class: 'numeric' }, 'Session'),
          el('th', { scope: 'col' }, 'Planned'),
          el('th', { scope: 'col' }, 'Window'),
          el('th', { scope: 'col' }, 'Done'),
        ),
      ),
      el('tbody', {}, rows),
    ),
  );
}

/* corrections: the correction panel, whose buttons each row gets. */
function sessionsTable(sessions, corrections) {
  if (sessions.length === 0) return el('p', { class: 'empty' }, 'No session recorded yet.');
  return el(
    'div',
    tableWrap('Sessions done table'),
    el(
      'table',
      { 'data-testid': 'sessions' },
      el('caption', { class: 'visually-hidden' }, 'Sessions done'),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['#', 'Date', 'Modality', 'Areas', 'Depth (mm)', 'Practitioner', 'Grades', 'Notes', 'Correct'].map((h) =>
            el('th', { scope: 'col' }, h),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        sessions.map((session) =>
          el(
            'tr',
            { 'data-session': session.id },
            el('td', { class: 'numeric' }, String(session.number)),
            el('td', {}, el('time', { datetime: session.date }, formatDate(session.date)), flags(session)),
            el('td', {}, orDash(session.modality)),
            el('td', {}, (session.areas || []).map((code) => labelOf(areaWords, code)).join(', ')),
            el('td', { class: 'numeric' }, orDash(session.depth_mm)),
            el(
              'td',
              {},
              orDash(session.practitioner),
              session.device ? el('div', { class: 'muted' }, session.device) : null,
            ),
            el(
              'td',
              {},
              session.laxity_grade !== null && session.laxity_grade !== undefined
                ? el('div', {}, `laxity ${session.laxity_grade}`)
                : null,
              session.gais !== null && session.gais !== undefined ? el('div', {}, `GAIS ${session.gais}`) : null,
            ),
            el(
              'td',
              { class: 'notes' },
              orDash(session.notes),
              session.forced && session.force_reason
                ? el('div', { class: 'muted' }, `Override: ${session.force_reason}`)
                : null,
            ),
            el('td', {}, corrections.buttons(session)),
          ),
        ),
      ),
    ),
  );
}

/* The server's SVG timeline; if it cannot be had, the same picture drawn here. */
function timelineFigure(course, sessions) {
  const figure = el('figure', { class: 'timeline-figure' });
  const fallback = () =>
    replace(figure, responsiveTimeline(course.plan, { sessionsDone: sessions, today: viewerToday() }));
  if (!course.plan.schedule) return figure;
  const image = el('img', {
    class: 'server-timeline',
    /*
     * The page is redrawn in the same document after every change (a session
     * recorded, amended, voided), and the browser would show the picture it
     * already has for the same address: the query makes each drawing its own.
     */
    src: `/api/v1/courses/${course.id}/timeline.svg?drawn=${Date.now()}`,
    alt: `Timeline of course ${course.id}: planned sessions, their windows, sessions done and the maintenance visit.`,
  });
  image.addEventListener('error', fallback, { once: true });
  figure.appendChild(image);
  return figure;
}

export async function courseView(ctx, id) {
  const course = await get(`/api/v1/courses/${id}`);
  const [client, info, clinic] = await Promise.all([
    get(`/api/v1/clients/${course.client}`),
    protocolInfo(),
    get('/api/v1/clinic').catch(() => null),
  ]);
  /* The clinic's today decides which dates need their year. */
  if (clinic) setViewerToday(clinic.today);
  const plan = course.plan;
  const sessions = course.sessions || [];
  ctx.setTitle(`Course ${course.id} · ${client.name}`);

  const canRecord = course.status === 'active' || course.status === 'maintenance';
  const corrections = correctionPanel(ctx, course);
  replace(
    ctx.main,
    crumbs(el('a', { href: '#/clients' }, 'Clients'), el('a', { href: `#/clients/${client.id}` }, client.name)),
    pageHead(
      `Course ${course.id}: ${client.name}`,
      el('a', { class: 'button', href: `#/courses/${course.id}/print` }, 'Printable plan'),
      el(
        'a',
        { class: 'button', href: `/api/v1/courses/${course.id}.ics`, download: `course-${course.id}.ics` },
        'Calendar file',
      ),
    ),
    flashBox(ctx),
    el(
      'section',
      { class: 'card', 'aria-labelledby': 'summary-heading' },
      el('h2', { id: 'summary-heading' }, 'Summary ', statusBadge(course.status)),
      answerSentence(plan, { voice: 'staff' }),
      rangesParagraph(plan),
      el('p', {}, `${plural(sessions.length, 'session')} done of ${plan.sessions.recommended} planned.`),
      nextParagraph(course.next),
      screeningBlock(plan, info, 'staff'),
      warningsBlock(plan),
    ),
    el(
      'section',
      { class: 'card', 'aria-labelledby': 'schedule-heading' },
      el('h2', { id: 'schedule-heading' }, 'Schedule'),
      timelineFigure(course, sessions),
      scheduleTable(plan, sessions),
    ),
    bookingsSection(ctx, course),
    canRecord
      ? el(
          'section',
          { class: 'card', 'aria-labelledby': 'record-heading' },
          el('h2', { id: 'record-heading' }, 'Record a session'),
          sessionForm(ctx, course, clinic && clinic.today),
        )
      : null,
    el(
      'section',
      { class: 'card', 'aria-labelledby': 'sessions-heading' },
      el('h2', { id: 'sessions-heading' }, 'Sessions done'),
      sessionsTable(sessions, corrections),
      corrections.element,
      voidedList(course),
    ),
    courseLifeSection(ctx, course),
    el(
      'section',
      { class: 'card plan', 'aria-labelledby': 'why-heading' },
      el('h2', { id: 'why-heading' }, 'Why this plan'),
      reasonsBlock(plan, info),
      aftercareBlock(plan),
    ),
  );
  ctx.focusHeading();
}
