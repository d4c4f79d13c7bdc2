/** The schedule file's `retention` section (README "Retention"); keys left out keep their defaults. */
import { Cron } from 'croner';
import { z } from 'zod';
import { DEFAULT_SCHEDULE, type RetentionPolicy } from '../core/schedule';

const years = z.number({ invalid_type_error: 'must be a whole number of years' }).int('must be a whole number of years').min(1, 'must be at least 1 year').max(200, 'must be at most 200 years');

const cron = z.string({ invalid_type_error: 'must be a cron expression such as "30 2 * * *", or null' }).superRefine((s, ctx) => {
  try {
    new Cron(s, { paused: true });
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a cron expression (${(err as Error).message})` });
  }
});

export const retentionSchema = z
  .object({
    run: cron.nullable(),
    closedCaseYears: years,
    injuryCaseYears: years.nullable(),
    seriousInjuryCaseYears: years.nullable(),
    hold: z.array(z.string().regex(/^VT-\d{4}-\d{4,}$/, 'must be case references such as VT-2026-0042')),
  })
  .partial()
  .strict()
  .transform((r): RetentionPolicy => ({ ...DEFAULT_SCHEDULE.retention, ...Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) }))
  .refine((r) => r.injuryCaseYears === null || r.injuryCaseYears >= r.closedCaseYears, 'injuryCaseYears must be at least closedCaseYears')
  .refine((r) => r.seriousInjuryCaseYears === null || (r.injuryCaseYears !== null && r.seriousInjuryCaseYears >= r.injuryCaseYears), 'seriousInjuryCaseYears must be at least injuryCaseYears');
