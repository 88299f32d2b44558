/*
 * The client's portal link on the client's page (docs/records.md#client-portal):
 * whether the client has a live link, a button that makes a new one (the
 * old one stops working) and shows it once, for the client to keep, and one
 * that revokes it. The server keeps only the link's hash, so a lost link is
 * replaced, never shown again.
 */
import { el, replace, uid } from '../dom.js';
import { get, post, remove } from '../api.js';
import { formatDate } from '../format.js';

function statusText(links) {
  const live = links.find((link) => link.live);
  if (live) return `A portal link is live, made on ${formatDate(live.created_at.slice(0, 10))}.`;
  return links.length ? 'The portal link was revoked; the client has none now.' : 'The client has no portal link.';
}

/* The "Portal link" card for client (as GET /api/v1/clients/{id} answers it). */
export function portalCard(ctx, client) {
  const status = el('p', { 'data-testid': 'portal-status' }, 'Loading…');
  const shown = el('div', { 'aria-live': 'polite', 'data-testid': 'portal-shown' });
  const error = el('div', { class: 'status-region', 'aria-live': 'assertive' });
  const create = el('button', { type: 'button', class: 'button' }, 'Create link');
  const revoke = el('button', { type: 'button', class: 'button danger', hidden: true }, 'Revoke link');
  const path = `/api/v1/clients/${client.id}/portal`;

  async function refresh() {
    try {
      const { links } = await get(path);
      status.textContent = statusText(links);
      const live = links.some((link) => link.live);
      revoke.hidden = !live;
      create.textContent = live ? 'Replace link' : 'Create link';
    } catch (failure) {
      ctx.showError(failure, error);
    }
  }

  create.addEventListener('click', async () => {
    replace(error);
    create.disabled = true;
    try {
      const { url } = await post(path);
      const input = el('input', {
        type: 'text',
        id: uid('portal-url'),
        readonly: true,
        value: `${window.location.origin}${url}`,
        'data-testid': 'portal-url',
      });
      replace(
        shown,
        el('label', { for: input.id }, 'The client’s link (shown only now: copy it and send it to the client)'),
        input,
      );
      input.focus();
      input.select();
      await refresh();
    } catch (failure) {
      ctx.showError(failure, error);
    } finally {
      create.disabled = false;
    }
  });

  revoke.addEventListener('click', async () => {
    replace(error);
    revoke.disabled = true;
    try {
      await remove(path);
      replace(shown, el('p', { class: 'notice' }, 'The portal link is revoked: it no longer opens.'));
      await refresh();
    } catch (failure) {
      ctx.showError(failure, error);
    } finally {
      revoke.disabled = false;
    }
  });

  refresh();
  return el(
    'section',
    { class: 'card', 'aria-labelledby': 'client-portal', 'data-testid': 'portal-card' },
    el('h2', { id: 'client-portal' }, 'Portal link'),
    el(
      'p',
      {},
      'A private link where the client sees their course and books, moves or cancels their next session ' +
        'inside its safe window.',
    ),
    status,
    shown,
    error,
    el('div', { class: 'actions' }, create, revoke),
  );
}
