import { compareIso, isoString, localDateTime, offsetMinutes, zonedToUtc } from '../../src/core/clock';

const formats = new Map<string, Intl.DateTimeFormat>();

/** What Intl says for this very instant: the reference the memoised clock must agree with. */
function reference(instant: Date, timeZone: string) {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  const weekday = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }[parts.weekday as 'Mon'];
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`, weekday };
}

describe('local time with memoised offsets', () => {
  it.each(['Europe/Oslo', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe'])('agrees with Intl every 37 minutes of 2026 in %s', (zone) => {
    const start = Date.UTC(2026, 0, 1);
    const end = Date.UTC(2027, 0, 1);
    const mismatches: string[] = [];
    // 37 minutes is prime to the 15-minute slot, so every minute within a slot is visited over the year.
    for (let t = start; t < end; t += 37 * 60000) {
      const at = new Date(t + 13000);
      const got = localDateTime(at, zone);
      const want = reference(at, zone);
      if (got.date !== want.date || got.time !== want.time || got.weekday !== want.weekday) mismatches.push(`${at.toISOString()}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('crosses both Oslo clock changes of 2026 minute by minute', () => {
    for (const [date, time] of [['2026-03-29', '01:30'], ['2026-10-25', '01:30']]) {
      const from = zonedToUtc(date, time, 'Europe/Oslo').getTime();
      for (let t = from; t < from + 3 * 3600e3; t += 60000) expect(localDateTime(new Date(t), 'Europe/Oslo')).toEqual(reference(new Date(t), 'Europe/Oslo'));
    }
  });

  /** Unmemoised: the first instant whose local time is this wall time (Intl asked each time), else the time past the gap. */
  function wallToUtc(wall: number, zone: string): number {
    const iso = new Date(wall).toISOString();
    const offsets = [wall - 36 * 3600e3, wall, wall + 36 * 3600e3].map((t) => offsetMinutes(new Date(t), zone));
    const found = offsets
      .map((o) => wall - o * 60e3)
      .sort((a, b) => a - b)
      .find((t) => {
        const r = reference(new Date(t), zone);
        return r.date === iso.slice(0, 10) && r.time === iso.slice(11, 16);
      });
    return found ?? wall - offsets[0] * 60e3;
  }

  it.each([
    ['Europe/Oslo', '2026-03-29', '2026-10-25'],
    ['Australia/Lord_Howe', '2026-04-05', '2026-10-04'],
  ])('turns local times of 2026 into instants as Intl reads them in %s', (zone, spring, autumn) => {
    const walls: number[] = [];
    // 97 minutes is prime to the 15-minute slot: over the year every minute of a slot is visited.
    for (let wall = Date.UTC(2026, 0, 1); wall < Date.UTC(2027, 0, 1); wall += 97 * 60000) walls.push(wall);
    // Both clock changes, minute by minute: the skipped and the repeated times.
    for (const day of [spring, autumn]) for (let m = 0; m < 6 * 60; m += 1) walls.push(Date.parse(`${day}T00:00:00Z`) + m * 60000);
    const mismatches: string[] = [];
    for (const wall of walls) {
      const iso = new Date(wall).toISOString();
      const got = zonedToUtc(iso.slice(0, 10), iso.slice(11, 16), zone).getTime();
      const want = wallToUtc(wall, zone);
      if (got !== want) mismatches.push(`${iso.slice(0, 16)}: ${new Date(got).toISOString()} != ${new Date(want).toISOString()}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});

describe('ISO strings', () => {
  it('remembers the two instants asked last: a mutated or another date is written anew', () => {
    const d = new Date('2026-12-03T10:00:00.000Z');
    expect(isoString(d)).toBe('2026-12-03T10:00:00.000Z');
    expect(isoString(new Date(d.getTime()))).toBe('2026-12-03T10:00:00.000Z');
    d.setTime(d.getTime() + 1);
    expect(isoString(d)).toBe('2026-12-03T10:00:00.001Z');
    for (let i = 0; i < 2000; i++) {
      const x = new Date(Date.UTC(2026, 0, 1) + i * 7919_123);
      expect(isoString(x)).toBe(x.toISOString());
    }
    // A change's moment between its items' due times (as newWork asks), and three instants taking turns.
    const now = new Date('2026-12-04T02:31:44.894Z');
    for (let i = 0; i < 50; i++) {
      const due = new Date(now.getTime() + (i % 7) * 3_600_000);
      expect(isoString(due)).toBe(due.toISOString());
      expect(isoString(now)).toBe('2026-12-04T02:31:44.894Z');
      const third = new Date(now.getTime() - ((i % 3) + 1));
      expect(isoString(third)).toBe(third.toISOString());
    }
  });

  it('throws for an invalid date as toISOString does, also after a valid one', () => {
    expect(isoString(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(() => isoString(new Date(NaN))).toThrow(RangeError);
    expect(() => isoString(new Date(NaN))).toThrow(RangeError);
  });

  it('orders ISO times as the instants they stand for', () => {
    const instants = Array.from({ length: 500 }, (_, i) => Date.UTC(2026, 0, 1) + ((i * 104_729_711) % 31_536_000_000));
    const byString = instants.map((t) => new Date(t).toISOString()).sort(compareIso);
    expect(byString).toEqual([...instants].sort((a, b) => a - b).map((t) => new Date(t).toISOString()));
    expect(compareIso('2026-12-03T10:00:00.000Z', '2026-12-03T10:00:00.000Z')).toBe(0);
  });
});
