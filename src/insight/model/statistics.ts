/**
 * The statistics of a school (or all schools) for a period, from the fields of
 * each case the store selects: never the report's text, never who reported or
 * was exposed. Answers Arbeidstilsynet's "hvor, når og i hvilke situasjoner"
 * (forskrift § 3A-2): by place, type, weekday, time of day, who was behind it,
 * pupil stage, contributing factor and consequence, the trend by month against
 * the same months a year before, and how fast cases are acknowledged and closed.
 */
import type { CaseStatus } from '../../cases/model/case';
import {
  INCIDENT_TYPES,
  LOCATIONS,
  PERPETRATORS,
  PUPIL_STAGES,
  RISK_FACTORS,
  SEVERITIES,
  type IncidentType,
  type Location,
  type Perpetrator,
  type PupilStage,
  type RiskFactor,
  type Report,
  type Severity,
} from '../../cases/model/report';
import { TIMES_OF_DAY, timeOfDayOf, type TimeOfDay } from '../../cases/model/time-of-day';
import type { SchoolDay } from '../../core/schedule';
import { breakdown, cell, median, tally, type Audience, type Cell } from './cells';
import { inRange, monthsOf, shiftYears, weekdayOf, type Period } from './period';

/** What statistics read of a case: the report's fields as reported (one list of them, in the report model) and the case's dates. */
export type CaseRow = Pick<
  Report,
  'schoolId' | 'date' | 'time' | 'location' | 'types' | 'severity' | 'perpetrator' | 'pupilStage' | 'injury' | 'seriousInjury' | 'sickLeave' | 'medicalTreatment' | 'riskFactors'
> & {
  status: CaseStatus;
  createdAt: string;
  acknowledgedAt?: string;
  closedAt?: string;
};

/** What the trend reads of a case a year before: enough to filter and to count by month. */
export type ComparisonRow = Pick<CaseRow, 'schoolId' | 'date' | 'severity' | 'types'>;

export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const TIME_OF_DAY_KEYS = [...TIMES_OF_DAY, 'unknown'] as const;
export type TimeOfDayKey = TimeOfDay | 'unknown';
export const PERPETRATOR_KEYS = [...PERPETRATORS, 'notGiven'] as const;
export type PerpetratorKey = Perpetrator | 'notGiven';
export const PUPIL_STAGE_KEYS = [...PUPIL_STAGES, 'notGiven'] as const;
export type PupilStageKey = PupilStage | 'notGiven';
export const CONSEQUENCES = ['physicalInjury', 'psychologicalInjury', 'noInjury', 'seriousInjury', 'sickLeave', 'medicalTreatment'] as const;
export type Consequence = (typeof CONSEQUENCES)[number];

export interface Breakdowns {
  location: Cell<Location>[];
  type: Cell<IncidentType>[];
  weekday: Cell<Weekday>[];
  timeOfDay: Cell<TimeOfDayKey>[];
  perpetrator: Cell<PerpetratorKey>[];
  /** Out of the cases where a pupil was behind it. */
  pupilStage: Cell<PupilStageKey>[];
  riskFactor: Cell<RiskFactor>[];
  consequence: Cell<Consequence>[];
}

export type BreakdownKey = keyof Breakdowns;
/** The order the card shows them in. */
export const BREAKDOWN_KEYS: BreakdownKey[] = ['location', 'timeOfDay', 'type', 'weekday', 'perpetrator', 'pupilStage', 'riskFactor', 'consequence'];

export interface TrendMonth {
  /** YYYY-MM of the period. */
  month: string;
  current: Cell;
  /** The same month a year before. */
  previous: Cell;
}

export interface StatisticsFigures {
  period: Period;
  /** Who the figures are for: `owner` hides small cells ("færre enn 3"). */
  audience: Audience;
  total: number;
  severity: Cell<Severity>[];
  /** Serious and very serious together. */
  serious: Cell<'serious'>;
  breakdowns: Breakdowns;
  trend: { months: TrendMonth[]; total: number; previousTotal: number };
  /** Hours from report to acknowledgement / to closing, median over the cases that got there. */
  medians: { acknowledgeHours?: number; acknowledged: number; closeHours?: number; closed: number };
}

export interface StatisticsFilter {
  severities?: Severity[];
  types?: IncidentType[];
}

function matches(row: Pick<CaseRow, 'severity' | 'types'>, filter: StatisticsFilter): boolean {
  if (filter.severities?.length && !filter.severities.includes(row.severity)) return false;
  if (filter.types?.length && !row.types.some((t) => filter.types!.includes(t))) return false;
  return true;
}

/** The rows of the period that pass the filter: what every figure of the period counts. */
export function rowsOf<R extends Pick<CaseRow, 'date' | 'severity' | 'types'>>(rows: R[], range: { from: string; to: string }, filter: StatisticsFilter = {}): R[] {
  return rows.filter((r) => inRange(r.date, range) && matches(r, filter));
}

function hoursBetween(from: string, to: string): number {
  return (new Date(to).getTime() - new Date(from).getTime()) / 3_600_000;
}

function injuriesOf(row: CaseRow): Consequence[] {
  const out: Consequence[] = [];
  if (row.injury === 'physical' || row.injury === 'both') out.push('physicalInjury');
  if (row.injury === 'psychological' || row.injury === 'both') out.push('psychologicalInjury');
  if (row.injury === 'none') out.push('noInjury');
  if (row.seriousInjury) out.push('seriousInjury');
  if (row.sickLeave) out.push('sickLeave');
  if (row.medicalTreatment) out.push('medicalTreatment');
  return out;
}

export interface StatisticsInput {
  rows: CaseRow[];
  comparison: ComparisonRow[];
  period: Period;
  schoolDay: SchoolDay;
  audience: Audience;
  filter?: StatisticsFilter;
}

export function computeStatistics(input: StatisticsInput): StatisticsFigures {
  const { period, audience, schoolDay } = input;
  const filter = input.filter ?? {};
  const rows = rowsOf(input.rows, period, filter);
  const before = rowsOf(input.comparison, period.comparison, filter);
  const total = rows.length;
  const of = <K extends string>(keys: readonly K[], values: Iterable<K>, outOf = total) => breakdown(keys, tally(values), outOf, audience);

  const pupils = rows.filter((r) => r.perpetrator === 'pupil');
  const severities = tally(rows.map((r) => r.severity));
  const months = monthsOf(period);
  const currentByMonth = tally(rows.map((r) => r.date.slice(0, 7)));
  const previousByMonth = tally(before.map((r) => shiftYears(r.date, 1).slice(0, 7)));
  const acknowledged = rows.filter((r) => r.acknowledgedAt).map((r) => hoursBetween(r.createdAt, r.acknowledgedAt!));
  const closed = rows.filter((r) => r.closedAt).map((r) => hoursBetween(r.createdAt, r.closedAt!));

  return {
    period,
    audience,
    total,
    severity: breakdown(SEVERITIES, severities, total, audience),
    serious: cell('serious', (severities.get('serious') ?? 0) + (severities.get('very-serious') ?? 0), total, audience),
    breakdowns: {
      location: of(LOCATIONS, rows.map((r) => r.location)),
      type: of(INCIDENT_TYPES, rows.flatMap((r) => r.types)),
      weekday: of(WEEKDAYS, rows.map((r) => String(weekdayOf(r.date)) as Weekday)),
      timeOfDay: of(TIME_OF_DAY_KEYS, rows.map((r) => timeOfDayOf(r, schoolDay) ?? 'unknown')),
      perpetrator: of(PERPETRATOR_KEYS, rows.map((r) => r.perpetrator ?? 'notGiven')),
      pupilStage: of(PUPIL_STAGE_KEYS, pupils.map((r) => r.pupilStage ?? 'notGiven'), pupils.length),
      riskFactor: of(RISK_FACTORS, rows.flatMap((r) => r.riskFactors)),
      consequence: of(CONSEQUENCES, rows.flatMap(injuriesOf)),
    },
    trend: {
      months: months.map((month) => ({
        month,
        current: cell(month, currentByMonth.get(month) ?? 0, total, audience),
        previous: cell(month, previousByMonth.get(month) ?? 0, before.length, audience),
      })),
      total,
      previousTotal: before.length,
    },
    medians: { acknowledgeHours: median(acknowledged), acknowledged: acknowledged.length, closeHours: median(closed), closed: closed.length },
  };
}
