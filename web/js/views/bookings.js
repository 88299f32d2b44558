/*
 * Booking the course's next sessions ahead (and, once they are all booked,
 * its maintenance visit), at a time in the clinic's time zone; each
 * booking's row moves it, settles it (attended, no-show) or calls it off
 * (booking-actions.js). The server judges a booking like a session recorded
 * on that day (the interval floor, counting the client's other bookings); a
 * refusal is shown with the override box, as for sessions.
 */
import { el, field, replace } from '../dom.js';
import { tableWrap } from './common.js';
import { post, remove } from '../api.js';
import { sendOrOfferOverride } from './force.js';
import { formatDate } from '../format.js';
import { bookingActions, bookingWhat, whenText } from './booking-actions.js';

function bookingsTable(ctx, course) {
  const bookings = course.bookings || [];
  if (bookings.length === 0) return el('p', { class: 'empty' }, 'No session booked yet.');
  const zone = bookings[0].time_zone;
  const errors = el('div', { class: 'status-region', 'data-testid': 'cancel-errors' });
  const table = el(
    'div',
    tableWrap('Sessions booked table'),
    el(
      'table',
      { 'data-testid': 'bookings' },
      el('caption', { class: 'visually-hidden' }, `Sessions booked, times in ${zone}`),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col', class: 'numeric' }, 'Session'),
          el('th', { scope: 'col' }, 'Booked for'),
          el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Actions')),
        ),
      ),
      el(
        'tbody',
        {},
        bookings.map((booking) => {
          const cancel = el(
            'button',
            {
              type: 'button',
              class: 'button',
              'aria-label': `Cancel the booking of ${bookingWhat(booking)} on ${formatDate(booking.date)}`,
            },
            'Cancel',
          );
          cancel.addEventListener('click', async () => {
            cancel.disabled = true;
            try {
              await remove(`/api/v1/bookings/${booking.id}`);
              ctx.navigate(`#/courses/${course.id}`, { text: `Booking of ${whenText(booking)} cancelled.` });
            } catch (error) {
              ctx.showError(error, errors);
              cancel.disabled = false;
            }
          });
          const actions = bookingActions(ctx, course, booking, errors, cancel);
          return el(
            'tr',
            { 'data-booking': booking.id },
            el('td', { class: 'numeric' }, booking.kind === 'maintenance' ? 'Maintenance' : String(booking.number)),
            el(
              'td',
              {},
              el(
                'time',
                { datetime: booking.time ? `${booking.date}T${booking.time}` : booking.date },
                whenText(booking),
              ),
              booking.forced ? el('span', { class: 'badge badge-danger' }, 'override') : null,
              actions.panel,
            ),
            el('td', {}, actions.buttons),
          );
        }),
      ),
    ),
  );
  return [table, errors, el('p', { class: 'muted' }, `Times are in the clinic's time zone, ${zone}.`)];
}

/* The planned date of the first session neither done nor booked, or '' when none is left. */
function nextUnbookedDate(course) {
  const taken = (course.sessions || []).length + (course.bookings || []).length;
  const item = (course.plan.schedule || [])[taken];
  return item ? item.date : '';
}

/* The maintenance visit's planned date once every session is done or booked. */
function maintenanceDate(course) {
  const visit = (course.plan.maintenance || [])[0];
  return visit ? visit.date : '';
}

function bookingForm(ctx, course) {
  const session = nextUnbookedDate(course);
  const date = el('input', { type: 'date', name: 'date', required: true, value: session || maintenanceDate(course) });
  const time = el('input', { type: 'time', name: 'time', step: 60 });
  const errors = el('div', { class: 'status-region', 'data-testid': 'booking-errors' });
  const submit = el(
    'button',
    { type: 'submit', class: 'button primary' },
    session ? 'Book session' : 'Book maintenance visit',
  );

  async function send(payload, forced) {
    const created = await post(`/api/v1/courses/${course.id}/bookings`, payload);
    const lines = created && created.warning ? [created.warning] : [];
    ctx.navigate(`#/courses/${course.id}`, {
      text: `${session ? `Session ${created.number}` : 'Maintenance visit'} booked for ${whenText(payload)}${forced ? ' with an override; the reason is recorded' : ''}.`,
      warn: forced || lines.length > 0,
      lines,
    });
  }

  const form = el(
    'form',
    { class: 'booking-form', novalidate: true, 'data-testid': 'booking-form' },
    el(
      'div',
      { class: 'form-grid' },
      field('Date', date),
      field('Time (optional)', time, 'Leave empty to book the whole day.'),
    ),
    errors,
    el('div', { class: 'actions' }, submit),
  );
  const withdraw = (event) => {
    if (!errors.contains(event.target) && errors.querySelector('[data-testid="refusal"]')) replace(errors);
  };
  form.addEventListener('input', withdraw);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(errors);
    if (!date.value) {
      replace(errors, el('p', { class: 'alert', role: 'alert' }, 'Enter the date to book.'));
      date.focus();
      return;
    }
    const payload = { date: date.value };
    if (time.value) payload.time = time.value.slice(0, 5);
    submit.disabled = true;
    try {
      await sendOrOfferOverride({ ctx, errors, send, payload, action: 'Book anyway with this reason' });
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/* bookingsSection(ctx, course) -> the card with the bookings and, for an active course, the form. */
export function bookingsSection(ctx, course) {
  const canBook = course.status === 'active' && (nextUnbookedDate(course) !== '' || maintenanceDate(course) !== '');
  return el(
    'section',
    { class: 'card', 'aria-labelledby': 'bookings-heading' },
    el('h2', { id: 'bookings-heading' }, 'Bookings'),
    bookingsTable(ctx, course),
    canBook ? bookingForm(ctx, course) : null,
  );
}
