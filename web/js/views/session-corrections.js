/*
 * Correcting a recorded session from the course page (docs/records.md#corrections): amend what
 * was written, or void a session entered in error. Both need a written reason, which the server
 * keeps in the audit log with the values before and after. A new date is judged by the server
 * like a new record; when it refuses, the refusal is shown and going ahead needs a reason for
 * the override, as for a new session.
 */
import { el, field, replace } from '../dom.js';
import { patch, post } from '../api.js';
import * as vocabulary from '../vocabulary.js';
import { sendOrOfferOverride } from './force.js';
import { LAXITY_GRADES } from './session-form.js';
import { formatDate, todayIso } from '../format.js';

function numberOrNull(text) {
  return text === '' ? null : Number(text);
}

function warningLines(answer) {
  return answer && typeof answer.warning === 'string' && answer.warning ? [answer.warning] : [];
}

function reasonField(label) {
  const reason = el('textarea', { name: 'reason', rows: 2, maxlength: 500, required: true });
  return { reason, element: field(label, reason, 'Kept in the audit log with your name.') };
}

/* The amend form for one session; only the fields changed are sent. */
function amendForm(ctx, course, session, close) {
  const date = el('input', { type: 'date', name: 'date', value: session.date, max: todayIso(), required: true });
  const depth = el('input', {
    type: 'number',
    name: 'depth_mm',
    min: '0',
    step: 'any',
    inputmode: 'decimal',
    value: session.depth_mm ?? '',
  });
  const laxityGrade = el(
    'select',
    { name: 'laxity_grade' },
    el('option', { value: '' }, 'Not graded'),
    LAXITY_GRADES.map((grade) =>
      el(
        'option',
        { value: grade, selected: session.laxity_grade !== null && Number(grade) === session.laxity_grade },
        grade,
      ),
    ),
  );
  const gais = el(
    'select',
    { name: 'gais' },
    el('option', { value: '' }, 'Not graded'),
    vocabulary.gais.map((g) => el('option', { value: g.code, selected: Number(g.code) === session.gais }, g.label)),
  );
  const notes = el('textarea', { name: 'notes', rows: 3, maxlength: 4000 });
  notes.value = session.notes || '';
  const { reason, element: reasonBox } = reasonField('Reason for the correction');
  const errors = el('div', { class: 'status-region', 'data-testid': 'correction-errors' });
  const submit = el('button', { type: 'submit', class: 'button primary' }, 'Save amendment');

  function changes() {
    const result = {};
    if (date.value !== session.date) result.date = date.value;
    if (numberOrNull(depth.value) !== (session.depth_mm ?? null)) result.depth_mm = numberOrNull(depth.value);
    if (numberOrNull(laxityGrade.value) !== (session.laxity_grade ?? null)) {
      result.laxity_grade = numberOrNull(laxityGrade.value);
    }
    if (numberOrNull(gais.value) !== (session.gais ?? null)) result.gais = numberOrNull(gais.value);
    const text = notes.value.trim() ? notes.value : null;
    if (text !== (session.notes ?? null)) result.notes = text;
    return result;
  }

  async function send(payload, forced) {
    const answer = await patch(`/api/v1/sessions/${session.id}`, payload);
    const lines = warningLines(answer);
    ctx.navigate(`#/courses/${course.id}`, {
      text: `Session ${session.number} amended${forced ? ' with an override' : ''}; the old values are kept in the audit log.`,
      warn: forced || lines.length > 0,
      lines,
    });
  }

  const form = el(
    'form',
    { class: 'correction-box', novalidate: true, 'data-testid': 'amend-form' },
    el('h3', {}, `Amend session ${session.number} of ${formatDate(session.date)}`),
    el(
      'div',
      { class: 'form-grid' },
      field('Date', date),
      field('Needle depth (mm)', depth),
      field('Laxity grade (Alexiades-Armenakas, 0–4)', laxityGrade),
      field('GAIS', gais),
      el('div', { class: 'wide' }, field('Notes', notes)),
      el('div', { class: 'wide' }, reasonBox),
    ),
    errors,
    el(
      'div',
      { class: 'actions' },
      submit,
      el('button', { type: 'button', class: 'button', on: { click: close } }, 'Cancel'),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(errors);
    const payload = changes();
    if (Object.keys(payload).length === 0) {
      replace(
        errors,
        el('p', { class: 'alert', role: 'alert' }, 'Change something first: nothing differs from the record.'),
      );
      return;
    }
    if (!reason.value.trim()) {
      replace(errors, el('p', { class: 'alert', role: 'alert' }, 'Write why the record is corrected.'));
      reason.focus();
      return;
    }
    payload.reason = reason.value.trim();
    submit.disabled = true;
    try {
      await sendOrOfferOverride({ ctx, errors, send, payload, action: 'Amend anyway with this reason' });
    } finally {
      submit.disabled = false;
    }
  });
  return { element: form, focus: () => date.focus() };
}

/* The void form for one session: a reason and one button. */
function voidForm(ctx, course, session, close) {
  const { reason, element: reasonBox } = reasonField('Why it was entered in error');
  const errors = el('div', { class: 'status-region', 'data-testid': 'correction-errors' });
  const submit = el('button', { type: 'submit', class: 'button danger primary' }, 'Void session');
  const form = el(
    'form',
    { class: 'correction-box', novalidate: true, 'data-testid': 'void-form' },
    el('h3', {}, `Void session ${session.number} of ${formatDate(session.date)}`),
    el(
      'p',
      {},
      'A voided session stays on file with the reason but counts nowhere: not in the course, not for the interval floor, not in exports or the recall list. The later sessions move up a number.',
    ),
    reasonBox,
    errors,
    el(
      'div',
      { class: 'actions' },
      submit,
      el('button', { type: 'button', class: 'button', on: { click: close } }, 'Cancel'),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(errors);
    if (!reason.value.trim()) {
      replace(errors, el('p', { class: 'alert', role: 'alert' }, 'Write why the session was entered in error.'));
      reason.focus();
      return;
    }
    submit.disabled = true;
    try {
      await post(`/api/v1/sessions/${session.id}/void`, { reason: reason.value.trim() });
      ctx.navigate(`#/courses/${course.id}`, `Session ${session.number} voided as entered in error.`);
    } catch (error) {
      ctx.showError(error, errors);
    } finally {
      submit.disabled = false;
    }
  });
  return { element: form, focus: () => reason.focus() };
}

/*
 * correctionPanel(ctx, course) -> {element, buttons(session)}: the place the
 * amend or void form opens, and the two buttons each session row gets.
 */
export function correctionPanel(ctx, course) {
  const element = el('div', { 'data-testid': 'session-correction' });
  const close = () => replace(element);
  function open(make, session) {
    const form = make(ctx, course, session, close);
    replace(element, form.element);
    form.element.scrollIntoView({ block: 'nearest' });
    form.focus();
  }
  function buttons(session) {
    return el(
      'div',
      { class: 'row-actions' },
      el(
        'button',
        {
          type: 'button',
          class: 'button small',
          'aria-label': `Amend session ${session.number}`,
          on: { click: () => open(amendForm, session) },
        },
        'Amend',
      ),
      el(
        'button',
        {
          type: 'button',
          class: 'button small danger',
          'aria-label': `Void session ${session.number}`,
          on: { click: () => open(voidForm, session) },
        },
        'Void',
      ),
    );
  }
  return { element, buttons };
}

/* The course's voided sessions, struck through with their reasons; null when there are none. */
export function voidedList(course) {
  const voided = course.voided || [];
  if (voided.length === 0) return null;
  return el(
    'div',
    { 'data-testid': 'voided' },
    el('h3', {}, 'Voided: entered in error'),
    el(
      'ul',
      {},
      voided.map((session) =>
        el(
          'li',
          { 'data-session': session.id },
          el('time', { class: 'voided', datetime: session.date }, formatDate(session.date)),
          ` (was session ${session.number}): `,
          session.void_reason,
        ),
      ),
    ),
  );
}
