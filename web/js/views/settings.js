/*
 * The clinic's settings (docs/records.md#clinic-settings), for admins: the
 * name, address, phone and e-mail printed on plans and calendar events, the
 * time zone booked times are local to, the open days plans use, opening
 * hours and chairs. The server checks every value (PUT /api/v1/clinic) and
 * its words, naming the field, are shown as they come. Below, in a form of
 * its own, how reminders are e-mailed (mail-settings.js).
 */
import { el, field, replace, uid } from '../dom.js';
import { get, put } from '../api.js';
import { weekdays } from '../vocabulary.js';
import { flashBox, pageHead } from './common.js';
import { mailSettingsSection } from './mail-settings.js';

function dayBoxes(open) {
  const legendId = uid('days');
  const boxes = weekdays.map((day) =>
    el('input', { type: 'checkbox', name: 'open_days', value: day.code, checked: open.includes(day.code) }),
  );
  const fieldset = el(
    'fieldset',
    { 'aria-describedby': legendId },
    el('legend', {}, 'Open days'),
    el('p', { class: 'hint', id: legendId }, 'Plans place sessions on these days unless a course gives its own.'),
    el(
      'div',
      { class: 'choices' },
      boxes.map((box, i) => el('label', { class: 'check' }, box, ` ${weekdays[i].label}`)),
    ),
  );
  return { fieldset, boxes };
}

export async function settingsView(ctx) {
  const [clinic, mail] = await Promise.all([get('/api/v1/clinic'), mailSettingsSection(ctx)]);
  ctx.setTitle('Clinic settings');
  const input = (name, type, value, extra = {}) =>
    el('input', { type, name, autocomplete: 'off', value: value == null ? '' : String(value), ...extra });
  const inputs = {
    name: input('name', 'text', clinic.name, { required: true, maxlength: 400 }),
    address: input('address', 'text', clinic.address, { maxlength: 400 }),
    phone: input('phone', 'tel', clinic.phone),
    email: input('email', 'email', clinic.email),
    time_zone: input('time_zone', 'text', clinic.time_zone),
    hours: input('hours', 'text', clinic.hours, { placeholder: '09:00-18:00', inputmode: 'numeric' }),
    chairs: input('chairs', 'number', clinic.chairs, { min: '1', max: '100', step: '1', inputmode: 'numeric' }),
  };
  const days = dayBoxes(clinic.open_days);
  const errors = el('div', { class: 'status-region', 'aria-live': 'assertive', 'data-testid': 'settings-errors' });
  const submit = el('button', { type: 'submit', class: 'button primary' }, 'Save settings');

  /* Only what changed is sent; an emptied optional field is null (cleared). */
  function changes() {
    const result = {};
    for (const key of ['name', 'address', 'phone', 'email', 'time_zone', 'hours']) {
      const value = inputs[key].value.trim();
      if (value !== (clinic[key] || '')) result[key] = value || (key === 'name' || key === 'time_zone' ? value : null);
    }
    const chairs = inputs.chairs.value.trim();
    if (chairs !== (clinic.chairs == null ? '' : String(clinic.chairs)))
      result.chairs = chairs === '' ? null : Number(chairs);
    const open = days.boxes.filter((box) => box.checked).map((box) => box.value);
    if (open.join(',') !== clinic.open_days.join(',')) result.open_days = open;
    return result;
  }

  const form = el(
    'form',
    { class: 'card', novalidate: true, 'data-testid': 'settings-form' },
    el(
      'div',
      { class: 'form-grid' },
      field('Clinic name', inputs.name, 'Shown on plans, printouts and calendar events.'),
      field('Address (optional)', inputs.address),
      field('Phone (optional)', inputs.phone),
      field('Email (optional)', inputs.email),
      field('Time zone', inputs.time_zone, 'An IANA name such as Europe/Berlin; booked times are local to it.'),
      field('Opening hours (optional)', inputs.hours, 'Like 09:00-18:00.'),
      field('Chairs (optional)', inputs.chairs, 'How many sessions can run at once.'),
    ),
    days.fieldset,
    errors,
    el('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(errors);
    const payload = changes();
    if (Object.keys(payload).length === 0) {
      replace(errors, el('p', { class: 'alert', role: 'alert' }, 'Nothing changed.'));
      return;
    }
    submit.disabled = true;
    try {
      await put('/api/v1/clinic', payload);
      ctx.navigate('#/settings', 'Clinic settings saved; the old ones are kept in the audit log.');
    } catch (error) {
      ctx.showError(error, errors);
      const bad = error.field && inputs[error.field];
      if (bad) bad.setAttribute('aria-invalid', 'true');
    } finally {
      submit.disabled = false;
    }
  });

  replace(ctx.main, pageHead('Clinic settings'), flashBox(ctx), form, mail);
  ctx.focusHeading();
}
