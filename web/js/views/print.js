/*
 * The plan to hand to the client: the same plan as the course page, in the
 * client's words, laid out for paper by the print rules in style.css.
 */
import { el, replace } from '../dom.js';
import { get } from '../api.js';
import {
  protocolInfo,
  answerSentence,
  rangesParagraph,
  scheduleList,
  screeningBlock,
  warningsBlock,
  reasonsBlock,
  aftercareBlock,
  confirmationLine,
} from '../plan-view.js';
import { responsiveTimeline } from '../timeline.js';
import { formatDate, setViewerToday, viewerToday } from '../format.js';
import { nextParagraph } from './course.js';

/*
 * Who to call: the clinic's name, and its address and phone where the
 * clinic's settings have them (GET /api/v1/clinic).
 */
function clinicContact(clinic, ctx) {
  const name = (clinic && clinic.name) || (ctx.me && ctx.me.clinic) || '';
  const lines = [name, clinic && clinic.address, clinic && clinic.phone && `Phone ${clinic.phone}`].filter(Boolean);
  if (lines.length === 0) return null;
  return el(
    'address',
    { class: 'clinic-contact', 'data-testid': 'clinic-contact' },
    lines.map((line) => el('div', {}, line)),
  );
}

/* The visits already booked, with their time in the clinic's time zone. */
function bookedList(bookings) {
  if (bookings.length === 0) return null;
  return el(
    'section',
    { 'data-testid': 'print-bookings' },
    el('h2', {}, 'Your booked visits'),
    el(
      'ul',
      {},
      bookings.map((booking) =>
        el(
          'li',
          {},
          `Session ${booking.number}: `,
          el('time', { datetime: booking.date }, formatDate(booking.date)),
          booking.time ? ` at ${booking.time}` : ' (time to be agreed)',
        ),
      ),
    ),
  );
}

export async function printView(ctx, id) {
  const course = await get(`/api/v1/courses/${id}`);
  const [client, info, clinic] = await Promise.all([
    get(`/api/v1/clients/${course.client}`),
    protocolInfo(),
    get('/api/v1/clinic').catch(() => null),
  ]);
  /* The clinic's today decides which dates need their year. */
  if (clinic) setViewerToday(clinic.today);
  const plan = course.plan;
  const sessions = course.sessions || [];
  ctx.setTitle(`Plan for ${client.name}`);
  const printButton = el('button', { type: 'button', class: 'button primary' }, 'Print');
  printButton.addEventListener('click', () => window.print());

  replace(
    ctx.main,
    el(
      'div',
      { class: 'actions no-print' },
      printButton,
      el('a', { class: 'button', href: `#/courses/${course.id}` }, 'Back to the course'),
    ),
    el(
      'article',
      { class: 'card print-document plan', 'data-testid': 'print-document' },
      el('h1', {}, `Your microneedling plan, ${client.name}`),
      clinicContact(clinic, ctx),
      el('p', { class: 'muted' }, `Printed ${formatDate(viewerToday())} · course ${course.id}`),
      /* Under its own h2, so the blocks' h3 headings follow an h2 as on the course page. */
      el(
        'section',
        {},
        el('h2', {}, 'Your course'),
        answerSentence(plan, { voice: 'client' }),
        rangesParagraph(plan),
        nextParagraph(course.next),
        screeningBlock(plan, info, 'client'),
        warningsBlock(plan),
      ),
      plan.schedule
        ? el(
            'section',
            {},
            el('h2', {}, 'Your dates'),
            responsiveTimeline(plan, { sessionsDone: sessions }),
            scheduleList(plan, { sessionsDone: sessions }),
          )
        : null,
      bookedList(course.bookings || []),
      aftercareBlock(plan),
      reasonsBlock(plan, info),
      confirmationLine(info, { booked: true }),
    ),
  );
  ctx.focusHeading();
}
