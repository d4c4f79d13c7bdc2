/** The schedule file's `retention` section (README "Retention"); keys left out keep their defaults. */
import { Cron } from 'croner';
import { z } from 'zod';
import { durationMs, parseDuration, type Duration } from '../core/duration';
import { DEFAULT_SCHEDULE, type RetentionPolicy } from '../core/schedule';

const years = z.number({ invalid_type_error: 'must be a whole number of years' }).int('must be a whole number of years').min(1, 'must be at least 1 year').max(200, 'must be at most 200 years');

const cron = z.string({ invalid_type_error: 'must be a cron expression such as "30 2 * * *", or null' }).superRefine((s, ctx) => {
  try {
    new Cron(s, { paused: true });
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a cron expression (${(err as Error).message})` });
  }
});

/** The window openings of a case are counted in: a minute to a day (longer would hide who came back the same day). */
const viewWindow = z.string({ invalid_type_error: 'must be an ISO-8601 duration such as PT15M' }).transform((text, ctx): Duration => {
  const d = parseDuration(text);
  const ms = d ? durationMs(d) : NaN;
  if (!d || !Number.isInteger(d.seconds) || ms < 60_000 || ms > 86_400_000) {
    ctx.addIssue({ code: 'custom', message: `"${text}" must be a duration from PT1M to P1D, such as PT15M` });
    return z.NEVER;
  }
  return d;
});

export const retentionSchema = z
  .object({
    run: cron.nullable(),
    closedCaseYears: years,
    injuryCaseYears: years.nullable(),
    seriousInjuryCaseYears: years.nullable(),
    hold: z.array(z.string().regex(/^VT-\d{4}-\d{4,}$/, 'must be case references such as VT-2026-0042')),
    exportAuditYears: years.nullable(),
    viewAuditWindow: viewWindow,
    preventionYears: years.nullable(),
    trainingAfterLeavingYears: years.nullable(),
  })
  .partial()
  .strict()
  .transform((r): RetentionPolicy => ({ ...DEFAULT_SCHEDULE.retention, ...Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) }))
  .refine((r) => r.injuryCaseYears === null || r.injuryCaseYears >= r.closedCaseYears, 'injuryCaseYears must be at least closedCaseYears')
  .refine((r) => r.seriousInjuryCaseYears === null || (r.injuryCaseYears !== null && r.seriousInjuryCaseYears >= r.injuryCaseYears), 'seriousInjuryCaseYears must be at least injuryCaseYears');
