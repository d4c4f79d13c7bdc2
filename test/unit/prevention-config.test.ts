/** The prevention plans in the schedule file, and a school's routine in the directory file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { loadDirectory } from '../../src/config/directory-file';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { loadSchedule } from '../../src/config/schedule-file';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';

const dir = mkdtempSync(join(tmpdir(), 'tryggmeld-prevention-config-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}
const d = (days: number, hours = 0, minutes = 0) => ({ days, hours, minutes, seconds: 0 });

describe('the prevention plans in the schedule file', () => {
  it('defaults to a yearly review on 1 September, a drill every half year, new staff within four weeks', () => {
    expect(DEFAULT_SCHEDULE.riskReview).toEqual({ date: '09-01', every: null, remindBefore: d(14) });
    expect(DEFAULT_SCHEDULE.trainingPlan).toEqual({ drillEvery: d(182), routinesEvery: d(365), newStaffWithin: d(28), remindBefore: d(14) });
  });

  it('takes another review date, or a period after the last review instead, and keeps the plan’s other defaults', () => {
    expect(loadSchedule(file('a.yaml', 'riskReview: { date: "08-15" }\n')).riskReview).toEqual({ date: '08-15', every: null, remindBefore: d(14) });
    expect(loadSchedule(file('b.yaml', 'riskReview: { every: P26W, remindBefore: P7D }\n')).riskReview).toEqual({ date: null, every: d(182), remindBefore: d(7) });
    const plan = loadSchedule(file('c.yaml', 'trainingPlan: { drillEvery: P91D, routinesEvery: null }\n')).trainingPlan;
    expect(plan).toEqual({ ...DEFAULT_SCHEDULE.trainingPlan, drillEvery: d(91), routinesEvery: null });
  });

  it('names each bad value', () => {
    const path = file('bad.yaml', 'riskReview: { date: "02-30", every: P1D }\ntrainingPlan: { drillEvery: P0D, newStaff: P28D }\npreventionCheck: "every day"\nriskSuggestions: { minCases: 1 }\n');
    expect(problemsOf(() => loadSchedule(path))).toEqual([
      `SCHEDULE_FILE ${path}: riskReview.date: must be a day of the year, MM-DD (01-01 to 12-31)`,
      `SCHEDULE_FILE ${path}: riskSuggestions.minCases: must be at least 2`,
      `SCHEDULE_FILE ${path}: trainingPlan.drillEvery: must be longer than zero`,
      `SCHEDULE_FILE ${path}: trainingPlan: Unrecognized key(s) in object: 'newStaff'`,
      expect.stringMatching(new RegExp(`^SCHEDULE_FILE ${path}: preventionCheck: "every day" is not a cron expression`)),
    ]);
    expect(problemsOf(() => loadSchedule(file('both.yaml', 'riskReview: { date: "09-01", every: P26W }\n')))).toEqual([expect.stringContaining('riskReview: give either date (a yearly review) or every (after the last review), not both')]);
  });

  it('loads the fast demo schedule', () => {
    const fast = loadSchedule(join(PROJECT_ROOT, 'src', 'config', 'demo', 'schedule-fast.yaml'));
    expect(fast.riskReview).toEqual({ date: null, every: d(0, 0, 10), remindBefore: d(0, 0, 3) });
    expect(fast.preventionCheck).toBe('* * * * *');
  });
});

describe('a school’s routine in the directory file', () => {
  const directory = (routine: string) => `
tenantId: 5e1c5c4a-9c7e-4a52-9f1e-2f0b7a1d0001
owner: { name: Eksempel kommune, leaders: [a1b2c3d4-0000-4000-8000-000000000005] }
schools:
  - id: nordby
    name: Nordby skole
    principals: [a1b2c3d4-0000-4000-8000-000000000002]
    safetyReps: [a1b2c3d4-0000-4000-8000-000000000003]
${routine}
`;

  it('is optional: text, and a link to the whole routine', () => {
    expect(loadDirectory(file('none.yaml', directory(''))).schools[0].routine).toBeUndefined();
    const withRoutine = loadDirectory(file('r.yaml', directory('    routine: { text: Meld i TryggMeld samme dag., url: "https://kvalitet.eksempel.no/vold" }')));
    expect(withRoutine.schools[0].routine).toEqual({ text: 'Meld i TryggMeld samme dag.', url: 'https://kvalitet.eksempel.no/vold' });
  });

  it('refuses a routine without text, with a link that is no web address, or with unknown keys', () => {
    const path = file('bad.yaml', directory('    routine: { text: "", url: "javascript:alert(1)", owner: x }'));
    expect(problemsOf(() => loadDirectory(path))).toEqual([
      `DIRECTORY_FILE ${path}: schools[0].routine.text: must not be empty`,
      `DIRECTORY_FILE ${path}: schools[0].routine.url: must start with https:// or http://`,
      `DIRECTORY_FILE ${path}: schools[0].routine: Unrecognized key(s) in object: 'owner'`,
    ]);
  });
});
