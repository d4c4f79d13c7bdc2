/**
 * When scheduled work falls due: durations added as people count them, and
 * quiet hours respected. Days are calendar days in the organisation's time
 * zone ("P1D" after 14:00 is 14:00 tomorrow, also across a clock change);
 * hours, minutes and seconds are elapsed time.
 */
import { addDays, localDateTime, zonedToUtc } from './clock';
import type { Duration } from './duration';
import type { QuietHours } from './schedule';

export function addDuration(instant: Date, d: Duration, timeZone: string): Date {
  let t = instant;
  if (d.days > 0) {
    const local = localDateTime(instant, timeZone);
    const seconds = instant.getTime() % 60000;
    t = new Date(zonedToUtc(addDays(local.date, d.days), local.time, timeZone).getTime() + seconds);
  }
  return new Date(t.getTime() + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000);
}

export function subtractDuration(instant: Date, d: Duration, timeZone: string): Date {
  let t = new Date(instant.getTime() - ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000);
  if (d.days > 0) {
    const local = localDateTime(t, timeZone);
    t = zonedToUtc(addDays(local.date, -d.days), local.time, timeZone);
  }
  return t;
}

function inWindow(time: string, q: QuietHours): boolean {
  if (q.from === q.to) return false;
  return q.from < q.to ? time >= q.from && time < q.to : time >= q.from || time < q.to;
}

export function isQuiet(instant: Date, q: QuietHours | null, timeZone: string): boolean {
  if (!q) return false;
  const local = localDateTime(instant, timeZone);
  return (q.weekends && local.weekday >= 6) || inWindow(local.time, q);
}

/**
 * The instant itself if it is outside quiet hours, else the moment they end:
 * the next `to` on a weekday (Monday morning after a weekend).
 */
export function nextAllowed(instant: Date, q: QuietHours | null, timeZone: string): Date {
  if (!q) return instant;
  let t = instant;
  for (let guard = 0; guard < 10 && isQuiet(t, q, timeZone); guard++) {
    const local = localDateTime(t, timeZone);
    if (q.weekends && local.weekday >= 6) {
      // Skip to Monday; then the window's own end, if Monday starts inside it.
      const monday = addDays(local.date, 8 - local.weekday);
      t = zonedToUtc(monday, '00:00', timeZone);
      if (inWindow('00:00', q)) t = zonedToUtc(monday, q.to, timeZone);
      continue;
    }
    // Inside the window: it ends at `to`, today or (for a window across midnight, evening side) tomorrow.
    const endDate = q.from > q.to && local.time >= q.from ? addDays(local.date, 1) : local.date;
    t = zonedToUtc(endDate, q.to, timeZone);
  }
  return t;
}

/** The end of a local calendar day: the first instant of the next. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  return zonedToUtc(addDays(date, 1), '00:00', timeZone);
}
