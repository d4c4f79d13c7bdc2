/**
 * The owner's half-year follow-up from the calendar: each occurrence owes the
 * digest card to every leader and chief safety representative of the owner,
 * made when it goes out, so it shows the schools as they are then.
 */
import { recipient, type CoreContext } from '../core/context';
import type { RecurringJob } from '../core/registry';
import { nextAllowed } from '../core/schedule-math';
import { newWork, type WorkKindHandler } from '../core/work';
import type { OwnerReportRow } from './model';
import { inspectionStrings } from './strings';
import { ownerReportCard } from './views';

declare module '../core/work' {
  interface WorkKinds {
    /** The owner's half-year follow-up digest to one of the owner's roles. */
    'owner.report': { recipientId: string; occurrence: string };
  }
}

/** The owner's documents and work: the organisation has one owner. */
export const OWNER_PARTITION = 'owner';

export function ownerReportJob(deps: Pick<CoreContext, 'directory' | 'schedule' | 'timeZone' | 'now' | 'work' | 'log' | 'onWorkStored'>): RecurringJob {
  return {
    id: 'inspection.owner-report',
    cron: deps.schedule.ownerReport,
    async run(occurrence) {
      const now = deps.now();
      const sendAt = nextAllowed(now, deps.schedule.quietHours, deps.timeZone);
      const to = [...new Set([...deps.directory.owner.leaders, ...deps.directory.owner.chiefSafetyReps])];
      let owed = 0;
      for (const r of to) {
        const item = newWork('owner.report', OWNER_PARTITION, { recipientId: r, occurrence: occurrence.toISOString() }, { key: occurrence.toISOString(), dueAt: sendAt, now });
        if (await deps.work.createWork(item)) owed++;
      }
      deps.log.info('owner_report.owed', { recipients: owed });
      if (owed > 0) deps.onWorkStored();
    },
  };
}

export function inspectionWorkHandlers(deps: CoreContext & { ownerRows(): Promise<OwnerReportRow[]> }) {
  const report: WorkKindHandler<'owner.report'> = {
    async run(item) {
      // Someone who no longer holds an owner's role is not sent the schools' state.
      const { owner } = deps.directory;
      if (!owner.leaders.includes(item.recipientId) && !owner.chiefSafetyReps.includes(item.recipientId)) return { kind: 'done', skipped: true };
      const to = await recipient(deps, item.recipientId);
      const card = ownerReportCard(to.language, deps.directory, deps.timeZone, await deps.ownerRows());
      return deps.outbound.send(to, { card, summary: inspectionStrings(to.language).owner.title });
    },
  };
  return { 'owner.report': report };
}
