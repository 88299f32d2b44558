/*
 * The course as a picture: each planned session on a time line, with its
 * safe window behind it, and the first maintenance visit after a break in
 * the line (it is months away; drawn to scale it would squash the course).
 * Drawn at the size it is shown, so its words stay readable on a phone.
 * Colours come from classes in style.css (no inline styles under the CSP).
 * The same dates are always listed in text beside the picture.
 */
import { svg, uid } from './dom.js';
import { dayNumber, formatShortDate, formatDate } from './format.js';

const HEIGHT = 104;
const AXIS_Y = 44;
const LABEL_GAP = 46;

/*
 * timelineSvg(plan, {width, sessionsDone: [{number, date}], today})
 * plan.schedule is required (the plan was asked for with a start date).
 */
export function timelineSvg(plan, { width = 720, sessionsDone = [], today = null } = {}) {
  const schedule = plan.schedule || [];
  const maintenance = (plan.maintenance || [])[0];
  const titleId = uid('timeline-title');
  const root = svg('svg', {
    class: 'timeline',
    viewBox: `0 0 ${width} ${HEIGHT}`,
    width,
    height: HEIGHT,
    role: 'img',
    'aria-labelledby': titleId,
  });
  const sessionWords = schedule.map((item) => `session ${item.number} on ${formatDate(item.date)}`).join(', ');
  root.appendChild(
    svg(
      'title',
      { id: titleId },
      `Timeline: ${sessionWords}${maintenance ? `, then maintenance on ${formatDate(maintenance.date)}` : ''}.`,
    ),
  );
  if (schedule.length === 0) return root;

  const left = 24;
  const courseRight = maintenance ? width - 110 : width - 24;
  const firstDay = dayNumber(schedule[0].date);
  const lastDay = Math.max(...schedule.map((item) => dayNumber(item.latest || item.date)));
  const span = Math.max(lastDay - firstDay, 1);
  const x = (iso) => left + ((dayNumber(iso) - firstDay) / span) * (courseRight - left);

  root.appendChild(svg('line', { class: 'tl-axis', x1: left, y1: AXIS_Y, x2: courseRight, y2: AXIS_Y }));

  const doneNumbers = new Set(sessionsDone.map((session) => session.number));
  for (const item of schedule) {
    if (!doneNumbers.has(item.number) && item.earliest && item.latest && item.earliest !== item.latest) {
      root.appendChild(
        svg('rect', {
          class: 'tl-window',
          x: x(item.earliest),
          y: AXIS_Y - 10,
          width: Math.max(x(item.latest) - x(item.earliest), 2),
          height: 20,
          rx: 4,
        }),
      );
    }
  }

  const lastLabel = [-Infinity, -Infinity];
  /* A label with its year ("8 Feb 2028") is wider: keep the same room between them. */
  const labelGap = schedule.some((item) => formatShortDate(item.date).length > 6) ? LABEL_GAP * 1.5 : LABEL_GAP;
  schedule.forEach((item, index) => {
    const cx = x(item.date);
    const done = doneNumbers.has(item.number);
    root.appendChild(svg('circle', { class: done ? 'tl-done' : 'tl-planned', cx, cy: AXIS_Y, r: 7 }));
    root.appendChild(
      svg('text', { class: 'tl-number', x: cx, y: AXIS_Y - 16, 'text-anchor': 'middle' }, String(item.number)),
    );
    const row = index % 2;
    const isEnd = index === 0 || index === schedule.length - 1;
    if (cx - lastLabel[row] >= labelGap || (isEnd && cx - lastLabel[row] >= labelGap * 0.8)) {
      const text = formatShortDate(item.date);
      /* About 6.5px a character at 12px: a centred label that would start off the picture starts at its edge. */
      const clipped = cx - text.length * 3.25 < 2;
      root.appendChild(
        svg(
          'text',
          {
            class: 'tl-date',
            x: clipped ? 2 : cx,
            y: AXIS_Y + 28 + row * 16,
            'text-anchor': clipped ? 'start' : 'middle',
          },
          text,
        ),
      );
      lastLabel[row] = cx;
    }
  });

  if (maintenance) {
    const mx = width - 44;
    root.appendChild(svg('line', { class: 'tl-break', x1: courseRight + 8, y1: AXIS_Y, x2: mx - 12, y2: AXIS_Y }));
    root.appendChild(
      svg('path', {
        class: 'tl-maintenance',
        d: `M ${mx} ${AXIS_Y - 9} L ${mx + 9} ${AXIS_Y} L ${mx} ${AXIS_Y + 9} L ${mx - 9} ${AXIS_Y} Z`,
      }),
    );
    /* Anchored at the right edge so that the longest word of the picture never runs off it. */
    root.appendChild(
      svg('text', { class: 'tl-number', x: width - 4, y: AXIS_Y - 16, 'text-anchor': 'end' }, 'Maintenance'),
    );
    root.appendChild(
      svg(
        'text',
        { class: 'tl-date', x: width - 4, y: AXIS_Y + 28, 'text-anchor': 'end' },
        formatShortDate(maintenance.date),
      ),
    );
  }

  if (today) {
    const day = dayNumber(today);
    if (day >= firstDay && day <= lastDay) {
      const tx = x(today);
      root.appendChild(svg('line', { class: 'tl-today', x1: tx, y1: 16, x2: tx, y2: AXIS_Y + 12 }));
      root.appendChild(svg('text', { class: 'tl-today-label', x: tx + 4, y: 12 }, 'today'));
    }
  }
  return root;
}

/*
 * A timeline that redraws itself at its container's width (phones rotate,
 * windows resize). Returns the container element.
 */
export function responsiveTimeline(plan, options = {}) {
  const container = document.createElement('div');
  container.className = 'timeline-holder';
  let drawnWidth = 0;
  const draw = () => {
    const width = Math.round(Math.min(900, Math.max(300, container.clientWidth || 720)));
    if (width === drawnWidth) return;
    drawnWidth = width;
    container.replaceChildren(timelineSvg(plan, { ...options, width }));
  };
  container.replaceChildren(timelineSvg(plan, { ...options, width: 720 }));
  if (typeof ResizeObserver === 'function') new ResizeObserver(draw).observe(container);
  return container;
}
