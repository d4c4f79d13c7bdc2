/**
 * What the retention policy does to a case at a time, as pure functions.
 *
 * A closed case is kept in full for the policy's years (counted from the day
 * it was closed; longer when someone was injured, and a serious injury under
 * AML § 5-2 by default for good), then anonymised: every free text removed,
 * every person replaced by their role, and what the injury register (AML
 * § 5-1) and the statistics need kept: when, where, what kind, severity, the
 * injury and its consequences, the risk factors, the measures' states and
 * dates, the legal steps' dates. Open cases, cases on hold and cases that
 * still owe work are never touched. docs/privacy.md gives the reasoning.
 *
 * Also which of the openings of a case (the audit trail's `case.view`) a
 * role may see ("Sist åpnet av").
 */
import type { Viewer } from '../cases/model/access';
import type { Case, HistoryEntry } from '../cases/model/case';
import type { AuditEntry } from '../core/audit';
import { findSchool, type Directory } from '../core/directory';
import type { RetentionPolicy } from '../core/schedule';
import type { RiskAssessment, RiskMeasure, RiskReview } from '../risk/model';
import type { StaffRecord, TrainingEntry } from '../training/model';

/** `owesWork`: due, but something about it is still to be sent (a late check-in); it waits. */
export type KeepReason = 'open' | 'recent' | 'hold' | 'keptInFull' | 'anonymised' | 'owesWork';
export type CaseClass = 'plain' | 'injury' | 'seriousInjury';

export type RetentionDecision =
  | { action: 'keep'; reason: KeepReason; class: CaseClass; until?: string }
  | { action: 'anonymise'; class: CaseClass; dueSince: string };

/** A stand-in for a person, by the part they had in the case. */
export type RoleMark = `role:${'reporter' | 'affected' | 'principal' | 'safetyRep' | 'leader' | 'chiefSafetyRep' | 'staff'}`;

/** Which of the policy's times applies: the employee's rights weigh more when someone was hurt. */
export function caseClass(c: Pick<Case, 'report'>): CaseClass {
  const r = c.report;
  if (r.seriousInjury) return 'seriousInjury';
  if ((r.injury && r.injury !== 'none') || r.sickLeave || r.medicalTreatment) return 'injury';
  return 'plain';
}

export function yearsFor(policy: RetentionPolicy, cls: CaseClass): number | null {
  return cls === 'plain' ? policy.closedCaseYears : cls === 'injury' ? policy.injuryCaseYears : policy.seriousInjuryCaseYears;
}

/** The same moment `years` calendar years later (29 February becomes 1 March). */
export function addYears(iso: string, years: number): Date {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/** The oldest a closed case can be and still be kept in full by every class of the policy: the store's query cutoff. */
export function earliestCutoff(policy: RetentionPolicy, now: Date): Date {
  const years = Math.min(...(['plain', 'injury', 'seriousInjury'] as const).map((c) => yearsFor(policy, c) ?? Infinity));
  if (!Number.isFinite(years)) return new Date(0);
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d;
}

export function retentionDecision(c: Case, policy: RetentionPolicy, now: Date): RetentionDecision {
  const cls = caseClass(c);
  if (c.anonymisedAt) return { action: 'keep', reason: 'anonymised', class: cls };
  if (c.status !== 'closed' || !c.closedAt) return { action: 'keep', reason: 'open', class: cls };
  if (policy.hold.includes(c.reference)) return { action: 'keep', reason: 'hold', class: cls };
  const years = yearsFor(policy, cls);
  if (years === null) return { action: 'keep', reason: 'keptInFull', class: cls };
  const due = addYears(c.closedAt, years);
  if (due > now) return { action: 'keep', reason: 'recent', class: cls, until: due.toISOString() };
  return { action: 'anonymise', class: cls, dueSince: due.toISOString() };
}

/** The part a person had in the case, as far as the case and the directory tell. */
export function roleOf(directory: Directory, c: Pick<Case, 'reporterId' | 'affectedIds' | 'schoolId'>, id: string): RoleMark {
  if (id.startsWith('role:')) return id as RoleMark;
  if (id === c.reporterId) return 'role:reporter';
  if (c.affectedIds.includes(id)) return 'role:affected';
  const school = findSchool(directory, c.schoolId);
  if (school?.principals.includes(id)) return 'role:principal';
  if (school?.safetyReps.includes(id)) return 'role:safetyRep';
  if (directory.owner.leaders.includes(id)) return 'role:leader';
  if (directory.owner.chiefSafetyReps.includes(id)) return 'role:chiefSafetyRep';
  return 'role:staff';
}

/**
 * The anonymised case. Kept: ids and reference, school, status and every
 * date, the report's choices (the register and statistics), whether the
 * reporter was the one exposed and how many were, the measures' states and
 * dates, the legal steps' dates, the check-ins' answers (ok / talk / BHT)
 * without who gave them, the history's actions and times. Removed: every
 * free text, every person (replaced by role), the request id the case id
 * was made from (with it the reporter could be found again), where the
 * bot's messages landed, who could not be reached.
 */
export function anonymiseCase(c: Case, directory: Directory, now: Date): Case {
  const role = (id: string) => roleOf(directory, c, id);
  const { description: _d, immediateActions: _i, ...report } = c.report;
  const { reporterCard: _rc, closingSummary: _cs, ...rest } = c;
  const history = c.history.map((e): HistoryEntry => {
    const { text: _t, legal, ...kept } = e;
    // A legal step's record keeps how and when; its reference and reason are free text.
    const step = legal ? (({ reference: _ref, reason: _why, ...k }) => k)(legal) : undefined;
    return { ...kept, ...(step ? { legal: step } : {}), by: role(e.by) };
  });
  return {
    ...rest,
    clientRequestId: '',
    reporterId: 'role:reporter',
    affectedIds: [],
    affectedCount: c.affectedIds.length,
    report: { ...report, description: '' },
    measures: c.measures.map((m) => {
      const { rejectReason: _r, ownerId, decidedBy, doneBy, ...kept } = m;
      return {
        ...kept,
        description: '',
        proposedBy: role(m.proposedBy),
        ...(ownerId ? { ownerId: role(ownerId) } : {}),
        ...(decidedBy ? { decidedBy: role(decidedBy) } : {}),
        ...(doneBy ? { doneBy: role(doneBy) } : {}),
      };
    }),
    // Whether and how a step was done stays; its reference and reason are free text and go.
    legal: Object.fromEntries(Object.entries(c.legal).map(([item, done]) => { const { reference: _ref, reason: _why, ...kept } = done!; return [item, { ...kept, by: role(done!.by) }]; })),
    history,
    followUps: c.followUps.map((f) => {
      const { note: _n, shared: _s, personId: _p, ...kept } = f;
      return { ...kept, personId: 'role:affected' };
    }),
    followUpsStoppedBy: [],
    unreachable: [],
    revision: c.revision + 1,
    updatedAt: now.toISOString(),
    anonymisedAt: now.toISOString(),
  };
}

export interface RetentionPlanEntry {
  caseId: string;
  reference: string;
  decision: RetentionDecision;
}

/** Counts of a plan, for the log line, the dry run and the owner's command. */
export interface RetentionCounts {
  checked: number;
  anonymise: number;
  byClass: Record<CaseClass, number>;
  kept: Record<KeepReason, number>;
}

export function countPlan(entries: RetentionPlanEntry[]): RetentionCounts {
  const counts: RetentionCounts = { checked: entries.length, anonymise: 0, byClass: { plain: 0, injury: 0, seriousInjury: 0 }, kept: { open: 0, recent: 0, hold: 0, keptInFull: 0, anonymised: 0, owesWork: 0 } };
  for (const e of entries) {
    if (e.decision.action === 'anonymise') {
      counts.anonymise++;
      counts.byClass[e.decision.class]++;
    } else counts.kept[e.decision.reason]++;
  }
  return counts;
}

/** One person's openings of a case, as "Sist åpnet av" shows them. */
export interface PersonOpenings {
  actorId: string;
  /** Their relation to the case when they last opened it. */
  role: string;
  last: string;
  times: number;
}

/**
 * Who opened a case, each person once with their latest opening, the latest
 * first, as a viewer of this role may see it: the school's principals and
 * safety representatives see everyone; the owner's leaders never see the
 * reporter or the exposed employees (AML § 6-2 and the role table: the
 * owner's roles do not learn who reported or was exposed).
 */
export function visibleOpenings(entries: Pick<AuditEntry, 'actorId' | 'at' | 'roles' | 'action'>[], c: Pick<Case, 'reporterId' | 'affectedIds'>, viewer: Viewer): PersonOpenings[] {
  const byPerson = new Map<string, PersonOpenings>();
  for (const e of entries) {
    if (e.action !== 'case.view' || e.actorId === c.reporterId) continue;
    if (viewer !== 'principal' && viewer !== 'safetyRep' && c.affectedIds.includes(e.actorId)) continue;
    const seen = byPerson.get(e.actorId);
    if (!seen) byPerson.set(e.actorId, { actorId: e.actorId, role: e.roles[0] ?? 'staff', last: e.at, times: 1 });
    else {
      seen.times++;
      if (e.at > seen.last) Object.assign(seen, { last: e.at, role: e.roles[0] ?? seen.role });
    }
  }
  return [...byPerson.values()].sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : 0));
}

// ---------------------------------------------------------------- prevention: risk assessment and training log

/**
 * The prevention documents are the school's internal control (forskrift om
 * utførelse av arbeid § 3A-2 to § 3A-5), kept as long as the school exists:
 * the situations, scores, measures' states and dates, the review versions'
 * risk before and after, and each training entry's date, kind, topic and
 * how many took part. What names people goes sooner (docs/privacy.md,
 * "Forebygging"):
 * - someone who left the school `trainingAfterLeavingYears` ago (the staff
 *   record's `leftAt`) is "former staff" in the training log, and leaves the
 *   staff record;
 * - a review version, a training entry or a finished measure older than
 *   `preventionYears` keeps its people only as roles and loses its free text
 *   but the situation's and the topic's (comments, notes, reasons).
 */

const FORMER: RoleMark = 'role:staff';
const isMark = (id: string | undefined) => id !== undefined && id.startsWith('role:');

/** The day `years` before now (YYYY-MM-DD of the instant), or undefined when the policy keeps it for good. */
function cutoffOf(years: number | null, now: Date): string | undefined {
  return years === null ? undefined : addYears(now.toISOString(), -years).toISOString();
}

/** Who left the school at or before the cutoff, from the staff record. */
export function formerStaff(record: StaffRecord | undefined, policy: RetentionPolicy, now: Date): Set<string> {
  const cutoff = cutoffOf(policy.trainingAfterLeavingYears, now);
  if (!record || !cutoff) return new Set();
  return new Set(Object.entries(record.people).filter(([, p]) => p.leftAt !== undefined && p.leftAt <= cutoff).map(([id]) => id));
}

/** The staff record without those whose time after leaving is up; undefined when nobody is. */
export function retainStaffRecord(record: StaffRecord, policy: RetentionPolicy, now: Date): StaffRecord | undefined {
  const gone = formerStaff(record, policy, now);
  if (gone.size === 0) return undefined;
  return { ...record, people: Object.fromEntries(Object.entries(record.people).filter(([id]) => !gone.has(id))) };
}

/** A training entry as the policy leaves it now; undefined when it stays as it is. */
export function retainTrainingEntry(e: TrainingEntry, gone: Set<string>, policy: RetentionPolicy, now: Date): TrainingEntry | undefined {
  const cutoff = cutoffOf(policy.preventionYears, now);
  if (cutoff && !e.anonymisedAt && e.date < cutoff.slice(0, 10)) {
    const { notes: _notes, ledByName: _external, ledById, ...rest } = e;
    return { ...rest, participants: e.participants.map(() => FORMER), ...(ledById ? { ledById: FORMER } : {}), recordedBy: 'role:principal', anonymisedAt: now.toISOString() };
  }
  const swap = (id: string) => (gone.has(id) ? FORMER : id);
  const participants = e.participants.map(swap);
  const ledById = e.ledById === undefined ? undefined : swap(e.ledById);
  const recordedBy = gone.has(e.recordedBy) ? 'role:principal' : e.recordedBy;
  if (participants.every((p, i) => p === e.participants[i]) && ledById === e.ledById && recordedBy === e.recordedBy) return undefined;
  return { ...e, participants, ...(ledById ? { ledById } : {}), recordedBy };
}

/** A review version older than `preventionYears`: people by the part they had, free text but the situations' removed. */
export function retainReview(r: RiskReview, policy: RetentionPolicy, now: Date): RiskReview | undefined {
  const cutoff = cutoffOf(policy.preventionYears, now);
  if (!cutoff || r.anonymisedAt || r.at > cutoff) return undefined;
  const reps = new Set([...r.safetyRepsAsked, ...r.safetyRepsCommented]);
  const role = (id: string): RoleMark => (isMark(id) ? (id as RoleMark) : id === r.by ? 'role:principal' : reps.has(id) ? 'role:safetyRep' : FORMER);
  return {
    ...r,
    by: 'role:principal',
    note: '',
    safetyRepsAsked: r.safetyRepsAsked.map(() => 'role:safetyRep'),
    safetyRepsCommented: r.safetyRepsCommented.map(() => 'role:safetyRep'),
    comments: r.comments.map((c) => ({ ...c, by: role(c.by), text: '' })),
    changes: r.changes.map((c) => ({ ...c, by: role(c.by) })),
    anonymisedAt: now.toISOString(),
  };
}

/**
 * The living assessment: a measure done or rejected, and a case link made,
 * longer ago than `preventionYears` keep their people only as roles (and a
 * rejected measure's reason and an evaluation's note go). Comments and the
 * change log move into a version at each review, so they are the versions'.
 */
export function retainAssessment(a: RiskAssessment, policy: RetentionPolicy, now: Date): RiskAssessment | undefined {
  const cutoff = cutoffOf(policy.preventionYears, now);
  if (!cutoff) return undefined;
  let changed = false;
  const measure = (m: RiskMeasure): RiskMeasure => {
    const finishedAt = m.state === 'done' ? m.doneAt : m.state === 'rejected' ? m.decidedAt : undefined;
    if (!finishedAt || finishedAt > cutoff) return m;
    const people = [m.ownerId, m.proposedBy, m.decidedBy, m.doneBy, m.evaluation?.by];
    if (people.every((p) => p === undefined || isMark(p)) && m.rejectReason === undefined && m.evaluation?.note === undefined) return m;
    changed = true;
    const { rejectReason: _reason, ...rest } = m;
    return {
      ...rest,
      ...(m.ownerId ? { ownerId: FORMER } : {}),
      proposedBy: FORMER,
      ...(m.decidedBy ? { decidedBy: 'role:principal' } : {}),
      ...(m.doneBy ? { doneBy: FORMER } : {}),
      ...(m.evaluation ? { evaluation: { effect: m.evaluation.effect, by: 'role:principal', at: m.evaluation.at } } : {}),
    };
  };
  const situations = a.situations.map((s) => {
    const measures = s.measures.map(measure);
    const linkedCases = s.linkedCases.map((l) => {
      if (l.at > cutoff || isMark(l.by)) return l;
      changed = true;
      return { ...l, by: 'role:principal' };
    });
    return { ...s, measures, linkedCases };
  });
  return changed ? { ...a, situations } : undefined;
}
