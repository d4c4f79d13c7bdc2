/**
 * Work started by the calendar ("every Monday 07:30", "1 September every
 * year"), owed like any other work: each occurrence is a work item with an id
 * made from the job and the occurrence, so every instance may schedule it and
 * only one is stored; the dispatcher claims it once; running it schedules the
 * next. An instance that was down finds the occurrence still due and runs it
 * late rather than never.
 */
import { Cron } from 'croner';
import type { CoreContext } from './context';
import type { RecurringJob } from './registry';
import { nextAllowed } from './schedule-math';
import { newWork, SKIPPED, type WorkKindHandler, type WorkOf } from './work';

declare module './work' {
  interface WorkKinds {
    /** One occurrence of a recurring job. */
    'job.run': { jobId: string; occurrence: string };
  }
}

export function jobPartition(jobId: string): string {
  return `job:${jobId}`;
}

/** The first occurrence strictly after `after`, in the time zone; undefined if the job is off or never runs. */
export function nextOccurrence(cron: string | null, after: Date, timeZone: string): Date | undefined {
  if (!cron) return undefined;
  return new Cron(cron, { timezone: timeZone, paused: true }).nextRun(after) ?? undefined;
}

/** The occurrences before `before` (not itself), latest first: what a digest "since the last one" covers. */
export function previousOccurrences(cron: string, before: Date, timeZone: string, count: number): Date[] {
  return new Cron(cron, { timezone: timeZone, paused: true }).previousRuns(count, before);
}

/** Throws a readable error for a bad expression: used when the schedule file is read. */
export function checkCron(cron: string, timeZone: string): void {
  new Cron(cron, { timezone: timeZone, paused: true });
}

type JobContext = Pick<CoreContext, 'schedule' | 'timeZone' | 'now' | 'work' | 'log' | 'onWorkStored'>;

function occurrenceWork(ctx: JobContext, job: RecurringJob, occurrence: Date): WorkOf<'job.run'> {
  const now = ctx.now();
  const dueAt = job.respectQuietHours === false ? occurrence : nextAllowed(occurrence, ctx.schedule.quietHours, ctx.timeZone);
  return newWork('job.run', jobPartition(job.id), { jobId: job.id, occurrence: occurrence.toISOString() }, { key: occurrence.toISOString(), dueAt, now });
}

/** Makes sure each job's next occurrence after `after` is owed (an existing one is left as it is). */
export async function scheduleNext(ctx: JobContext, job: RecurringJob, after: Date): Promise<void> {
  const next = nextOccurrence(job.cron, after, ctx.timeZone);
  if (!next) return;
  const item = occurrenceWork(ctx, job, next);
  if (await ctx.work.createWork(item)) {
    ctx.log.info('job.scheduled', { jobId: job.id, occurrence: next.toISOString() });
    ctx.onWorkStored([item]);
  }
}

export async function scheduleJobs(ctx: JobContext, jobs: RecurringJob[]): Promise<void> {
  for (const job of jobs) await scheduleNext(ctx, job, ctx.now());
}

/** The dispatcher's handler for `job.run`: runs the occurrence if the job still has it, then owes the next. */
export function jobRunner(ctx: JobContext, jobs: () => RecurringJob[]): WorkKindHandler<'job.run'> {
  return {
    async run(item) {
      const job = jobs().find((j) => j.id === item.jobId);
      const occurrence = new Date(item.occurrence);
      // A changed or removed schedule leaves old occurrences behind: they are skipped, and the new one is owed.
      const still = job && nextOccurrence(job.cron, new Date(occurrence.getTime() - 1000), ctx.timeZone)?.getTime() === occurrence.getTime();
      if (!job || !still) {
        if (job) await scheduleNext(ctx, job, ctx.now());
        return SKIPPED;
      }
      await job.run(occurrence);
      ctx.log.info('job.ran', { jobId: job.id, occurrence: item.occurrence });
      // After an outage, the next occurrence from now: missed ones are not all sent at once.
      const now = ctx.now();
      await scheduleNext(ctx, job, occurrence > now ? occurrence : now);
      return { kind: 'done' };
    },
  };
}
