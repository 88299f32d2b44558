/*
 * The client's portal (/portal/<token>): the client's course, the next
 * session's safe window and the clinic's aftercare, and a picker that books,
 * moves or cancels the next session. The secret token is the page's own
 * path; every request goes to /portal/<token>/... without a cookie, and the
 * server judges every booking as it judges the clinic's own, so this page
 * only offers what the server says is free and shows the server's words
 * when it refuses.
 */
import { el, replace, uid } from './dom.js';
import { request, ApiError } from './api.js';
import { formatDate, parseIso } from './format.js';

/* "Fri 18 Dec": a day button, short enough for several to a row on a phone. */
const dayLabel = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});

const base = window.location.pathname.replace(/\/+$/, '');
const content = document.getElementById('content');
const pageError = document.getElementById('page-error');
const status = document.getElementById('status');

const call = (method, path, body) => request(method, `${base}${path}`, body, { public: true });

function message(error) {
  return error instanceof ApiError ? error.message : 'Something went wrong. Please try again.';
}

function announce(text) {
  status.textContent = text;
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function visitName(next) {
  return next.kind === 'maintenance' ? 'maintenance visit' : `session ${next.number}`;
}

function courseSection(data) {
  const course = data.course;
  const done = course.sessions_done;
  const planned = course.sessions_planned;
  const lines = [el('p', {}, `${plural(done, 'session')} done of the ${planned} planned.`)];
  if (course.last_session) lines.push(el('p', {}, `Your last session was on ${formatDate(course.last_session)}.`));
  if (course.status === 'maintenance')
    lines.push(el('p', {}, 'Your first course is complete; what comes next is a maintenance visit.'));
  return el('section', { class: 'card portal-card', 'aria-labelledby': 'course-heading' }, [
    el('h2', { id: 'course-heading' }, 'Your course'),
    lines,
  ]);
}

function windowText(next) {
  return (
    `The safe window for your ${visitName(next)} is ${formatDate(next.earliest)} to ` +
    `${formatDate(next.latest)}; the best day is ${formatDate(next.ideal)}.`
  );
}

function aftercareSection(items) {
  if (!items.length) return null;
  return el('section', { class: 'card portal-card', 'aria-labelledby': 'aftercare-heading' }, [
    el('h2', { id: 'aftercare-heading' }, 'Aftercare'),
    el(
      'ul',
      { class: 'portal-aftercare' },
      items.map((text) => el('li', {}, text)),
    ),
  ]);
}

/* The server answers at most 62 days of free times at once: a maintenance window is longer. */
const MAX_SLOT_DAYS = 62;

function lastAsked(next) {
  const from = parseIso(next.bookable_from);
  const cap = new Date(from.getTime() + (MAX_SLOT_DAYS - 1) * 86400000).toISOString().slice(0, 10);
  return cap < next.latest ? cap : next.latest;
}

function contactLine(clinic) {
  const ways = [clinic.phone, clinic.email].filter(Boolean);
  return ways.length ? `Please call or write to the clinic: ${ways.join(', ')}.` : 'Please contact the clinic.';
}

/*
 * The picker: free days (from the server), then the free times of the
 * chosen day; the date and time fields can also be typed, and the server
 * decides either way.
 */
function picker(data, onDone) {
  const next = data.course.next;
  const booked = data.course.booking;
  const dateInput = el('input', {
    type: 'date',
    id: uid('portal-date'),
    name: 'date',
    min: next.bookable_from,
    max: next.latest,
    required: true,
  });
  const timeInput = el('input', { type: 'time', id: uid('portal-time'), name: 'time', step: 1800, required: true });
  const days = el('div', { class: 'portal-days', 'data-testid': 'free-days' });
  const times = el('div', { class: 'portal-times', 'data-testid': 'free-times' });
  const formError = el('div', { class: 'form-error', role: 'alert', 'data-testid': 'portal-error' });
  const submit = el(
    'button',
    { type: 'submit', class: 'button primary' },
    booked ? 'Move my booking to this time' : 'Book this time',
  );
  let slots = [];

  function showTimes(date) {
    const day = slots.find((d) => d.date === date);
    if (!day) {
      replace(times, el('p', { class: 'hint' }, date ? 'No free times on this day.' : ''));
      return;
    }
    replace(
      times,
      el('p', { class: 'hint' }, `Free times on ${formatDate(date)}:`),
      el(
        'ul',
        { class: 'portal-choices' },
        day.times.map((time) =>
          el(
            'li',
            {},
            el(
              'button',
              {
                type: 'button',
                class: 'button small',
                'aria-pressed': timeInput.value === time ? 'true' : 'false',
                on: {
                  click: () => {
                    timeInput.value = time;
                    for (const b of times.querySelectorAll('button')) b.setAttribute('aria-pressed', 'false');
                    times.querySelector(`button[data-time="${time}"]`)?.setAttribute('aria-pressed', 'true');
                    submit.focus();
                  },
                },
                'data-time': time,
              },
              time,
            ),
          ),
        ),
      ),
    );
  }

  function chooseDay(date) {
    dateInput.value = date;
    for (const b of days.querySelectorAll('button'))
      b.setAttribute('aria-pressed', b.dataset.date === date ? 'true' : 'false');
    showTimes(date);
  }

  async function loadSlots() {
    if (!next.bookable_from) {
      replace(days, el('p', {}, `There is no day left in the window to book online. ${contactLine(data.clinic)}`));
      return;
    }
    try {
      const answer = await call('GET', `/slots?from=${next.bookable_from}&to=${lastAsked(next)}`);
      slots = answer.days;
    } catch (error) {
      replace(days, el('p', {}, message(error)));
      return;
    }
    if (!slots.length) {
      replace(days, el('p', {}, `No free times are left in the window. ${contactLine(data.clinic)}`));
      return;
    }
    replace(
      days,
      el('p', { class: 'hint' }, 'Days with free times:'),
      el(
        'ul',
        { class: 'portal-choices' },
        slots.map((day) =>
          el(
            'li',
            {},
            el(
              'button',
              {
                type: 'button',
                class: 'button small',
                'aria-pressed': 'false',
                'data-date': day.date,
                on: { click: () => chooseDay(day.date) },
              },
              dayLabel.format(parseIso(day.date)).replace(',', ''),
            ),
          ),
        ),
      ),
    );
  }

  dateInput.addEventListener('change', () => showTimes(dateInput.value));

  const form = el(
    'form',
    {
      class: 'portal-form',
      novalidate: true,
      'aria-labelledby': 'pick-heading',
      on: {
        submit: async (event) => {
          event.preventDefault();
          replace(formError);
          if (!dateInput.value || !timeInput.value) {
            replace(formError, el('p', {}, 'Choose a day and a time first.'));
            (dateInput.value ? timeInput : dateInput).focus();
            return;
          }
          submit.disabled = true;
          try {
            const body = { date: dateInput.value, time: timeInput.value };
            if (booked) await call('PATCH', `/bookings/${booked.id}`, body);
            else await call('POST', '/bookings', body);
            onDone(`Booked: ${formatDate(body.date)} at ${body.time}.`);
          } catch (error) {
            replace(formError, el('p', {}, message(error)));
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    [
      el('h3', { id: 'pick-heading' }, booked ? 'Move to another time' : 'Book your next session'),
      days,
      el('div', { class: 'field' }, [el('label', { for: dateInput.id }, 'Day'), dateInput]),
      times,
      el('div', { class: 'field' }, [el('label', { for: timeInput.id }, 'Time'), timeInput]),
      formError,
      el('div', { class: 'actions' }, submit),
    ],
  );
  loadSlots();
  return form;
}

function cancelBox(booked, onDone) {
  const error = el('div', { class: 'form-error', role: 'alert' });
  const confirm = el('button', { type: 'button', class: 'button danger', hidden: true }, 'Yes, cancel it');
  const ask = el('button', { type: 'button', class: 'button' }, 'Cancel my booking');
  ask.addEventListener('click', () => {
    confirm.hidden = false;
    confirm.focus();
  });
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    try {
      await call('DELETE', `/bookings/${booked.id}`);
      onDone('Your booking is cancelled.');
    } catch (failure) {
      replace(error, el('p', {}, message(failure)));
    } finally {
      confirm.disabled = false;
    }
  });
  return el('div', { class: 'actions' }, [ask, confirm, error]);
}

function nextSection(data, onDone) {
  const course = data.course;
  const next = course.next;
  const children = [el('h2', { id: 'next-heading' }, 'Your next session')];
  if (!next) {
    children.push(el('p', {}, 'Nothing more is planned in this course.'));
  } else {
    children.push(el('p', { 'data-testid': 'window' }, windowText(next)));
    if (course.booking) {
      const when = course.booking.time
        ? `${formatDate(course.booking.date)} at ${course.booking.time}`
        : formatDate(course.booking.date);
      children.push(el('p', { class: 'notice', 'data-testid': 'booked' }, `Booked: ${when}.`));
      children.push(cancelBox(course.booking, onDone));
    }
    if (data.booking_open) children.push(picker(data, onDone));
    else children.push(el('p', {}, `Online booking is not open. ${contactLine(data.clinic)}`));
  }
  return el('section', { class: 'card portal-card', 'aria-labelledby': 'next-heading' }, children);
}

async function load(done) {
  let data;
  try {
    data = await call('GET', '/api');
  } catch (error) {
    replace(content);
    replace(
      pageError,
      el(
        'p',
        {},
        error.status === 404 ? 'This link does not work. Please ask the clinic for a new one.' : message(error),
      ),
    );
    return;
  }
  replace(pageError);
  document.getElementById('clinic').textContent = data.clinic.name || '';
  document.getElementById('greeting').textContent = data.first_name ? `Hello, ${data.first_name}` : 'Hello';
  if (!data.course) {
    replace(content, el('p', {}, `You have no open course at the moment. ${contactLine(data.clinic)}`));
    return;
  }
  const reload = (text) => {
    announce(text);
    load(text);
  };
  replace(
    content,
    done ? el('p', { class: 'notice', 'data-testid': 'done', tabindex: '-1' }, done) : null,
    courseSection(data),
    nextSection(data, reload),
    aftercareSection(data.aftercare),
  );
  if (done) content.querySelector('[data-testid="done"]').focus();
}

load(null);
