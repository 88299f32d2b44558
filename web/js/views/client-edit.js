/*
 * Editing a client's details (docs/records.md#corrections), with the checks of a new client:
 * an e-mail or phone another client already has is refused (409, naming that client) until
 * the staff member says to keep it anyway. And merging a client entered twice into this one.
 */
import { el, field, replace } from '../dom.js';
import { get, patch, post, ApiError } from '../api.js';
import { skinTypes } from '../vocabulary.js';
import { crumbs, pageHead } from './common.js';
import { todayIso } from '../format.js';

/*
 * Sends payload with send(payload); when the server answers that an e-mail
 * or phone is already on file (409 with "existing"), shows its words, a link
 * to that client, and a button that sends it again with allow_duplicate.
 * Any other failure is shown by ctx.showError.
 */
export async function sendOrOfferDuplicate({ ctx, errors, send, payload, action }) {
  try {
    await send(payload);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 409 || !error.problem.existing) {
      ctx.showError(error, errors);
      return;
    }
    const again = el('button', { type: 'button', class: 'button danger' }, action);
    again.addEventListener('click', async () => {
      again.disabled = true;
      try {
        await send({ ...payload, allow_duplicate: true });
      } catch (retry) {
        ctx.showError(retry, errors);
      } finally {
        again.disabled = false;
      }
    });
    replace(
      errors,
      el(
        'div',
        { class: 'force-box', 'data-testid': 'duplicate' },
        el('div', { class: 'alert', role: 'alert' }, el('p', {}, error.message)),
        el(
          'p',
          {},
          'If this is the same person, ',
          el('a', { href: `#/clients/${error.problem.existing}` }, `open client ${error.problem.existing}`),
          ' instead. If not (a shared family e-mail, say), keep it:',
        ),
        el('div', { class: 'actions' }, again),
      ),
    );
    again.focus();
  }
}

function mergeSection(ctx, client) {
  const other = el('input', { type: 'number', name: 'other', min: '1', step: '1', inputmode: 'numeric' });
  const reason = el('textarea', { name: 'merge_reason', rows: 2, maxlength: 500 });
  const errors = el('div', { class: 'status-region' });
  const submit = el('button', { type: 'submit', class: 'button danger' }, 'Merge into this client');
  const form = el(
    'form',
    { class: 'card', novalidate: true, 'data-testid': 'merge-form' },
    el('h2', {}, 'Merge a duplicate into this client'),
    el(
      'p',
      {},
      `The other client's courses, sessions and bookings move to ${client.name}; the other record stays only as a note that it was merged here.`,
    ),
    el(
      'div',
      { class: 'form-grid' },
      field('Number of the client entered twice', other),
      el('div', { class: 'wide' }, field('Reason for the merge', reason, 'Kept in the audit log with your name.')),
    ),
    errors,
    el('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(errors);
    if (!other.value || !reason.value.trim()) {
      replace(errors, el('p', { class: 'alert', role: 'alert' }, 'Give the other client’s number and the reason.'));
      return;
    }
    submit.disabled = true;
    try {
      const merged = await post(`/api/v1/clients/${client.id}/merge`, {
        other: Number(other.value),
        reason: reason.value.trim(),
      });
      ctx.navigate(
        `#/clients/${client.id}`,
        `Client ${merged.merged} merged into this one: ${merged.moved.courses} course(s) and ${merged.moved.bookings} booking(s) moved.`,
      );
    } catch (error) {
      ctx.showError(error, errors);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function clientEditView(ctx, id) {
  const client = await get(`/api/v1/clients/${id}`);
  ctx.setTitle(`Edit ${client.name}`);
  const name = el('input', { type: 'text', name: 'name', required: true, autocomplete: 'off', maxlength: 200 });
  name.value = client.name;
  const email = el('input', { type: 'email', name: 'email', autocomplete: 'off', value: client.email || '' });
  const phone = el('input', { type: 'tel', name: 'phone', autocomplete: 'off', value: client.phone || '' });
  const birth = el('input', { type: 'date', name: 'birth_date', max: todayIso(), value: client.birth_date || '' });
  const skin = el(
    'select',
    { name: 'skin_type' },
    skinTypes.map((type) =>
      el(
        'option',
        { value: type.code, selected: (type.code || null) === (client.skin_type || null) },
        type.code ? `${type.label}: ${type.detail}` : 'Unknown',
      ),
    ),
  );
  const errors = el('div', { class: 'status-region', 'aria-live': 'assertive', 'data-testid': 'edit-errors' });
  const submit = el('button', { type: 'submit', class: 'button primary' }, 'Save details');

  function changes() {
    const result = {};
    const fields = { name: name.value.trim(), email: email.value.trim(), phone: phone.value.trim() };
    for (const [key, value] of Object.entries(fields)) {
      if (value !== (client[key] || '')) result[key] = value || null;
    }
    if ((birth.value || null) !== (client.birth_date || null)) result.birth_date = birth.value || null;
    if ((skin.value || null) !== (client.skin_type || null)) result.skin_type = skin.value || null;
    return result;
  }

  async function send(payload) {
    await patch(`/api/v1/clients/${id}`, payload);
    ctx.navigate(`#/clients/${id}`, 'Client details saved; the old ones are kept in the audit log.');
  }

  const form = el(
    'form',
    { class: 'card', novalidate: true, 'data-testid': 'client-edit-form' },
    el(
      'div',
      { class: 'form-grid' },
      field('Full name', name),
      field('Email (optional)', email),
      field('Phone (optional)', phone),
      field('Birth date (optional)', birth),
      field('Skin type (Fitzpatrick, optional)', skin),
    ),
    errors,
    el('div', { class: 'actions' }, submit, el('a', { href: `#/clients/${id}` }, 'Cancel')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(errors);
    if (!name.value.trim()) {
      replace(errors, el('p', { class: 'alert' }, 'Enter the client’s name.'));
      name.focus();
      return;
    }
    const payload = changes();
    if (Object.keys(payload).length === 0) {
      replace(errors, el('p', { class: 'alert' }, 'Nothing changed.'));
      return;
    }
    submit.disabled = true;
    try {
      await sendOrOfferDuplicate({ ctx, errors, send, payload, action: 'Save anyway' });
    } finally {
      submit.disabled = false;
    }
  });

  replace(
    ctx.main,
    crumbs(el('a', { href: '#/clients' }, 'Clients'), el('a', { href: `#/clients/${id}` }, client.name)),
    pageHead(`Edit ${client.name}`),
    form,
    mergeSection(ctx, client),
  );
  ctx.focusHeading();
}
