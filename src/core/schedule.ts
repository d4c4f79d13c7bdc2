/** Every timing the product uses (CONTRACT.md "Timings"); it comes from SCHEDULE_FILE or these defaults. */
import type { Duration } from './duration';

export interface QuietHours {
  /** HH:mm local time when quiet hours start. */
  from: string;
  /** HH:mm local time when they end. */
  to: string;
  /** Saturdays and Sundays are quiet all day. */
  weekends: boolean;
}

/** A time span within a day, HH:mm local time, `from` before `to`. */
export interface DaySpan {
  from: string;
  to: string;
}

/**
 * The school day, to tell from a report's time whether it happened before
 * school, in lessons, in a break, in SFO/AKS time or after school ("where,
 * when and in which situations", forskrift § 3A-2).
 */
export interface SchoolDay {
  start: string;
  end: string;
  breaks: DaySpan[];
  /** SFO/AKS after the school day; null where the school has none. */
  sfo: DaySpan | null;
}

/** Who gets the weekly digest of a school. */
export type SchoolDigestRecipient = 'principals' | 'safetyReps';
/** Who gets the school owner's monthly digest. */
export type OwnerDigestRecipient = 'leaders' | 'chiefSafetyReps';
/** Who gets the daily "Dette venter på deg". */
export type SummaryRecipient = 'principals' | 'safetyReps';

/**
 * One message each school day to whoever has several things waiting ("Dette
 * venter på deg"): at each time of `cron` (five fields, the organisation's
 * time zone; null switches it off), to the roles in `to`, when at least
 * `minItems` things wait for the person. That day's reminders about what it
 * lists are folded into it.
 */
export interface DailySummary {
  cron: string | null;
  to: SummaryRecipient[];
  minItems: number;
}

/**
 * A digest: put together at each time of `cron` (five fields, the
 * organisation's time zone; null switches it off), about what happened since
 * the time before, and delivered then or when quiet hours end.
 */
export interface DigestSchedule<R extends string> {
  cron: string | null;
  to: R[];
}

/**
 * When each school's risk assessment is reviewed (forskrift § 3A-2): every
 * year on `date` (MM-DD), or, instead, `every` so long after the last review.
 * The principals are reminded `remindBefore`, and again when it is due.
 */
export interface RiskReviewPlan {
  date: string | null;
  every: Duration | null;
  remindBefore: Duration;
}

/**
 * Each school's training and drill plan (forskrift § 3A-5): a drill at least
 * every `drillEvery`, the routines gone through with the staff every
 * `routinesEvery` (null: not planned), and new staff trained within
 * `newStaffWithin` of first appearing in the directory. The principals are
 * reminded `remindBefore` something falls due, and when it is due.
 */
export interface TrainingPlan {
  drillEvery: Duration;
  routinesEvery: Duration | null;
  newStaffWithin: Duration;
  remindBefore: Duration;
}

/**
 * How long cases are kept in full (GDPR art. 5(1)(e)), set to follow the
 * municipality's archive plan; docs/privacy.md gives the reasoning. After the
 * time a closed case is anonymised: free text removed, people replaced by
 * role, what the injury register and statistics need kept.
 */
export interface RetentionPolicy {
  /** When the retention job runs (cron, the organisation's time zone); null switches it off. */
  run: string | null;
  /** Years after closing that a case without injury is kept in full. */
  closedCaseYears: number;
  /** Years for a case with an injury, sick leave or medical treatment (the employee's rights); null: kept in full. */
  injuryCaseYears: number | null;
  /** Years for a serious injury (AML § 5-2: notified to Arbeidstilsynet and the police); null: kept in full. */
  seriousInjuryCaseYears: number | null;
  /** Case references kept in full whatever their age (a claim, an inspection, the archive's decision). */
  hold: string[];
  /** Years the audit entry of an export link, a download or a refused download is kept; null: for good. Openings of a case go with the case. */
  exportAuditYears: number | null;
  /** One person opening one case again within this window (Teams refreshes cards when shown) is one audit entry. */
  viewAuditWindow: Duration;
  /** Years a review of the risk assessment, a training entry, or a finished measure keeps who took part and the free text; then people become roles (docs/privacy.md). null: kept in full. */
  preventionYears: number | null;
  /** Years after someone left a school that the training log still names them (they are "former staff" after); null: kept as long as the entry. */
  trainingAfterLeavingYears: number | null;
}

export interface Schedule {
  followUpCheckIns: Duration[];
  acknowledgeWithin: Duration;
  escalateAfter: Duration;
  measureReminderBefore: Duration;
  quietHours: QuietHours | null;
  clusterAlert: { window: Duration; severeCount: number };
  /** Extension: how often the principal is reminded of AML §5-2 notifications not yet marked done. */
  notifyReminderEvery: Duration;
  /** Extension: how often the principal is reminded of a NAV injury report not yet marked done. */
  navReminderEvery: Duration;
  /** Extension: the school day, for statistics and the risk assessment by time of day. */
  schoolDay: SchoolDay;
  /** Extension: the weekly digest to each school's leadership and the monthly one to the school owner. */
  digests: { weekly: DigestSchedule<SchoolDigestRecipient>; monthly: DigestSchedule<OwnerDigestRecipient> };
  /** Extension: the daily summary of what waits for a person, in place of that day's separate reminders. */
  dailySummary: DailySummary;
  /** Extension: check-ins to one person (about different cases) falling due within this span come as one message. */
  checkInsTogetherWithin: Duration;
  /** Extension: the yearly (or periodic) review of each school's risk assessment. */
  riskReview: RiskReviewPlan;
  /** Extension: suggest a new risk situation when this many of a school's cases in 12 months share a place and time of day no situation covers. */
  riskSuggestions: { minCases: number };
  /** Extension: each school's training and drill plan. */
  trainingPlan: TrainingPlan;
  /** Extension: cron (organisation's time zone) of the look at what falls due in the prevention plans: reviews, drills, new staff. */
  preventionCheck: string;
  /** Extension: cron of the school owner's half-year follow-up report; null: not sent. */
  ownerReport: string | null;
  /** Extension: how long cases are kept in full, and when that is applied. */
  retention: RetentionPolicy;
  /** Extension: the Graph source's synchronisation (DIRECTORY_SOURCE=graph). */
  directorySync: DirectorySync;
}

export interface DirectorySync {
  /** Five-field cron, in the organisation's time zone, for a synchronisation with Microsoft Graph; null: only on demand. */
  cron: string | null;
  /** A full read of every group at least this often (delta links expire after 7 days; names change without a membership change). */
  fullEvery: Duration;
  /** How often every instance looks for a newer stored directory. */
  refreshEvery: Duration;
}

const d = (days: number, hours = 0): Duration => ({ days, hours, minutes: 0, seconds: 0 });

export const DEFAULT_SCHEDULE: Schedule = {
  followUpCheckIns: [d(0, 4), d(1), d(7), d(30)],
  acknowledgeWithin: d(0, 24),
  escalateAfter: d(3),
  measureReminderBefore: d(1),
  quietHours: { from: '20:00', to: '07:00', weekends: true },
  clusterAlert: { window: d(30), severeCount: 3 },
  notifyReminderEvery: d(0, 2),
  navReminderEvery: d(1),
  schoolDay: {
    start: '08:30',
    end: '14:00',
    breaks: [
      { from: '10:00', to: '10:20' },
      { from: '11:30', to: '12:00' },
    ],
    sfo: { from: '14:00', to: '16:30' },
  },
  // Put together before quiet hours end (07:00), so that it goes out first and the day's reminders it lists are folded into it.
  digests: {
    weekly: { cron: '30 6 * * 1', to: ['principals', 'safetyReps'] },
    monthly: { cron: '0 6 1 * *', to: ['leaders', 'chiefSafetyReps'] },
  },
  // School days at 07:45: after quiet hours end, before the first lesson. The reminders of the morning wait for it.
  dailySummary: { cron: '45 7 * * 1-5', to: ['principals'], minItems: 2 },
  checkInsTogetherWithin: { days: 0, hours: 1, minutes: 0, seconds: 0 },
  riskReview: { date: '09-01', every: null, remindBefore: d(14) },
  riskSuggestions: { minCases: 3 },
  trainingPlan: { drillEvery: d(182), routinesEvery: d(365), newStaffWithin: d(28), remindBefore: d(14) },
  preventionCheck: '0 8 * * *',
  ownerReport: '0 8 15 1,6 *',
  retention: { run: '30 2 * * *', closedCaseYears: 5, injuryCaseYears: 10, seriousInjuryCaseYears: null, hold: [], exportAuditYears: 10, viewAuditWindow: { days: 0, hours: 0, minutes: 15, seconds: 0 }, preventionYears: 10, trainingAfterLeavingYears: 3 },
  directorySync: { cron: '*/15 * * * *', fullEvery: d(1), refreshEvery: { days: 0, hours: 0, minutes: 1, seconds: 0 } },
};
