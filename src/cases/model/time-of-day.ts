/**
 * When in the school day an incident happened, from the report's time and
 * place: the categories Arbeidstilsynet's "when and in which situations" asks
 * about. Used by statistics and the risk assessment alike.
 */
import type { SchoolDay } from '../../core/schedule';
import type { Location } from './report';

export const TIMES_OF_DAY = ['beforeSchool', 'lessons', 'breaks', 'sfo', 'afterSchool'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];

/**
 * SFO/AKS as the place wins (it has its own hours); otherwise the time against
 * the school day. Without a time the moment is unknown.
 */
export function timeOfDayOf(report: { time?: string; location: Location }, day: SchoolDay): TimeOfDay | undefined {
  if (report.location === 'sfo') return 'sfo';
  const t = report.time;
  if (!t) return undefined;
  if (t < day.start) return 'beforeSchool';
  if (t < day.end) return day.breaks.some((b) => t >= b.from && t < b.to) ? 'breaks' : 'lessons';
  if (day.sfo && t >= day.sfo.from && t < day.sfo.to) return 'sfo';
  return 'afterSchool';
}
