/*
 * The client's data on the client's page: the download of everything held
 * about them (a right-of-access request), and for admins the client's audit
 * log and the erasure, which replaces their identity with "erased client N"
 * and keeps the clinical record without it. The server decides who may do
 * what and audits both; this only offers them.
 */
import { el, field, replace } from '../dom.js';
import { post } from '../api.js';

function eraseForm(ctx, client) {
  const reason = el('textarea', { name: 'reason', required: true, rows: 2, maxlength: 500 });
  const understood = el('input', { type: 'checkbox', name: 'understood' });
  const error = el('div', { class: 'status-region', 'aria-live': 'assertive' });
  const button = el('button', { type: 'submit', class: 'button danger primary' }, 'Erase personal data');
  const form = el(
    'form',
    { novalidate: true, 'data-testid': 'erase-form' },
    field(
      'Reason for erasing (kept in the audit log)',
      reason,
      'Say why, not who: the reason may not repeat the name, e-mail or phone.',
    ),
    el(
      'label',
      { class: 'check' },
      understood,
      ' I understand that the name, e-mail, phone, birth date, skin type and session notes are gone for good.',
    ),
    error,
    el('div', { class: 'actions' }, button),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(error);
    if (!reason.value.trim()) {
      replace(error, el('p', { class: 'alert' }, 'Write the reason for erasing.'));
      reason.focus();
      return;
    }
    if (!understood.checked) {
      replace(error, el('p', { class: 'alert' }, 'Tick the box to confirm the erasure.'));
      understood.focus();
      return;
    }
    button.disabled = true;
    try {
      const erased = await post(`/api/v1/clients/${client.id}/erase`, { reason: reason.value.trim() });
      ctx.navigate(`#/clients/${client.id}`, `Personal data erased: the client is now “${erased.name}”.`);
    } catch (failure) {
      ctx.showError(failure, error);
    } finally {
      button.disabled = false;
    }
  });
  return el('details', { class: 'erase' }, el('summary', {}, 'Erase this client…'), form);
}

/* The "Client's data" card for client (as GET /api/v1/clients/{id} answers it). */
export function clientDataCard(ctx, client) {
  const admin = ctx.me && ctx.me.role === 'admin';
  return el(
    'section',
    { class: 'card', 'aria-labelledby': 'client-data' },
    el('h2', { id: 'client-data' }, 'Client’s data'),
    el(
      'p',
      {},
      'Everything held about this client, for a request to see it: details, courses, sessions, bookings, ' +
        'calendar feeds and the audit log entries about them.',
    ),
    el(
      'div',
      { class: 'actions' },
      el(
        'a',
        { class: 'button', href: `/api/v1/clients/${client.id}/export`, download: `client-${client.id}.json` },
        'Download data (JSON)',
      ),
      admin ? el('a', { class: 'button', href: `#/audit/client/${client.id}` }, 'Audit log') : null,
    ),
    admin ? eraseForm(ctx, client) : null,
  );
}
