/*
 * A new course from an assessment. The plan is previewed first, from the
 * same public endpoint the calculator uses, and only the previewed answers
 * can be saved: changing any answer withdraws the preview.
 */
import { el, replace } from '../dom.js';
import { get, post, ApiError } from '../api.js';
import { assessmentForm } from '../assessment-form.js';
import { renderPlan, protocolInfo } from '../plan-view.js';
import { crumbs, pageHead } from './common.js';
import { forceBox } from './force.js';
import { todayIso } from '../format.js';

/*
 * fromRequest: a consultation request's id (views/requests.js). Its answers
 * pre-fill the form, and starting the course closes the request, naming the
 * course.
 */
export async function newCourseView(ctx, clientId, fromRequest) {
  const client = await get(`/api/v1/clients/${clientId}`);
  const request = fromRequest ? await get(`/api/v1/requests/${fromRequest}`) : null;
  const answers = request && request.assessment ? request.assessment : {};
  ctx.setTitle(`New course for ${client.name}`);
  const preview = el('section', { class: 'card', 'aria-live': 'polite', 'data-testid': 'preview' });
  const errors = el('div', { class: 'status-region', 'aria-live': 'assertive' });
  let previewed = null;

  function withdraw() {
    if (!previewed) return;
    previewed = null;
    replace(
      preview,
      el('p', { class: 'notice warn' }, 'The answers changed: preview the plan again before starting the course.'),
    );
  }

  const form = assessmentForm({
    voice: 'staff',
    defaults: { ...answers, skin_type: client.skin_type || answers.skin_type || '', start: todayIso() },
    onChange: withdraw,
  });
  const previewButton = el('button', { type: 'submit', class: 'button primary' }, 'Preview plan');
  const formNode = el(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'assessment-heading' },
    el('h2', { id: 'assessment-heading' }, 'Assessment'),
    form.element,
    errors,
    el('div', { class: 'actions' }, previewButton),
  );

  async function start(extra) {
    const body = { client: clientId, ...previewed, ...extra };
    const created = await post('/api/v1/courses', body);
    let closed = '';
    if (request && request.status === 'open') {
      try {
        await post(`/api/v1/requests/${request.id}/close`, { course: created.id, note: 'course started' });
        closed = ` Consultation request ${request.id} is closed.`;
      } catch {
        closed = ` Consultation request ${request.id} could not be closed: close it from the inbox.`;
      }
    }
    ctx.navigate(
      `#/courses/${created.id}`,
      (extra ? 'Course started with an override; the reason is recorded.' : 'Course started.') + closed,
    );
  }

  function showPreview(plan, info) {
    const startButton = el('button', { type: 'button', class: 'button primary' }, 'Start this course');
    const startErrors = el('div', { class: 'status-region' });
    startButton.addEventListener('click', async () => {
      startButton.disabled = true;
      replace(startErrors);
      try {
        await start(null);
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          const box = forceBox({
            title: 'Cannot start this course as it is. ',
            detail: error.message,
            action: 'Start anyway with this reason',
            onForce: async (reason) => {
              try {
                await start({ force: true, reason });
              } catch (again) {
                ctx.showError(again, startErrors);
              }
            },
          });
          replace(startErrors, box.element);
          box.focus();
        } else {
          ctx.showError(error, startErrors);
        }
      } finally {
        startButton.disabled = false;
      }
    });
    replace(
      preview,
      el('h2', { id: 'preview-heading', tabindex: '-1' }, 'Plan preview'),
      renderPlan(plan, info, { voice: 'staff' }),
      startErrors,
      el('div', { class: 'actions' }, startButton),
    );
    preview.querySelector('#preview-heading').focus();
  }

  formNode.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(errors);
    const answer = form.read();
    if (answer.error) {
      replace(errors, el('p', { class: 'alert' }, answer.error));
      answer.focus();
      return;
    }
    previewButton.disabled = true;
    try {
      const [plan, info] = await Promise.all([
        post('/api/v1/plan', answer.assessment, { public: true }),
        protocolInfo(),
      ]);
      previewed = answer.assessment;
      showPreview(plan, info);
    } catch (error) {
      ctx.showError(error, errors);
    } finally {
      previewButton.disabled = false;
    }
  });

  replace(
    ctx.main,
    crumbs(el('a', { href: '#/clients' }, 'Clients'), el('a', { href: `#/clients/${clientId}` }, client.name)),
    pageHead(`New course for ${client.name}`),
    request
      ? el(
          'p',
          { class: 'notice', 'data-testid': 'from-request' },
          `The answers come from consultation request ${request.id}; check them with the client. ` +
            'Starting the course closes the request.',
        )
      : null,
    formNode,
    preview,
  );
  replace(
    preview,
    el(
      'p',
      { class: 'muted' },
      'Answer the assessment, then preview the plan. Nothing is saved until you start the course.',
    ),
  );
  ctx.focusHeading();
}
