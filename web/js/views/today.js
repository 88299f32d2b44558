/*
 * The diary: the clinic's bookings for a week, a list per day in time
 * order (all-day bookings first), each linking to its course. "#/today"
 * starts the week on the clinic's today (the server's, in the clinic's
 * time zone); "#/diary/YYYY-MM-DD" on any day. Lists, not a table, so a
 * phone shows it without scrolling sideways; every control is a real link
 * or button.
 */
import { el, field, replace } from '../dom.js';
import { get } from '../api.js';
import { pageHead, flashBox } from './common.js';
import { formatDate, parseIso, plural } from '../format.js';

const WEEK = 7;

function addDays(iso, days) {
  const date = parseIso(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function visitWords(row) {
  return row.kind === 'maintenance' ? 'Maintenance visit' : `Session ${row.number} of ${row.sessions}`;
}

function bookingItem(row) {
  return el(
    'li',
    { class: 'diary-booking', 'data-booking': row.booking, 'data-course': row.course },
    el('span', { class: 'diary-time' }, row.time ? el('time', {}, row.time) : 'All day'),
    el(
      'span',
      { class: 'diary-what' },
      el('a', { href: `#/courses/${row.course}` }, `${row.name} · ${visitWords(row)}`),
      el(
        'span',
        { class: 'muted' },
        ` ${plural(row.minutes, 'minute')} · ${row.areas.join(', ')} · course ${row.course}`,
      ),
      row.phone ? [' · ', el('a', { href: `tel:${row.phone.replace(/[^+\d]/g, '')}` }, row.phone)] : null,
    ),
  );
}

function dayList(day, rows, today) {
  const headingText = day === today ? `Today, ${formatDate(day)}` : formatDate(day);
  return el(
    'section',
    { class: 'diary-day', 'data-day': day, 'aria-label': headingText },
    el('h2', {}, el('time', { datetime: day }, headingText)),
    rows.length === 0
      ? el('p', { class: 'empty' }, 'No bookings.')
      : el('ol', { class: 'diary-list' }, rows.map(bookingItem)),
  );
}

/* start: YYYY-MM-DD, or undefined for the clinic's today. */
export async function todayView(ctx, start) {
  const clinic = await get('/api/v1/clinic');
  const today = clinic.today;
  const first = start || today;
  const rows = await get(`/api/v1/diary?on=${first}&days=${WEEK}`);
  const title = first === today ? 'Today' : `Week from ${formatDate(first)}`;
  ctx.setTitle(title);

  const byDay = new Map();
  for (let i = 0; i < WEEK; i++) byDay.set(addDays(first, i), []);
  for (const row of rows) byDay.get(row.date)?.push(row);

  const picker = el('input', { type: 'date', name: 'on', value: first, required: true });
  const form = el(
    'form',
    { class: 'inline-form', 'data-testid': 'diary-go' },
    field('Week from', picker),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'button' }, 'Show')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (parseIso(picker.value)) ctx.navigate(`#/diary/${picker.value}`);
  });
  const weekNav = el(
    'nav',
    { class: 'diary-nav', 'aria-label': 'Weeks' },
    el('a', { class: 'button', href: `#/diary/${addDays(first, -WEEK)}` }, 'Previous week'),
    first === today ? null : el('a', { class: 'button', href: '#/today' }, 'Today'),
    el('a', { class: 'button', href: `#/diary/${addDays(first, WEEK)}` }, 'Next week'),
    el('a', { class: 'button', href: `/api/v1/diary.csv?on=${first}&days=${WEEK}` }, 'Download CSV'),
    el('a', { class: 'button', href: `/api/v1/diary.ics?on=${first}&days=${WEEK}` }, 'Download calendar'),
  );

  replace(
    ctx.main,
    pageHead(title),
    flashBox(ctx),
    el('p', { role: 'status' }, `${plural(rows.length, 'booking')} this week.`),
    weekNav,
    form,
    el(
      'div',
      { class: 'diary', 'data-testid': 'diary' },
      [...byDay].map(([day, dayRows]) => dayList(day, dayRows, today)),
    ),
  );
  ctx.focusHeading();
}

/* #/diary/YYYY-MM-DD: the week from that day. */
export function diaryView(ctx, year, month, day) {
  const pad = (n) => String(n).padStart(2, '0');
  return todayView(ctx, `${year}-${pad(month)}-${pad(day)}`);
}
