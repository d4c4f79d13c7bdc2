/**
 * The risk assessment's owed work: notices about what changed (a safety
 * representative's comment or proposal, a measure assigned, a review done),
 * measure reminders with the case measures' timing, review reminders from the
 * calendar, and the review prompt when the owner's cluster alert fires.
 */
import type { OutboundMessage } from '../core/cards';
import { findSchool, nameOf, type Directory } from '../core/directory';
import { recipient, type CoreContext } from '../core/context';
import { formatDate, formatLegalRef } from '../core/format';
import { localDateTime } from '../core/clock';
import { fill, type Language } from '../core/i18n';
import type { RecurringJob } from '../core/registry';
import { nextAllowed } from '../core/schedule-math';
import { newWork, schoolPartition, SKIPPED, type WorkCommon, type WorkItem, type WorkKindHandler, type WorkOf } from '../core/work';
import type { ClusterPlanner } from '../follow-up';
import { measureReminderTimes, type PlanContext } from '../follow-up/model';
import { dueStage, emptyAssessment, nextReviewDue, preventionFallback, principalsOrOwner, withPrompt, type RiskAssessment, type RiskEvent } from './model';
import type { RiskStore } from './store';
import { riskStrings } from './strings';

export type RiskNotice =
  | 'commented'
  | 'measureProposed'
  | 'measureAssigned'
  | 'reviewed'
  | 'measureDue'
  | 'measureOverdue'
  | 'reviewSoon'
  | 'reviewDue'
  | 'reviewCluster';

/** The notices that ask the school to review: sent to a safety representative, they are the invitation to take part. */
export const REVIEW_PROMPTS: readonly RiskNotice[] = ['reviewSoon', 'reviewDue', 'reviewCluster'];

declare module '../core/work' {
  interface WorkKinds {
    /** The risk assessment (or one situation of it) with a note on what happened or is due. */
    'risk.notice': {
      recipientId: string;
      schoolId: string;
      notice: RiskNotice;
      situationId?: string;
      measureId?: string;
      byId?: string;
      reviewDueAt?: string;
      alertNumber?: number;
      reviewNo?: number;
      /** Told instead of this person, who could not be reached: a fallback goes no further. */
      insteadOf?: string;
      /** Sent to the owner's leaders because the school has no principal in the directory. */
      noPrincipal?: true;
      /** Meant for this person as principal, who no longer is: handed to who is now. */
      handedOverFrom?: string;
    };
    /** The owner's cluster alert fired: ask the school to review its assessment. */
    'risk.prompt': { schoolId: string; alertNumber: number; caseIds: string[] };
  }
}

type NoticeFields = Omit<WorkOf<'risk.notice'>, keyof WorkCommon | 'kind' | 'recipientId' | 'schoolId' | 'notice'>;

export function riskNoticeWork(schoolId: string, recipientId: string, notice: RiskNotice, key: string, dueAt: Date, now: Date, fields: NoticeFields = {}): WorkOf<'risk.notice'> {
  return newWork('risk.notice', schoolPartition(schoolId), { recipientId, schoolId, notice, ...fields }, { key: `${notice}:${key}`, dueAt, now });
}

/** What each change of an assessment owes; stored in the change's batch. */
export function workForRiskChange(a: RiskAssessment, events: RiskEvent[], actorId: string, ctx: PlanContext): WorkItem[] {
  const school = findSchool(ctx.directory, a.schoolId);
  // A school without a principal in the directory: what the principal would be told goes to the owner's leaders.
  const lead = principalsOrOwner(ctx.directory, a.schoolId);
  const principals = lead.ids;
  const marked = lead.noPrincipal ? { noPrincipal: true as const } : {};
  const { now } = ctx;
  const work: WorkItem[] = [];
  const rev = String(a.revision);
  for (const e of events) {
    if (e.type === 'commented' && e.byRole === 'safetyRep') {
      for (const p of principals) work.push(riskNoticeWork(a.schoolId, p, 'commented', rev, now, now, { byId: actorId, ...(e.situationId ? { situationId: e.situationId } : {}), ...marked }));
    }
    if (e.type === 'measureProposed' && e.byRole === 'safetyRep') {
      for (const p of principals) work.push(riskNoticeWork(a.schoolId, p, 'measureProposed', rev, now, now, { situationId: e.situationId, measureId: e.measureId, ...marked }));
    }
    if (e.type === 'measureApproved') {
      const m = a.situations.find((s) => s.id === e.situationId)?.measures.find((x) => x.id === e.measureId);
      if (!m) continue;
      const about = { situationId: e.situationId, measureId: e.measureId };
      const key = `${e.situationId}:${e.measureId}`;
      if (m.ownerId && m.ownerId !== actorId) work.push(riskNoticeWork(a.schoolId, m.ownerId, 'measureAssigned', key, now, now, about));
      const { soon, overdue } = measureReminderTimes(m.dueDate, ctx);
      if (soon) {
        if (m.ownerId) work.push(riskNoticeWork(a.schoolId, m.ownerId, 'measureDue', key, soon, now, about));
        else for (const p of principals) work.push(riskNoticeWork(a.schoolId, p, 'measureDue', key, soon, now, { ...about, ...marked }));
      }
      for (const p of principals) work.push(riskNoticeWork(a.schoolId, p, 'measureOverdue', key, overdue, now, { ...about, ...marked }));
    }
    if (e.type === 'reviewed') {
      for (const r of school?.safetyReps ?? []) work.push(riskNoticeWork(a.schoolId, r, 'reviewed', String(e.review.no), now, now, { reviewNo: e.review.no }));
    }
  }
  return work;
}

/** Whether a notice still has a reason to go out; the assessment moves on while reminders wait. */
export function riskNoticeStillDue(a: RiskAssessment | undefined, item: WorkOf<'risk.notice'>): boolean {
  switch (item.notice) {
    case 'measureDue':
    case 'measureOverdue': {
      const s = a?.situations.find((x) => x.id === item.situationId);
      return s?.status === 'active' && s.measures.some((m) => m.id === item.measureId && m.state === 'approved');
    }
    case 'reviewSoon':
    case 'reviewDue':
      // A review since the reminder was owed answers it.
      return !a?.lastReview || a.lastReview.at < item.createdAt;
    case 'reviewCluster':
      return Boolean(a?.prompts.some((p) => p.alertNumber === item.alertNumber));
    default:
      return true;
  }
}

/**
 * A notice owed to someone as the school's principal, who no longer is (the
 * directory changed while it waited): who should have it now, the school's
 * principals (or the owner's leaders). Undefined: it stays with its recipient.
 * The yearly review's reminders are owed afresh to whoever leads by the
 * daily look, so they are not handed over.
 */
export function riskHandOverTo(directory: Directory, a: RiskAssessment | undefined, item: WorkOf<'risk.notice'>): string[] | undefined {
  if (item.insteadOf || item.handedOverFrom) return undefined;
  const lead = principalsOrOwner(directory, item.schoolId);
  if (lead.ids.includes(item.recipientId)) return undefined;
  const school = findSchool(directory, item.schoolId);
  const measure = a?.situations.find((s) => s.id === item.situationId)?.measures.find((m) => m.id === item.measureId);
  const asPrincipal =
    item.notice === 'commented' ||
    item.notice === 'measureProposed' ||
    item.notice === 'measureOverdue' ||
    (item.notice === 'measureDue' && !measure?.ownerId) ||
    (item.notice === 'reviewCluster' && !school?.safetyReps.includes(item.recipientId));
  return asPrincipal ? lead.ids : undefined;
}

/** The owner's cluster alert owes the school a review prompt, in the alert's batch. */
export function riskClusterPlanner(): ClusterPlanner {
  return ({ schoolId, alertNumber, caseIds, now }) => [newWork('risk.prompt', schoolPartition(schoolId), { schoolId, alertNumber, caseIds }, { key: String(alertNumber), dueAt: now, now })];
}

export interface RiskWorkDeps extends CoreContext {
  risk: RiskStore;
  /** The card a notice shows, in the recipient's language and role. */
  noticeCard(item: WorkOf<'risk.notice'>, to: { id: string; language: Language }, note: string): Promise<OutboundMessage | undefined>;
}

function noticeText(deps: RiskWorkDeps, item: WorkOf<'risk.notice'>, a: RiskAssessment | undefined, language: Language, toSafetyRep: boolean): string {
  const s = riskStrings(language).notes;
  const school = findSchool(deps.directory, item.schoolId)?.name ?? item.schoolId;
  const measure = a?.situations.find((x) => x.id === item.situationId)?.measures.find((m) => m.id === item.measureId);
  const due = item.reviewDueAt ? formatDate(localDateTime(new Date(item.reviewDueAt), deps.timeZone).date, language) : '';
  const values = {
    school,
    name: deps.directory.people.find((p) => p.aadObjectId === item.byId)?.name ?? '',
    measure: measure?.description ?? '',
    date: item.notice === 'measureDue' || item.notice === 'measureOverdue' ? (measure ? formatDate(measure.dueDate, language) : '') : due,
    no: item.reviewNo ?? 0,
    ref: formatLegalRef(language, 'forskrift-3a-2'),
  };
  const key = toSafetyRep && item.notice === 'reviewSoon' ? 'reviewSoonSafetyRep' : toSafetyRep && item.notice === 'reviewDue' ? 'reviewDueSafetyRep' : toSafetyRep && item.notice === 'reviewCluster' ? 'reviewClusterSafetyRep' : item.notice;
  const text = fill(s[key], values);
  // Why it comes to this person rather than the one it was meant for.
  const fallback = riskStrings(language).fallback;
  if (item.insteadOf) return fill(fallback.unreachable, { name: nameOf(deps.directory, item.insteadOf, fallback.someone), text });
  if (item.noPrincipal) return fill(fallback.noPrincipal, { school, text });
  return text;
}

/** What a notice is about, as it was owed: for the same notice to someone else. */
function noticeFields(item: WorkOf<'risk.notice'>): NoticeFields {
  return Object.fromEntries((['situationId', 'measureId', 'byId', 'reviewDueAt', 'alertNumber', 'reviewNo'] as const).filter((k) => item[k] !== undefined).map((k) => [k, item[k]]));
}

/**
 * A notice that could not reach its recipient (Teams answered 403/404, or it
 * has failed for a while): the next role up is owed the same notice, once
 * (its id is made from the item and the person), after quiet hours. A
 * fallback that fails goes no further; it stays recorded as undeliverable.
 */
async function tellInstead(deps: RiskWorkDeps, item: WorkOf<'risk.notice'>): Promise<void> {
  if (item.insteadOf) return;
  const now = deps.now();
  const dueAt = nextAllowed(now, deps.schedule.quietHours, deps.timeZone);
  const { recipientId, schoolId, notice } = item;
  const fields = noticeFields(item);
  const instead = preventionFallback(deps.directory, schoolId, recipientId);
  let owed = 0;
  for (const r of instead) if (await deps.work.createWork(riskNoticeWork(schoolId, r, notice, `instead:${item.id}`, dueAt, now, { ...fields, insteadOf: recipientId }))) owed++;
  deps.log.warn('risk.unreachable', { schoolId, workId: item.id, notice, toldInstead: instead.length, owed });
  if (owed > 0) deps.onWorkStored();
}

export function riskWorkHandlers(deps: RiskWorkDeps) {
  const notice: WorkKindHandler<'risk.notice'> = {
    async run(item) {
      const a = (await deps.risk.get(item.schoolId))?.value;
      if (!riskNoticeStillDue(a, item)) return SKIPPED;
      const successors = riskHandOverTo(deps.directory, a, item);
      if (successors) {
        const now = deps.now();
        const { recipientId, schoolId, notice } = item;
        for (const r of successors) await deps.work.createWork(riskNoticeWork(schoolId, r, notice, `handover:${item.id}`, now, now, { ...noticeFields(item), handedOverFrom: recipientId }));
        deps.log.info('risk.handed_over', { schoolId, workId: item.id, notice, to: successors.length });
        deps.onWorkStored();
        return SKIPPED;
      }
      const to = await recipient(deps, item.recipientId);
      // Told instead of a safety representative: in the words that ask the representative to take part.
      const toSafetyRep = findSchool(deps.directory, item.schoolId)?.safetyReps.includes(item.insteadOf ?? item.recipientId) ?? false;
      const message = await deps.noticeCard(item, to, noticeText(deps, item, a, to.language, toSafetyRep));
      // Someone who no longer holds a role at the school is not told.
      return message ? deps.outbound.send(to, message) : SKIPPED;
    },
    // Given up, or late while still retried: either way the next role up is told, once.
    undeliverable: (item) => tellInstead(deps, item),
    late: (item) => tellInstead(deps, item),
  };

  const prompt: WorkKindHandler<'risk.prompt'> = {
    async run(item) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const now = deps.now();
        const found = await deps.risk.get(item.schoolId);
        const before = found?.value ?? emptyAssessment(item.schoolId, now);
        const after = withPrompt(before, { at: now.toISOString(), reason: 'cluster', alertNumber: item.alertNumber, caseIds: item.caseIds }, now);
        if (!after) return { kind: 'done' };
        const school = findSchool(deps.directory, item.schoolId);
        const dueAt = nextAllowed(now, deps.schedule.quietHours, deps.timeZone);
        const lead = principalsOrOwner(deps.directory, item.schoolId);
        const work = [
          ...lead.ids.map((r) => riskNoticeWork(item.schoolId, r, 'reviewCluster', String(item.alertNumber), dueAt, now, { alertNumber: item.alertNumber, ...(lead.noPrincipal ? { noPrincipal: true as const } : {}) })),
          ...(school?.safetyReps ?? []).map((r) => riskNoticeWork(item.schoolId, r, 'reviewCluster', String(item.alertNumber), dueAt, now, { alertNumber: item.alertNumber })),
        ];
        if ((await deps.risk.save(after, found?.etag, work)) === 'saved') {
          deps.log.info('risk.review_prompted', { schoolId: item.schoolId, alert: item.alertNumber });
          deps.onWorkStored();
          return { kind: 'done' };
        }
      }
      return { kind: 'retry', error: 'risk assessment changed while the review prompt was recorded' };
    },
  };

  return { 'risk.notice': notice, 'risk.prompt': prompt };
}

/**
 * The look at each school's review date: the principals (and the safety
 * representatives, who are asked to take part) are reminded `remindBefore`
 * it, and again when it is due. Each reminder's id is made from the school,
 * the due moment and the stage, so a daily look owes each one once.
 */
export function reviewCheckJob(deps: Pick<CoreContext, 'directory' | 'schedule' | 'timeZone' | 'now' | 'work' | 'log' | 'onWorkStored'> & { risk: RiskStore }): RecurringJob {
  return {
    id: 'risk.review-check',
    cron: deps.schedule.preventionCheck,
    async run() {
      const now = deps.now();
      const sendAt = nextAllowed(now, deps.schedule.quietHours, deps.timeZone);
      let owed = 0;
      for (const school of deps.directory.schools) {
        const a = (await deps.risk.get(school.id))?.value;
        const due = nextReviewDue(deps.schedule.riskReview, a, now, deps.timeZone);
        const stage = dueStage(due, deps.schedule.riskReview.remindBefore, now, deps.timeZone);
        if (!stage) continue;
        const notice: RiskNotice = stage === 'soon' ? 'reviewSoon' : 'reviewDue';
        const lead = principalsOrOwner(deps.directory, school.id);
        const marked = lead.noPrincipal ? { noPrincipal: true as const } : {};
        for (const r of lead.ids) if (await deps.work.createWork(riskNoticeWork(school.id, r, notice, due.toISOString(), sendAt, now, { reviewDueAt: due.toISOString(), ...marked }))) owed++;
        for (const r of school.safetyReps) if (await deps.work.createWork(riskNoticeWork(school.id, r, notice, due.toISOString(), sendAt, now, { reviewDueAt: due.toISOString() }))) owed++;
      }
      if (owed > 0) {
        deps.log.info('risk.review_reminders', { owed });
        deps.onWorkStored();
      }
    },
  };
}
