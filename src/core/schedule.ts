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
};
