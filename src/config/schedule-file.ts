/**
 * The timings file (CONTRACT.md "Timings"); every key is optional and falls
 * back to the default. Every duration has bounds (SCHEDULE_BOUNDS, in the
 * README): whole seconds, at least PT1S (PT0S where "none" makes sense) and at
 * most P366D, so that no value overflows a date or sends people a message
 * every millisecond.
 */
import { z } from 'zod';
import { durationMs, parseDuration, type Duration } from '../core/duration';
import { checkCron } from '../core/recurring';
import { DEFAULT_SCHEDULE, type Schedule } from '../core/schedule';
import { readDataFile } from './read-data-file';
import { retentionSchema } from './retention-policy';

/** The allowed range of each kind of duration, as ISO-8601 text (documented in README.md "Configuration"). */
export const SCHEDULE_BOUNDS = {
  /** A wait before something is sent (a check-in, a reminder, an escalation) or a repeat interval. */
  delay: { min: 'PT1S', max: 'P366D' },
  /** How long before a due date a reminder goes: none at all is allowed. */
  lead: { min: 'PT0S', max: 'P366D' },
  /** The span the cluster alert looks back over. */
  window: { min: 'PT1H', max: 'P366D' },
  /** How often a plan falls due (drills, routines, new staff, a risk review), and how long before it the reminder goes. */
  plan: { min: 'PT1S', max: 'P1830D' },
  planLead: { min: 'PT0S', max: 'P1830D' },
  /** How far apart check-ins to one person may fall and still come as one message: none at all is allowed. */
  together: { min: 'PT0S', max: 'P1D' },
  /** How often the directory is read from Entra ID: a poll, not a message, so fractions of a second are allowed. */
  poll: { min: 'PT0.1S', max: 'P30D' },
} as const;

/** At most this many check-ins per exposed employee. */
export const CHECK_INS_MAX = 12;

const bounded = (bounds: { min: string; max: string }, wholeSeconds = true) =>
  z.string({ invalid_type_error: 'must be an ISO-8601 duration such as PT4H or P3D' }).transform((s, ctx): Duration => {
    const parsed = parseDuration(s);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not an ISO-8601 duration such as PT4H, P1D or PT30S` });
      return z.NEVER;
    }
    const ms = durationMs(parsed);
    const min = durationMs(parseDuration(bounds.min)!);
    // Zero as a repeat would repeat without end.
    if (ms === 0 && min > 0) {
      ctx.addIssue({ code: 'custom', message: 'must be longer than zero' });
      return z.NEVER;
    }
    const outside = !Number.isFinite(ms) || ms > Number.MAX_SAFE_INTEGER || (wholeSeconds && !Number.isInteger(parsed.seconds)) || ms < min || ms > durationMs(parseDuration(bounds.max)!);
    if (outside) {
      ctx.addIssue({ code: 'custom', message: `${s} is outside the allowed range ${bounds.min} to ${bounds.max}${wholeSeconds ? ' (whole seconds)' : ''}` });
      return z.NEVER;
    }
    return parsed;
  });

const delay = bounded(SCHEDULE_BOUNDS.delay);
/** The prevention plans' intervals (training, risk review). */
const interval = bounded(SCHEDULE_BOUNDS.plan);
const duration = bounded(SCHEDULE_BOUNDS.planLead);
const poll = bounded(SCHEDULE_BOUNDS.poll, false);

const clock = z.string({ invalid_type_error: 'must be a time HH:mm' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:mm, such as 20:00');

const span = z
  .object({ from: clock, to: clock })
  .strict()
  .refine((x) => x.from < x.to, 'from must be before to');

const schoolDay = z
  .object({ start: clock, end: clock, breaks: z.array(span).default([]), sfo: span.nullable().default(null) })
  .strict()
  .refine((x) => x.start < x.end, 'start must be before end')
  .refine((x) => x.breaks.every((b) => b.from >= x.start && b.to <= x.end), 'every break must lie within the school day');

const cron = z.string({ invalid_type_error: 'must be a cron expression such as "*/15 * * * *", or null' }).superRefine((c, ctx) => {
  try {
    checkCron(c, 'UTC');
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `"${c}" is not a cron expression (${(err as Error).message})` });
  }
});

const directorySync = z
  .object({ cron: cron.nullable(), fullEvery: poll, refreshEvery: poll })
  .partial()
  .strict()
  .transform((x) => ({ ...DEFAULT_SCHEDULE.directorySync, ...Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)) }));

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const monthDay = z
  .string({ invalid_type_error: 'must be a date MM-DD, such as 09-01' })
  .regex(/^\d{2}-\d{2}$/, 'must be a date MM-DD, such as 09-01')
  .refine((s) => {
    const [m, d] = s.split('-').map(Number);
    return m >= 1 && m <= 12 && d >= 1 && d <= DAYS_IN_MONTH[m - 1];
  }, 'must be a day of the year, MM-DD (01-01 to 12-31)');

// One of `date` (yearly) or `every` (after the last review); giving `every` alone switches the yearly date off.
const riskReview = z
  .object({ date: monthDay.nullable().optional(), every: interval.nullable().optional(), remindBefore: duration.optional() })
  .strict()
  .transform((r, ctx) => {
    const every = r.every ?? null;
    const date = r.date === undefined ? (every ? null : DEFAULT_SCHEDULE.riskReview.date) : r.date;
    if (date && every) ctx.addIssue({ code: 'custom', message: 'give either date (a yearly review) or every (after the last review), not both' });
    if (!date && !every) ctx.addIssue({ code: 'custom', message: 'needs date (MM-DD) or every (a duration)' });
    return { date, every, remindBefore: r.remindBefore ?? DEFAULT_SCHEDULE.riskReview.remindBefore };
  });

const trainingPlan = z
  .object({ drillEvery: interval, routinesEvery: interval.nullable(), newStaffWithin: interval, remindBefore: duration })
  .partial()
  .strict()
  .transform((t) => ({ ...DEFAULT_SCHEDULE.trainingPlan, ...Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) }));

const digest = <R extends string>(recipients: readonly [R, ...R[]]) =>
  z
    .object({
      cron: cron.nullable(),
      to: z.array(z.enum(recipients, { message: `must be one or more of ${recipients.join(', ')}` }), { invalid_type_error: `must be a list of ${recipients.join(', ')}` }).min(1, 'must name at least one role'),
    })
    .partial()
    .strict();

const digests = z
  .object({ weekly: digest(['principals', 'safetyReps'] as const), monthly: digest(['leaders', 'chiefSafetyReps'] as const) })
  .partial()
  .strict()
  .transform(
    (d): Schedule['digests'] => ({
      weekly: { ...DEFAULT_SCHEDULE.digests.weekly, ...withoutUndefined(d.weekly ?? {}) },
      monthly: { ...DEFAULT_SCHEDULE.digests.monthly, ...withoutUndefined(d.monthly ?? {}) },
    }),
  );

const dailySummary = z
  .object({
    cron: cron.nullable(),
    to: z.array(z.enum(['principals', 'safetyReps'] as const, { message: 'must be one or more of principals, safetyReps' }), { invalid_type_error: 'must be a list of principals, safetyReps' }).min(1, 'must name at least one role'),
    minItems: z.number({ invalid_type_error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100'),
  })
  .partial()
  .strict()
  .transform((d): Schedule['dailySummary'] => ({ ...DEFAULT_SCHEDULE.dailySummary, ...withoutUndefined(d) }));

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const scheduleFields = z
  .object({
    followUpCheckIns: z.array(delay, { invalid_type_error: 'must be a list of durations' }).max(CHECK_INS_MAX, `must have at most ${CHECK_INS_MAX} check-ins`),
    acknowledgeWithin: delay,
    escalateAfter: delay,
    measureReminderBefore: bounded(SCHEDULE_BOUNDS.lead),
    quietHours: z.object({ from: clock, to: clock, weekends: z.boolean({ invalid_type_error: 'must be true or false' }) }).strict().nullable(),
    clusterAlert: z
      .object({
        window: bounded(SCHEDULE_BOUNDS.window),
        severeCount: z.number({ invalid_type_error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000'),
      })
      .strict(),
    notifyReminderEvery: delay,
    navReminderEvery: delay,
    schoolDay,
    digests,
    dailySummary,
    checkInsTogetherWithin: bounded(SCHEDULE_BOUNDS.together),
    riskReview,
    riskSuggestions: z
      .object({ minCases: z.number({ invalid_type_error: 'must be a whole number' }).int('must be a whole number').min(2, 'must be at least 2') })
      .strict(),
    trainingPlan,
    preventionCheck: cron,
    ownerReport: cron.nullable(),
    directorySync,
    retention: retentionSchema,
  })
  .partial()
  .strict()
  .transform((s): Schedule => ({ ...DEFAULT_SCHEDULE, ...withoutUndefined(s) }));

// An empty file means "all defaults".
export const scheduleSchema = z.preprocess((v) => v ?? {}, scheduleFields);

export function loadSchedule(file: string | undefined): Schedule {
  return file ? readDataFile('SCHEDULE_FILE', file, scheduleSchema) : DEFAULT_SCHEDULE;
}
