/**
 * Training's owed work: the principals reminded before and when the plan asks
 * for something (a drill, going through the routine, training a new staff
 * member), by a daily look from the calendar that also records who is new.
 */
import type { OutboundMessage } from '../core/cards';
import { localDateTime } from '../core/clock';
import { recipient, type CoreContext } from '../core/context';
import { findSchool, nameOf, staffOf } from '../core/directory';
import { formatDate } from '../core/format';
import { fill, type Language } from '../core/i18n';
import type { RecurringJob } from '../core/registry';
import { nextAllowed } from '../core/schedule-math';
import { newWork, schoolPartition, SKIPPED, type WorkKindHandler, type WorkOf } from '../core/work';
import { preventionFallback, principalsOrOwner } from '../risk/model';
import { planItemKey, planItems, updateStaffRecord, type PlanItemKind } from './model';
import type { TrainingStore } from './store';
import { trainingStrings } from './strings';

declare module '../core/work' {
  interface WorkKinds {
    /** The training card with a reminder of what the plan asks for: which item, due when, at which stage. */
    'training.notice': {
      recipientId: string;
      schoolId: string;
      item: PlanItemKind;
      personId?: string;
      itemDueAt: string;
      stage: 'soon' | 'due';
      /** Told instead of this person, who could not be reached: a fallback goes no further. */
      insteadOf?: string;
      /** Sent to the owner's leaders because the school has no principal in the directory. */
      noPrincipal?: true;
    };
  }
}

export function trainingNoticeWork(
  schoolId: string,
  recipientId: string,
  item: { kind: PlanItemKind; personId?: string; dueAt: Date },
  stage: 'soon' | 'due',
  sendAt: Date,
  now: Date,
  why: { insteadOf?: string; noPrincipal?: boolean } = {},
): WorkOf<'training.notice'> {
  return newWork(
    'training.notice',
    schoolPartition(schoolId),
    {
      recipientId,
      schoolId,
      item: item.kind,
      itemDueAt: item.dueAt.toISOString(),
      stage,
      ...(item.personId ? { personId: item.personId } : {}),
      ...(why.insteadOf ? { insteadOf: why.insteadOf } : {}),
      ...(why.noPrincipal ? { noPrincipal: true as const } : {}),
    },
    { key: `${planItemKey(item)}:${stage}${why.insteadOf ? `:instead:${why.insteadOf}` : ''}`, dueAt: sendAt, now },
  );
}

/** Who may get a plan reminder now: the school's principals (the owner's leaders if it has none), or, for a fallback, whom the unreachable person's reminder goes to. */
function stillAddressed(deps: Pick<CoreContext, 'directory'>, item: WorkOf<'training.notice'>): boolean {
  const to = item.insteadOf ? preventionFallback(deps.directory, item.schoolId, item.insteadOf) : principalsOrOwner(deps.directory, item.schoolId).ids;
  return to.includes(item.recipientId);
}

export interface TrainingWorkDeps extends CoreContext {
  training: TrainingStore;
  noticeCard(schoolId: string, to: { id: string; language: Language }, note: string): Promise<OutboundMessage | undefined>;
}

/** The reminder's words: "a drill by 01.03.2027", or that none was ever recorded. */
function noticeText(deps: Pick<CoreContext, 'directory' | 'timeZone'>, item: WorkOf<'training.notice'>, language: Language, never: boolean): string {
  const s = trainingStrings(language).notes;
  if (never && item.item !== 'newStaff') return item.item === 'drill' ? s.drillNever : s.routinesNever;
  const date = formatDate(localDateTime(new Date(item.itemDueAt), deps.timeZone).date, language);
  return fill(s[item.stage][item.item], { date, name: nameOf(deps.directory, item.personId, trainingStrings(language).aStaffMember) });
}

/** The reminder's words, and why it comes to this person if it was meant for another. */
function fullText(deps: Pick<CoreContext, 'directory' | 'timeZone'>, item: WorkOf<'training.notice'>, language: Language, never: boolean): string {
  const text = noticeText(deps, item, language, never);
  const fallback = trainingStrings(language).fallback;
  if (item.insteadOf) return fill(fallback.unreachable, { name: nameOf(deps.directory, item.insteadOf, fallback.someone), text });
  if (item.noPrincipal) return fill(fallback.noPrincipal, { school: findSchool(deps.directory, item.schoolId)?.name ?? item.schoolId, text });
  return text;
}

/**
 * A reminder that could not reach the principal (Teams answered 403/404, or
 * it has failed for a while): the next role up is owed it, once, after quiet
 * hours. A fallback that fails goes no further; it stays recorded as undeliverable.
 */
async function tellInstead(deps: TrainingWorkDeps, item: WorkOf<'training.notice'>): Promise<void> {
  if (item.insteadOf) return;
  const now = deps.now();
  const sendAt = nextAllowed(now, deps.schedule.quietHours, deps.timeZone);
  const planItem = { kind: item.item, dueAt: new Date(item.itemDueAt), ...(item.personId ? { personId: item.personId } : {}) };
  const instead = preventionFallback(deps.directory, item.schoolId, item.recipientId);
  let owed = 0;
  for (const r of instead) if (await deps.work.createWork(trainingNoticeWork(item.schoolId, r, planItem, item.stage, sendAt, now, { insteadOf: item.recipientId }))) owed++;
  deps.log.warn('training.unreachable', { schoolId: item.schoolId, workId: item.id, toldInstead: instead.length, owed });
  if (owed > 0) deps.onWorkStored();
}

export function trainingWorkHandlers(deps: TrainingWorkDeps) {
  const notice: WorkKindHandler<'training.notice'> = {
    async run(item) {
      // Still asked for? An entry logged since, or a changed plan, answers it.
      const staff = staffOf(deps.directory, item.schoolId);
      const [entries, record] = await Promise.all([deps.training.entries(item.schoolId), deps.training.staffRecord(item.schoolId)]);
      const current = planItems(entries, record?.value, staff, deps.schedule.trainingPlan, deps.now(), deps.timeZone).find(
        (p) => p.kind === item.item && p.personId === item.personId && p.dueAt.toISOString() === item.itemDueAt && p.stage !== 'ok',
      );
      if (!current || !stillAddressed(deps, item)) return SKIPPED;
      const to = await recipient(deps, item.recipientId);
      const message = await deps.noticeCard(item.schoolId, to, fullText(deps, item, to.language, !current.lastAt));
      return message ? deps.outbound.send(to, message) : SKIPPED;
    },
    // Given up, or late while still retried: either way the next role up is told, once.
    undeliverable: (item) => tellInstead(deps, item),
    late: (item) => tellInstead(deps, item),
  };
  return { 'training.notice': notice };
}

/**
 * The daily look at each school's plan: new staff are recorded (first seen
 * now), and each principal owes a reminder for each item in its reminder
 * period or due. Ids are made from the item, its due moment and the stage,
 * so each reminder is owed once however often the look runs.
 */
export function planCheckJob(deps: Pick<CoreContext, 'directory' | 'schedule' | 'timeZone' | 'now' | 'work' | 'log' | 'onWorkStored'> & { training: TrainingStore }): RecurringJob {
  return {
    id: 'training.plan-check',
    cron: deps.schedule.preventionCheck,
    async run() {
      const now = deps.now();
      const sendAt = nextAllowed(now, deps.schedule.quietHours, deps.timeZone);
      let owed = 0;
      for (const school of deps.directory.schools) {
        const staff = staffOf(deps.directory, school.id);
        const found = await deps.training.staffRecord(school.id);
        let record = found?.value;
        const updated = updateStaffRecord(record, school.id, staff, now);
        // Another instance recording at the same time: its record stands, and the next look adds what is left.
        if (updated && (await deps.training.saveStaffRecord(updated, found?.etag)) === 'saved') {
          record = updated;
          deps.log.info('training.staff_recorded', { schoolId: school.id, people: Object.keys(updated.people).length });
        }
        // A school's first look only starts its record: its staff are the baseline, and reminders begin with the next look.
        if (!found || !record) continue;
        const entries = await deps.training.entries(school.id);
        for (const item of planItems(entries, record, staff, deps.schedule.trainingPlan, now, deps.timeZone)) {
          if (item.stage === 'ok') continue;
          const lead = principalsOrOwner(deps.directory, school.id);
          for (const p of lead.ids) if (await deps.work.createWork(trainingNoticeWork(school.id, p, item, item.stage, sendAt, now, { noPrincipal: lead.noPrincipal }))) owed++;
        }
      }
      if (owed > 0) {
        deps.log.info('training.reminders', { owed });
        deps.onWorkStored();
      }
    },
  };
}
