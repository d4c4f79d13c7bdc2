import { localDateTime, zonedToUtc } from '../../src/core/clock';
import { parseDuration } from '../../src/core/duration';
import { addDuration, endOfLocalDay, isQuiet, nextAllowed, subtractDuration } from '../../src/core/schedule-math';
import type { QuietHours } from '../../src/core/schedule';

const OSLO = 'Europe/Oslo';
const quiet: QuietHours = { from: '20:00', to: '07:00', weekends: true };
const d = (s: string) => parseDuration(s)!;
const local = (t: Date) => {
  const l = localDateTime(t, OSLO);
  return `${l.date} ${l.time}`;
};

describe('local time and the clock changes in Oslo', () => {
  it('reads a normal winter and summer time', () => {
    expect(zonedToUtc('2026-01-15', '12:00', OSLO).toISOString()).toBe('2026-01-15T11:00:00.000Z');
    expect(zonedToUtc('2026-07-15', '12:00', OSLO).toISOString()).toBe('2026-07-15T10:00:00.000Z');
  });

  it('moves a time the clocks skip (29 March 2026, 02:00 to 03:00) to the same distance past the jump', () => {
    expect(zonedToUtc('2026-03-29', '02:30', OSLO).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(local(zonedToUtc('2026-03-29', '02:30', OSLO))).toBe('2026-03-29 03:30');
  });

  it('takes the first of a time that happens twice (25 October 2026, 03:00 back to 02:00)', () => {
    expect(zonedToUtc('2026-10-25', '02:30', OSLO).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('adding durations', () => {
  it('counts days on the calendar: the next day at the same clock time, across a clock change', () => {
    const saturdayNoon = zonedToUtc('2026-03-28', '12:00', OSLO);
    expect(local(addDuration(saturdayNoon, d('P1D'), OSLO))).toBe('2026-03-29 12:00');
    expect(addDuration(saturdayNoon, d('P1D'), OSLO).getTime() - saturdayNoon.getTime()).toBe(23 * 3600e3);
    const autumn = zonedToUtc('2026-10-24', '12:00', OSLO);
    expect(local(addDuration(autumn, d('P7D'), OSLO))).toBe('2026-10-31 12:00');
  });

  it('counts hours as elapsed time: PT4H across the spring jump ends at 05:00', () => {
    expect(local(addDuration(zonedToUtc('2026-03-29', '00:00', OSLO), d('PT4H'), OSLO))).toBe('2026-03-29 05:00');
  });

  it('combines days and hours, and takes seconds for tests', () => {
    expect(local(addDuration(zonedToUtc('2026-11-26', '10:00', OSLO), d('P1DT2H'), OSLO))).toBe('2026-11-27 12:00');
    expect(addDuration(new Date('2026-11-26T10:00:00Z'), d('PT30S'), OSLO).toISOString()).toBe('2026-11-26T10:00:30.000Z');
  });

  it('subtracts the same way', () => {
    expect(local(subtractDuration(zonedToUtc('2026-03-30', '00:00', OSLO), d('P1D'), OSLO))).toBe('2026-03-29 00:00');
    expect(local(endOfLocalDay('2026-12-01', OSLO))).toBe('2026-12-02 00:00');
  });
});

describe('quiet hours (20:00 to 07:00 and weekends)', () => {
  it.each([
    ['2026-11-26', '19:59', false],
    ['2026-11-26', '20:00', true],
    ['2026-11-27', '06:59', true],
    ['2026-11-27', '07:00', false],
    ['2026-11-28', '12:00', true], // Saturday
    ['2026-11-29', '23:00', true], // Sunday
  ])('%s %s is quiet: %s', (date, time, expected) => expect(isQuiet(zonedToUtc(date, time, OSLO), quiet, OSLO)).toBe(expected));

  it.each([
    ['a Thursday afternoon stays', '2026-11-26', '14:00', '2026-11-26 14:00'],
    ['a Thursday evening waits for Friday morning', '2026-11-26', '21:15', '2026-11-27 07:00'],
    ['a Friday night waits for Monday', '2026-11-27', '22:00', '2026-11-30 07:00'],
    ['a Saturday waits for Monday', '2026-11-28', '12:00', '2026-11-30 07:00'],
    ['an early Monday waits an hour', '2026-11-30', '06:00', '2026-11-30 07:00'],
    ['the night the clocks go forward', '2026-03-29', '01:30', '2026-03-30 07:00'],
    ['the night the clocks go back', '2026-10-25', '02:30', '2026-10-26 07:00'],
  ])('%s', (_label, date, time, expected) => expect(local(nextAllowed(zonedToUtc(date, time, OSLO), quiet, OSLO))).toBe(expected));

  it('ends a night quiet time on a weekday at 07:00 local, in summer and winter time alike', () => {
    expect(nextAllowed(zonedToUtc('2026-06-02', '23:00', OSLO), quiet, OSLO).toISOString()).toBe('2026-06-03T05:00:00.000Z');
    expect(nextAllowed(zonedToUtc('2026-12-02', '23:00', OSLO), quiet, OSLO).toISOString()).toBe('2026-12-03T06:00:00.000Z');
  });

  it('lets everything through without quiet hours, and handles a daytime window and no weekends', () => {
    const t = zonedToUtc('2026-11-28', '03:00', OSLO);
    expect(nextAllowed(t, null, OSLO)).toBe(t);
    const lunch: QuietHours = { from: '11:00', to: '12:00', weekends: false };
    expect(local(nextAllowed(zonedToUtc('2026-11-28', '11:30', OSLO), lunch, OSLO))).toBe('2026-11-28 12:00');
    expect(local(nextAllowed(zonedToUtc('2026-11-28', '10:30', OSLO), lunch, OSLO))).toBe('2026-11-28 10:30');
  });
});
