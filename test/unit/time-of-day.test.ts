import { timeOfDayOf } from '../../src/cases/model/time-of-day';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import { scheduleSchema } from '../../src/config/schedule-file';

const day = DEFAULT_SCHEDULE.schoolDay;

describe('the time of day of an incident', () => {
  it.each([
    ['07:45', 'classroom', 'beforeSchool'],
    ['08:30', 'classroom', 'lessons'],
    ['10:05', 'schoolyard', 'breaks'],
    ['10:20', 'classroom', 'lessons'],
    ['11:59', 'corridor', 'breaks'],
    ['14:30', 'schoolyard', 'sfo'],
    ['16:30', 'schoolyard', 'afterSchool'],
    ['09:00', 'sfo', 'sfo'],
  ] as const)('%s in %s is %s', (time, location, expected) => expect(timeOfDayOf({ time, location }, day)).toBe(expected));

  it('is unknown without a time, unless the place says SFO', () => {
    expect(timeOfDayOf({ location: 'classroom' }, day)).toBeUndefined();
    expect(timeOfDayOf({ location: 'sfo' }, day)).toBe('sfo');
  });

  it('has no SFO time at a school without SFO', () => {
    expect(timeOfDayOf({ time: '14:30', location: 'gym' }, { ...day, sfo: null })).toBe('afterSchool');
  });

  it('is configured in the schedule file, with breaks inside the day', () => {
    expect(scheduleSchema.safeParse({ schoolDay: { start: '08:15', end: '15:00', breaks: [{ from: '09:45', to: '10:00' }] } }).success).toBe(true);
    expect(scheduleSchema.safeParse({ schoolDay: { start: '08:15', end: '15:00', breaks: [{ from: '16:00', to: '16:10' }] } }).success).toBe(false);
    expect(scheduleSchema.safeParse({ schoolDay: { start: '15:00', end: '08:00' } }).success).toBe(false);
  });
});
