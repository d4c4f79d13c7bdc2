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
 * part of the CPU a report costs.
 */
const SLOT_MS = 15 * 60 * 1000;
const offsetsBySlot = new Map<string, number>();
const OFFSETS_KEPT = 100_000;

function slotOffsetMinutes(instant: Date, timeZone: string): number {
  const slot = Math.floor(instant.getTime() / SLOT_MS);
  const key = `${timeZone}\n${slot}`;
  let offset = offsetsBySlot.get(key);
  if (offset === undefined) {
    if (offsetsBySlot.size >= OFFSETS_KEPT) offsetsBySlot.clear();
    offset = offsetMinutes(new Date(slot * SLOT_MS), timeZone);
    offsetsBySlot.set(key, offset);
  }
  return offset;
}

export function localDateTime(now: Date, timeZone: string): LocalDateTime {
  const wall = new Date(now.getTime() + slotOffsetMinutes(now, timeZone) * 60000);
  const iso = wall.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16), weekday: wall.getUTCDay() === 0 ? 7 : wall.getUTCDay() };
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
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Try the offsets in force a day either side; keep the earliest that reproduces the wall time.
  const candidates = [wall - 36 * 3600e3, wall, wall + 36 * 3600e3]
    .map((t) => offsetMinutes(new Date(t), timeZone))
    .map((offset) => wall - offset * 60e3)
    .sort((a, b) => a - b);
  for (const t of candidates) {
    const local = localDateTime(new Date(t), timeZone);
    if (local.date === date && local.time === time) return new Date(t);
  }
  // In a gap: the wall time read with the offset from before the jump lands after it.
  const before = offsetMinutes(new Date(wall - 36 * 3600e3), timeZone);
  return new Date(wall - before * 60e3);
}

/** YYYY-MM-DD plus whole days, on the calendar. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whether YYYY-MM-DD names a day that exists (not 2026-02-30). */
export function isRealCalendarDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number);
  const parsed = new Date(Date.UTC(y, m - 1, d));
  return parsed.getUTCFullYear() === y && parsed.getUTCMonth() === m - 1 && parsed.getUTCDate() === d;
}
