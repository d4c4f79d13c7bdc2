/** Training's pure rules: the log's input, coverage of the staff, who is new, and when the plan falls due. */
import { zonedToUtc } from '../../src/core/clock';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import { coverage, coverageShare, entryMoment, newTrainingEntry, parseTrainingEntry, planItems, updateStaffRecord, type TrainingEntry } from '../../src/training/model';
import { P } from '../support/people';

const OSLO = 'Europe/Oslo';
const plan = DEFAULT_SCHEDULE.trainingPlan;
const staff = [P.rune, P.vera, P.tina, P.eva];
const ctx = { today: '2026-11-20', staff, situationIds: ['s1'] };
const at = (date: string, time = '08:00') => zonedToUtc(date, time, OSLO);

function entry(fields: Record<string, unknown>, recordedAt = at('2026-11-20', '15:00')): TrainingEntry {
  const parsed = parseTrainingEntry({ date: '2026-11-20', kind: 'drill', topic: 'Elev med kniv', participants: `${P.tina},${P.eva}`, clientRequestId: `req-${Math.random().toString(36).slice(2, 12)}`, ...fields }, ctx);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return newTrainingEntry('nordby', parsed.fields, P.rune, recordedAt);
}

describe('the training log’s input', () => {
  it('reads training.log as CONTRACT.md gives it', () => {
    const parsed = parseTrainingEntry(
      { date: '2026-11-19', kind: 'course', topic: ' Konflikthåndtering ', participants: `${P.tina.toUpperCase()}, ${P.vera}`, situationId: 's1', durationMinutes: '90', notes: 'Øvde på å trekke seg unna.', ledByName: 'BHT', clientRequestId: 'abcdef12-3456' },
      ctx,
    );
    expect(parsed).toEqual({
      ok: true,
      fields: { date: '2026-11-19', kind: 'course', topic: 'Konflikthåndtering', participants: [P.tina, P.vera], situationId: 's1', durationMinutes: 90, notes: 'Øvde på å trekke seg unna.', ledByName: 'BHT', requestId: 'abcdef12-3456' },
    });
  });

  it('refuses someone not on the school’s staff, a future date, an unknown situation, a bad duration', () => {
    const parsed = parseTrainingEntry({ date: '2026-11-21', kind: 'party', topic: '', participants: P.per, situationId: 's9', durationMinutes: '0', ledBy: P.per, clientRequestId: 'abcdef12-3456' }, ctx);
    expect(parsed).toEqual({ ok: false, errors: { date: 'future', kind: 'invalidChoice', topic: 'required', participants: 'notStaff', situationId: 'unknownSituation', durationMinutes: 'outOfRange', ledBy: 'notStaff' } });
    expect(parseTrainingEntry({ date: '2026-11-20', kind: 'drill', topic: 'x', participants: '', clientRequestId: 'abcdef12-3456', notes: 'Elev 01010012356' }, ctx)).toEqual({ ok: false, errors: { participants: 'required', notes: 'nationalId' } });
  });
});

describe('coverage', () => {
  it('counts the staff who took part in or led training or a drill in the last 12 months, and lists the rest', () => {
    const entries = [entry({ participants: P.tina }), entry({ date: '2025-11-19', participants: P.eva }), entry({ kind: 'routines', participants: P.tina, ledBy: P.vera })];
    const c = coverage(entries, staff, '2025-11-20');
    expect(c).toEqual({ total: 4, covered: [P.vera, P.tina], missing: [P.rune, P.eva] });
    expect(coverageShare(c)).toBe(50);
    expect(coverageShare(coverage([], [], '2025-11-20'))).toBe(0);
  });
});

describe('who is new', () => {
  it('takes everyone as the baseline at the start, and records who appears later as new', () => {
    const start = updateStaffRecord(undefined, 'nordby', [P.rune, P.tina], at('2026-08-01'))!;
    expect(start.people).toEqual({ [P.rune]: { firstSeenAt: at('2026-08-01').toISOString(), baseline: true }, [P.tina]: { firstSeenAt: at('2026-08-01').toISOString(), baseline: true } });
    expect(updateStaffRecord(start, 'nordby', [P.rune, P.tina], at('2026-08-02'))).toBeUndefined();
    const later = updateStaffRecord(start, 'nordby', [P.rune, P.tina, P.eva], at('2026-08-10'))!;
    expect(later.people[P.eva]).toEqual({ firstSeenAt: at('2026-08-10').toISOString() });
  });

  it('records when someone left, and forgets it when they come back', () => {
    const start = updateStaffRecord(undefined, 'nordby', [P.rune, P.tina], at('2026-08-01'))!;
    const gone = updateStaffRecord(start, 'nordby', [P.rune], at('2026-09-01'))!;
    expect(gone.people[P.tina]).toEqual({ firstSeenAt: at('2026-08-01').toISOString(), baseline: true, leftAt: at('2026-09-01').toISOString() });
    expect(updateStaffRecord(gone, 'nordby', [P.rune], at('2026-09-02'))).toBeUndefined();
    expect(updateStaffRecord(gone, 'nordby', [P.rune, P.tina], at('2026-10-01'))!.people[P.tina]).toEqual({ firstSeenAt: at('2026-08-01').toISOString(), baseline: true });
  });
});

describe('the plan', () => {
  const record = { ...updateStaffRecord(undefined, 'nordby', [P.rune, P.vera, P.tina], at('2026-01-05'))!, people: { ...updateStaffRecord(undefined, 'nordby', [P.rune, P.vera, P.tina], at('2026-01-05'))!.people, [P.eva]: { firstSeenAt: at('2026-11-02').toISOString() } } };

  it('asks for a drill half a year after the last, reminding two weeks before', () => {
    const drill = entry({ date: '2026-05-04' });
    expect(entryMoment(drill, OSLO)).toEqual(at('2026-05-04', '12:00'));
    const items = (now: Date) => planItems([drill], record, staff, plan, now, OSLO).find((i) => i.kind === 'drill')!;
    expect(items(at('2026-10-01')).dueAt).toEqual(at('2026-11-02', '12:00'));
    expect(items(at('2026-10-19', '11:59')).stage).toBe('ok');
    expect(items(at('2026-10-19', '12:00')).stage).toBe('soon');
    expect(items(at('2026-11-02', '12:00')).stage).toBe('due');
  });

  it('asks for a drill at once when none was ever logged', () => {
    const drill = planItems([], record, staff, plan, at('2026-03-01'), OSLO).find((i) => i.kind === 'drill')!;
    expect(drill).toEqual({ kind: 'drill', dueAt: new Date(record.startedAt), stage: 'due' });
  });

  it('asks for new staff to be trained within four weeks of first appearing, until they are', () => {
    const now = at('2026-11-20');
    const newStaff = planItems([], record, staff, plan, now, OSLO).filter((i) => i.kind === 'newStaff');
    expect(newStaff).toEqual([{ kind: 'newStaff', personId: P.eva, dueAt: at('2026-11-30'), stage: 'soon' }]);
    expect(planItems([entry({ kind: 'newStaff', participants: P.eva })], record, staff, plan, now, OSLO).filter((i) => i.kind === 'newStaff')).toEqual([]);
    // A drill is not the training a new staff member needs.
    expect(planItems([entry({ kind: 'drill', participants: P.eva })], record, staff, plan, now, OSLO).filter((i) => i.kind === 'newStaff')).toHaveLength(1);
  });

  it('counts an entry logged on its day from the moment it was logged (a plan of minutes runs from there)', () => {
    const fast = { ...plan, drillEvery: { days: 0, hours: 0, minutes: 10, seconds: 0 }, remindBefore: { days: 0, hours: 0, minutes: 2, seconds: 0 } };
    const logged = entry({ date: '2026-11-20' }, at('2026-11-20', '15:00'));
    const drill = planItems([logged], record, staff, fast, at('2026-11-20', '15:08'), OSLO).find((i) => i.kind === 'drill')!;
    expect(drill).toMatchObject({ dueAt: at('2026-11-20', '15:10'), stage: 'soon' });
  });
});
