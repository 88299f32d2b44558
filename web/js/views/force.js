/*
 * The override for a refusal (a too-soon session, a blocked screening): the
 * server's reason is shown first, and going ahead needs a written reason,
 * which the server stores and audits.
 */
import { el, field, replace } from '../dom.js';
import { ApiError } from '../api.js';

/*
 * forceBox({detail, action, onForce(reason)}) -> element. onForce may throw;
 * its error is shown by the caller.
 */
export function forceBox({ detail, title, action, onForce }) {
  const reason = el('textarea', { name: 'reason', required: true, rows: 2, maxlength: 500 });
  const error = el('div', { class: 'status-region', 'aria-live': 'assertive' });
  const button = el('button', { type: 'button', class: 'button danger primary' }, action);
  button.addEventListener('click', async () => {
    replace(error);
    if (!reason.value.trim()) {
      replace(error, el('p', { class: 'alert' }, 'Write the reason for overriding the rule.'));
      reason.focus();
      return;
    }
    button.disabled = true;
    try {
      await onForce(reason.value.trim());
    } finally {
      button.disabled = false;
    }
  });
  const box = el(
    'div',
    { class: 'force-box', 'data-testid': 'refusal' },
    el(
      'div',
      { class: 'alert', role: 'alert' },
      el('p', {}, el('strong', {}, title || 'Refused. '), detail.replace(/^[\w-]+: refused: /, '')),
    ),
    field(
      'Reason for overriding (stored in the audit log)',
      reason,
      'Only go ahead when there is a clinical reason. It is recorded with your name.',
    ),
    error,
    el('div', { class: 'actions' }, button),
  );
  return { element: box, focus: () => reason.focus() };
}

/*
 * Sends payload with send(payload, forced); when the server refuses it
 * (409), shows the refusal in errors with the override box, whose button
 * sends it again with force and the written reason. Any other failure is
 * shown by ctx.showError.
 */
export async function sendOrOfferOverride({ ctx, errors, send, payload, action }) {
  try {
    await send(payload, false);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 409) {
      ctx.showError(error, errors);
      return;
    }
    const box = forceBox({
      title: 'Refused. ',
      detail: error.message,
      action,
      onForce: async (reason) => {
        try {
          await send({ ...payload, force: true, reason }, true);
        } catch (again) {
          ctx.showError(again, errors);
        }
      },
    });
    replace(errors, box.element);
    box.focus();
  }
}
