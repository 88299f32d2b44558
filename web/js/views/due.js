/*
 * The recall list: every course whose next session or maintenance visit is
 * due by a date, overdue ones first, with how to reach the client, the
 * window the visit should fall in and the booking already made, and the
 * same list as a CSV download.
 */
import { el, field, replace } from '../dom.js';
import { get } from '../api.js';
import { pageHead, flashBox, tableWrap } from './common.js';
import { formatDate, todayIso, plural } from '../format.js';

function query(on, within) {
  const params = new URLSearchParams();
  if (on) params.set('on', on);
  if (within !== '') params.set('within', within);
  return params.toString();
}

/* The client's phone and e-mail as links the desk can call or write to; a dash when neither is on file. */
function contact(row) {
  const parts = [];
  if (row.phone) parts.push(el('a', { href: `tel:${row.phone.replace(/[^+\d]/g, '')}` }, row.phone));
  if (row.email) parts.push(el('a', { href: `mailto:${row.email}` }, row.email));
  if (parts.length === 0) return el('span', { class: 'muted' }, '—');
  return parts.flatMap((part, index) => (index ? [el('br', {}), part] : [part]));
}

export async function dueView(ctx) {
  ctx.setTitle('Due list');
  const on = el('input', { type: 'date', name: 'on', value: todayIso(), required: true });
  const within = el('input', {
    type: 'number',
    name: 'within',
    value: '14',
    min: '0',
    step: '1',
    inputmode: 'numeric',
  });
  const results = el('div', { 'aria-live': 'polite', 'data-testid': 'due-results' });
  const csv = el('a', { class: 'button', 'data-testid': 'csv' }, 'Download CSV');
  const form = el(
    'form',
    { class: 'inline-form', novalidate: true },
    field('Due on or before', on),
    field('Plus days ahead', within),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'button primary' }, 'Show'), csv),
  );

  async function load() {
    const parameters = query(on.value, within.value.trim());
    csv.setAttribute('href', `/api/v1/due.csv?${parameters}`);
    csv.setAttribute('download', `due-${on.value || todayIso()}.csv`);
    replace(results, el('p', { class: 'loading' }, 'Loading…'));
    let rows;
    try {
      rows = await get(`/api/v1/due?${parameters}`);
    } catch (error) {
      ctx.showError(error, results);
      return;
    }
    /* Overdue first (most overdue on top), then the rest by due date. */
    const sorted = rows
      .map((row, index) => ({ row, index }))
      .sort((a, b) => {
        const lateA = a.row.overdue_days > 0;
        const lateB = b.row.overdue_days > 0;
        if (lateA !== lateB) return lateA ? -1 : 1;
        return a.row.due < b.row.due ? -1 : a.row.due > b.row.due ? 1 : a.index - b.index;
      })
      .map(({ row }) => row);
    const overdue = sorted.filter((row) => row.overdue_days > 0).length;
    replace(
      results,
      el('p', { role: 'status' }, `${plural(sorted.length, 'course')} due`, overdue ? `, ${overdue} overdue.` : '.'),
      sorted.length === 0
        ? el('p', { class: 'empty' }, 'Nobody is due in this period.')
        : el(
            'div',
            tableWrap('Courses due table'),
            el(
              'table',
              { 'data-testid': 'due' },
              el('caption', { class: 'visually-hidden' }, 'Courses due'),
              el(
                'thead',
                {},
                el(
                  'tr',
                  {},
                  ['Client', 'Contact', 'Course', 'What', 'Due', 'Window', 'Booked', 'Overdue'].map((h) =>
                    el('th', { scope: 'col' }, h),
                  ),
                ),
              ),
              el(
                'tbody',
                {},
                sorted.map((row) =>
                  el(
                    'tr',
                    {
                      class: row.overdue_days > 0 ? 'overdue' : undefined,
                      'data-course': row.course,
                      'data-overdue': row.overdue_days,
                    },
                    el('td', {}, el('a', { href: `#/clients/${row.client}` }, row.name)),
                    el('td', { class: 'contact' }, contact(row)),
                    el('td', {}, el('a', { href: `#/courses/${row.course}` }, `Course ${row.course}`)),
                    el('td', {}, row.kind === 'maintenance' ? 'Maintenance visit' : 'Next session'),
                    el('td', {}, el('time', { datetime: row.due }, formatDate(row.due))),
                    el(
                      'td',
                      { class: 'window' },
                      el('time', { datetime: row.earliest }, formatDate(row.earliest)),
                      ' – ',
                      el('time', { datetime: row.latest }, formatDate(row.latest)),
                    ),
                    el(
                      'td',
                      { class: 'booked' },
                      row.booked
                        ? [
                            el('time', { datetime: row.booked.date }, formatDate(row.booked.date)),
                            row.booked.time ? ` ${row.booked.time}` : ' (all day)',
                          ]
                        : el('span', { class: 'muted' }, 'not booked'),
                    ),
                    el(
                      'td',
                      {},
                      row.overdue_days > 0
                        ? el('span', { class: 'badge badge-danger' }, `${plural(row.overdue_days, 'day')} overdue`)
                        : el('span', { class: 'muted' }, 'on time'),
                    ),
                  ),
                ),
              ),
            ),
          ),
    );
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });

  replace(ctx.main, pageHead('Due list'), flashBox(ctx), el('section', { class: 'card' }, form, results));
  ctx.focusHeading();
  await load();
}
