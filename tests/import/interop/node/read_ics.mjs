// ical.js reads an iCalendar file and prints, as JSON, what it understood of each VEVENT:
// {"version": "...", "events": [{uid, title, all_day, start, end, has_dtend}]}, with dates as
// "YYYY-MM-DD" and date-times as UTC instants "YYYY-MM-DDTHH:MM:SSZ".
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ICAL from "ical.js";

const here = dirname(fileURLToPath(import.meta.url));
const version = JSON.parse(
  readFileSync(join(here, "node_modules", "ical.js", "package.json"), "utf8"),
).version;
const text = readFileSync(process.argv[2], "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone"))
  ICAL.TimezoneService.register(vtimezone);

const pad = (n, w = 2) => String(n).padStart(w, "0");
function instant(t) {
  if (t.isDate) return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
  return new Date(t.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    title: event.summary,
    all_day: event.startDate.isDate,
    start: instant(event.startDate),
    end: instant(event.endDate),
    has_dtend: vevent.hasProperty("dtend"),
  };
});
process.stdout.write(JSON.stringify({ version, events }) + "\n");
