/**
 * Figures as a person may see them: who may see what (from the directory),
 * the store's queries for the scope and period, and the pure rules that turn
 * rows into figures. Channel-neutral: the chat card, the digests and the
 * Teams tab all read the same figures.
 */
import { INCIDENT_TYPES, SEVERITIES, type IncidentType, type Severity } from '../cases/model/report';
import { localDateTime } from '../core/clock';
import type { CoreContext } from '../core/context';
import { audienceFor, schoolIdsOf, scopeFor, statisticsAccess, type StatisticsAccess, type StatisticsScope } from './model/access';
import { DEFAULT_PERIOD, isPeriodKey, periodFor } from './model/period';
import { schoolTable, type SchoolRow } from './model/schools';
import { computeStatistics, rowsOf, type StatisticsFigures } from './model/statistics';
import { newMeter, type InsightStore, type QueryMeter } from './store';

/** When each school's risk assessment was last reviewed (YYYY-MM-DD), from the feature that keeps it. */
export type RiskReviewSource = (schoolIds: string[]) => Promise<Map<string, string>>;

export interface InsightDeps extends CoreContext {
  insight: InsightStore;
  riskReviews(): RiskReviewSource | undefined;
}

/** What a person asks for; values as a card or a web page sends them. */
export interface StatisticsRequest {
  period?: unknown;
  schoolId?: unknown;
  /** Only cases of these severities (the tab's filter). */
  severities?: unknown;
  /** Only cases with one of these types (the tab's filter). */
  types?: unknown;
}

export type StatisticsRefusal = 'notAllowed' | 'schoolNotAllowed' | 'badPeriod' | 'badFilter';

export type StatisticsResult =
  | {
      kind: 'ok';
      figures: StatisticsFigures;
      access: StatisticsAccess;
      scope: StatisticsScope;
      /** The owner's table, for all schools. */
      schools?: SchoolRow[];
      /** Open cases now, for all schools. */
      openNow?: number;
      meter: QueryMeter;
    }
  | { kind: 'refused'; refusal: StatisticsRefusal };

const blank = (v: unknown) => v === undefined || v === null || v === '';

function listOf<T extends string>(value: unknown, allowed: readonly T[]): T[] | undefined | 'bad' {
  if (blank(value)) return undefined;
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  if (!items || !items.every((v): v is T => typeof v === 'string' && (allowed as readonly string[]).includes(v))) return 'bad';
  return items.length > 0 ? items : undefined;
}

/** The last reviews, or none if they cannot be read now: the table shows "–" rather than the card failing. */
async function reviewsOf(deps: InsightDeps, schoolIds: string[]): Promise<Map<string, string>> {
  try {
    return (await deps.riskReviews()?.(schoolIds)) ?? new Map();
  } catch (err) {
    deps.log.warn('insight.risk_reviews_unavailable', { error: String(err).slice(0, 300) });
    return new Map();
  }
}

export async function statisticsFor(deps: InsightDeps, personId: string | undefined, request: StatisticsRequest = {}): Promise<StatisticsResult> {
  const access = personId ? statisticsAccess(deps.directory, personId) : undefined;
  if (!access) return { kind: 'refused', refusal: 'notAllowed' };
  if (!blank(request.schoolId) && typeof request.schoolId !== 'string') return { kind: 'refused', refusal: 'schoolNotAllowed' };
  const scope = scopeFor(access, blank(request.schoolId) ? undefined : (request.schoolId as string));
  if (!scope) return { kind: 'refused', refusal: 'schoolNotAllowed' };
  if (!blank(request.period) && !isPeriodKey(request.period)) return { kind: 'refused', refusal: 'badPeriod' };
  const severities = listOf<Severity>(request.severities, SEVERITIES);
  const types = listOf<IncidentType>(request.types, INCIDENT_TYPES);
  if (severities === 'bad' || types === 'bad') return { kind: 'refused', refusal: 'badFilter' };

  const now = deps.now();
  const today = localDateTime(now, deps.timeZone).date;
  const period = periodFor(isPeriodKey(request.period) ? request.period : DEFAULT_PERIOD, today);
  const schoolIds = schoolIdsOf(scope);
  const audience = audienceFor(access, scope);
  const meter = newMeter();
  const all = scope.kind === 'all';
  const [rows, comparison, open, reviews] = await Promise.all([
    deps.insight.periodRows(schoolIds, period, meter),
    deps.insight.comparisonRows(schoolIds, period.comparison, meter),
    all ? deps.insight.openRows(schoolIds, meter) : Promise.resolve([]),
    all ? reviewsOf(deps, schoolIds) : Promise.resolve(new Map<string, string>()),
  ]);
  const filter = { severities, types };
  const figures = computeStatistics({ rows, comparison, period, schoolDay: deps.schedule.schoolDay, audience, filter });
  if (!all) return { kind: 'ok', figures, access, scope, meter };
  const schools = schoolTable({ schoolIds, rows: rowsOf(rows, period, filter), open, today, audience, lastRiskReview: reviews });
  return { kind: 'ok', figures, access, scope, schools, openNow: open.length, meter };
}
