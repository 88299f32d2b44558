/*
 * Login: email and password to POST /api/v1/login, which sets the session
 * cookie and hands back the CSRF token that every later write must carry.
 */
import { el, field, replace } from '../dom.js';
import { post, ApiError } from '../api.js';

export function loginView(ctx, message) {
  const email = el('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = el('input', {
    type: 'password',
    name: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const errors = el('div', { class: 'status-region', 'aria-live': 'assertive' });
  const submit = el('button', { type: 'submit', class: 'button primary' }, 'Log in');
  const form = el(
    'form',
    { class: 'card login', novalidate: true },
    el('h1', {}, 'Log in to Collagenda'),
    message ? el('p', { class: 'notice', role: 'status' }, message) : null,
    field('Email', email),
    field('Password', password),
    errors,
    el('div', { class: 'actions' }, submit),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(errors);
    if (!email.value || !password.value) {
      replace(errors, el('p', { class: 'alert' }, 'Enter your email and password.'));
      (email.value ? password : email).focus();
      return;
    }
    submit.disabled = true;
    try {
      const me = await post(
        '/api/v1/login',
        { email: email.value.trim(), password: password.value },
        { public: false },
      );
      ctx.loggedIn({ email: me.email, role: me.role, clinic: me.clinic }, me.csrf_token);
    } catch (error) {
      const text =
        error instanceof ApiError && error.status === 401 ? 'The email or password is not right.' : error.message;
      replace(errors, el('p', { class: 'alert' }, text));
      password.select();
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });

  replace(ctx.main, form);
  email.focus();
}
