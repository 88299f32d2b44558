/*
 * Recording a session. The server decides whether the date is safe (the
 * protocol's interval floor, a blocked screening); when it refuses, the form
 * shows its explanation and offers to go ahead only with a written reason.
 */
import { el, field, replace } from '../dom.js';
import { post } from '../api.js';
import { checkboxGroup } from '../choices.js';
import * as vocabulary from '../vocabulary.js';
import { sendOrOfferOverride } from './force.js';
import { formatDate, todayIso } from '../format.js';

export const LAXITY_GRADES = ['0', '0.5', '1', '1.5', '2', '2.5', '3', '3.5', '4'];

function warningLines(created) {
  const lines = [];
  if (created && typeof created.warning === 'string' && created.warning) lines.push(created.warning);
  for (const warning of created && Array.isArray(created.warnings) ? created.warnings : []) {
    lines.push(typeof warning === 'string' ? warning : warning.message || warning.code);
  }
  return lines;
}

/*
 * sessionForm(ctx, course, today) -> element; on success it reloads the
 * course page with a message. today is the clinic's (GET /api/v1/clinic),
 * else the browser's: a session is recorded once it has taken place, so
 * the form offers today and no later day (docs/records.md#dates); the days
 * to come are booked.
 */
export function sessionForm(ctx, course, today) {
  const day = today || todayIso();
  const date = el('input', { type: 'date', name: 'date', required: true, value: day, max: day });
  const next = course.next;
  const planned =
    next && next.date
      ? `The day the session took place. The plan has the next ${next.kind === 'maintenance' ? 'maintenance visit' : 'session'} on ${formatDate(next.date)}; book the days to come.`
      : 'The day the session took place; book the days to come.';
  const modality = el(
    'select',
    { name: 'modality' },
    el(
      'option',
      { value: '' },
      `As planned (${vocabulary.modalityNames[course.plan.modality] || course.plan.modality})`,
    ),
    vocabulary.modalities.filter((m) => m.code !== 'auto').map((m) => el('option', { value: m.code }, m.label)),
  );
  const areas = checkboxGroup({
    name: 'areas',
    legend: 'Areas treated',
    options: vocabulary.areas,
    checked: course.plan.assessment.areas,
    columns: true,
  });
  const depth = el('input', { type: 'number', name: 'depth_mm', min: '0', step: 'any', inputmode: 'decimal' });
  const device = el('input', { type: 'text', name: 'device', maxlength: 200 });
  const practitioner = el('input', {
    type: 'text',
    name: 'practitioner',
    maxlength: 200,
    value: ctx.me ? ctx.me.email : '',
  });
  const laxityGrade = el(
    'select',
    { name: 'laxity_grade' },
    el('option', { value: '' }, 'Not graded'),
    LAXITY_GRADES.map((grade) => el('option', { value: grade }, grade)),
  );
  const gais = el(
    'select',
    { name: 'gais' },
    el('option', { value: '' }, 'Not graded'),
    vocabulary.gais.map((g) => el('option', { value: g.code }, g.label)),
  );
  const notes = el('textarea', { name: 'notes', rows: 3, maxlength: 4000 });
  const screening = checkboxGroup({
    name: 'screening',
    legend: 'Screening findings today',
    options: vocabulary.screening.map((s) => ({ ...s, label: s.staff || s.label })),
  });
  const errors = el('div', { class: 'status-region', 'data-testid': 'session-errors' });
  const submit = el('button', { type: 'submit', class: 'button primary' }, 'Record session');

  function body() {
    const result = { date: date.value };
    if (modality.value) result.modality = modality.value;
    result.areas = areas.values();
    if (depth.value !== '') result.depth_mm = Number(depth.value);
    if (device.value.trim()) result.device = device.value.trim();
    if (practitioner.value.trim()) result.practitioner = practitioner.value.trim();
    if (notes.value.trim()) result.notes = notes.value;
    if (laxityGrade.value !== '') result.laxity_grade = Number(laxityGrade.value);
    if (gais.value !== '') result.gais = Number(gais.value);
    const findings = screening.values();
    if (findings.length) result.screening = findings;
    return result;
  }

  async function send(payload, forced) {
    const created = await post(`/api/v1/courses/${course.id}/sessions`, payload);
    const lines = warningLines(created);
    ctx.navigate(`#/courses/${course.id}`, {
      text: `Session recorded on ${formatDate(payload.date)}${forced ? ' with an override; the reason is recorded' : ''}.`,
      warn: forced || lines.length > 0,
      lines,
    });
  }

  const form = el(
    'form',
    { class: 'session-form', novalidate: true, 'data-testid': 'session-form' },
    el(
      'div',
      { class: 'form-grid' },
      field('Date', date, planned),
      field('Modality', modality),
      field('Needle depth (mm)', depth),
      field('Device', device),
      field('Practitioner', practitioner),
      field('Laxity grade (Alexiades-Armenakas, 0–4)', laxityGrade),
      field('GAIS', gais),
      el('div', { class: 'wide' }, areas.element),
      el('div', { class: 'wide' }, field('Notes', notes)),
      el('details', { class: 'wide' }, el('summary', {}, 'Screening findings today (optional)'), screening.element),
    ),
    errors,
    el('div', { class: 'actions' }, submit),
  );

  /* A refusal answers one set of answers; changing them withdraws the override. */
  const withdraw = (event) => {
    if (!errors.contains(event.target) && errors.querySelector('[data-testid="refusal"]')) replace(errors);
  };
  form.addEventListener('input', withdraw);
  form.addEventListener('change', withdraw);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(errors);
    if (!date.value) {
      replace(errors, el('p', { class: 'alert', role: 'alert' }, 'Enter the date of the session.'));
      date.focus();
      return;
    }
    if (areas.values().length === 0) {
      replace(errors, el('p', { class: 'alert', role: 'alert' }, 'Tick at least one area.'));
      areas.focus();
      return;
    }
    submit.disabled = true;
    try {
      await sendOrOfferOverride({
        ctx,
        errors,
        send,
        payload: body(),
        action: 'Record anyway with this reason',
      });
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
