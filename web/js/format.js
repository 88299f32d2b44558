/*
 * Dates and counts in words. Civil dates travel as "YYYY-MM-DD" and are
 * shown in UTC so that no time zone can move them by a day.
 */

const longDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const shortDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });

export function parseIso(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
}

export function dayNumber(iso) {
  const date = parseIso(iso);
  return date ? Math.round(date.getTime() / 86400000) : NaN;
}

/* "Mon, 4 Jan 2027" */
export function formatDate(iso) {
  const date = parseIso(iso);
  return date ? longDate.format(date) : String(iso || '');
}

/*
 * "4 Jan" in the viewer's current year, "4 Jan 2028" in any other: a date
 * months away (a maintenance visit) must not read like one in this year.
 * today defaults to the viewer's today (viewerToday()).
 */
export function formatShortDate(iso, today = viewerToday()) {
  const date = parseIso(iso);
  if (!date) return String(iso || '');
  const sameYear = String(today || '').slice(0, 4) === iso.slice(0, 4);
  return sameYear ? shortDate.format(date) : `${shortDate.format(date)} ${iso.slice(0, 4)}`;
}

/* Today in the browser's own calendar, as YYYY-MM-DD. */
export function todayIso() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/*
 * The viewer's today: the clinic's (GET /api/v1/clinic answers it in the
 * clinic's time zone) once a view has set it, else the browser's.
 */
let clinicToday = null;

export function setViewerToday(iso) {
  clinicToday = parseIso(iso) ? iso : null;
}

export function viewerToday() {
  return clinicToday || todayIso();
}

export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many || `${one}s`}`;
}

/* "every 5 weeks" when the days are whole weeks, else "every 38 days". */
export function intervalWords(days) {
  return days % 7 === 0 ? plural(days / 7, 'week') : plural(days, 'day');
}

export function rangeWords(min, max, unit) {
  return min === max ? plural(min, unit) : `${min}–${max} ${unit}s`;
}

/* "3 days" between two civil dates, in words. */
export function daysBetween(fromIso, toIso) {
  return dayNumber(toIso) - dayNumber(fromIso);
}
