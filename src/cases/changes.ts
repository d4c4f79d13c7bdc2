/**
 * Every way a case changes, each stored with what it owes in one batch:
 * a report accepted, a person's action on the case, someone found unreachable.
 * What a change owes comes from the consequence tables: the case feature's
 * own (notices, card rewrites: model/consequences.ts) and those other
 * features add (`CasePlanner`: the follow-up's reminders and check-ins).
 */
import { localDateTime } from '../core/clock';
import type { CoreContext } from '../core/context';
import { mayReport, schoolsOf, staffOf, type Directory } from '../core/directory';
import { staffFirstNames } from '../core/pupil-names';
import type { WorkItem } from '../core/work';
import { viewerOf, type Viewer } from './model/access';
import { caseIdFor, formatReference, newCase, type Case } from './model/case';
import { cardsToRefresh, noticesFor } from './model/consequences';
import { nextRoleUp } from './model/fallback';
import { parseCaseCommand, type CaseInputError, type CaseInputField } from './model/input';
import { exposedToTell, recipientsOfNewCase } from './model/recipients';
import { validateReport, type ReportErrors } from './model/report';
import { applyCommand, type CaseCommand, type CaseEvent, type Refusal } from './model/transitions';
import type { CaseStore, CounterStore } from './store';
import { cardMessagesOf, cardUpdateWork, newCaseWork, noticeWork } from './work';

/** A change to a case, as the consequence tables see it. */
export interface CaseChange {
  case: Case;
  events: CaseEvent[];
  now: Date;
  /** For a person's action: the work the case had stored before it (so a planner can see what is still running). */
  work?: WorkItem[];
}

/**
 * Another feature's part of a change's consequences: the work it owes, and
 * for a new case what the feature keeps on it (the planned check-ins).
 */
export type CasePlanner = (change: CaseChange) => { case?: Case; work: WorkItem[] };

export interface CasesDeps extends CoreContext {
  cases: CaseStore;
  counters: CounterStore;
  planners: CasePlanner[];
}

function planned(deps: CasesDeps, change: CaseChange): { case: Case; work: WorkItem[] } {
  let c = change.case;
  const work: WorkItem[] = [];
  for (const plan of deps.planners) {
    const result = plan({ ...change, case: c });
    if (result.case) c = result.case;
    work.push(...result.work);
  }
  return { case: c, work };
}

// ---------------------------------------------------------------- reporting

export interface SubmitReportCommand {
  reporterId: string;
  clientRequestId: unknown;
  values: Record<string, unknown>;
  /** Where the form message is, so the receipt it becomes can be kept current. */
  reporterCard?: { conversationId: string; activityId: string };
}

export type SubmitReportOutcome =
  | { kind: 'notSetUp' }
  | { kind: 'invalid'; errors: ReportErrors }
  | { kind: 'created'; case: Case }
  | { kind: 'existing'; case: Case };

const CLIENT_REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

export function isClientRequestId(value: unknown): value is string {
  return typeof value === 'string' && CLIENT_REQUEST_ID.test(value);
}

/** The schools a reporter may pick: their own, or every school when they belong to none. */
export function reportableSchools(directory: Directory, reporterId: string) {
  const own = schoolsOf(directory, reporterId);
  return own.length > 0 ? own : directory.schools;
}

/** What a new case owes at once: its card to each person who must know (CONTRACT.md "Who is told what"). */
export function newCaseNotices(directory: Directory, c: Case, now: Date): WorkItem[] {
  return [
    ...recipientsOfNewCase(directory, c).map((r) => newCaseWork(c, r.aadObjectId, r.role, now)),
    // A colleague named as exposed learns of it at once, and sees the case as the reporter does.
    ...exposedToTell(directory, c).map((id) => noticeWork(c, id, 'exposed', now, { recipientId: c.reporterId, what: 'reporter' })),
  ];
}

/**
 * A case the principal reclassified as serious (very serious, or a serious
 * injury) owes its card to those a serious case is told of at once and who
 * were not told of it yet: the owner's chief safety representatives and
 * leaders (CONTRACT.md "Who is told what").
 */
export function newlySeriousNotices(directory: Directory, c: Case, events: CaseEvent[], work: WorkItem[], now: Date): WorkItem[] {
  if (!c.serious || !events.some((e) => e.type === 'reclassified' && !e.wasSerious)) return [];
  const told = new Set(work.flatMap((w) => (w.kind === 'case.new' ? [w.recipientId] : [])));
  return recipientsOfNewCase(directory, c)
    .filter((r) => !told.has(r.aadObjectId))
    .map((r) => newCaseWork(c, r.aadObjectId, r.role, now));
}

/** Submitting the report form: validate, and store the case with everything it owes. Idempotent on (reporter, clientRequestId). */
export async function submitReport(deps: CasesDeps, cmd: SubmitReportCommand): Promise<SubmitReportOutcome> {
  const { directory } = deps;
  if (!mayReport(directory, cmd.reporterId)) return { kind: 'notSetUp' };
  // The form always carries the id it was rendered with; without one we cannot
  // tell a retry from a new report, so the form is shown again with a fresh id.
  if (!isClientRequestId(cmd.clientRequestId)) return { kind: 'invalid', errors: {} };

  // The id is derived from the submission: a repeat is found by the batch's 409, so a new report costs no read.
  const caseId = caseIdFor(directory.tenantId, cmd.reporterId, cmd.clientRequestId);
  const now = deps.now();
  const local = localDateTime(now, deps.timeZone);
  const schools = reportableSchools(directory, cmd.reporterId);
  const own = schoolsOf(directory, cmd.reporterId);
  const result = validateReport(cmd.values, {
    today: local.date,
    nowTime: local.time,
    schoolIds: schools.map((s) => s.id),
    defaultSchoolId: own.length === 1 ? own[0].id : undefined,
    staffFirstNames: staffFirstNames(directory, own.length > 0 ? own.map((s) => s.id) : typeof cmd.values.schoolId === 'string' ? [cmd.values.schoolId] : []),
    reporterId: cmd.reporterId,
    staffOf: (schoolId) => staffOf(directory, schoolId),
  });
  if (!result.ok) {
    // The same form sent again after the case was stored, now failing a check that depends on the moment, still lands on its case.
    const existing = await deps.cases.getCase(caseId);
    return existing ? { kind: 'existing', case: existing.value } : { kind: 'invalid', errors: result.errors };
  }

  const year = Number(local.date.slice(0, 4));
  const sequence = await deps.counters.next(`reference-${directory.tenantId}-${year}`);
  const created: Case = newCase({
    caseId,
    reference: formatReference(year, sequence),
    tenantId: directory.tenantId,
    reporterId: cmd.reporterId,
    clientRequestId: cmd.clientRequestId,
    report: result.report,
    colleagueIds: result.colleagueIds,
    now,
    reporterCard: cmd.reporterCard,
  });
  // Anyone in the tenant may report; the school's leaders see when the reporter is not on its staff list.
  if (!staffOf(directory, created.schoolId).includes(cmd.reporterId)) created.reporterNotOnStaff = true;
  // Who is told now, and everything the case will owe over time, in the same batch as the case.
  const plan = planned(deps, { case: created, events: [{ type: 'reported' }], now });
  const c = plan.case;
  const owed = [...newCaseNotices(directory, c, now), ...plan.work];
  // The dispatcher is told of what it owes with the batch's ETags, so it claims the notices without reading them.
  const stored = await deps.cases.createCase(c, owed, (work) => deps.onWorkStored(work));
  if (stored === 'exists') {
    // The same form again (a retry, a double click, another device): show its case. Its number is a gap.
    const winner = await deps.cases.getCase(caseId);
    if (!winner) throw new Error(`case ${caseId} reported as existing but not readable`);
    return { kind: 'existing', case: winner.value };
  }
  // Someone who had to choose the school finds it chosen next time.
  if (own.length !== 1) await deps.contacts.saveSchoolChoice(cmd.reporterId, c.schoolId, now).catch((err) => deps.log.warn('report.choice_not_saved', { error: String(err).slice(0, 200) }));
  return { kind: 'created', case: c };
}

// ---------------------------------------------------------------- acting on a case

export type CaseActionOutcome =
  /** No such case, or not one this person may see: the same answer, so ids reveal nothing. */
  | { kind: 'notFound' }
  | { kind: 'invalid'; case: Case; viewer: Viewer; errors: Partial<Record<CaseInputField, CaseInputError>> }
  | { kind: 'refused'; case: Case; viewer: Viewer; refusal: Refusal }
  /** Someone else changed the case first; this is the case as it is now. */
  | { kind: 'conflict'; case: Case; viewer: Viewer }
  | { kind: 'done'; case: Case; viewer: Viewer; events: CaseEvent[] };

export async function loadCaseFor(deps: Pick<CasesDeps, 'directory' | 'cases'>, caseId: string, actorId: string) {
  const found = await deps.cases.getCase(caseId);
  const viewer = found ? viewerOf(deps.directory, found.value, actorId) : null;
  return found && viewer ? { case: found.value, etag: found.etag, viewer } : undefined;
}

/**
 * A person acts on a case through a card: check who they are to the case,
 * check the data, apply the change, and store it with what it owes (notices,
 * rewrites of every card that shows the case, planned work) in one
 * ETag-guarded batch.
 */
export async function actOnCase(
  deps: CasesDeps,
  input: { actorId: string; caseId: string; verb: CaseCommand['verb']; data: Record<string, unknown> },
): Promise<CaseActionOutcome> {
  const loaded = await loadCaseFor(deps, input.caseId, input.actorId);
  if (!loaded) return { kind: 'notFound' };
  const { case: before, etag, viewer } = loaded;

  const now = deps.now();
  const local = localDateTime(now, deps.timeZone);
  const parsed = parseCaseCommand(input.verb, input.data, {
    today: local.date,
    nowTime: local.time,
    incident: { date: before.report.date, ...(before.report.time ? { time: before.report.time } : {}) },
    possibleOwners: staffOf(deps.directory, before.schoolId),
    staffFirstNames: staffFirstNames(deps.directory, [before.schoolId]),
  });
  if (!parsed.ok) return { kind: 'invalid', case: before, viewer, errors: parsed.errors };

  const result = applyCommand(before, parsed.command, { id: input.actorId, viewer }, now);
  if (!result.ok) return { kind: 'refused', case: before, viewer, refusal: result.refusal };
  const after = result.case;

  const notices = noticesFor(deps.directory, after, result.events, input.actorId).map((n) => noticeWork(after, n.recipientId, n.notice, now, n.about));
  const existing = await deps.cases.workOfCase(after.caseId);
  const updates = cardsToRefresh(cardMessagesOf(after, existing)).map((m) => cardUpdateWork(after, m, now));
  const scheduled = planned(deps, { case: after, events: result.events, now, work: existing }).work;

  const owed = [...notices, ...newlySeriousNotices(deps.directory, after, result.events, existing, now), ...updates, ...scheduled];
  const saved = await deps.cases.saveChange(after, etag, owed, (work) => deps.onWorkStored(work));
  if (saved === 'conflict') {
    const current = await loadCaseFor(deps, input.caseId, input.actorId);
    return current ? { kind: 'conflict', case: current.case, viewer: current.viewer } : { kind: 'notFound' };
  }
  return { kind: 'done', case: after, viewer, events: result.events };
}

// ---------------------------------------------------------------- unreachable

/**
 * When a person cannot be reached about a case (app not installed, blocked,
 * or every try failed), the case records it and the next role up is told
 * instead (model/fallback.ts); the case card shows it.
 */
export async function recordUnreachable(deps: Pick<CasesDeps, 'directory' | 'cases' | 'now' | 'onWorkStored' | 'log'>, item: WorkItem & { recipientId: string }): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await deps.cases.getCase(item.caseId);
    if (!found) return;
    const before = found.value;
    if (before.unreachable.some((u) => u.recipientId === item.recipientId && u.what === item.kind)) return;
    const now = deps.now();
    const instead = nextRoleUp(deps.directory, before, item.recipientId);
    const after: Case = {
      ...before,
      revision: before.revision + 1,
      updatedAt: now.toISOString(),
      unreachable: [...before.unreachable, { recipientId: item.recipientId, at: now.toISOString(), what: item.kind, toldInstead: instead }],
    };
    const about = { recipientId: item.recipientId, what: item.kind };
    const work = await deps.cases.workOfCase(after.caseId);
    const updates = cardMessagesOf(after, work).filter((m) => m.recipientId !== item.recipientId).map((m) => cardUpdateWork(after, m, now));
    const owed = [...instead.map((r) => noticeWork(after, r, 'unreachable', now, about)), ...updates];
    const saved = await deps.cases.saveChange(after, found.etag, owed, (work) => deps.onWorkStored(work));
    if (saved === 'saved') {
      deps.log.warn('case.unreachable', { caseId: after.caseId, recipientId: item.recipientId, what: item.kind, toldInstead: instead.length });
      return;
    }
  }
  deps.log.error('case.unreachable_not_recorded', { caseId: item.caseId, workId: item.id });
}
