/**
 * The follow-up's owed work and its consequence table: what each change of a
 * case schedules (check-ins, reminders and escalation for a new case, measure
 * reminders for an approved measure, a look at the school's cluster), and how
 * each kind is carried out when it falls due (skipped when no longer needed,
 * repeated while the law's steps are open).
 */
import { schoolName, type Case, type CaseChange, type CasesFeature, type FollowUp } from '../cases';
import { findSchool } from '../core/directory';
import { recipient, type CoreContext } from '../core/context';
import { durationMs } from '../core/duration';
import { fill } from '../core/i18n';
import { addDuration, nextAllowed } from '../core/schedule-math';
import { newWork, schoolPartition, SKIPPED, type WorkItem, type WorkKindHandler, type WorkOf, type WorkOutcome } from '../core/work';
import { localDateTime } from '../core/clock';
import type { Measure } from '../cases/model/case';
import { outstandingLegalSteps } from '../cases/model/legal-steps';
import { checkinStillDue, checkinsToJoin, clusterDecision, isSevere, later, measureReminderTimes, nextRepeat, NOTIFY_STEPS, planFollowUps, reminderAddressees, reminderStillDue, type PlanContext, type ReminderKind } from './model';
import type { ClusterStore, ReminderStore } from './store';
import { followUpStrings } from './strings';
import { checkinCard, clusterAlertCard, reminderCard } from './views';

declare module '../core/work' {
  interface WorkKinds {
    /** "How are you doing now?" to an exposed employee: which follow-up of the case. */
    checkin: { recipientId: string; followUpId: string };
    /** A nudge about something still not done (or, to the owner, an escalation); measureId for measure reminders. */
    reminder: { recipientId: string; reminder: ReminderKind; measureId?: string; handedOverFrom?: string; handedOverTo?: string[]; round?: number; snoozedUntil?: string };
    /** See whether a school now has a cluster of serious cases; tells nobody by itself. */
    'cluster.check': { schoolId: string };
    /** Tell the owner's roles about such a cluster. */
    'cluster.alert': { recipientId: string; schoolId: string; caseIds: string[] };
  }
}

export function checkinWork(c: Case, followUpId: string, personId: string, dueAt: Date, now: Date): WorkOf<'checkin'> {
  return newWork('checkin', c.caseId, { recipientId: personId, followUpId }, { key: followUpId, dueAt, now });
}

/** `round`: a reminder started again (a legal step undone, a reclassification), with an id of its own: the case's revision then. */
export function reminderWork(c: Case, reminder: ReminderKind, recipientId: string, dueAt: Date, now: Date, measureId?: string, round?: number): WorkOf<'reminder'> {
  const key = `${reminder}:${measureId ?? ''}${round ? `:${round}` : ''}`;
  return newWork('reminder', c.caseId, { recipientId, reminder, ...(measureId ? { measureId } : {}), ...(round ? { round } : {}) }, { key, dueAt, now });
}

/** The same reminder for a successor: the same kind and key, so handing it over again (or to a co-principal who has it) creates nothing new. */
export function handedOverWork(item: WorkOf<'reminder'>, successorId: string, dueAt: Date, now: Date): WorkOf<'reminder'> {
  const c = { caseId: item.caseId } as Case;
  return { ...reminderWork(c, item.reminder, successorId, dueAt, now, item.measureId, item.round), handedOverFrom: item.recipientId };
}

export function clusterCheckWork(c: Case, now: Date): WorkOf<'cluster.check'> {
  return newWork('cluster.check', c.caseId, { schoolId: c.schoolId }, { key: `${c.revision}`, dueAt: now, now });
}

export function clusterAlertWork(schoolId: string, alertNumber: number, recipientId: string, caseIds: string[], dueAt: Date, now: Date): WorkOf<'cluster.alert'> {
  return newWork('cluster.alert', schoolPartition(schoolId), { recipientId, schoolId, caseIds }, { key: String(alertNumber), dueAt, now });
}

// ---------------------------------------------------------------- the consequence table

/** What a new case owes over time: check-ins, the acknowledgement reminder and escalation, legal reminders, a cluster check. `c.followUps` must be planned. */
export function workForNewCase(c: Case, ctx: PlanContext): WorkItem[] {
  const { directory, schedule, now } = ctx;
  const principals = findSchool(directory, c.schoolId)?.principals ?? [];
  const work: WorkItem[] = [];
  for (const f of c.followUps) work.push(checkinWork(c, f.id, f.personId, new Date(f.dueAt), now));
  for (const p of principals) work.push(reminderWork(c, 'acknowledge', p, later(ctx, now, schedule.acknowledgeWithin), now));
  for (const l of directory.owner.leaders) work.push(reminderWork(c, 'escalation', l, later(ctx, now, schedule.escalateAfter), now));
  const outstanding = outstandingLegalSteps(c);
  if (outstanding.some((i) => (NOTIFY_STEPS as readonly string[]).includes(i))) {
    for (const p of principals) work.push(reminderWork(c, 'legal', p, later(ctx, now, schedule.notifyReminderEvery), now));
  }
  if (outstanding.includes('nav')) for (const p of principals) work.push(reminderWork(c, 'nav', p, later(ctx, now, schedule.navReminderEvery), now));
  if (isSevere(c.report.severity)) work.push(clusterCheckWork(c, now));
  return work;
}

/**
 * An approved measure: its owner (or the principals, if it has none) is
 * reminded `measureReminderBefore` the end of its due date, unless that moment
 * has passed; the principals are told when the due date has passed.
 */
export function workForApprovedMeasure(c: Case, m: Measure, ctx: PlanContext): WorkItem[] {
  const principals = findSchool(ctx.directory, c.schoolId)?.principals ?? [];
  const { soon, overdue } = measureReminderTimes(m.dueDate, ctx);
  const work: WorkItem[] = [];
  if (soon) for (const r of m.ownerId ? [m.ownerId] : principals) work.push(reminderWork(c, 'measureDue', r, soon, ctx.now, m.id));
  for (const p of principals) work.push(reminderWork(c, 'measureOverdue', p, overdue, ctx.now, m.id));
  return work;
}

/**
 * A legal step taken back, or a reclassification that makes steps owed: the
 * legal reminders start again for what is owed now, counted from now, for
 * each principal who has none running (a repeating reminder stops for good
 * once nothing it is about is outstanding). Steps settled or no longer owed
 * need nothing: the reminder's own check (`reminderStillDue`) stops it.
 */
export function resumedLegalReminders(c: Case, existing: WorkItem[], ctx: PlanContext): WorkItem[] {
  const principals = findSchool(ctx.directory, c.schoolId)?.principals ?? [];
  const outstanding = outstandingLegalSteps(c);
  const owed: [ReminderKind, PlanContext['schedule']['notifyReminderEvery']][] = [];
  if (outstanding.some((i) => (NOTIFY_STEPS as readonly string[]).includes(i))) owed.push(['legal', ctx.schedule.notifyReminderEvery]);
  if (outstanding.includes('nav')) owed.push(['nav', ctx.schedule.navReminderEvery]);
  const running = (kind: ReminderKind, p: string) => existing.some((w) => w.kind === 'reminder' && w.state === 'open' && w.reminder === kind && w.recipientId === p);
  return owed.flatMap(([kind, every]) => principals.filter((p) => !running(kind, p)).map((p) => reminderWork(c, kind, p, later(ctx, ctx.now, every), ctx.now, undefined, c.revision)));
}

/** The follow-up's part of each change: see the functions above. */
export function followUpPlanner(ctx: Pick<CoreContext, 'directory' | 'schedule' | 'timeZone'>) {
  return (change: CaseChange): { case?: Case; work: WorkItem[] } => {
    const plan: PlanContext = { directory: ctx.directory, schedule: ctx.schedule, timeZone: ctx.timeZone, now: change.now };
    let c = change.case;
    const work: WorkItem[] = [];
    for (const e of change.events) {
      if (e.type === 'reported') {
        c = { ...c, followUps: planFollowUps(c, plan) };
        work.push(...workForNewCase(c, plan));
      }
      if (e.type === 'measureApproved') {
        const m = c.measures.find((x) => x.id === e.measureId);
        if (m) work.push(...workForApprovedMeasure(c, m, plan));
      }
      if (e.type === 'legalUndone' || e.type === 'reclassified') work.push(...resumedLegalReminders(c, change.work ?? [], plan));
      // A reclassification into or out of serious may make or end a cluster, as opening or closing such a case does.
      if (e.type === 'reclassified' && isSevere(c.report.severity) !== isSevere(e.severityBefore)) work.push(clusterCheckWork(c, change.now));
      // A serious case closing may end a cluster: look again.
      if (e.type === 'closed' && isSevere(c.report.severity)) work.push(clusterCheckWork(c, change.now));
    }
    return { case: c, work };
  };
}

// ---------------------------------------------------------------- carrying it out

/**
 * Another feature's part of a cluster alert: work stored in the same batch as
 * the alert, in the school's partition (the risk assessment's review prompt).
 */
export type ClusterPlanner = (alert: { schoolId: string; alertNumber: number; caseIds: string[]; now: Date }) => WorkItem[];

/** Says, as a reminder falls due, that it waits or was folded into something else (an outcome), or nothing: it goes. */
export type ReminderGate = (item: WorkOf<'reminder'>) => Promise<WorkOutcome | undefined>;

export interface FollowUpWorkDeps extends CoreContext {
  cases: CasesFeature;
  reminderGate?: ReminderGate;
  clusters: ClusterStore;
  clusterPlanners: ClusterPlanner[];
  reminders: ReminderStore;
}

// ---------------------------------------------------------------- handing reminders over

/**
 * A directory change took a role from these people: each of their open
 * reminders whose role they no longer hold at the case's school goes to the
 * successors (model.ts `reminderAddressees`), created with the same key and
 * due time, while the old one is closed, in one batch per case. Idempotent:
 * the successors' items have deterministic ids. A reminder that changes
 * meanwhile (being sent) is left: its handler makes the same check when it
 * falls due, so no reminder ever goes to someone who lost the role.
 */
export async function handOverReminders(deps: FollowUpWorkDeps, personIds: string[]): Promise<number> {
  const open = await deps.reminders.openRemindersOf(personIds);
  const byCase = new Map<string, typeof open>();
  for (const r of open) byCase.set(r.value.caseId, [...(byCase.get(r.value.caseId) ?? []), r]);
  let handed = 0;
  for (const [caseId, items] of byCase) {
    const found = await deps.cases.store.getCase(caseId);
    if (!found) continue;
    const now = deps.now();
    const existing = new Set((await deps.cases.store.workOfCase(caseId)).map((w) => w.id));
    const created: WorkItem[] = [];
    const closed: { item: WorkItem; etag: string }[] = [];
    for (const { value: item, etag } of items) {
      const decision = reminderAddressees(deps.directory, found.value, item);
      if ('keep' in decision) continue;
      // Claimed by an instance that is sending it right now: its own check decides.
      if (item.leaseOwner && item.dueAt && item.dueAt > now.toISOString()) continue;
      for (const successor of decision.handTo) {
        const next = handedOverWork(item, successor, new Date(item.dueAt ?? now), now);
        if (!existing.has(next.id)) created.push(next);
        existing.add(next.id);
      }
      const { dueAt: _due, leaseOwner: _lease, ...rest } = item;
      closed.push({ item: { ...rest, state: 'done', skipped: true, doneAt: now.toISOString(), handedOverTo: decision.handTo }, etag });
    }
    if (closed.length === 0) continue;
    if (await deps.reminders.handOver(caseId, created, closed)) {
      handed += closed.length;
      deps.log.info('reminder.handed_over', { caseId, reminders: closed.length, created: created.length });
    } else {
      deps.log.warn('reminder.handover_conflict', { caseId });
    }
  }
  if (handed > 0) deps.onWorkStored();
  return handed;
}

async function checkCluster(deps: FollowUpWorkDeps, schoolId: string): Promise<'alerted' | 'rearmed' | 'unchanged'> {
  // Another instance may be deciding at the same time: the state's ETag makes one of us win, the other looks again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = deps.now();
    const state = await deps.clusters.get(schoolId);
    const candidates = await deps.cases.store.casesOfSchools([schoolId], true);
    const decision = clusterDecision(candidates, state.value, deps.schedule.clusterAlert, now, deps.timeZone);
    if (decision.action === 'none') return 'unchanged';
    if (decision.action === 'rearm') {
      const saved = await deps.clusters.save({ ...state.value, alerted: false }, state.etag, []);
      if (saved === 'saved') return 'rearmed';
      continue;
    }
    const alerts = state.value.alerts + 1;
    const recipients = [...new Set([...deps.directory.owner.leaders, ...deps.directory.owner.chiefSafetyReps])];
    const dueAt = nextAllowed(now, deps.schedule.quietHours, deps.timeZone);
    const work: WorkItem[] = recipients.map((r) => clusterAlertWork(schoolId, alerts, r, decision.caseIds, dueAt, now));
    for (const plan of deps.clusterPlanners) work.push(...plan({ schoolId, alertNumber: alerts, caseIds: decision.caseIds, now }));
    const next = { ...state.value, alerted: true, alerts, alertedCaseIds: decision.caseIds, alertedAt: now.toISOString() };
    if ((await deps.clusters.save(next, state.etag, work)) === 'saved') {
      deps.log.info('cluster.alerted', { schoolId, cases: decision.caseIds.length, alert: alerts });
      deps.onWorkStored(work);
      return 'alerted';
    }
  }
  throw new Error(`cluster check for ${schoolId}: too much contention`);
}

/**
 * The other cases' check-ins to the same person that go with this one, as
 * one message (schedule `checkInsTogetherWithin`): those due by then, one
 * per case, still due, not being sent by another instance. Each is closed
 * as folded into this one (`mergedInto`), so it is not sent on its own; a
 * retry finds them again by that mark. The person's answer is recorded in
 * each case (actions.ts).
 */
async function checkinsTogether(deps: FollowUpWorkDeps, lead: WorkOf<'checkin'>): Promise<{ case: Case; followUp: FollowUp }[]> {
  // PT0S: each check-in on its own, also those overdue at the same moment.
  if (durationMs(deps.schedule.checkInsTogetherWithin) === 0) return [];
  const now = deps.now();
  const until = addDuration(now, deps.schedule.checkInsTogetherWithin, deps.timeZone);
  const out: { case: Case; followUp: FollowUp }[] = [];
  const found = await deps.reminders.checkinsNear(lead.recipientId, lead.id, until);
  const etags = new Map(found.map((f) => [f.value.id, f.etag]));
  for (const w of checkinsToJoin(lead, found.map((f) => f.value), until)) {
    const folded = w.mergedInto === lead.id;
    const etag = etags.get(w.id)!;
    const c = (await deps.cases.store.getCase(w.caseId))?.value;
    const f = c?.followUps.find((x) => x.id === w.followUpId);
    if (!c || !f || !checkinStillDue(c, f.id)) continue;
    if (!folded) {
      const { dueAt: _due, ...rest } = w;
      const closed = { ...rest, state: 'done' as const, skipped: true, doneAt: now.toISOString(), mergedInto: lead.id };
      if (!(await deps.work.replaceWork(closed, etag))) continue;
    }
    out.push({ case: c, followUp: f });
  }
  if (out.length > 0) deps.log.info('checkin.together', { workId: lead.id, cases: out.length + 1 });
  return out;
}

/**
 * A reminder as a short notice (views.ts `reminderCard`). The first one of an
 * item is a new message; the item keeps where it landed (`delivery`), and
 * when it goes again the same school day (a repeating reminder) that message
 * is rewritten rather than another one added. On a later day (after "Utsett
 * til i morgen", or a daily repeat) it is a new message, so it is noticed; if
 * the old one is gone, a new one too.
 */
async function sendReminderNotice(deps: FollowUpWorkDeps, item: WorkOf<'reminder'>, c: Case): Promise<WorkOutcome> {
  const to = await recipient(deps, item.recipientId);
  const now = deps.now();
  const message = reminderCard({ language: to.language, timeZone: deps.timeZone, case: c, reminder: item.reminder, measureId: item.measureId, round: item.round, count: (item.sentCount ?? 0) + 1, at: now });
  const target = item.delivery?.activityId ? { conversationId: item.delivery.conversationId, activityId: item.delivery.activityId } : undefined;
  const sameDay = item.doneAt !== undefined && localDateTime(new Date(item.doneAt), deps.timeZone).date === localDateTime(now, deps.timeZone).date;
  if (target && sameDay) {
    const updated = await deps.outbound.update(to, target, message);
    if (updated.kind !== 'unreachable') return updated;
  }
  return deps.outbound.send(to, message);
}

export function followUpWorkHandlers(deps: FollowUpWorkDeps) {
  const unreachable = (item: WorkOf<'checkin'> | WorkOf<'reminder'>) => deps.cases.recordUnreachable(item);

  // A check-in that could not be delivered could not be for the cases it stood for either: each records it.
  const checkinUnreachable = async (item: WorkOf<'checkin'>) => {
    await unreachable(item);
    for (const { value } of await deps.reminders.checkinsNear(item.recipientId, item.id, new Date(0))) if (value.mergedInto === item.id) await unreachable(value);
  };

  const checkin: WorkKindHandler<'checkin'> = {
    async run(item) {
      const found = await deps.cases.store.getCase(item.caseId);
      const c = found?.value;
      const f: FollowUp | undefined = c?.followUps.find((x) => x.id === item.followUpId);
      if (!c || !f || !checkinStillDue(c, f.id)) return SKIPPED;
      const to = await recipient(deps, item.recipientId);
      const together = await checkinsTogether(deps, item);
      return deps.outbound.send(to, { card: checkinCard({ language: to.language, case: c, followUp: f, together }), summary: followUpStrings(to.language).checkin.title });
    },
    undeliverable: checkinUnreachable,
    late: checkinUnreachable,
  };

  const reminder: WorkKindHandler<'reminder'> = {
    async run(item) {
      const found = await deps.cases.store.getCase(item.caseId);
      if (!found || !reminderStillDue(found.value, item)) return SKIPPED;
      const c = found.value;
      // Addressed to someone who no longer holds the role (the directory changed): it goes to who does.
      const addressees = reminderAddressees(deps.directory, c, item);
      if ('handTo' in addressees) {
        const now = deps.now();
        for (const successor of addressees.handTo) await deps.work.createWork(handedOverWork(item, successor, now, now));
        deps.log.info('reminder.handed_over', { caseId: c.caseId, workId: item.id, reminders: 1, to: addressees.handTo.length });
        deps.onWorkStored();
        return SKIPPED;
      }
      const gate = await deps.reminderGate?.(item);
      if (gate) return gate;
      const outcome = await sendReminderNotice(deps, item, c);
      const repeatAt = outcome.kind === 'done' && !outcome.skipped ? nextRepeat(item, { schedule: deps.schedule, timeZone: deps.timeZone, now: deps.now() }) : undefined;
      return repeatAt && outcome.kind === 'done' ? { ...outcome, repeatAt } : outcome;
    },
    undeliverable: unreachable,
    late: unreachable,
  };

  const clusterCheck: WorkKindHandler<'cluster.check'> = {
    async run(item) {
      await checkCluster(deps, item.schoolId);
      return { kind: 'done' };
    },
  };

  const clusterAlert: WorkKindHandler<'cluster.alert'> = {
    async run(item) {
      const to = await recipient(deps, item.recipientId);
      const s = followUpStrings(to.language);
      const cases = await deps.cases.store.summariesOf(item.schoolId, item.caseIds);
      const windowDays = Math.max(1, Math.round(durationMs(deps.schedule.clusterAlert.window) / 86400000));
      const card = clusterAlertCard(to.language, deps.directory, item.schoolId, cases, windowDays);
      return deps.outbound.send(to, { card, summary: fill(s.cluster.title, { school: schoolName(deps.directory, item.schoolId) }) });
    },
  };

  return { checkin, reminder, 'cluster.check': clusterCheck, 'cluster.alert': clusterAlert };
}
