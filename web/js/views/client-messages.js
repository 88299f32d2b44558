/*
 * The "Reminders" card of a client's page (docs/records.md#reminders): what
 * `collagenda remind` sent the client and when, whether it went, and whether
 * the client gets reminders at all; staff can turn them off or back on.
 */
import { el, replace } from '../dom.js';
import { get, put } from '../api.js';
import { dateOrDash, tableWrap } from './common.js';

/* A stamp "2027-01-04T09:30:00.123Z" as "2027-01-04 09:30 UTC". */
function stampText(stamp) {
  return stamp ? `${stamp.slice(0, 10)} ${stamp.slice(11, 16)} UTC` : '—';
}

const STATUS_WORDS = {
  sent: ['sent', 'badge-done'],
  failed: ['failed (tried again next run)', 'badge-warn'],
  recorded: ['not confirmed (never sent again)', 'badge-danger'],
};

function statusCell(message) {
  const [words, kind] = STATUS_WORDS[message.status] || [message.status, 'badge-info'];
  return el(
    'td',
    {},
    el('span', { class: ['badge', kind], 'data-status': message.status }, words),
    message.error ? el('span', { class: 'muted' }, ` ${message.error}`) : null,
  );
}

function subjectText(message) {
  return message.kind === 'reminder'
    ? `Reminder of booking ${message.booking}, ${dateOrDash(message.day)}`
    : `Recall of course ${message.course}, maintenance due ${dateOrDash(message.day)}`;
}

function messageTable(answer) {
  if (answer.messages.length === 0) return el('p', { class: 'empty' }, 'No reminders sent yet.');
  return el(
    'div',
    tableWrap('Reminders sent table'),
    el(
      'table',
      { 'data-testid': 'messages' },
      el('caption', { class: 'visually-hidden' }, 'Reminders sent'),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['Message', 'Recorded', 'Sent', 'Status'].map((h) => el('th', { scope: 'col' }, h)),
        ),
      ),
      el(
        'tbody',
        {},
        answer.messages.map((message) =>
          el(
            'tr',
            { 'data-message': message.id, 'data-kind': message.kind },
            el('td', {}, subjectText(message)),
            el('td', {}, stampText(message.recorded_at)),
            el('td', {}, stampText(message.sent_at)),
            statusCell(message),
          ),
        ),
      ),
    ),
  );
}

function fill(ctx, card, status, clientId, answer) {
  const off = answer.reminders === 'off';
  const toggle = el(
    'button',
    { type: 'button', class: 'button', 'data-testid': 'reminders-toggle' },
    off ? 'Turn reminders on' : 'Turn reminders off',
  );
  toggle.addEventListener('click', async () => {
    toggle.disabled = true;
    try {
      const changed = await put(`/api/v1/clients/${clientId}/reminders`, { reminders: off ? 'on' : 'off' });
      fill(ctx, card, status, clientId, changed);
    } catch (failure) {
      toggle.disabled = false;
      ctx.showError(failure, status);
    }
  });
  replace(
    card,
    el('h2', { id: 'client-messages' }, 'Reminders'),
    el(
      'p',
      { 'data-testid': 'reminders-state' },
      off
        ? `Reminders by e-mail: off (the client opted out, ${stampText(answer.opted_out_at)}).`
        : 'Reminders by e-mail: on.',
    ),
    el('div', { class: 'actions' }, toggle),
    status,
    messageTable(answer),
  );
}

/* The card for client id; it fills itself once the messages are read. */
export function clientMessagesCard(ctx, clientId) {
  const status = el('div', { class: 'status-region', 'aria-live': 'polite' });
  const card = el(
    'section',
    { class: 'card', 'aria-labelledby': 'client-messages', 'data-testid': 'client-messages' },
    el('h2', { id: 'client-messages' }, 'Reminders'),
    el('p', { class: 'muted' }, 'Loading…'),
  );
  get(`/api/v1/clients/${clientId}/messages`)
    .then((answer) => fill(ctx, card, status, clientId, answer))
    .catch((failure) => {
      replace(card, el('h2', { id: 'client-messages' }, 'Reminders'), status);
      ctx.showError(failure, status);
    });
  return card;
}
