/**
 * What an inspector asks for, and what the school owner follows up, as pure
 * rules over the other features' data: the incident statistics of the last
 * 12 months, the register extract (no names, no free text), and the owner's
 * half-year follow-up per school with its flags (no review in 12 months, no
 * drill in 6 months). `now` is passed in.
 */
import type { CaseEvidence } from '../cases/model/case';
import { localDateTime } from '../core/clock';
import { INCIDENT_TYPES, LOCATIONS, SEVERITIES } from '../cases/model/report';
import { TIMES_OF_DAY, timeOfDayOf, type TimeOfDay } from '../cases/model/time-of-day';
import type { SchoolDay, Schedule } from '../core/schedule';
import { activeSituations, nextReviewDue, overdueMeasures, riskColour, scoreOf, twelveMonthsBefore, type RiskAssessment } from '../risk/model';
import { coverage, coverageShare, lastOfKind, type StaffRecord, type TrainingEntry } from '../training/model';

// ---------------------------------------------------------------- statistics

export interface Breakdown<K extends string> {
  key: K;
  count: number;
}

export interface IncidentStatistics {
  total: number;
  bySeverity: Breakdown<(typeof SEVERITIES)[number]>[];
  byLocation: Breakdown<(typeof LOCATIONS)[number]>[];
  byTimeOfDay: Breakdown<TimeOfDay | 'unknown'>[];
  byType: Breakdown<(typeof INCIDENT_TYPES)[number]>[];
  /** YYYY-MM, oldest first, every month of the window. */
  byMonth: Breakdown<string>[];
  seriousInjuries: number;
  sickLeave: number;
}

function countBy<K extends string>(keys: readonly K[], values: K[]): Breakdown<K>[] {
  return keys.map((key) => ({ key, count: values.filter((v) => v === key).length })).filter((b) => b.count > 0);
}

/** The months from the one `since` falls in to the one `today` falls in. */
function monthsBetween(since: string, today: string): string[] {
  const out: string[] = [];
  let [y, m] = since.slice(0, 7).split('-').map(Number);
  const end = today.slice(0, 7);
  for (let guard = 0; guard < 24; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= end) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Counts of the cases in the window [since, today], by what the report form asks. */
export function incidentStatistics(evidence: CaseEvidence[], day: SchoolDay, since: string, today: string): IncidentStatistics {
  const cases = evidence.filter((e) => e.report.date >= since && e.report.date <= today);
  const months = monthsBetween(since, today);
  return {
    total: cases.length,
    bySeverity: countBy(SEVERITIES, cases.map((c) => c.report.severity)),
    byLocation: countBy(LOCATIONS, cases.map((c) => c.report.location)).sort((a, b) => b.count - a.count),
    byTimeOfDay: countBy([...TIMES_OF_DAY, 'unknown'] as const, cases.map((c) => timeOfDayOf(c.report, day) ?? 'unknown')),
    byType: countBy(INCIDENT_TYPES, cases.flatMap((c) => c.report.types)).sort((a, b) => b.count - a.count),
    byMonth: months.map((key) => ({ key, count: cases.filter((c) => c.report.date.startsWith(key)).length })),
    seriousInjuries: cases.filter((c) => c.report.seriousInjury).length,
    sickLeave: cases.filter((c) => c.report.sickLeave).length,
  };
}

/** The register (AML § 5-1) as an inspector may see it: what happened, where, when, how bad; never who, never free text. */
export function registerExtract(evidence: CaseEvidence[], since: string): CaseEvidence[] {
  return evidence.filter((e) => e.report.date >= since).sort((a, b) => a.report.date.localeCompare(b.report.date) || a.reference.localeCompare(b.reference));
}

// ---------------------------------------------------------------- the owner's follow-up

export interface SchoolData {
  schoolId: string;
  assessment?: RiskAssessment;
  entries: TrainingEntry[];
  record?: StaffRecord;
  staff: string[];
  /** The school's cases of the last 12 months. */
  evidence: CaseEvidence[];
}

export interface OwnerReportRow {
  schoolId: string;
  lastReviewAt?: string;
  nextReviewDue: Date;
  situations: number;
  openRed: number;
  overdueMeasures: number;
  coverage: { covered: number; total: number; share: number };
  lastDrill?: string;
  /** Cases in the last six months, and in the six before: the trend. */
  cases: number;
  casesBefore: number;
  serious: number;
  flags: { noReview: boolean; noDrill: boolean; noAssessment: boolean };
}

/** The first day of the window "the last six months" ending today. */
export function sixMonthsBefore(today: string): string {
  const [y, m, d] = today.split('-').map(Number);
  const month = m - 6 <= 0 ? m + 6 : m - 6;
  const year = m - 6 <= 0 ? y - 1 : y;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * One school's line of the half-year follow-up ("oppfølging med ledelse etter
 * 6 måneder"): review dates, open red situations, overdue measures, training
 * coverage, cases and their trend; flagged when the assessment has not been
 * reviewed in 12 months or there has been no drill in 6.
 */
export function ownerReportRow(data: SchoolData, schedule: Pick<Schedule, 'riskReview'>, now: Date, today: string, timeZone: string): OwnerReportRow {
  const a = data.assessment;
  const yearAgo = twelveMonthsBefore(today);
  const halfYearAgo = sixMonthsBefore(today);
  const active = a ? activeSituations(a) : [];
  const cov = coverage(data.entries, data.staff, yearAgo);
  const lastDrill = lastOfKind(data.entries, 'drill');
  const recent = data.evidence.filter((e) => e.report.date >= halfYearAgo);
  return {
    schoolId: data.schoolId,
    ...(a?.lastReview ? { lastReviewAt: a.lastReview.at } : {}),
    nextReviewDue: nextReviewDue(schedule.riskReview, a, now, timeZone),
    situations: active.length,
    // The score is the risk as it stands: a principal lowers it when measures work, so every red situation is open.
    openRed: active.filter((s) => riskColour(scoreOf(s)) === 'red').length,
    overdueMeasures: a ? overdueMeasures(a, today).length : 0,
    coverage: { covered: cov.covered.length, total: cov.total, share: coverageShare(cov) },
    ...(lastDrill ? { lastDrill } : {}),
    cases: recent.length,
    casesBefore: data.evidence.filter((e) => e.report.date >= yearAgo && e.report.date < halfYearAgo).length,
    serious: recent.filter((e) => e.report.severity !== 'minor' || e.report.seriousInjury).length,
    flags: {
      noReview: !a?.lastReview || localDateTime(new Date(a.lastReview.at), timeZone).date < yearAgo,
      noDrill: !lastDrill || lastDrill < halfYearAgo,
      noAssessment: active.length === 0,
    },
  };
}

/** Flagged schools first, then by open red situations and cases. */
export function byConcern(a: OwnerReportRow, b: OwnerReportRow): number {
  const flags = (r: OwnerReportRow) => Number(r.flags.noReview) + Number(r.flags.noDrill) + Number(r.flags.noAssessment);
  return flags(b) - flags(a) || b.openRed - a.openRed || b.overdueMeasures - a.overdueMeasures || b.cases - a.cases || a.schoolId.localeCompare(b.schoolId);
}

export function isFlagged(r: OwnerReportRow): boolean {
  return r.flags.noReview || r.flags.noDrill || r.flags.noAssessment;
}

