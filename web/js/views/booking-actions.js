/*
 * What the front desk does with a booking (SPEC 6.2, docs/records.md#bookings):
 * move it (judged again like a new booking; a refusal offers the override
 * box), say the client came (the session of the booking's day is recorded
 * and the booking settled) or did not (no-show: kept, released). The server
 * is the judge; "came" and "did not come" are offered from the booking's day.
 */
import { el, field, replace } from '../dom.js';
import { patch, post } from '../api.js';
import { sendOrOfferOverride } from './force.js';
import { formatDate, todayIso } from '../format.js';

export function whenText(booking) {
  return booking.time ? `${formatDate(booking.date)} at ${booking.time}` : `${formatDate(booking.date)} (all day)`;
}

/* "session 3" or "the maintenance visit": what a booking is for, in words. */
export function bookingWhat(booking) {
  return booking.kind === 'maintenance' ? 'the maintenance visit' : `session ${booking.number}`;
}

/* The move form under a booking's row: a new date and time, sent as PATCH. */
function moveForm(ctx, course, booking, errors) {
  const date = el('input', { type: 'date', name: 'date', required: true, value: booking.date });
  const time = el('input', { type: 'time', name: 'time', step: 60, value: booking.time || '' });
  const submit = el('button', { type: 'submit', class: 'button primary' }, 'Move booking');

  async function send(payload, forced) {
    const moved = await patch(`/api/v1/bookings/${booking.id}`, payload);
    const lines = moved && moved.warning ? [moved.warning] : [];
    ctx.navigate(`#/courses/${course.id}`, {
      text: `Booking of ${bookingWhat(booking)} moved to ${whenText(payload)}${forced ? ' with an override; the reason is recorded' : ''}.`,
      warn: forced || lines.length > 0,
      lines,
    });
  }

  const form = el(
    'form',
    { class: 'move-form', novalidate: true, 'data-testid': 'move-form' },
    el(
      'div',
      { class: 'form-grid' },
      field('New date', date),
      field('New time (optional)', time, 'Leave empty for the whole day.'),
    ),
    el('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(errors);
    if (!date.value) {
      replace(errors, el('p', { class: 'alert', role: 'alert' }, 'Enter the new date.'));
      date.focus();
      return;
    }
    const payload = { date: date.value };
    if (time.value) payload.time = time.value.slice(0, 5);
    submit.disabled = true;
    try {
      await sendOrOfferOverride({ ctx, errors, send, payload, action: 'Move anyway with this reason' });
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/* The accessible name starts with the visible word, so speech control finds the button by it. */
function actionButton(label, name) {
  return el('button', { type: 'button', class: 'button', 'aria-label': name }, label);
}

/*
 * bookingActions(ctx, course, booking, errors, cancel) -> {buttons, panel}:
 * the row's buttons (Move, Attended, No-show and the given Cancel) and the
 * panel the move form opens in, for the row after it.
 */
export function bookingActions(ctx, course, booking, errors, cancel) {
  const what = `${bookingWhat(booking)} on ${formatDate(booking.date)}`;
  const panel = el('div', { class: 'move-panel', hidden: true });
  const move = actionButton('Move', `Move the booking of ${what}`);
  move.setAttribute('aria-expanded', 'false');
  move.addEventListener('click', () => {
    const open = panel.hidden;
    replace(panel, open ? moveForm(ctx, course, booking, errors) : null);
    panel.hidden = !open;
    move.setAttribute('aria-expanded', String(open));
    if (open) panel.querySelector('input').focus();
  });

  const buttons = [move];
  if (booking.date <= todayIso()) {
    const came = actionButton('Attended', `Attended: the client came to ${what}`);
    came.addEventListener('click', async () => {
      came.disabled = true;
      try {
        const recorded = await post(`/api/v1/bookings/${booking.id}/attend`, {});
        const lines = recorded && recorded.warning ? [recorded.warning] : [];
        ctx.navigate(`#/courses/${course.id}`, {
          text: `Session ${recorded.number} of ${formatDate(booking.date)} recorded; the booking is settled.`,
          warn: lines.length > 0,
          lines,
        });
      } catch (error) {
        ctx.showError(error, errors);
        came.disabled = false;
      }
    });
    const missed = actionButton('No-show', `No-show: the client did not come to ${what}`);
    missed.addEventListener('click', async () => {
      missed.disabled = true;
      try {
        await post(`/api/v1/bookings/${booking.id}/no-show`, {});
        ctx.navigate(`#/courses/${course.id}`, {
          text: `Booking of ${whenText(booking)} marked as a no-show; its place is released.`,
        });
      } catch (error) {
        ctx.showError(error, errors);
        missed.disabled = false;
      }
    });
    buttons.push(came, missed);
  }
  buttons.push(cancel);
  return { buttons: el('div', { class: 'row-actions' }, buttons), panel };
}
