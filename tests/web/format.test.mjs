/*
 * The web app's date formatter (web/js/format.js) without a browser: a date
 * people read carries its year when it is not the viewer's current year.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatShortDate, formatDate, setViewerToday, viewerToday, todayIso } from '../../web/js/format.js';

test('a date in the current year reads without its year, any other with it', () => {
  assert.equal(formatShortDate('2027-02-08', '2027-11-30'), '8 Feb');
  assert.equal(formatShortDate('2028-02-08', '2027-11-30'), '8 Feb 2028');
  assert.equal(formatShortDate('2026-12-31', '2027-01-01'), '31 Dec 2026');
  assert.equal(formatShortDate('2027-01-01', '2027-12-31'), '1 Jan');
});

test('the long form always names the year', () => {
  assert.equal(formatDate('2028-02-08'), 'Tue, 8 Feb 2028');
});

test("the viewer's today is the clinic's once set, else the browser's", () => {
  setViewerToday(null);
  assert.equal(viewerToday(), todayIso());
  setViewerToday('2030-06-01');
  assert.equal(viewerToday(), '2030-06-01');
  assert.equal(formatShortDate('2030-02-08'), '8 Feb');
  assert.equal(formatShortDate('2031-02-08'), '8 Feb 2031');
  setViewerToday('not a date');
  assert.equal(viewerToday(), todayIso());
});

test('what is not a date is shown as it came', () => {
  assert.equal(formatShortDate('', '2027-01-01'), '');
  assert.equal(formatShortDate('soon', '2027-01-01'), 'soon');
});
