/**
 * The daily "Dette venter på deg" as a recurring job. At each time of the
 * schedule's `dailySummary.cron` (school days at 07:45 by default), one
 * instance reads the open cases of every school (one query) and the open
 * reminders due that day (one more), works out what waits for each principal
 * (and safety representative, if the schedule says so), and owes a
 * `tasks.summary` to each with at least `minItems` things waiting. Ids come
 * from the job, the occurrence and the recipient, so running the same
 * occurrence again owes nothing new.
 *
 * The day's reminders to the same person about what it lists are folded into
 * it (model.ts `remindersFolded`): pushed when it is put together (marked
 * `mergedInto`, or moved past the day), and pulled by the reminder itself
 * when it falls due in the morning before the summary: it waits for the
 * summary, and is skipped if the summary listed it (`reminderGate`). If the
 * summary cannot be delivered, they are given back and go out on their own.
 */
import { localDateTime, zonedToUtc } from '../core/clock';
import { recipient, type CoreContext } from '../core/context';
import { rolesOf } from '../core/directory';
import { jobPartition, nextOccurrence } from '../core/recurring';
import type { RecurringJob } from '../core/registry';
import { addDuration, endOfLocalDay, nextAllowed } from '../core/schedule-math';
import { newWork, SKIPPED, workIdFor, type WorkItem, type WorkKindHandler, type WorkOf, type WorkOutcome } from '../core/work';
import { FOLDABLE, listedReminders, remindersFolded, summaryRecipients, tasksFor, type Fold, type Task } from './model';
import type { TaskStore } from './store';
import { tasksMessage } from './views';

declare module '../core/work' {
  interface WorkKinds {
    /** "Dette venter på deg" to one person: the reminders it stands in for. The listing is read when it goes. */
    'tasks.summary': { recipientId: string; occurrence: string; merges: { caseId: string; workId: string }[] };
  }
}

export const SUMMARY_JOB = 'tasks.summary.daily';

export interface TasksDeps extends CoreContext {
  tasks: TaskStore;
}

/** What waits for a person now: the open cases of the schools where they are principal, and those with a measure they own. */
export async function tasksOf(deps: TasksDeps, personId: string, today: string): Promise<Task[]> {
  const roles = rolesOf(deps.directory, personId);
  const schools = [...roles.schools.entries()].filter(([, r]) => r.has('principal')).map(([id]) => id);
  return tasksFor(deps.directory, personId, await deps.tasks.openCases(schools, personId), today);
}

function summaryWorkId(recipientId: string, occurrence: Date): string {
  return workIdFor(jobPartition(SUMMARY_JOB), 'tasks.summary', recipientId, occurrence.toISOString());
}

/**
 * The end of what a summary stands in for: the end of its school day, or the
 * next summary if that comes sooner (a schedule of minutes, for tests and
 * the demo, folds only what falls due before the next one).
 */
function foldUntil(deps: TasksDeps, day: string, occurrence: Date): Date {
  const end = endOfLocalDay(day, deps.timeZone);
  const next = nextOccurrence(deps.schedule.dailySummary.cron, occurrence, deps.timeZone);
  return next && next < end ? next : end;
}

/** The daily NAV reminder keeps its time of day and goes again after the summary's day. */
function navAfter(deps: TasksDeps, item: WorkItem, until: Date): Date {
  let t = new Date(item.dueAt ?? deps.now().toISOString());
  for (let guard = 0; guard < 400 && t < until; guard++) t = addDuration(t, deps.schedule.navReminderEvery, deps.timeZone);
  return nextAllowed(t, deps.schedule.quietHours, deps.timeZone);
}

async function applyFold(deps: TasksDeps, fold: Fold, summaryId: string, until: Date): Promise<boolean> {
  const found = await deps.work.getWork(fold.caseId, fold.workId);
  // Claimed by an instance (leased) or settled: the reminder's own gate decides (reminderGate).
  if (!found || found.value.state !== 'open' || found.value.leaseOwner || found.value.kind !== 'reminder') return false;
  const item = found.value;
  const now = deps.now();
  let next: WorkItem;
  if (fold.action === 'skip') {
    next = { ...item, state: 'done', dueAt: undefined, skipped: true, doneAt: now.toISOString(), mergedInto: summaryId };
  } else {
    next = { ...item, dueAt: navAfter(deps, item, until).toISOString(), mergedInto: summaryId };
  }
  return (await deps.work.replaceWork(JSON.parse(JSON.stringify(next)) as WorkItem, found.etag)) !== undefined;
}

/** Puts together one occurrence's summaries. Safe to run again for the same occurrence. */
export async function prepareSummaries(deps: TasksDeps, occurrence: Date): Promise<{ summaries: number; folded: number }> {
  const config = deps.schedule.dailySummary;
  if (!config.cron) return { summaries: 0, folded: 0 };
  const now = deps.now();
  const deliverAt = nextAllowed(occurrence > now ? occurrence : now, deps.schedule.quietHours, deps.timeZone);
  const day = localDateTime(deliverAt, deps.timeZone).date;
  const until = foldUntil(deps, day, occurrence);
  const [cases, reminders] = await Promise.all([deps.tasks.openCases(deps.directory.schools.map((s) => s.id)), deps.tasks.openReminders(until)]);
  let summaries = 0;
  let folded = 0;
  for (const recipientId of summaryRecipients(deps.directory, config.to)) {
    const tasks = tasksFor(deps.directory, recipientId, cases, day);
    if (tasks.length < config.minItems) continue;
    const folds = remindersFolded(tasks, recipientId, reminders, until);
    const fields = { recipientId, occurrence: occurrence.toISOString(), merges: folds.map(({ caseId, workId }) => ({ caseId, workId })) };
    const item = newWork('tasks.summary', jobPartition(SUMMARY_JOB), fields, { key: occurrence.toISOString(), dueAt: deliverAt, now });
    let owed = folds;
    if (await deps.work.createWork(item)) summaries++;
    else {
      // Put together before (a retry, another instance): fold in what that run meant to, nothing more.
      const existing = await deps.work.getWork(item.caseId, item.id);
      const planned = existing?.value.kind === 'tasks.summary' ? existing.value.merges : [];
      owed = folds.filter((f) => planned.some((p) => p.workId === f.workId));
    }
    for (const f of owed) if (await applyFold(deps, f, item.id, until)) folded++;
  }
  deps.log.info('tasks.summaries_prepared', { occurrence: occurrence.toISOString(), summaries, folded });
  if (summaries > 0) deps.onWorkStored();
  return { summaries, folded };
}

/**
 * Asked by a reminder as it falls due: whether it waits for, or was folded
 * into, this morning's summary. A reminder the summary could stand in for,
 * to someone who gets it, due after quiet hours ended and before (or while)
 * the summary is put together, waits; once it is put together, it is skipped
 * if the summary to that person listed it. Undefined: it goes as usual.
 * Without quiet hours nothing piles up in the morning, and nothing waits.
 */
export async function reminderGate(deps: TasksDeps, item: WorkOf<'reminder'>): Promise<WorkOutcome | undefined> {
  const config = deps.schedule.dailySummary;
  const quiet = deps.schedule.quietHours;
  if (!config.cron || !quiet || !FOLDABLE.includes(item.reminder)) return undefined;
  if (!summaryRecipients(deps.directory, config.to).includes(item.recipientId)) return undefined;
  const now = deps.now();
  const today = localDateTime(now, deps.timeZone).date;
  const morning = zonedToUtc(today, quiet.to, deps.timeZone);
  if (now < morning) return undefined;
  const occurrence = nextOccurrence(config.cron, new Date(morning.getTime() - 1), deps.timeZone);
  if (!occurrence || localDateTime(occurrence, deps.timeZone).date !== today) return undefined;
  if (occurrence > now) return { kind: 'wait', retryAfterMs: occurrence.getTime() - now.getTime() + 1000, reason: 'the daily summary comes first' };
  const partition = jobPartition(SUMMARY_JOB);
  const job = await deps.work.getWork(partition, workIdFor(partition, 'job.run', '', occurrence.toISOString()));
  // Being put together right now (or not yet): a moment more, not for ever.
  if (job?.value.state === 'open' && now.getTime() - occurrence.getTime() < 10 * 60_000) return { kind: 'wait', retryAfterMs: 2000, reason: 'the daily summary is being put together' };
  const summary = await deps.work.getWork(partition, summaryWorkId(item.recipientId, occurrence));
  // Given back by the summary (late, skipped, not delivered): it goes on its own.
  const givenBack = item.restoredFrom === summary?.value.id;
  if (summary?.value.kind === 'tasks.summary' && !givenBack && summary.value.state !== 'undeliverable' && summary.value.merges.some((m) => m.workId === item.id)) {
    deps.log.info('reminder.folded_into_summary', { caseId: item.caseId, workId: item.id, summary: summary.value.id });
    if (item.reminder !== 'nav') return SKIPPED;
    // The daily NAV reminder goes again after the summary's day, at its time of day.
    return { kind: 'wait', retryAfterMs: navAfter(deps, item, foldUntil(deps, today, occurrence)).getTime() - now.getTime(), reason: 'folded into the daily summary' };
  }
  return undefined;
}

/**
 * Gives back the reminders a summary stood in for, due now, on their own:
 * all of them when it could not be delivered, is late or is skipped, or only
 * those `keep` says its listing no longer covers. Each given back is marked
 * (`restoredFrom`), so its gate does not fold it again and a second call
 * gives back nothing twice. Answers how many it still stands in for.
 */
async function restoreFolds(deps: TasksDeps, item: WorkOf<'tasks.summary'>, keep?: (r: WorkOf<'reminder'>) => boolean): Promise<number> {
  const now = deps.now().toISOString();
  let givenBack = 0;
  let restored = 0;
  for (const ref of item.merges) {
    const found = await deps.work.getWork(ref.caseId, ref.workId);
    if (!found || found.value.kind !== 'reminder' || found.value.state === 'undeliverable') continue;
    if (found.value.restoredFrom === item.id) {
      givenBack++;
      continue;
    }
    // Folded when it was put together, or skipped by its own gate after (not handed over).
    const pulled = found.value.state === 'done' && found.value.skipped && !found.value.mergedInto && !found.value.handedOverTo && (found.value.doneAt ?? '') >= item.createdAt;
    if ((found.value.mergedInto !== item.id && !pulled) || keep?.(found.value)) continue;
    const { mergedInto: _merged, skipped: _skipped, doneAt: _done, ...rest } = found.value;
    if (await deps.work.replaceWork({ ...rest, state: 'open', dueAt: now, restoredFrom: item.id } as WorkItem, found.etag)) {
      restored++;
      givenBack++;
    }
  }
  if (restored > 0) {
    deps.log.info('tasks.summary_folds_restored', { workId: item.id, restored });
    deps.onWorkStored();
  }
  return item.merges.length - givenBack;
}

export function summaryJobs(deps: TasksDeps): RecurringJob[] {
  return [
    {
      id: SUMMARY_JOB,
      cron: deps.schedule.dailySummary.cron,
      // Putting it together sends nothing; the summaries wait for quiet hours to end.
      respectQuietHours: false,
      run: async (occurrence) => void (await prepareSummaries(deps, occurrence)),
    },
  ];
}

export function tasksWorkHandlers(deps: TasksDeps) {
  const summary: WorkKindHandler<'tasks.summary'> = {
    async run(item) {
      // No longer gets summaries (a principal replaced overnight): the reminders go on their own, and to whoever holds the role now.
      if (!summaryRecipients(deps.directory, deps.schedule.dailySummary.to).includes(item.recipientId)) {
        await restoreFolds(deps, item);
        return SKIPPED;
      }
      const to = await recipient(deps, item.recipientId);
      const tasks = await tasksOf(deps, item.recipientId, localDateTime(deps.now(), deps.timeZone).date);
      // What the listing no longer covers (done, or no longer theirs) is given back; the reminder's own checks then decide.
      const listed = listedReminders(tasks);
      const folded = await restoreFolds(deps, item, (r) => listed(r));
      // Done since it was put together: nothing to say.
      if (tasks.length === 0) return SKIPPED;
      return deps.outbound.send(to, tasksMessage({ language: to.language, directory: deps.directory, timeZone: deps.timeZone, tasks, folded }));
    },
    async undeliverable(item) {
      deps.log.warn('tasks.summary_undeliverable', { workId: item.id, recipientId: item.recipientId, merges: item.merges.length });
      await restoreFolds(deps, item);
    },
    // Failing for a while (still retried): the reminders go on their own rather than wait for it; a later delivery says none are folded.
    late: async (item) => void (await restoreFolds(deps, item)),
  };
  return { 'tasks.summary': summary };
}
