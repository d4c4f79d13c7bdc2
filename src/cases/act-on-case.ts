/**
 * A person acts on a case through a card: check who they are to the case,
 * check the data, apply the change, and store it with what it owes (notices
 * to the people who must know, and rewrites of every card that shows the case)
 * in one ETag-guarded batch.
 */
import { viewerOf, type Viewer } from './model/access';
import type { Case } from './model/case';
import { parseCaseCommand, type CaseInputError, type CaseInputField } from './model/input';
import { noticesFor } from './model/consequences';
import { applyCommand, type CaseCommand, type CaseEvent, type Refusal } from './model/transitions';
import { localDateTime } from '../core/clock';
import { findSchool, type Directory } from '../core/directory';
import { isSevere } from '../follow-up/cluster';
import { workForApprovedMeasure } from '../follow-up/model';
import { cardMessagesOf, cardUpdateWork, clusterCheckWork, noticeWork, type WorkItem } from '../core/work';
import type { FlowContext } from '../core/context';

export type ActOnCaseDeps = FlowContext;

export type CaseActionOutcome =
  /** No such case, or not one this person may see: the same answer, so ids reveal nothing. */
  | { kind: 'notFound' }
  | { kind: 'invalid'; case: Case; viewer: Viewer; errors: Partial<Record<CaseInputField, CaseInputError>> }
  | { kind: 'refused'; case: Case; viewer: Viewer; refusal: Refusal }
  /** Someone else changed the case first; this is the case as it is now. */
  | { kind: 'conflict'; case: Case; viewer: Viewer }
  | { kind: 'done'; case: Case; viewer: Viewer; events: CaseEvent[] };

/** How many of a person's messages about a case are kept current; older ones refresh when viewed in Teams. */
const CARDS_KEPT_CURRENT_PER_PERSON = 3;

export function possibleMeasureOwners(directory: Directory, schoolId: string): string[] {
  const school = findSchool(directory, schoolId);
  return school ? [...new Set([...school.principals, ...school.safetyReps, ...school.members])] : [];
}

export async function loadCaseFor(deps: Pick<ActOnCaseDeps, 'directory' | 'cases'>, caseId: string, actorId: string) {
  const found = await deps.cases.getCase(caseId);
  const viewer = found ? viewerOf(deps.directory, found.value, actorId) : null;
  return found && viewer ? { case: found.value, etag: found.etag, viewer } : undefined;
}

export async function actOnCase(
  deps: ActOnCaseDeps,
  input: { actorId: string; caseId: string; verb: CaseCommand['verb']; data: Record<string, unknown> },
): Promise<CaseActionOutcome> {
  const loaded = await loadCaseFor(deps, input.caseId, input.actorId);
  if (!loaded) return { kind: 'notFound' };
  const { case: before, etag, viewer } = loaded;

  const now = deps.now();
  const parsed = parseCaseCommand(input.verb, input.data, {
    today: localDateTime(now, deps.timeZone).date,
    possibleOwners: possibleMeasureOwners(deps.directory, before.schoolId),
  });
  if (!parsed.ok) return { kind: 'invalid', case: before, viewer, errors: parsed.errors };

  const result = applyCommand(before, parsed.command, { id: input.actorId, viewer }, now);
  if (!result.ok) return { kind: 'refused', case: before, viewer, refusal: result.refusal };
  const after = result.case;

  const notices = noticesFor(deps.directory, after, result.events, input.actorId).map((n) => noticeWork(after, n.recipientId, n.notice, now, n.about));
  const work = await deps.cases.workOfCase(after.caseId);
  const updates = latestPerPerson(cardMessagesOf(after, work), CARDS_KEPT_CURRENT_PER_PERSON).map((m) => cardUpdateWork(after, m, now));
  const scheduled = scheduledWork(deps, after, result.events, now);

  const saved = await deps.cases.saveChange(after, etag, [...notices, ...updates, ...scheduled]);
  if (saved === 'conflict') {
    const current = await loadCaseFor(deps, input.caseId, input.actorId);
    return current ? { kind: 'conflict', case: current.case, viewer: current.viewer } : { kind: 'notFound' };
  }
  deps.onWorkStored?.();
  return { kind: 'done', case: after, viewer, events: result.events };
}

/** Reminders a change starts (an approved measure), and a fresh look at the school's cluster when a serious case closes. */
function scheduledWork(deps: ActOnCaseDeps, c: Case, events: CaseEvent[], now: Date): WorkItem[] {
  const plan = { directory: deps.directory, schedule: deps.schedule, timeZone: deps.timeZone, now };
  const work: WorkItem[] = [];
  for (const e of events) {
    if (e.type === 'measureApproved') {
      const m = c.measures.find((x) => x.id === e.measureId);
      if (m) work.push(...workForApprovedMeasure(c, m, plan));
    }
    if (e.type === 'closed' && isSevere(c.report.severity)) work.push(clusterCheckWork(c, now));
  }
  return work;
}

function latestPerPerson<T extends { recipientId: string }>(messages: T[], keep: number): T[] {
  const count = new Map<string, number>();
  const kept: T[] = [];
  for (const m of [...messages].reverse()) {
    const n = count.get(m.recipientId) ?? 0;
    if (n < keep) kept.push(m);
    count.set(m.recipientId, n + 1);
  }
  return kept.reverse();
}
