/*
 * The public calculator (/calculator). It asks the assessment questions,
 * sends them to the public POST /api/v1/plan without any cookie, and shows
 * the answer the clinic's protocol gives, the same as `collagenda plan`.
 * Under the estimate it offers to pass the answers to the clinic with a
 * name and a contact (consultation-form.js).
 * It may live inside another site's <iframe>: it then tells the parent page
 * its height so that the frame can grow with it (no scroll bar inside).
 */
import { el, replace } from './dom.js';
import { post, ApiError } from './api.js';
import { assessmentForm } from './assessment-form.js';
import { renderPlan, protocolInfo } from './plan-view.js';
import { consultationForm } from './consultation-form.js';

const form = document.getElementById('calculator-form');
const questions = document.getElementById('questions');
const formError = document.getElementById('form-error');
const result = document.getElementById('result');
const resultBody = document.getElementById('result-body');
const resultHeading = document.getElementById('result-heading');
const submit = document.getElementById('estimate');
const status = document.getElementById('status');
const consultation = document.getElementById('consultation');
/* The answers the shown estimate was made from: a consultation request carries them. */
let estimated = null;

const assessment = assessmentForm({ voice: 'client', onChange: () => replace(formError) });
replace(questions, assessment.element);

function showError(message) {
  replace(formError, el('p', {}, message));
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  replace(formError);
  const answer = assessment.read();
  if (answer.error) {
    showError(answer.error);
    answer.focus();
    return;
  }
  submit.disabled = true;
  submit.textContent = 'Working it out…';
  try {
    const [plan, info] = await Promise.all([post('/api/v1/plan', answer.assessment, { public: true }), protocolInfo()]);
    replace(resultBody, renderPlan(plan, info, { voice: 'client' }));
    estimated = answer.assessment;
    replace(consultation, consultationForm(() => estimated).element);
    result.hidden = false;
    status.textContent = resultBody.querySelector('.answer').textContent;
    resultHeading.focus();
    resultHeading.scrollIntoView({ block: 'start' });
  } catch (error) {
    showError(error instanceof ApiError ? error.message : 'Something went wrong. Please try again.');
  } finally {
    submit.disabled = false;
    submit.textContent = 'Show my estimate';
  }
});

document.getElementById('again').addEventListener('click', () => {
  result.hidden = true;
  const first = questions.querySelector('button, input');
  if (first) first.focus();
});

/* Inside a frame: tell the embedding page how tall we are. Only a number leaves. */
if (window.parent !== window && typeof ResizeObserver === 'function') {
  new ResizeObserver(() => {
    window.parent.postMessage(
      { type: 'collagenda-calculator-height', height: document.documentElement.scrollHeight },
      '*',
    );
  }).observe(document.body);
}
