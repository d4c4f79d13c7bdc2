/**
 * What `saker` shows (issue 11): open, closed or all cases, by period of the
 * incident's date and by severity, or the one case with a reference. Parsed
 * from a card's data or typed words; the schools come from the directory,
 * never from here.
 */
import { isPeriodId, periodRange, type DateRange, type PeriodId } from '../../core/period';
import { formatReference } from './case';
import { SEVERITIES, type Severity } from './report';

export type ListState = 'open' | 'closed' | 'all';
export const LIST_STATES: readonly ListState[] = ['open', 'closed', 'all'];
export type ListPeriod = 'all' | Exclude<PeriodId, 'previousSchoolYear'>;
export const LIST_PERIODS: readonly ListPeriod[] = ['all', 'last30Days', 'schoolYear', 'last12Months'];

export interface ListFilter {
  state: ListState;
  period: ListPeriod;
  severity?: Severity;
  /** A reference as stored ("VT-2026-0042"): the list is that case, if the person follows its school. */
  reference?: string;
}

export const DEFAULT_FILTER: ListFilter = { state: 'open', period: 'all' };

export type ListFilterResult = { ok: true; filter: ListFilter } | { ok: false; problem: 'badReference' | 'badFilter'; filter: ListFilter };

/** "vt-2026-42", " VT-2026-0042 " and "VT 2026 0042" are the same reference; anything else is no reference. */
export function parseReference(text: string): string | undefined {
  const m = /^vt[\s-]*(\d{4})[\s-]*(\d{1,6})$/i.exec(text.trim());
  return m ? formatReference(Number(m[1]), Number(m[2])) : undefined;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * The filter a card sends (`state`, `period`, `severity`, `reference`). A
 * value that is not among the choices gives the default list and a
 * problem to tell the person; nothing else is read from the data.
 */
export function parseListFilter(data: Record<string, unknown>): ListFilterResult {
  const state = blank(data.state) ? 'open' : LIST_STATES.find((s) => s === data.state);
  const period = blank(data.period) ? 'all' : LIST_PERIODS.find((p) => p === data.period);
  const severity = blank(data.severity) || data.severity === 'any' ? undefined : SEVERITIES.find((s) => s === data.severity);
  if (!state || !period || (!blank(data.severity) && data.severity !== 'any' && !severity)) return { ok: false, problem: 'badFilter', filter: DEFAULT_FILTER };
  const filter: ListFilter = { state, period, ...(severity ? { severity } : {}) };
  if (!blank(data.reference)) {
    const reference = typeof data.reference === 'string' ? parseReference(data.reference) : undefined;
    if (!reference) return { ok: false, problem: 'badReference', filter };
    return { ok: true, filter: { ...filter, reference } };
  }
  return { ok: true, filter };
}

/** The incident dates a period covers, today included; undefined: no limit. */
export function filterRange(period: ListPeriod, today: string): DateRange | undefined {
  return period === 'all' ? undefined : isPeriodId(period) ? periodRange(period, today) : undefined;
}

/** The filter as a card's buttons carry it (paging keeps it). */
export function filterData(filter: ListFilter): Record<'state' | 'period' | 'severity' | 'reference', string> {
  return { state: filter.state, period: filter.period, severity: filter.severity ?? '', reference: filter.reference ?? '' };
}
