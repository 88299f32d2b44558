/*
 * "Ask the clinic to contact me", offered under the calculator's estimate
 * (docs/records.md#consultation-requests). It sends the public POST
 * /api/v1/requests without cookies: a name, an e-mail or a phone, consent
 * to be contacted, and the answers the estimate was made from. A refusal
 * is shown next to the field the server names; the rest (too many
 * requests, no connection) above the button.
 *
 * "website" is a honeypot: hidden from people (off-screen, out of the tab
 * order, hidden from screen readers), filled in by robots that fill every
 * field. The server answers such a request like any other and stores
 * nothing.
 */
import { el, replace, uid } from './dom.js';
import { post, ApiError } from './api.js';

function textField(name, label, type, attrs, hintText) {
  const input = el('input', { type, name, id: uid(name), ...attrs });
  const error = el('p', { class: 'field-error', id: uid(`${name}-error`), 'data-error-for': name });
  const hint = hintText ? el('p', { class: 'hint', id: uid(`${name}-hint`) }, hintText) : null;
  input.setAttribute('aria-describedby', [hint && hint.id, error.id].filter(Boolean).join(' '));
  return {
    input,
    error,
    element: el('div', { class: 'field' }, el('label', { for: input.id }, label), input, hint, error),
  };
}

/* consultationForm(getAssessment) -> {element, reset()}; getAssessment() gives the estimate's answers. */
export function consultationForm(getAssessment) {
  const name = textField('name', 'Your name', 'text', { autocomplete: 'name', required: true });
  const email = textField('email', 'E-mail', 'email', { autocomplete: 'email' }, 'An e-mail or a phone number.');
  const phone = textField('phone', 'Phone', 'tel', { autocomplete: 'tel' });
  const consentBox = el('input', { type: 'checkbox', name: 'consent', id: uid('consent'), required: true });
  const consentError = el('p', { class: 'field-error', id: uid('consent-error'), 'data-error-for': 'consent' });
  consentBox.setAttribute('aria-describedby', consentError.id);
  const consent = el(
    'div',
    { class: 'field' },
    el(
      'div',
      { class: 'check' },
      consentBox,
      el(
        'label',
        { for: consentBox.id },
        'The clinic may contact me about a consultation, and keep my name, contact and answers for that.',
      ),
    ),
    consentError,
  );
  const honeypot = el('input', {
    type: 'text',
    name: 'website',
    id: uid('website'),
    tabindex: '-1',
    autocomplete: 'off',
  });
  const trap = el(
    'div',
    { class: 'honeypot', 'aria-hidden': 'true' },
    el('label', { for: honeypot.id }, 'Leave this empty'),
    honeypot,
  );
  const formError = el('div', { class: 'form-error', role: 'alert' });
  const send = el('button', { type: 'submit', class: 'button primary', 'data-testid': 'send-request' }, 'Send');
  const fields = { name, email, phone, consent: { input: consentBox, error: consentError } };
  const form = el(
    'form',
    { class: 'consultation', novalidate: true, 'aria-labelledby': 'consultation-heading' },
    el('h2', { id: 'consultation-heading' }, 'Would you like the clinic to contact you?'),
    el(
      'p',
      {},
      'Leave your name and how to reach you, and the clinic will get in touch to book a consultation. ' +
        'Your answers above go with it, so you need not repeat them.',
    ),
    name.element,
    email.element,
    phone.element,
    consent,
    trap,
    formError,
    el('div', { class: 'actions' }, send),
  );
  const box = el('section', { class: 'card', 'data-testid': 'consultation' }, form);

  function clearErrors() {
    replace(formError);
    for (const { input, error } of Object.values(fields)) {
      replace(error);
      input.removeAttribute('aria-invalid');
    }
  }

  /* The server names the field ("email", "consent", "assessment: laxity"); the message is its own. */
  function showError(error) {
    const target = error instanceof ApiError && error.field ? fields[error.field] : null;
    const message = error instanceof ApiError ? error.message : 'Something went wrong. Please try again.';
    if (target) {
      replace(target.error, message.replace(/^[a-z_]+: /, ''));
      target.input.setAttribute('aria-invalid', 'true');
      target.input.focus();
    } else {
      replace(formError, el('p', {}, message));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    const body = {
      name: name.input.value.trim(),
      email: email.input.value.trim(),
      phone: phone.input.value.trim(),
      consent: consentBox.checked,
      assessment: getAssessment(),
      website: honeypot.value,
    };
    send.disabled = true;
    send.textContent = 'Sending…';
    try {
      await post('/api/v1/requests', body, { public: true });
      const heading = el('h2', { tabindex: '-1' }, 'Thank you, we have your request');
      replace(
        box,
        el(
          'div',
          { role: 'status', 'data-testid': 'request-sent' },
          heading,
          el(
            'p',
            {},
            `The clinic will contact you${body.email ? ` at ${body.email}` : ''}${
              body.email && body.phone ? ' or' : ''
            }${body.phone ? ` on ${body.phone}` : ''} to arrange a consultation. You can close this page now.`,
          ),
        ),
      );
      heading.focus();
    } catch (error) {
      showError(error);
    } finally {
      send.disabled = false;
      send.textContent = 'Send';
    }
  });

  return {
    element: box,
    reset() {
      clearErrors();
    },
  };
}
