/*
 * Pieces several staff views share: the page head, the flash message left by
 * the previous page, and small formatting of record fields.
 */
import { el } from '../dom.js';
import { formatDate } from '../format.js';

/*
 * The attributes of a table's sideways-scrolling box: on a phone a wide
 * table scrolls, and a keyboard can only scroll what it can focus, so the
 * box is a named tab stop (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function tableWrap(label) {
  return { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label };
}

/* <div class="page-head"><h1>title</h1> actions</div> */
export function pageHead(title, ...actions) {
  return el(
    'div',
    { class: 'page-head' },
    el('h1', {}, title),
    actions.length ? el('div', { class: 'actions' }, actions) : null,
  );
}

export function crumbs(...links) {
  return el(
    'nav',
    { class: 'crumbs', 'aria-label': 'Breadcrumb' },
    links.map((link, index) => [index ? ' / ' : null, link]),
  );
}

/* The message the previous page left ("Client added."), shown once. */
export function flashBox(ctx) {
  if (!ctx.flash) return null;
  const text = typeof ctx.flash === 'string' ? ctx.flash : ctx.flash.text;
  const warn = typeof ctx.flash === 'object' && ctx.flash.warn;
  const extra = typeof ctx.flash === 'object' && ctx.flash.lines ? ctx.flash.lines : [];
  return el(
    'div',
    { class: ['notice', warn && 'warn'], role: 'status', 'data-testid': 'flash' },
    el('p', {}, text),
    extra.map((line) => el('p', {}, line)),
  );
}

export function orDash(value) {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

export function dateOrDash(iso) {
  return iso ? formatDate(iso) : '—';
}

export function statusBadge(status) {
  const kind =
    { active: 'badge-info', maintenance: 'badge-done', completed: 'badge-done', discontinued: 'badge-warn' }[status] ||
    'badge-info';
  return el('span', { class: ['badge', kind], 'data-status': status }, status);
}
