/*
 * The "Reminders by e-mail" part of the clinic's settings screen
 * (docs/records.md#reminders), for admins: the SMTP relay, the address
 * reminders come from, the relay's user and password, and the public
 * address the opt-out links start with (GET and PUT /api/v1/clinic/mail).
 * Its own form and Save button, so saving it leaves the clinic's other
 * settings as they are being edited.
 *
 * The password is written only: the server answers whether one is set,
 * never the password, so its input starts empty with "set" or "not set"
 * beside it. The form sends smtp_password only when something is typed
 * (the API keeps the stored one when the member is absent; an empty string
 * would be taken as a new, empty password and refused while a user is
 * set). Of the other fields only what changed is sent; an emptied user is
 * "" (the server then clears the user and the password), an emptied public
 * address is "" (cleared), and an emptied relay or sending address is ""
 * too, which the server refuses naming the field. A refusal is shown next
 * to the field the server names; anything else above the button.
 */
import { el, replace, uid } from '../dom.js';
import { get, put, ApiError } from '../api.js';

const TEXT_FIELDS = ['smtp_url', 'mail_from', 'smtp_user', 'public_url'];

function mailField(name, label, attrs, hintText) {
  const input = el('input', { name, id: uid(name), autocomplete: 'off', spellcheck: 'false', ...attrs });
  const hint = el('p', { class: 'hint', id: uid(`${name}-hint`) }, hintText);
  const error = el('p', { class: 'field-error', id: uid(`${name}-error`), 'data-error-for': name });
  input.setAttribute('aria-describedby', `${hint.id} ${error.id}`);
  return {
    input,
    hint,
    error,
    element: el('div', { class: 'field' }, el('label', { for: input.id }, label), input, hint, error),
  };
}

function passwordHint(mail) {
  return mail.smtp_password_set
    ? 'Set (never shown). Leave empty to keep it; type a new one to replace it.'
    : 'Not set. Needed when the relay asks for a user.';
}

/* mailSettingsSection(ctx) -> the section, once the current settings have been read. */
export async function mailSettingsSection(ctx) {
  let current = await get('/api/v1/clinic/mail');
  const fields = {
    smtp_url: mailField(
      'smtp_url',
      'SMTP relay',
      { type: 'url', inputmode: 'url', placeholder: 'smtp://mail.clinic.example:587' },
      'smtp://HOST:PORT (STARTTLS, required with a user) or smtps://HOST:PORT (TLS from the start).',
    ),
    mail_from: mailField(
      'mail_from',
      'Sending address',
      { type: 'email', inputmode: 'email' },
      'The address reminders come from, such as desk@clinic.example.',
    ),
    smtp_user: mailField(
      'smtp_user',
      'Relay user (optional)',
      { type: 'text' },
      'Empty when the relay needs no login.',
    ),
    smtp_password: mailField(
      'smtp_password',
      'Relay password (optional)',
      { type: 'password', autocomplete: 'new-password' },
      passwordHint(current),
    ),
    public_url: mailField(
      'public_url',
      'Public address (optional)',
      { type: 'url', inputmode: 'url', placeholder: 'https://clinic.example' },
      "Where this app answers; each message's opt-out link starts with it. Reminders are not sent without it.",
    ),
  };
  fields.smtp_password.hint.setAttribute('data-testid', 'smtp-password-state');

  function show(mail) {
    for (const key of TEXT_FIELDS) fields[key].input.value = mail[key] == null ? '' : mail[key];
    fields.smtp_password.input.value = '';
    replace(fields.smtp_password.hint, passwordHint(mail));
  }
  show(current);

  function changes() {
    const result = {};
    for (const key of TEXT_FIELDS) {
      const value = fields[key].input.value.trim();
      if (value !== (current[key] || '')) result[key] = value;
    }
    /* Not trimmed: a password may begin or end with a space. */
    const password = fields.smtp_password.input.value;
    if (password !== '') result.smtp_password = password;
    return result;
  }

  const formErrors = el('div', { class: 'status-region', 'aria-live': 'assertive', 'data-testid': 'mail-errors' });
  const saved = el('div', { class: 'status-region', 'aria-live': 'polite', 'data-testid': 'mail-saved' });
  const submit = el('button', { type: 'submit', class: 'button primary' }, 'Save mail settings');
  const headingId = uid('mail-heading');
  const form = el(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': headingId, 'data-testid': 'mail-form' },
    el('h2', { id: headingId }, 'Reminders by e-mail'),
    el(
      'p',
      {},
      'How the daily reminder run (collagenda remind) sends the day-before reminders and ' +
        'maintenance recalls: through which relay, and from which address.',
    ),
    el(
      'div',
      { class: 'form-grid' },
      Object.values(fields).map((f) => f.element),
    ),
    formErrors,
    saved,
    el('div', { class: 'actions' }, submit),
  );

  function clearErrors() {
    replace(formErrors);
    replace(saved);
    for (const { input, error } of Object.values(fields)) {
      replace(error);
      input.removeAttribute('aria-invalid');
    }
  }

  /* The server names the field ("smtp_url"); its words are shown as they come. */
  function showError(error) {
    const target = error instanceof ApiError && error.status === 400 && error.field ? fields[error.field] : null;
    if (!target) {
      ctx.showError(error, formErrors);
      return;
    }
    replace(target.error, error.message.replace(/^[a-z_]+: /, ''));
    target.input.setAttribute('aria-invalid', 'true');
    target.input.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    const payload = changes();
    if (Object.keys(payload).length === 0) {
      replace(formErrors, el('p', { class: 'alert', role: 'alert' }, 'Nothing changed.'));
      return;
    }
    submit.disabled = true;
    try {
      current = await put('/api/v1/clinic/mail', payload);
      show(current);
      replace(
        saved,
        el(
          'p',
          { class: 'notice', role: 'status' },
          'Mail settings saved; the old ones are kept in the audit log (the password only as set or not).',
        ),
      );
    } catch (error) {
      showError(error);
    } finally {
      submit.disabled = false;
    }
  });

  return form;
}
