/*
 * The audit log, for admins: who did what to which record and when, with
 * the record before and after, filtered as `collagenda audit` filters it
 * (a client, a first day, an action or a kind of action), newest entry
 * first, and the same entries as a CSV download. The server checks the
 * filters, masks what an erasure removed, and records this reading too.
 */
import { el, field, replace } from '../dom.js';
import { get } from '../api.js';
import { pageHead, flashBox, tableWrap } from './common.js';
import { plural } from '../format.js';

const instant = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

/* The browser's calendar day some days back, as YYYY-MM-DD: the screen opens on the last month. */
function daysAgoIso(days) {
  const date = new Date();
  date.setDate(date.getDate() - days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function query(client, since, action) {
  const params = new URLSearchParams();
  if (client) params.set('client', client);
  if (since) params.set('since', since);
  if (action) params.set('action', action);
  return params.toString();
}

/* The record an entry names, linked when the app has a page for it. */
function recordCell(entry) {
  const text = entry.entity_id ? `${entry.entity} ${entry.entity_id}` : entry.entity;
  if (entry.entity === 'client' && entry.entity_id) return el('a', { href: `#/clients/${entry.entity_id}` }, text);
  if (entry.entity === 'course' && entry.entity_id) return el('a', { href: `#/courses/${entry.entity_id}` }, text);
  return text;
}

/* Before and after as indented JSON, behind a disclosure: long, and not always wanted. */
function changes(entry) {
  if (entry.before === null && entry.after === null) return el('span', { class: 'muted' }, '—');
  return el(
    'details',
    { class: 'audit-changes' },
    el('summary', {}, entry.before === null ? 'Record' : 'Before and after'),
    entry.before === null ? null : [el('h3', {}, 'Before'), el('pre', {}, JSON.stringify(entry.before, null, 2))],
    entry.after === null ? null : [el('h3', {}, 'After'), el('pre', {}, JSON.stringify(entry.after, null, 2))],
  );
}

function entryRow(entry) {
  return el(
    'tr',
    { 'data-entry': entry.id, 'data-action': entry.action },
    el('td', {}, el('time', { datetime: entry.at }, instant.format(new Date(entry.at)))),
    el('td', {}, el('code', {}, entry.action)),
    el('td', {}, recordCell(entry)),
    el('td', {}, entry.client ? el('a', { href: `#/clients/${entry.client}` }, `Client ${entry.client}`) : '—'),
    el('td', {}, entry.who),
    el('td', {}, entry.reason || el('span', { class: 'muted' }, '—')),
    el('td', {}, changes(entry)),
  );
}

export async function auditView(ctx, clientId) {
  ctx.setTitle('Audit log');
  const client = el('input', {
    type: 'number',
    name: 'client',
    min: '1',
    step: '1',
    inputmode: 'numeric',
    value: Number.isInteger(clientId) ? String(clientId) : '',
  });
  const since = el('input', { type: 'date', name: 'since', value: daysAgoIso(30) });
  const actions = el('datalist', { id: 'audit-actions' });
  const action = el('input', { type: 'text', name: 'action', list: 'audit-actions', autocomplete: 'off' });
  const results = el('div', { 'aria-live': 'polite', 'data-testid': 'audit-results' });
  const csv = el('a', { class: 'button', 'data-testid': 'audit-csv' }, 'Download CSV');
  const form = el(
    'form',
    { class: 'inline-form', novalidate: true, 'data-testid': 'audit-filters' },
    field('Client number (optional)', client),
    field('Since', since, 'From the start of this day in the clinic’s time zone; empty for all.'),
    field('Action (optional)', action, 'An action such as session.record, or a kind such as session.'),
    actions,
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'button primary' }, 'Show'), csv),
  );

  async function load() {
    const parameters = query(client.value.trim(), since.value, action.value.trim());
    csv.setAttribute('href', `/api/v1/audit.csv?${parameters}`);
    csv.setAttribute('download', 'audit.csv');
    replace(results, el('p', { class: 'loading' }, 'Loading…'));
    let entries;
    try {
      entries = await get(`/api/v1/audit?${parameters}`);
    } catch (error) {
      ctx.showError(error, results);
      return;
    }
    /* Offer the actions this clinic's log holds as suggestions for the next search. */
    const known = new Set([...actions.children].map((option) => option.value));
    for (const entry of entries) {
      if (!known.has(entry.action)) {
        known.add(entry.action);
        actions.appendChild(el('option', { value: entry.action }));
      }
    }
    const newestFirst = [...entries].reverse();
    replace(
      results,
      el('p', { role: 'status' }, `${plural(entries.length, 'entry', 'entries')}, newest first.`),
      entries.length === 0
        ? el('p', { class: 'empty' }, 'No entry matches these filters.')
        : el(
            'div',
            tableWrap('Audit log entries table'),
            el(
              'table',
              { 'data-testid': 'audit' },
              el('caption', { class: 'visually-hidden' }, 'Audit log entries, newest first'),
              el(
                'thead',
                {},
                el(
                  'tr',
                  {},
                  ['When', 'Action', 'Record', 'Client', 'Who', 'Reason', 'Changes'].map((h) =>
                    el('th', { scope: 'col' }, h),
                  ),
                ),
              ),
              el('tbody', {}, newestFirst.map(entryRow)),
            ),
          ),
    );
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });

  replace(ctx.main, pageHead('Audit log'), flashBox(ctx), el('section', { class: 'card' }, form, results));
  ctx.focusHeading();
  await load();
}
