/*
 * Staff accounts (docs/records.md#staff-accounts), for admins: the clinic's
 * users, each one disabled or enabled, made admin or staff, or given a new
 * password; the bearer tokens, each revoked; a new user or token. The
 * server holds every rule (a disabled user's sessions and tokens end at
 * once, the last enabled admin is kept) and its words, naming the field,
 * are shown as they come. A new token's secret is shown once.
 */
import { el, field, replace } from '../dom.js';
import { get, patch, post, put, remove } from '../api.js';
import { flashBox, pageHead, tableWrap } from './common.js';

const instant = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

function when(iso) {
  return iso ? el('time', { datetime: iso }, instant.format(new Date(iso))) : el('span', { class: 'muted' }, 'never');
}

/* One place for a failed change: the server's words in the page's error region. */
async function attempt(ctx, errors, action) {
  replace(errors);
  try {
    await action();
  } catch (error) {
    ctx.showError(error, errors);
  }
}

function passwordForm(ctx, user, errors) {
  const input = el('input', {
    type: 'password',
    name: 'password',
    autocomplete: 'new-password',
    minlength: '12',
    required: true,
  });
  const form = el(
    'form',
    { class: 'inline-form', novalidate: true },
    field(`New password for ${user.email}`, input, 'At least 12 characters. Their login sessions end.'),
    el('button', { type: 'submit', class: 'button small' }, 'Set password'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(ctx, errors, async () => {
      await put(`/api/v1/users/${user.id}/password`, { password: input.value });
      ctx.navigate('#/staff', `New password set for ${user.email}; their login sessions have ended.`);
    });
  });
  return el('details', {}, el('summary', {}, 'Reset password…'), form);
}

function userRow(ctx, user, errors) {
  const change = (body, message) =>
    attempt(ctx, errors, async () => {
      await patch(`/api/v1/users/${user.id}`, body);
      ctx.navigate('#/staff', message);
    });
  const otherRole = user.role === 'admin' ? 'staff' : 'admin';
  const roleButton = el(
    'button',
    { type: 'button', class: 'button small', 'aria-label': `Make ${otherRole}: ${user.email}` },
    `Make ${otherRole}`,
  );
  roleButton.addEventListener('click', () => change({ role: otherRole }, `${user.email} is now ${otherRole}.`));
  const toggle = user.disabled
    ? el('button', { type: 'button', class: 'button small', 'aria-label': `Enable ${user.email}` }, 'Enable')
    : el('button', { type: 'button', class: 'button small danger', 'aria-label': `Disable ${user.email}` }, 'Disable');
  toggle.addEventListener('click', () =>
    change(
      { disabled: !user.disabled },
      user.disabled
        ? `${user.email} may log in again.`
        : `${user.email} is disabled; their login sessions and tokens have ended.`,
    ),
  );
  return el(
    'tr',
    { 'data-user': user.email },
    el('td', {}, user.email),
    el('td', {}, user.role),
    el(
      'td',
      {},
      el(
        'span',
        { class: ['badge', user.disabled ? 'badge-warn' : 'badge-info'] },
        user.disabled ? 'disabled' : 'enabled',
      ),
    ),
    el('td', {}, when(user.created_at)),
    el('td', {}, el('div', { class: 'row-actions' }, toggle, roleButton, passwordForm(ctx, user, errors))),
  );
}

function tokenRow(ctx, token, errors) {
  let action = el('span', { class: 'muted' }, '—');
  if (token.state === 'live') {
    const name = token.label ? `${token.label} of ${token.email}` : `${token.id} of ${token.email}`;
    action = el(
      'button',
      { type: 'button', class: 'button small danger', 'aria-label': `Revoke token ${name}` },
      'Revoke',
    );
    action.addEventListener('click', () =>
      attempt(ctx, errors, async () => {
        await remove(`/api/v1/tokens/${token.id}`);
        ctx.navigate('#/staff', `Token ${token.id} revoked; it no longer works.`);
      }),
    );
  }
  const badge = { live: 'badge-info', expired: 'badge-warn', revoked: 'badge-danger' }[token.state] || 'badge-info';
  return el(
    'tr',
    { 'data-token': token.id },
    el('td', { class: 'numeric' }, String(token.id)),
    el('td', {}, token.email),
    el('td', {}, token.label || el('span', { class: 'muted' }, '—')),
    el('td', {}, when(token.created_at)),
    el('td', {}, when(token.expires_at)),
    el('td', {}, el('span', { class: ['badge', badge] }, token.state)),
    el('td', {}, action),
  );
}

function table(label, headings, rows) {
  return el(
    'div',
    tableWrap(label),
    el(
      'table',
      {},
      el('caption', { class: 'visually-hidden' }, label),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          headings.map((text) => el('th', { scope: 'col' }, text)),
        ),
      ),
      el('tbody', {}, rows),
    ),
  );
}

function newUserForm(ctx) {
  const email = el('input', { type: 'email', name: 'email', autocomplete: 'off', required: true });
  const password = el('input', { type: 'password', name: 'password', autocomplete: 'new-password', required: true });
  const role = el(
    'select',
    { name: 'role' },
    el('option', { value: 'staff' }, 'staff'),
    el('option', { value: 'admin' }, 'admin'),
  );
  const errors = el('div', { class: 'status-region', 'aria-live': 'assertive', 'data-testid': 'new-user-errors' });
  const form = el(
    'form',
    { class: 'card', novalidate: true, 'data-testid': 'new-user-form' },
    el('h2', {}, 'Add a user'),
    el(
      'div',
      { class: 'form-grid' },
      field('Email', email),
      field('Password', password, 'At least 12 characters; tell it to them in person.'),
      field('Role', role),
    ),
    errors,
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'button primary' }, 'Add user')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(ctx, errors, async () => {
      await post('/api/v1/users', { email: email.value.trim(), password: password.value, role: role.value });
      ctx.navigate('#/staff', `${email.value.trim()} added.`);
    });
  });
  return form;
}

function newTokenForm(ctx, users) {
  const user = el(
    'select',
    { name: 'email' },
    users.filter((u) => !u.disabled).map((u) => el('option', { value: u.email }, u.email)),
  );
  const label = el('input', { type: 'text', name: 'label', autocomplete: 'off', maxlength: 400 });
  const days = el('input', {
    type: 'number',
    name: 'expires_in_days',
    min: '1',
    max: '3650',
    step: '1',
    inputmode: 'numeric',
  });
  const errors = el('div', { class: 'status-region', 'aria-live': 'assertive', 'data-testid': 'new-token-errors' });
  const form = el(
    'form',
    { class: 'card', novalidate: true, 'data-testid': 'new-token-form' },
    el('h2', {}, 'Make a token'),
    el('p', { class: 'hint' }, 'For a script or another system: it sends the token as “Authorization: Bearer TOKEN”.'),
    el(
      'div',
      { class: 'form-grid' },
      field('For user', user),
      field('Label (optional)', label, 'What it is for, such as “booking sync”.'),
      field('Expires in days (optional)', days, 'From 1 to 3650; empty: until it is revoked.'),
    ),
    errors,
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'button primary' }, 'Make token')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { email: user.value };
    if (label.value.trim()) body.label = label.value.trim();
    if (days.value.trim()) body.expires_in_days = Number(days.value.trim());
    attempt(ctx, errors, async () => {
      const made = await post('/api/v1/tokens', body);
      ctx.navigate('#/staff', {
        text: `Token ${made.id} made for ${body.email}. Copy it now: it is not shown again.`,
        lines: [made.token],
      });
    });
  });
  return form;
}

export async function staffView(ctx) {
  const [users, tokens] = await Promise.all([get('/api/v1/users'), get('/api/v1/tokens')]);
  ctx.setTitle('Staff accounts');
  const errors = el('div', { class: 'status-region', 'aria-live': 'assertive', 'data-testid': 'staff-errors' });
  replace(
    ctx.main,
    pageHead('Staff accounts'),
    flashBox(ctx),
    errors,
    el(
      'section',
      { class: 'card' },
      el('h2', {}, 'Users'),
      el(
        'p',
        { class: 'hint' },
        'Disabling a user ends their login sessions and tokens at once. The last enabled admin cannot be disabled or made staff.',
      ),
      table(
        'Users',
        ['Email', 'Role', 'Status', 'Added', 'Actions'],
        users.map((user) => userRow(ctx, user, errors)),
      ),
    ),
    el(
      'section',
      { class: 'card' },
      el('h2', {}, 'Tokens'),
      tokens.length
        ? table(
            'Tokens',
            ['ID', 'User', 'Label', 'Made', 'Expires', 'State', 'Action'],
            tokens.map((token) => tokenRow(ctx, token, errors)),
          )
        : el('p', { class: 'empty' }, 'No tokens yet.'),
    ),
    newUserForm(ctx),
    newTokenForm(ctx, users),
  );
  ctx.focusHeading();
}
