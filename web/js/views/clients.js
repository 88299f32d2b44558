/*
 * The client list (with a search that filters as you type) and the form
 * that adds a client.
 */
import { el, field, replace } from '../dom.js';
import { get, post } from '../api.js';
import { skinTypes } from '../vocabulary.js';
import { pageHead, flashBox, orDash, dateOrDash, tableWrap } from './common.js';
import { todayIso } from '../format.js';
import { sendOrOfferDuplicate } from './client-edit.js';

function matches(client, words) {
  const haystack = [client.name, client.email, client.phone, String(client.id)].filter(Boolean).join(' ').toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export async function clientsView(ctx) {
  ctx.setTitle('Clients');
  const clients = await get('/api/v1/clients');
  const search = el('input', { type: 'search', name: 'search', autocomplete: 'off' });
  const count = el('p', { class: 'muted', role: 'status', 'data-testid': 'client-count' });
  const body = el('tbody', {});
  const rows = clients.map((client) => ({
    client,
    row: el(
      'tr',
      { 'data-client': client.id },
      el('td', {}, el('a', { href: `#/clients/${client.id}` }, client.name)),
      el('td', {}, orDash(client.email)),
      el('td', {}, orDash(client.phone)),
      el('td', {}, dateOrDash(client.birth_date)),
      el('td', {}, orDash(client.skin_type)),
    ),
  }));

  function filter() {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = rows.filter(({ client }) => matches(client, words));
    replace(
      body,
      shown.map(({ row }) => row),
    );
    count.textContent = words.length
      ? `${shown.length} of ${rows.length} clients match “${search.value.trim()}”.`
      : `${rows.length} ${rows.length === 1 ? 'client' : 'clients'}.`;
  }
  search.addEventListener('input', filter);
  filter();

  const list =
    rows.length === 0
      ? el('p', { class: 'empty' }, 'No clients yet. Add the first one.')
      : el(
          'div',
          tableWrap('Clients table'),
          el(
            'table',
            { 'data-testid': 'clients' },
            el('caption', { class: 'visually-hidden' }, 'Clients'),
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                ['Name', 'Email', 'Phone', 'Birth date', 'Skin type'].map((h) => el('th', { scope: 'col' }, h)),
              ),
            ),
            body,
          ),
        );

  replace(
    ctx.main,
    pageHead('Clients', el('a', { class: 'button primary', href: '#/clients/new' }, 'New client')),
    flashBox(ctx),
    el(
      'section',
      { class: 'card' },
      el('div', { class: 'search-row' }, field('Search by name, email or phone', search)),
      count,
      list,
    ),
  );
  ctx.focusHeading();
}

export async function newClientView(ctx) {
  ctx.setTitle('New client');
  const name = el('input', { type: 'text', name: 'name', required: true, autocomplete: 'off', maxlength: 200 });
  const email = el('input', { type: 'email', name: 'email', autocomplete: 'off' });
  const phone = el('input', { type: 'tel', name: 'phone', autocomplete: 'off' });
  const birth = el('input', { type: 'date', name: 'birth_date', max: todayIso() });
  const skin = el(
    'select',
    { name: 'skin_type' },
    skinTypes.map((type) =>
      el('option', { value: type.code }, type.code ? `${type.label}: ${type.detail}` : 'Unknown'),
    ),
  );
  const errors = el('div', { class: 'status-region', 'aria-live': 'assertive' });
  const submit = el('button', { type: 'submit', class: 'button primary' }, 'Add client');
  const form = el(
    'form',
    { class: 'card', novalidate: true },
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
    el('div', { class: 'actions' }, submit, el('a', { href: '#/clients' }, 'Cancel')),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(errors);
    if (!name.value.trim()) {
      replace(errors, el('p', { class: 'alert' }, 'Enter the client’s name.'));
      name.focus();
      return;
    }
    const body = { name: name.value.trim() };
    if (email.value.trim()) body.email = email.value.trim();
    if (phone.value.trim()) body.phone = phone.value.trim();
    if (birth.value) body.birth_date = birth.value;
    if (skin.value) body.skin_type = skin.value;
    submit.disabled = true;
    const send = async (payload) => {
      const created = await post('/api/v1/clients', payload);
      ctx.navigate(`#/clients/${created.id}`, 'Client added.');
    };
    try {
      await sendOrOfferDuplicate({ ctx, errors, send, payload: body, action: 'Add anyway' });
    } finally {
      submit.disabled = false;
    }
  });

  replace(
    ctx.main,
    el('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, el('a', { href: '#/clients' }, 'Clients')),
    pageHead('New client'),
    form,
  );
  ctx.focusHeading();
}
