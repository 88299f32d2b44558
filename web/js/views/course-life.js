/*
 * The course's life on its page (docs/records.md#course-life): an open
 * course can be completed or discontinued, a closed one reopened. The
 * server does the work and the audit; discontinuing and reopening need a
 * written reason, completing may have one. A closed course leaves the
 * recall list and its bookings from today on are cancelled, so the page
 * says so before the button is pressed.
 */
import { el, field, replace } from '../dom.js';
import { post } from '../api.js';
import { plural } from '../format.js';

const ACTIONS = {
  complete: {
    label: 'Complete course',
    confirm: 'Complete the course',
    done: 'completed',
    reasonLabel: 'Note (optional, stored in the audit log)',
    required: false,
  },
  discontinue: {
    label: 'Discontinue…',
    confirm: 'Discontinue the course',
    done: 'discontinued',
    reasonLabel: 'Why does the course stop? (stored in the audit log)',
    required: true,
  },
  reopen: {
    label: 'Reopen…',
    confirm: 'Reopen the course',
    done: 'reopened',
    reasonLabel: 'Why is the course taken up again? (stored in the audit log)',
    required: true,
  },
};

function flashText(action, answer) {
  if (action === 'reopen') return `Course reopened: it is ${answer.status} again.`;
  const cancelled = (answer.bookings_cancelled || []).length;
  return `Course ${ACTIONS[action].done}.${cancelled ? ` ${plural(cancelled, 'booking')} from today on cancelled.` : ''}`;
}

/* The reason box and the button that sends it, for one action. */
function actionForm(ctx, course, action) {
  const spec = ACTIONS[action];
  const reason = el('textarea', {
    name: 'reason',
    rows: 2,
    maxlength: 2000,
    required: spec.required,
    'data-testid': `${action}-reason`,
  });
  const errors = el('div', { class: 'status-region', 'aria-live': 'assertive' });
  const submit = el(
    'button',
    { type: 'submit', class: ['button', action === 'complete' ? 'primary' : 'danger'] },
    spec.confirm,
  );
  const form = el(
    'form',
    { class: 'course-life-form', novalidate: true, 'data-testid': `${action}-form` },
    field(spec.reasonLabel, reason),
    errors,
    el('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(errors);
    const text = reason.value.trim();
    if (spec.required && !text) {
      replace(errors, el('p', { class: 'alert', role: 'alert' }, 'Write the reason first.'));
      reason.focus();
      return;
    }
    submit.disabled = true;
    try {
      const answer = await post(`/api/v1/courses/${course.id}/${action}`, text ? { reason: text } : {});
      ctx.navigate(`#/courses/${course.id}`, { text: flashText(action, answer) });
    } catch (error) {
      ctx.showError(error, errors);
      submit.disabled = false;
    }
  });
  return { form, focus: () => reason.focus() };
}

/* courseLifeSection(ctx, course) -> the card with the course's status and what can change it. */
export function courseLifeSection(ctx, course) {
  const open = course.status === 'active' || course.status === 'maintenance';
  const actions = open ? ['complete', 'discontinue'] : ['reopen'];
  const panel = el('div', { class: 'course-life-panel' });
  const buttons = actions.map((action) => {
    const button = el(
      'button',
      { type: 'button', class: 'button', 'aria-expanded': 'false', 'data-action': action },
      ACTIONS[action].label,
    );
    button.addEventListener('click', () => {
      for (const other of panel.parentNode.querySelectorAll('[data-action]'))
        other.setAttribute('aria-expanded', 'false');
      button.setAttribute('aria-expanded', 'true');
      const { form, focus } = actionForm(ctx, course, action);
      replace(panel, form);
      focus();
    });
    return button;
  });
  const explanation = open
    ? 'Completing or discontinuing closes the course: it leaves the recall list, and its bookings from today on are cancelled.'
    : `This course is ${course.status}: it is not on the recall list and takes no session or booking. Reopening it takes it up where its sessions left it.`;
  return el(
    'section',
    { class: 'card', 'aria-labelledby': 'life-heading', 'data-testid': 'course-life' },
    el('h2', { id: 'life-heading' }, 'Course status'),
    el('p', { 'data-testid': 'course-status', 'data-status': course.status }, `Status: ${course.status}.`),
    el('p', { class: 'muted' }, explanation),
    el('div', { class: 'actions' }, buttons),
    panel,
  );
}
