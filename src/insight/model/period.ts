/**
 * The periods statistics are shown for, as local calendar dates where the
 * schools are (an incident's date is the date the reporter gave, in local
 * time), and the same period a year before for the trend. The periods
 * themselves are core's (core/period.ts), the same as the register's and the
 * tab's. Pure: `today` is passed in (the local date of `now` in the
 * organisation's time zone).
 */
import { DEFAULT_PERIOD, isPeriodId, PERIODS, periodRange, type DateRange, type PeriodId } from '../../core/period';

export { DEFAULT_PERIOD, PERIODS, type DateRange };
export type PeriodKey = PeriodId;

/** The school year starts on 1 August (opplæringslova's school year). */
export const SCHOOL_YEAR_START = '08-01';

export interface Period extends DateRange {
  key: PeriodKey;
  /** The same dates a year earlier. */
  comparison: DateRange;
  /** The school year's first calendar year, for a label such as 2026/27 (school-year periods only). */
  schoolYear?: number;
}

export const isPeriodKey = isPeriodId;

/** The first calendar year of the school year a date falls in (2026-09-10 and 2027-07-31 are both in 2026/27). */
export function schoolYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= SCHOOL_YEAR_START ? year : year - 1;
}

/** The same calendar date a number of years away; 29 February becomes 28 February in a year without one. */
export function shiftYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  if (md === '02-29') {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    return `${y}-${leap ? '02-29' : '02-28'}`;
  }
  return `${y}-${md}`;
}

export function periodFor(key: PeriodKey, today: string): Period {
  const range = periodRange(key, today);
  const year = schoolYearOf(range.from);
  const schoolYear = key === 'schoolYear' || key === 'previousSchoolYear' ? year : undefined;
  return { key, ...range, comparison: { from: shiftYears(range.from, -1), to: shiftYears(range.to, -1) }, ...(schoolYear !== undefined ? { schoolYear } : {}) };
}

export function inRange(date: string, range: DateRange): boolean {
  return date >= range.from && date <= range.to;
}

/** Every month (YYYY-MM) the range touches, in order. */
export function monthsOf(range: DateRange): string[] {
  const out: string[] = [];
  let y = Number(range.from.slice(0, 4));
  let m = Number(range.from.slice(5, 7));
  const end = range.to.slice(0, 7);
  for (let guard = 0; guard < 240; guard++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > end) break;
    out.push(month);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** 1 = Monday ... 7 = Sunday, for a calendar date. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}
