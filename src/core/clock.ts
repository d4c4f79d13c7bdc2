/** Wall-clock arithmetic in the organisation's time zone; `now` is always passed in. */

export interface LocalDateTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm */
  time: string;
  /** 1 = Monday ... 7 = Sunday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Offsets are memoised per 15-minute slot: every time zone changes its offset
 * only at such a boundary, and `formatToParts` on every date was a measurable
 * part of the CPU a report costs. Scheduling one report's check-ins and
 * reminders reads local times dozens of times, so the rest is cheap too: the
 * date of a day and the text of a minute are looked up, not formatted.
 */
const SLOT_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const KEPT = 100_000;
const offsetsBySlot = new Map<string, Map<number, number>>();

function slotOffsetMinutes(instant: Date, timeZone: string): number {
  const slot = Math.floor(instant.getTime() / SLOT_MS);
  let zone = offsetsBySlot.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsetsBySlot.set(timeZone, zone);
  }
  let offset = zone.get(slot);
  if (offset === undefined) {
    if (zone.size >= KEPT) zone.clear();
    offset = offsetMinutes(new Date(slot * SLOT_MS), timeZone);
    zone.set(slot, offset);
  }
  return offset;
}

/** "HH:mm" of each minute of a day. */
const MINUTES = Array.from({ length: 24 * 60 }, (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
/** YYYY-MM-DD of a day counted from 1970-01-01. */
const dates = new Map<number, string>();

function dateOfDay(day: number): string {
  let date = dates.get(day);
  if (date === undefined) {
    if (dates.size >= KEPT) dates.clear();
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dates.set(day, date);
  }
  return date;
}

export function localDateTime(now: Date, timeZone: string): LocalDateTime {
  const wall = now.getTime() + slotOffsetMinutes(now, timeZone) * 60000;
  const day = Math.floor(wall / DAY_MS);
  const utcDay = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return { date: dateOfDay(day), time: MINUTES[Math.floor((wall - day * DAY_MS) / 60000)], weekday: utcDay === 0 ? 7 : utcDay };
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local wall-clock offset from UTC, in minutes, at an instant. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/**
 * The instant a local date and time names. A time the clocks skip (spring
 * forward, 02:30 in Oslo) is read as the same distance past the jump (03:30);
 * a time that happens twice (fall back) is the first of the two.
 */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  let zone = instants.get(timeZone);
  if (!zone) {
    zone = new Map();
    instants.set(timeZone, zone);
  }
  const key = `${date}T${time}`;
  let instant = zone.get(key);
  if (instant === undefined) {
    if (zone.size >= KEPT) zone.clear();
    instant = wallToInstant(date, time, timeZone);
    zone.set(key, instant);
  }
  return new Date(instant);
}

/** zonedToUtc's answers by zone and local "YYYY-MM-DDTHH:mm": the same few come up again and again (quiet hours' end, midnight). */
const instants = new Map<string, Map<string, number>>();

function wallToInstant(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Try the offsets in force a day either side; keep the earliest that reproduces the wall time.
  // (Memoised per slot like localDateTime's: scheduling a report's reminders calls this dozens of times.)
  const candidates = [wall - 36 * 3600e3, wall, wall + 36 * 3600e3]
    .map((t) => slotOffsetMinutes(new Date(t), timeZone))
    .map((offset) => wall - offset * 60e3)
    .sort((a, b) => a - b);
  for (const t of candidates) {
    const local = localDateTime(new Date(t), timeZone);
    if (local.date === date && local.time === time) return t;
  }
  // In a gap: the wall time read with the offset from before the jump lands after it.
  const before = slotOffsetMinutes(new Date(wall - 36 * 3600e3), timeZone);
  return wall - before * 60e3;
}

/** YYYY-MM-DD plus whole days, on the calendar. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return dateOfDay(Math.floor(Date.UTC(y, m - 1, d + days) / DAY_MS));
}

/** Whether YYYY-MM-DD names a day that exists (not 2026-02-30). */
export function isRealCalendarDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number);
  const parsed = new Date(Date.UTC(y, m - 1, d));
  return parsed.getUTCFullYear() === y && parsed.getUTCMonth() === m - 1 && parsed.getUTCDate() === d;
}

let lastIso = { t: NaN, iso: '' };
let beforeIso = { t: NaN, iso: '' };

/**
 * `instant.toISOString()`, remembering the last two instants asked: the work
 * items of one change share the moment they were created at, each with its
 * own due time between (so one slot missed every time), and each
 * `toISOString` costs about a microsecond and a half under load.
 */
export function isoString(instant: Date): string {
  const t = instant.getTime();
  if (t === lastIso.t) return lastIso.iso;
  const other = beforeIso;
  beforeIso = lastIso;
  // An invalid date throws here as before (NaN never matches).
  lastIso = t === other.t ? other : { t, iso: instant.toISOString() };
  return lastIso.iso;
}

/** Orders ISO times of one format (UTC, `toISOString`) by code unit: the same order as the instants, without `localeCompare`'s ICU collation. */
export function compareIso(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
