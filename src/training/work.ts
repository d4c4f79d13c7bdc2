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
import { planItemKey, planItems, updateStaffRecord, type PlanItemKind } from './model';
import type { TrainingStore } from './store';
import { trainingStrings } from './strings';

declare module '../core/work' {
  interface WorkKinds {
    /** The training card with a reminder of what the plan asks for: which item, due when, at which stage. */
    'training.notice': { recipientId: string; schoolId: string; item: PlanItemKind; personId?: string; itemDueAt: string; stage: 'soon' | 'due' };
  }
}

export function trainingNoticeWork(schoolId: string, recipientId: string, item: { kind: PlanItemKind; personId?: string; dueAt: Date }, stage: 'soon' | 'due', sendAt: Date, now: Date): WorkOf<'training.notice'> {
  return newWork(
    'training.notice',
    schoolPartition(schoolId),
    { recipientId, schoolId, item: item.kind, itemDueAt: item.dueAt.toISOString(), stage, ...(item.personId ? { personId: item.personId } : {}) },
    { key: `${planItemKey(item)}:${stage}`, dueAt: sendAt, now },
  );
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

export function trainingWorkHandlers(deps: TrainingWorkDeps) {
  const notice: WorkKindHandler<'training.notice'> = {
    async run(item) {
      // Still asked for? An entry logged since, or a changed plan, answers it.
      const staff = staffOf(deps.directory, item.schoolId);
      const [entries, record] = await Promise.all([deps.training.entries(item.schoolId), deps.training.staffRecord(item.schoolId)]);
      const current = planItems(entries, record?.value, staff, deps.schedule.trainingPlan, deps.now(), deps.timeZone).find(
        (p) => p.kind === item.item && p.personId === item.personId && p.dueAt.toISOString() === item.itemDueAt && p.stage !== 'ok',
      );
      if (!current || !findSchool(deps.directory, item.schoolId)?.principals.includes(item.recipientId)) return SKIPPED;
      const to = await recipient(deps, item.recipientId);
      const message = await deps.noticeCard(item.schoolId, to, noticeText(deps, item, to.language, !current.lastAt));
      return message ? deps.outbound.send(to, message) : SKIPPED;
    },
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
          for (const p of school.principals) if (await deps.work.createWork(trainingNoticeWork(school.id, p, item, item.stage, sendAt, now))) owed++;
        }
      }
      if (owed > 0) {
        deps.log.info('training.reminders', { owed });
        deps.onWorkStored();
      }
    },
  };
}
