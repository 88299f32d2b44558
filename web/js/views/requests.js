/*
 * The consultation requests inbox (docs/records.md#consultation-requests):
 * what prospective clients left from the public calculator, open ones
 * newest first, with how to reach them and the answers they gave. "Start a
 * course" adds them as a client (or, when their e-mail or phone is already
 * a client's, offers that client instead) and opens the new-course form
 * pre-filled with their answers; starting the course closes the request.
 * A request can also be closed without a course, with a note.
 */
import { el, field, replace } from '../dom.js';
import { get, post, ApiError } from '../api.js';
import { pageHead, flashBox } from './common.js';
import { formatDate, plural } from '../format.js';
import * as vocabulary from '../vocabulary.js';

/* The answers in words staff read: "Laxity: Moderate · Areas: Face, Neck · ...". */
const ANSWERS = [
  ['laxity', 'Laxity', vocabulary.laxity],
  ['areas', 'Areas', vocabulary.areas],
  ['goal', 'Goal', vocabulary.goals],
  ['risks', 'Risk factors', vocabulary.risks],
  ['concerns', 'Concerns', vocabulary.concerns],
  ['modality', 'Modality', vocabulary.modalities],
  ['screening', 'Screening', vocabulary.screening],
  ['skin_type', 'Skin type', vocabulary.skinTypes],
];

function staffLabel(list, code) {
  const found = list.find((item) => item.code === code);
  return found ? found.staff || found.label : code;
}

function answerList(assessment) {
  const items = [];
  for (const [key, label, list] of ANSWERS) {
    const value = assessment ? assessment[key] : undefined;
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    const words = (Array.isArray(value) ? value : [value]).map((code) => staffLabel(list, code)).join(', ');
    items.push(el('div', {}, el('dt', {}, label), el('dd', {}, words)));
  }
  return el('dl', { class: 'answers', 'data-testid': 'answers' }, items);
}

function contact(request) {
  const parts = [];
  if (request.phone) parts.push(el('a', { href: `tel:${request.phone.replace(/[^+\d]/g, '')}` }, request.phone));
  if (request.email) parts.push(el('a', { href: `mailto:${request.email}` }, request.email));
  return parts.flatMap((part, index) => (index ? [' · ', part] : [part]));
}

function requestCard(ctx, request, reload) {
  const headingId = `request-${request.id}-heading`;
  const box = el('div', { class: 'status-region', 'aria-live': 'polite' });
  const startButton = el(
    'button',
    { type: 'button', class: 'button primary', 'data-testid': 'start-course' },
    'Start a course from this request',
  );
  const note = el('input', { type: 'text', name: 'note', maxlength: '500' });
  const closeButton = el('button', { type: 'submit', class: 'button' }, 'Close without a course');
  const closeForm = el(
    'form',
    { class: 'inline-form', novalidate: true, 'aria-label': `Close request ${request.id}` },
    field('Note (optional)', note),
    el('div', { class: 'actions' }, closeButton),
  );

  function openCourseFor(clientId) {
    ctx.navigate(`#/clients/${clientId}/courses/new/from-request/${request.id}`);
  }

  async function addClient(allowDuplicate) {
    const body = { name: request.name };
    if (request.email) body.email = request.email;
    if (request.phone) body.phone = request.phone;
    if (allowDuplicate) body.allow_duplicate = true;
    return post('/api/v1/clients', body);
  }

  /* The contact is already a client's: offer that client, or a new one anyway. */
  async function offerExisting(error) {
    let existing = { id: error.problem.existing, name: `client ${error.problem.existing}` };
    try {
      existing = await get(`/api/v1/clients/${error.problem.existing}`);
    } catch {
      /* The id is enough to go on with. */
    }
    const useIt = el('button', { type: 'button', class: 'button primary' }, `Use ${existing.name}`);
    const addAnyway = el('button', { type: 'button', class: 'button' }, 'Add a new client anyway');
    useIt.addEventListener('click', () => openCourseFor(existing.id));
    addAnyway.addEventListener('click', async () => {
      try {
        openCourseFor((await addClient(true)).id);
      } catch (again) {
        ctx.showError(again, box);
      }
    });
    replace(
      box,
      el(
        'div',
        { class: 'notice warn', role: 'alert', 'data-testid': 'existing-client' },
        el(
          'p',
          {},
          `${existing.name} (client ${existing.id}) already has this ${error.field === 'phone' ? 'phone' : 'e-mail'}. `,
          el('a', { href: `#/clients/${existing.id}` }, 'See the client'),
          '.',
        ),
        el('div', { class: 'actions' }, useIt, addAnyway),
      ),
    );
    useIt.focus();
  }

  startButton.addEventListener('click', async () => {
    startButton.disabled = true;
    replace(box);
    try {
      openCourseFor((await addClient(false)).id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.problem.existing) await offerExisting(error);
      else ctx.showError(error, box);
    } finally {
      startButton.disabled = false;
    }
  });

  closeForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    closeButton.disabled = true;
    try {
      const body = note.value.trim() ? { note: note.value.trim() } : {};
      await post(`/api/v1/requests/${request.id}/close`, body);
      reload(`Request from ${request.name} closed.`);
    } catch (error) {
      ctx.showError(error, box);
    } finally {
      closeButton.disabled = false;
    }
  });

  return el(
    'article',
    { class: 'card request', 'aria-labelledby': headingId, 'data-request': String(request.id) },
    el('h2', { id: headingId }, request.name),
    el('p', { class: 'muted' }, `Received ${formatDate(request.created_at.slice(0, 10))} · request ${request.id}`),
    el('p', { 'data-testid': 'contact' }, contact(request)),
    answerList(request.assessment),
    box,
    el('div', { class: 'actions' }, startButton),
    closeForm,
  );
}

export async function requestsView(ctx) {
  ctx.setTitle('Consultation requests');
  const requests = await get('/api/v1/requests');
  const reload = (flash) => ctx.navigate('#/requests', flash);
  replace(
    ctx.main,
    pageHead('Consultation requests'),
    flashBox(ctx),
    el('p', { class: 'muted' }, `${plural(requests.length, 'open request')} from the public calculator, newest first.`),
    requests.length === 0
      ? el('p', { class: 'empty' }, 'No open requests.')
      : el(
          'div',
          { class: 'request-list', 'data-testid': 'requests' },
          requests.map((request) => requestCard(ctx, request, reload)),
        ),
  );
  ctx.focusHeading();
}
