/**
 * The timings file (CONTRACT.md "Timings"); every key is optional and falls
 * back to the default. Every duration has bounds (SCHEDULE_BOUNDS, in the
 * README): whole seconds, at least PT1S (PT0S where "none" makes sense) and at
 * most P366D, so that no value overflows a date or sends people a message
 * every millisecond.
 */
import { z } from 'zod';
import { durationMs, parseDuration, type Duration } from '../core/duration';
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
} as const;

/** At most this many check-ins per exposed employee. */
export const CHECK_INS_MAX = 12;

const bounded = (bounds: { min: string; max: string }) =>
  z.string({ invalid_type_error: 'must be an ISO-8601 duration such as PT4H or P3D' }).transform((s, ctx): Duration => {
    const parsed = parseDuration(s);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not an ISO-8601 duration such as PT4H, P1D or PT30S` });
      return z.NEVER;
    }
    const ms = durationMs(parsed);
    const outside = !Number.isSafeInteger(ms) || !Number.isInteger(parsed.seconds) || ms < durationMs(parseDuration(bounds.min)!) || ms > durationMs(parseDuration(bounds.max)!);
    if (outside) {
      ctx.addIssue({ code: 'custom', message: `${s} is outside the allowed range ${bounds.min} to ${bounds.max} (whole seconds)` });
      return z.NEVER;
    }
    return parsed;
  });

const delay = bounded(SCHEDULE_BOUNDS.delay);

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
    retention: retentionSchema,
  })
  .partial()
  .strict()
  .transform((s): Schedule => ({ ...DEFAULT_SCHEDULE, ...Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) }));

// An empty file means "all defaults".
export const scheduleSchema = z.preprocess((v) => v ?? {}, scheduleFields);

export function loadSchedule(file: string | undefined): Schedule {
  return file ? readDataFile('SCHEDULE_FILE', file, scheduleSchema) : DEFAULT_SCHEDULE;
}
