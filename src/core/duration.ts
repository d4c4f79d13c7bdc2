/** ISO-8601 durations as the schedule file writes them (P30D, PT4H, PT30S, P1DT2H). */

export interface Duration {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(text: string): Duration | null {
  const m = PATTERN.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [, w, d, h, min, s] = m;
  return {
    days: Number(w ?? 0) * 7 + Number(d ?? 0),
    hours: Number(h ?? 0),
    minutes: Number(min ?? 0),
    seconds: Number(s ?? 0),
  };
}

/** The duration as elapsed milliseconds, a day counted as 24 hours. */
export function durationMs(d: Duration): number {
  return (((d.days * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000;
}
