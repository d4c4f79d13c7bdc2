/**
 * A count in a breakdown, and the small-number rule for figures that leave
 * the school's own leadership (the school owner's roles, an AMU summary): a
 * cell of a breakdown finer than school and period (by severity, place, type,
 * weekday, time of day, who, stage, factor, consequence, month, age) with 1 or
 * 2 cases is shown as "fewer than 3", so that no single person can be
 * recognised from it. A school's total for a period, and counts of how the
 * school handles its cases (open, not acknowledged, overdue measures, legal
 * steps not taken), are shown as they are: the owner follows those up case by
 * case. The hiding happens here, in the figures, so no channel can show what
 * was hidden.
 */

/** Counts below this (and above zero) are hidden from the owner's audience. */
export const SMALL_NUMBER_LIMIT = 3;

export type Cell<K extends string = string> =
  /** `share`: the count's part of what the breakdown is out of, 0..1. */
  | { key: K; count: number; share: number; masked?: undefined }
  | { key: K; masked: true };

export type Audience = 'school' | 'owner';

export function isHidden(count: number, audience: Audience): boolean {
  return audience === 'owner' && count > 0 && count < SMALL_NUMBER_LIMIT;
}

export function cell<K extends string>(key: K, count: number, outOf: number, audience: Audience): Cell<K> {
  if (isHidden(count, audience)) return { key, masked: true };
  return { key, count, share: outOf > 0 ? count / outOf : 0 };
}

/** The count of a cell, or undefined where it is hidden. */
export function countOf(c: Cell): number | undefined {
  return c.masked ? undefined : c.count;
}

/** A breakdown of `outOf` cases: one cell per key, in the order given. */
export function breakdown<K extends string>(keys: readonly K[], counts: Map<K, number>, outOf: number, audience: Audience): Cell<K>[] {
  return keys.map((key) => cell(key, counts.get(key) ?? 0, outOf, audience));
}

export function tally<K>(values: Iterable<K>): Map<K, number> {
  const out = new Map<K, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

/** The median of a list (the mean of the middle two for an even count); undefined for none. */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
