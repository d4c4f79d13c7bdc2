/**
 * The digests: every week to each school's principals and safety
 * representatives, every month to the school owner's leaders and chief
 * safety representatives. What is new since the last digest (by severity,
 * against the period before), what is open and how old, what waits: cases not
 * acknowledged, legal steps not taken, measures past their due date, and
 * serious cases gathering. Pure: the window and `now` are passed in.
 */
import type { LegalItem } from '../../cases/model/case';
import { SEVERITIES, type Severity } from '../../cases/model/report';
import type { Duration } from '../../core/duration';
import { isSevere } from '../../follow-up/model';
import { breakdown, cell, tally, type Audience, type Cell } from './cells';
import { clusterOf, outstandingLegal, overdueMeasures, type OpenRow } from './open-cases';

export const DIGEST_KINDS = ['weekly', 'monthly'] as const;
export type DigestKind = (typeof DIGEST_KINDS)[number];

/** From (included) and to (not included), ISO instants. */
export interface Window {
  from: string;
  to: string;
}

/** What the digest reads of a case reported in its window or the one before. */
export interface NewRow {
  schoolId: string;
  createdAt: string;
  severity: Severity;
}

export const AGE_BANDS = ['underOneWeek', 'oneToFourWeeks', 'overFourWeeks'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface CaseRef {
  caseId: string;
  reference: string;
  schoolId: string;
  severity: Severity;
  createdAt: string;
}

export interface DigestSummary {
  newCases: number;
  previousNewCases: number;
  newBySeverity: Cell<Severity>[];
  open: number;
  openByAge: Cell<AgeBand>[];
  notAcknowledged: number;
  legalOutstanding: number;
  overdueMeasures: number;
  /** Schools where serious open cases make a cluster now, with how many. */
  clusters: { schoolId: string; cases: number }[];
}

export interface DigestSchoolRow {
  schoolId: string;
  newCases: number;
  newSerious: Cell<'serious'>;
  open: number;
  notAcknowledged: number;
  overdueMeasures: number;
  cluster: boolean;
}

export interface DigestLists {
  /** Oldest first: they have waited longest. */
  notAcknowledged: CaseRef[];
  legal: (CaseRef & { items: LegalItem[] })[];
  /** Earliest due date first. */
  overdue: (CaseRef & { measureId: string; dueDate: string })[];
  /** How many of each were left out of the card. */
  more: { notAcknowledged: number; legal: number; overdue: number };
}

export interface DigestFigures {
  kind: DigestKind;
  audience: Audience;
  schoolIds: string[];
  window: Window;
  previousWindow: Window;
  summary: DigestSummary;
  /** The monthly digest's table, most serious first; empty for one school. */
  schools: DigestSchoolRow[];
  lists: DigestLists;
}

/** How many cases each list on a digest shows; the rest are counted. */
export const DIGEST_LIST_LIMIT = 8;
/** How many schools the monthly table shows. */
export const DIGEST_SCHOOL_LIMIT = 15;

const DAY = 86_400_000;

function ageBand(createdAt: string, now: Date): AgeBand {
  const days = (now.getTime() - new Date(createdAt).getTime()) / DAY;
  return days < 7 ? 'underOneWeek' : days < 28 ? 'oneToFourWeeks' : 'overFourWeeks';
}

const within = (iso: string, w: Window) => iso >= w.from && iso < w.to;
const refOf = (r: OpenRow): CaseRef => ({ caseId: r.caseId, reference: r.reference, schoolId: r.schoolId, severity: r.severity, createdAt: r.createdAt });
const SEVERITY_RANK: Record<Severity, number> = { 'very-serious': 0, serious: 1, minor: 2 };

function capped<T>(items: T[], limit: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}

export interface DigestInput {
  kind: DigestKind;
  audience: Audience;
  schoolIds: string[];
  window: Window;
  previousWindow: Window;
  newRows: NewRow[];
  open: OpenRow[];
  now: Date;
  /** Today where the schools are (measures are due by local date). */
  today: string;
  timeZone: string;
  cluster: { window: Duration; severeCount: number };
}

export function computeDigest(input: DigestInput): DigestFigures {
  const { audience, now, today } = input;
  const schools = new Set(input.schoolIds);
  const fresh = input.newRows.filter((r) => schools.has(r.schoolId) && within(r.createdAt, input.window));
  const earlier = input.newRows.filter((r) => schools.has(r.schoolId) && within(r.createdAt, input.previousWindow));
  const open = input.open.filter((r) => schools.has(r.schoolId) && r.status !== 'closed');

  const notAcknowledged = open.filter((r) => r.status === 'reported').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const legal = open
    .map((r) => ({ ...refOf(r), items: outstandingLegal(r) }))
    .filter((r) => r.items.length > 0)
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.createdAt.localeCompare(b.createdAt));
  const overdue = open
    .flatMap((r) => overdueMeasures(r, today).map((m) => ({ ...refOf(r), measureId: m.id, dueDate: m.dueDate })))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.reference.localeCompare(b.reference));
  const clusters = input.schoolIds.flatMap((schoolId) => {
    const cases = clusterOf(open.filter((r) => r.schoolId === schoolId), input.cluster, now, input.timeZone);
    return cases ? [{ schoolId, cases }] : [];
  });

  const schoolRows: DigestSchoolRow[] =
    input.schoolIds.length < 2
      ? []
      : input.schoolIds
          .map((schoolId) => {
            const mine = fresh.filter((r) => r.schoolId === schoolId);
            const open_ = open.filter((r) => r.schoolId === schoolId);
            return {
              schoolId,
              newCases: mine.length,
              newSerious: cell('serious' as const, mine.filter((r) => isSevere(r.severity)).length, mine.length, audience),
              open: open_.length,
              notAcknowledged: open_.filter((r) => r.status === 'reported').length,
              overdueMeasures: overdue.filter((r) => r.schoolId === schoolId).length,
              cluster: clusters.some((c) => c.schoolId === schoolId),
              seriousForOrder: mine.filter((r) => isSevere(r.severity)).length,
            };
          })
          .filter((r) => r.newCases > 0 || r.open > 0)
          .sort((a, b) => Number(b.cluster) - Number(a.cluster) || b.seriousForOrder - a.seriousForOrder || b.notAcknowledged - a.notAcknowledged || b.overdueMeasures - a.overdueMeasures || b.newCases - a.newCases)
          .slice(0, DIGEST_SCHOOL_LIMIT)
          .map(({ seriousForOrder: _ignored, ...row }) => row);

  const na = capped(notAcknowledged.map(refOf), DIGEST_LIST_LIMIT);
  const lg = capped(legal, DIGEST_LIST_LIMIT);
  const od = capped(overdue, DIGEST_LIST_LIMIT);
  return {
    kind: input.kind,
    audience,
    schoolIds: input.schoolIds,
    window: input.window,
    previousWindow: input.previousWindow,
    summary: {
      newCases: fresh.length,
      previousNewCases: earlier.length,
      newBySeverity: breakdown(SEVERITIES, tally(fresh.map((r) => r.severity)), fresh.length, audience),
      open: open.length,
      openByAge: breakdown(AGE_BANDS, tally(open.map((r) => ageBand(r.createdAt, now))), open.length, audience),
      notAcknowledged: notAcknowledged.length,
      legalOutstanding: legal.length,
      overdueMeasures: overdue.length,
      clusters,
    },
    schools: schoolRows,
    lists: { notAcknowledged: na.shown, legal: lg.shown, overdue: od.shown, more: { notAcknowledged: na.more, legal: lg.more, overdue: od.more } },
  };
}

/** Nothing new and nothing open: no digest is sent. */
export function isEmptyDigest(f: DigestFigures): boolean {
  return f.summary.newCases === 0 && f.summary.open === 0;
}
