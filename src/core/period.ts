/**
 * The periods people choose figures and exports for. A school year runs from
 * 1 August; dates are the organisation's calendar days (YYYY-MM-DD), both
 * ends included. `today` is passed in.
 */
import { addDays, isRealCalendarDate } from './clock';

export type PeriodId = 'schoolYear' | 'last30Days' | 'last12Months' | 'previousSchoolYear';
export const PERIODS: readonly PeriodId[] = ['schoolYear', 'last30Days', 'last12Months', 'previousSchoolYear'];
export const DEFAULT_PERIOD: PeriodId = 'schoolYear';

export interface DateRange {
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Last day, YYYY-MM-DD, included. */
  to: string;
}

/** The longest span a custom range may have: a few school years is what a register or an inspection asks for. */
export const MAX_RANGE_DAYS = 366 * 5;

/** 1 August of the school year `date` falls in. */
export function schoolYearStart(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return `${m >= 8 ? y : y - 1}-08-01`;
}

export function isPeriodId(value: unknown): value is PeriodId {
  return typeof value === 'string' && (PERIODS as readonly string[]).includes(value);
}

export function periodRange(period: PeriodId, today: string): DateRange {
  switch (period) {
    case 'schoolYear':
      return { from: schoolYearStart(today), to: today };
    case 'last30Days':
      return { from: addDays(today, -29), to: today };
    case 'last12Months': {
      const [y, m, d] = today.split('-').map(Number);
      // The same day a year back, plus one: 12 whole months up to and including today (29 February counts from 1 March).
      const yearAgo = new Date(Date.UTC(y - 1, m - 1, d)).toISOString().slice(0, 10);
      return { from: addDays(yearAgo, 1), to: today };
    }
    case 'previousSchoolYear': {
      const start = schoolYearStart(today);
      const previous = `${Number(start.slice(0, 4)) - 1}-08-01`;
      return { from: previous, to: addDays(start, -1) };
    }
  }
}

export type RangeProblem = 'invalidDate' | 'reversed' | 'tooLong';

/** A range given as two dates: both real days, in order, not longer than MAX_RANGE_DAYS. */
export function checkRange(from: unknown, to: unknown): { ok: true; range: DateRange } | { ok: false; problem: RangeProblem } {
  const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealCalendarDate(v);
  if (!isDate(from) || !isDate(to)) return { ok: false, problem: 'invalidDate' };
  if (from > to) return { ok: false, problem: 'reversed' };
  if (addDays(from, MAX_RANGE_DAYS) < to) return { ok: false, problem: 'tooLong' };
  return { ok: true, range: { from, to } };
}
