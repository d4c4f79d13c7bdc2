/**
 * The digests as recurring jobs. At each time of a digest's cron (schedule
 * file `digests`), one instance (the calendar's `job.run` is claimed once)
 * puts the digests together: three queries for all schools (cases reported
 * since the digest before and in the period before that, open cases, open
 * reminders), the figures per school or for the owner, and one `insight.digest`
 * work item per recipient with its figures, due when quiet hours allow. Ids
 * come from the job, the occurrence, the school and the recipient, so running
 * the same occurrence again (a retry, a second instance) owes nothing new.
 *
 * The day's reminders to the same person about the items a digest lists are
 * folded into it (model/merge.ts) when it is put together, before they fall
 * due; if the digest cannot be delivered, they are given back and go out on
 * their own.
 */
import { localDateTime } from '../core/clock';
import { recipient } from '../core/context';
import { findSchool, type Directory } from '../core/directory';
import { jobPartition, previousOccurrences } from '../core/recurring';
import type { RecurringJob } from '../core/registry';
import type { OwnerDigestRecipient, SchoolDigestRecipient } from '../core/schedule';
import { addDuration, endOfLocalDay, nextAllowed } from '../core/schedule-math';
import { newWork, SKIPPED, type WorkItem, type WorkKindHandler, type WorkOf } from '../core/work';
import type { InsightDeps } from './figures';
import { computeDigest, isEmptyDigest, type DigestFigures, type DigestKind, type Window } from './model/digest';
import { remindersToMerge, type Merge } from './model/merge';
import { newMeter } from './store';
import { digestCard, digestSummaryLine } from './views';

declare module '../core/work' {
  interface WorkKinds {
    /** A digest to one person: its figures as they were when it was put together, and the reminders folded into it. */
    'insight.digest': { recipientId: string; digest: DigestKind; occurrence: string; figures: DigestFigures; merges: { caseId: string; workId: string }[] };
  }
}

export const DIGEST_JOBS: Record<DigestKind, string> = { weekly: 'insight.digest.weekly', monthly: 'insight.digest.monthly' };

export interface DigestDeps extends InsightDeps {
  tabUrl?: string;
}

/** Who gets a school's weekly digest, once each. */
export function weeklyRecipients(directory: Directory, schoolId: string, to: SchoolDigestRecipient[]): string[] {
  const school = findSchool(directory, schoolId);
  if (!school) return [];
  return [...new Set([...(to.includes('principals') ? school.principals : []), ...(to.includes('safetyReps') ? school.safetyReps : [])])];
}

export function monthlyRecipients(directory: Directory, to: OwnerDigestRecipient[]): string[] {
  return [...new Set([...(to.includes('leaders') ? directory.owner.leaders : []), ...(to.includes('chiefSafetyReps') ? directory.owner.chiefSafetyReps : [])])];
}

/** Whether the person still holds the role the digest went to (roles change between putting it together and sending). */
function stillRecipient(deps: InsightDeps, item: WorkOf<'insight.digest'>): boolean {
  const to = deps.schedule.digests[item.digest].to;
  if (item.digest === 'weekly') return weeklyRecipients(deps.directory, item.figures.schoolIds[0] ?? '', to as SchoolDigestRecipient[]).includes(item.recipientId);
  return monthlyRecipients(deps.directory, to as OwnerDigestRecipient[]).includes(item.recipientId);
}

/** The digest covers the time since the occurrence before; the one before that is what it is compared with. */
export function windowsOf(cron: string, occurrence: Date, timeZone: string): { window: Window; previousWindow: Window } {
  const [previous, beforeThat] = previousOccurrences(cron, occurrence, timeZone, 2);
  const from = previous ?? new Date(occurrence.getTime() - 7 * 86_400_000);
  const earlier = beforeThat ?? new Date(from.getTime() - (occurrence.getTime() - from.getTime()));
  return { window: { from: from.toISOString(), to: occurrence.toISOString() }, previousWindow: { from: earlier.toISOString(), to: from.toISOString() } };
}

async function applyMerge(deps: InsightDeps, merge: Merge, digestId: string, until: Date): Promise<boolean> {
  const found = await deps.work.getWork(merge.caseId, merge.workId);
  // Claimed by an instance (leased) or already settled: it goes (or went) out as it is.
  if (!found || found.value.state !== 'open' || found.value.leaseOwner || found.value.kind !== 'reminder') return false;
  const item = found.value;
  const now = deps.now();
  let next: WorkItem;
  if (merge.action === 'skip') {
    next = { ...item, state: 'done', dueAt: undefined, skipped: true, doneAt: now.toISOString(), mergedInto: digestId };
  } else {
    // A repeating reminder keeps its time of day and goes again after the digest's day.
    let t = new Date(item.dueAt ?? now.toISOString());
    for (let guard = 0; guard < 400 && t < until; guard++) t = addDuration(t, deps.schedule.navReminderEvery, deps.timeZone);
    next = { ...item, dueAt: nextAllowed(t, deps.schedule.quietHours, deps.timeZone).toISOString(), mergedInto: digestId };
  }
  return (await deps.work.replaceWork(JSON.parse(JSON.stringify(next)) as WorkItem, found.etag)) !== undefined;
}

/** Gives back the reminders a digest that could not be delivered had folded in: due now, on their own. */
async function restoreMerges(deps: InsightDeps, item: WorkOf<'insight.digest'>): Promise<void> {
  const now = deps.now().toISOString();
  for (const ref of item.merges) {
    const found = await deps.work.getWork(ref.caseId, ref.workId);
    if (!found || found.value.mergedInto !== item.id) continue;
    const { mergedInto: _merged, skipped: _skipped, doneAt: _done, ...rest } = found.value;
    if (found.value.state === 'undeliverable') continue;
    await deps.work.replaceWork({ ...rest, state: 'open', dueAt: now } as WorkItem, found.etag);
  }
  deps.onWorkStored();
}

/** Puts together one occurrence of a digest. Safe to run again for the same occurrence. */
export async function prepareDigests(deps: DigestDeps, kind: DigestKind, occurrence: Date): Promise<{ digests: number; merged: number }> {
  const config = deps.schedule.digests[kind];
  if (!config.cron) return { digests: 0, merged: 0 };
  const now = deps.now();
  const { window, previousWindow } = windowsOf(config.cron, occurrence, deps.timeZone);
  const deliverAt = nextAllowed(occurrence > now ? occurrence : now, deps.schedule.quietHours, deps.timeZone);
  const day = localDateTime(deliverAt, deps.timeZone).date;
  const until = endOfLocalDay(day, deps.timeZone);
  const schoolIds = deps.directory.schools.map((s) => s.id);
  const meter = newMeter();
  const [newRows, open, reminders] = await Promise.all([
    deps.insight.newRows(schoolIds, { from: previousWindow.from, to: window.to }, meter),
    deps.insight.openRows(schoolIds, meter),
    deps.insight.openReminders(until, meter),
  ]);
  const base = { kind, window, previousWindow, newRows, open, now: deliverAt, today: day, timeZone: deps.timeZone, cluster: deps.schedule.clusterAlert };

  // One occurrence's digests share the job's partition; a digest's id is made from the occurrence, the school (or all) and the recipient.
  const plans: { partition: string; scope: string; figures: DigestFigures; recipients: string[] }[] =
    kind === 'weekly'
      ? deps.directory.schools.map((school) => ({
          partition: jobPartition(DIGEST_JOBS.weekly),
          scope: school.id,
          figures: computeDigest({ ...base, audience: 'school', schoolIds: [school.id] }),
          recipients: weeklyRecipients(deps.directory, school.id, deps.schedule.digests.weekly.to),
        }))
      : [{ partition: jobPartition(DIGEST_JOBS.monthly), scope: 'all', figures: computeDigest({ ...base, audience: 'owner', schoolIds }), recipients: monthlyRecipients(deps.directory, deps.schedule.digests.monthly.to) }];

  let digests = 0;
  let merged = 0;
  for (const plan of plans) {
    if (isEmptyDigest(plan.figures)) continue;
    for (const recipientId of plan.recipients) {
      const merges = remindersToMerge(plan.figures, recipientId, reminders, until);
      const fields = { recipientId, digest: kind, occurrence: occurrence.toISOString(), figures: plan.figures, merges: merges.map(({ caseId, workId }) => ({ caseId, workId })) };
      const item = newWork('insight.digest', plan.partition, fields, { key: `${kind}:${occurrence.toISOString()}:${plan.scope}`, dueAt: deliverAt, now });
      let owed = merges;
      if (await deps.work.createWork(item)) digests++;
      else {
        // Put together before (a retry, another instance): fold in what that run meant to, nothing more.
        const existing = await deps.work.getWork(plan.partition, item.id);
        const planned = existing?.value.kind === 'insight.digest' ? existing.value.merges : [];
        owed = merges.filter((m) => planned.some((p) => p.workId === m.workId));
      }
      for (const m of owed) if (await applyMerge(deps, m, item.id, until)) merged++;
    }
  }
  deps.log.info('insight.digests_prepared', { digest: kind, occurrence: occurrence.toISOString(), digests, merged, queries: meter.queries, requests: meter.requests, requestCharge: meter.requestCharge });
  if (digests > 0) deps.onWorkStored();
  return { digests, merged };
}

export function digestJobs(deps: DigestDeps): RecurringJob[] {
  return (['weekly', 'monthly'] as const).map((kind) => ({
    id: DIGEST_JOBS[kind],
    cron: deps.schedule.digests[kind].cron,
    // Putting it together sends nothing; the digests themselves wait for quiet hours to end.
    respectQuietHours: false,
    run: async (occurrence: Date) => {
      await prepareDigests(deps, kind, occurrence);
    },
  }));
}

export function insightWorkHandlers(deps: DigestDeps) {
  const digest: WorkKindHandler<'insight.digest'> = {
    async run(item) {
      if (!stillRecipient(deps, item)) {
        // No longer theirs (a principal replaced): the reminders it had folded go on their own, to whoever they are for now.
        await restoreMerges(deps, item);
        return SKIPPED;
      }
      const to = await recipient(deps, item.recipientId);
      const view = { language: to.language, directory: deps.directory, timeZone: deps.timeZone, figures: item.figures, merged: item.merges.length, tabUrl: deps.tabUrl };
      return deps.outbound.send(to, { card: digestCard(view), summary: digestSummaryLine(view) });
    },
    // Still failing after a while (Teams down): what it had folded in is owed now, not when Teams comes back; the digest is still retried.
    late: (item) => restoreMerges(deps, item),
    async undeliverable(item) {
      deps.log.warn('insight.digest_undeliverable', { workId: item.id, recipientId: item.recipientId, digest: item.digest, merges: item.merges.length });
      await restoreMerges(deps, item);
    },
  };
  return { 'insight.digest': digest };
}
