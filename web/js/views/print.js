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
import { formatDate, todayIso } from '../format.js';
import { nextParagraph } from './course.js';

export async function printView(ctx, id) {
  const course = await get(`/api/v1/courses/${id}`);
  const [client, info] = await Promise.all([get(`/api/v1/clients/${course.client}`), protocolInfo()]);
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
      el(
        'p',
        { class: 'muted' },
        ctx.me && ctx.me.clinic ? `${ctx.me.clinic} · ` : '',
        `Printed ${formatDate(todayIso())} · course ${course.id}`,
      ),
      answerSentence(plan, { voice: 'client' }),
      rangesParagraph(plan),
      nextParagraph(course.next),
      screeningBlock(plan, info, 'client'),
      warningsBlock(plan),
      plan.schedule
        ? el(
            'section',
            {},
            el('h2', {}, 'Your dates'),
            responsiveTimeline(plan, { sessionsDone: sessions }),
            scheduleList(plan, { sessionsDone: sessions }),
          )
        : null,
      aftercareBlock(plan),
      reasonsBlock(plan, info),
      confirmationLine(info, { booked: true }),
    ),
  );
  ctx.focusHeading();
}
