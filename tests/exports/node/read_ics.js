// Reads an iCalendar file with ical.js (Mozilla's parser, as in Thunderbird)
// and prints its events as JSON: uid, summary, start and end as UTC instants
// (a timed event is converted through the file's own VTIMEZONE: ical.js has
// no zone database of its own) or dates for all-day ones.
// usage: node read_ics.js FILE
'use strict';
const fs = require('fs');
const ICAL = require('ical.js');

const calendar = new ICAL.Component(ICAL.parse(fs.readFileSync(process.argv[2], 'utf8')));
for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const instant = (time) =>
  time.isDate ? time.toString() : time.toJSDate().toISOString().replace('.000Z', 'Z');
const events = calendar.getAllSubcomponents('vevent').map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    all_day: event.startDate.isDate,
    start: instant(event.startDate),
    end: instant(event.endDate),
  };
});
process.stdout.write(JSON.stringify(events) + '\n');
