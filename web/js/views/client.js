/*
 * One client: their details and their courses, each with what comes next.
 */
import { el, replace } from '../dom.js';
import { get } from '../api.js';
import { pageHead, crumbs, flashBox, orDash, dateOrDash, statusBadge, tableWrap } from './common.js';
import { daysBetween, todayIso, plural } from '../format.js';
import { clientDataCard } from './client-data.js';
import { portalCard } from './portal-link.js';
import { clientMessagesCard } from './client-messages.js';

function nextText(next) {
  if (!next) return el('span', { class: 'muted' }, 'nothing due');
  const late = daysBetween(next.date, todayIso());
  return el(
    'span',
    {},
    `${next.kind === 'maintenance' ? 'Maintenance' : 'Session'} ${dateOrDash(next.date)}`,
    late > 0 ? el('span', { class: 'badge badge-danger' }, `overdue ${plural(late, 'day')}`) : null,
  );
}

export async function clientView(ctx, id) {
  const client = await get(`/api/v1/clients/${id}`);
  ctx.setTitle(client.name);
  const courses = client.courses || [];
  const newCourse = el('a', { class: 'button primary', href: `#/clients/${id}/courses/new` }, 'New course');
  const edit = el('a', { class: 'button', href: `#/clients/${id}/edit` }, 'Edit details');
  /* A client merged into another keeps only this note (docs/records.md#corrections). */
  const merged = client.merged_into
    ? el(
        'div',
        { class: 'notice warn', role: 'status', 'data-testid': 'merged' },
        el(
          'p',
          {},
          'This client was merged into ',
          el('a', { href: `#/clients/${client.merged_into}` }, `client ${client.merged_into}`),
          '; their records are there now.',
        ),
      )
    : null;

  const courseList =
    courses.length === 0
      ? el('p', { class: 'empty' }, 'No course yet. Start one from an assessment.')
      : el(
          'div',
          tableWrap(`Courses of ${client.name} table`),
          el(
            'table',
            { 'data-testid': 'courses' },
            el('caption', { class: 'visually-hidden' }, `Courses of ${client.name}`),
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                ['Course', 'Status', 'Started', 'Next'].map((h) => el('th', { scope: 'col' }, h)),
              ),
            ),
            el(
              'tbody',
              {},
              courses.map((course) =>
                el(
                  'tr',
                  { 'data-course': course.id },
                  el('td', {}, el('a', { href: `#/courses/${course.id}` }, `Course ${course.id}`)),
                  el('td', {}, statusBadge(course.status)),
                  el('td', {}, dateOrDash(course.start)),
                  el('td', {}, nextText(course.next)),
                ),
              ),
            ),
          ),
        );

  replace(
    ctx.main,
    crumbs(el('a', { href: '#/clients' }, 'Clients')),
    pageHead(client.name, ...(merged ? [] : [edit, newCourse])),
    flashBox(ctx),
    merged,
    el(
      'div',
      { class: 'two-columns' },
      el(
        'section',
        { class: 'card', 'aria-labelledby': 'client-details' },
        el('h2', { id: 'client-details' }, 'Details'),
        el(
          'dl',
          { class: 'facts' },
          el('dt', {}, 'Client number'),
          el('dd', {}, String(client.id)),
          el('dt', {}, 'Email'),
          el('dd', {}, orDash(client.email)),
          el('dt', {}, 'Phone'),
          el('dd', {}, orDash(client.phone)),
          el('dt', {}, 'Birth date'),
          el('dd', {}, dateOrDash(client.birth_date)),
          el('dt', {}, 'Skin type'),
          el('dd', {}, orDash(client.skin_type)),
        ),
      ),
      el(
        'section',
        { class: 'card', 'aria-labelledby': 'client-courses' },
        el('h2', { id: 'client-courses' }, 'Courses'),
        courseList,
      ),
    ),
    merged ? null : portalCard(ctx, client),
    clientMessagesCard(ctx, client.id),
    clientDataCard(ctx, client),
  );
  ctx.focusHeading();
}
