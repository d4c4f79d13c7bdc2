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
import { formatDate } from '../core/format';
import { fill } from '../core/i18n';
import { nextAllowed } from '../core/schedule-math';
import { newWork, schoolPartition, SKIPPED, type WorkItem, type WorkKindHandler, type WorkOf } from '../core/work';
import type { Measure } from '../cases/model/case';
import { outstandingLegalSteps } from '../cases/model/legal-steps';
import { checkinStillDue, clusterDecision, isSevere, later, measureReminderTimes, nextRepeat, NOTIFY_STEPS, planFollowUps, reminderAddressees, reminderStillDue, type PlanContext, type ReminderKind } from './model';
import type { ClusterStore, ReminderStore } from './store';
import { followUpStrings } from './strings';
import { checkinCard, clusterAlertCard } from './views';

declare module '../core/work' {
  interface WorkKinds {
    /** "How are you doing now?" to an exposed employee: which follow-up of the case. */
    checkin: { recipientId: string; followUpId: string };
    /** A nudge about something still not done (or, to the owner, an escalation); measureId for measure reminders. */
    reminder: { recipientId: string; reminder: ReminderKind; measureId?: string; handedOverFrom?: string; handedOverTo?: string[]; round?: number };
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

export interface FollowUpWorkDeps extends CoreContext {
  cases: CasesFeature;
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

export function followUpWorkHandlers(deps: FollowUpWorkDeps) {
  const unreachable = (item: WorkOf<'checkin'> | WorkOf<'reminder'>) => deps.cases.recordUnreachable(item);

  const checkin: WorkKindHandler<'checkin'> = {
    async run(item) {
      const found = await deps.cases.store.getCase(item.caseId);
      const c = found?.value;
      const f: FollowUp | undefined = c?.followUps.find((x) => x.id === item.followUpId);
      if (!c || !f || !checkinStillDue(c, f.id)) return SKIPPED;
      const to = await recipient(deps, item.recipientId);
      return deps.outbound.send(to, { card: checkinCard({ language: to.language, case: c, followUp: f }), summary: followUpStrings(to.language).checkin.title });
    },
    undeliverable: unreachable,
    late: unreachable,
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
      const to = await recipient(deps, item.recipientId);
      const m = c.measures.find((x) => x.id === item.measureId);
      const text = fill(followUpStrings(to.language).reminders[item.reminder], { measure: m?.description ?? '', date: m ? formatDate(m.dueDate, to.language) : '' });
      const outcome = await deps.cases.sendCaseCard(to, c, { text, tone: 'attention' });
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
      const cases = (await deps.cases.store.casesOfSchools([item.schoolId], false)).filter((c) => item.caseIds.includes(c.caseId));
      const windowDays = Math.max(1, Math.round(durationMs(deps.schedule.clusterAlert.window) / 86400000));
      const card = clusterAlertCard(to.language, deps.directory, item.schoolId, cases, windowDays);
      return deps.outbound.send(to, { card, summary: fill(s.cluster.title, { school: schoolName(deps.directory, item.schoolId) }) });
    },
  };

  return { checkin, reminder, 'cluster.check': clusterCheck, 'cluster.alert': clusterAlert };
}
