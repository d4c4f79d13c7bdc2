import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { loadDirectory } from '../../src/config/directory-file';
import { loadConfig } from '../../src/config/load-config';
import { loadSchedule } from '../../src/config/schedule-file';
import { DEMO_DIRECTORY_FILE, PROJECT_ROOT } from '../../src/config/project-root';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';

const dir = mkdtempSync(join(tmpdir(), 'tryggmeld-config-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const GOOD = `
tenantId: 5E1C5C4A-9C7E-4A52-9F1E-2F0B7A1D0001
owner:
  name: Eksempel kommune
  leaders: [a1b2c3d4-0000-4000-8000-000000000005]
schools:
  - id: nordby
    name: Nordby skole
    principals: [a1b2c3d4-0000-4000-8000-000000000002]
    safetyReps: [a1b2c3d4-0000-4000-8000-000000000003]
`;

describe('directory file', () => {
  it('reads the demo directory and the test directory', () => {
    expect(loadDirectory(DEMO_DIRECTORY_FILE).schools.map((s) => s.id)).toEqual(['nordby', 'sorby']);
    expect(loadDirectory(join(__dirname, '../fixtures/directory.yaml')).people).toHaveLength(11);
  });

  it('reads YAML with defaults for optional lists, and lower-cases ids', () => {
    const d = loadDirectory(file('good.yaml', GOOD));
    expect(d.tenantId).toBe('5e1c5c4a-9c7e-4a52-9f1e-2f0b7a1d0001');
    expect(d.owner.chiefSafetyReps).toEqual([]);
    expect(d.schools[0].members).toEqual([]);
    expect(d.people).toEqual([]);
  });

  it('reads JSON too', () => {
    const json = JSON.stringify({
      tenantId: '5e1c5c4a-9c7e-4a52-9f1e-2f0b7a1d0001',
      owner: { name: 'K', leaders: ['a1b2c3d4-0000-4000-8000-000000000005'], chiefSafetyReps: [] },
      schools: [{ id: 'a', name: 'A', principals: ['a1b2c3d4-0000-4000-8000-000000000002'], safetyReps: ['a1b2c3d4-0000-4000-8000-000000000003'], members: [] }],
    });
    expect(loadDirectory(file('good.json', json)).schools[0].name).toBe('A');
  });

  it('names the file, the path inside it and what is wrong', () => {
    const path = file('bad-id.yaml', GOOD.replace('[a1b2c3d4-0000-4000-8000-000000000002]', '[rune@skole.no]'));
    expect(problemsOf(() => loadDirectory(path))).toEqual([`DIRECTORY_FILE ${path}: schools[0].principals[0]: must be an Entra object id (GUID)`]);
  });

  it('refuses a school without a principal or safety representative', () => {
    const path = file('no-principal.yaml', GOOD.replace('principals: [a1b2c3d4-0000-4000-8000-000000000002]', 'principals: []').replace(/safetyReps: \[.*\]/, 'safetyReps: []'));
    const problems = problemsOf(() => loadDirectory(path));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('schools[0].principals: needs at least one principal');
    expect(problems[1]).toContain('schools[0].safetyReps: needs at least one safety representative');
  });

  it('refuses unknown keys, so a misspelt role is not silently empty', () => {
    const path = file('typo.yaml', GOOD.replace('safetyReps:', 'safetyRep:'));
    const problems = problemsOf(() => loadDirectory(path));
    expect(problems.some((p) => p.includes("schools[0]: Unrecognized key(s) in object: 'safetyRep'"))).toBe(true);
  });

  it('refuses duplicate school ids and bad school ids', () => {
    const twice = GOOD + GOOD.slice(GOOD.indexOf('  - id: nordby'));
    expect(problemsOf(() => loadDirectory(file('dup.yaml', twice)))).toEqual([expect.stringContaining('schools[1].id: duplicates the id of schools[0]')]);
    expect(problemsOf(() => loadDirectory(file('caps.yaml', GOOD.replace('id: nordby', 'id: Nordby Skole'))))[0]).toContain('schools[0].id: must be lower-case');
  });

  it('refuses a file that is not YAML, and one that does not exist', () => {
    const path = file('broken.yaml', 'tenantId: [unclosed');
    expect(problemsOf(() => loadDirectory(path))[0]).toMatch(/^DIRECTORY_FILE .*broken\.yaml: not valid YAML or JSON/);
    expect(problemsOf(() => loadDirectory(join(dir, 'missing.yaml')))[0]).toMatch(/missing\.yaml: cannot be read \(ENOENT\)/);
  });

  it('refuses a bad locale and a missing tenant', () => {
    const path = file('locale.yaml', GOOD.replace(/^tenantId:.*$/m, '') + 'people:\n  - { aadObjectId: a1b2c3d4-0000-4000-8000-000000000002, locale: "norsk!" }\n');
    const problems = problemsOf(() => loadDirectory(path));
    expect(problems).toContainEqual(expect.stringContaining('tenantId: is required'));
    expect(problems).toContainEqual(expect.stringContaining('people[0].locale: must be a language tag'));
  });
});

describe('a person listed twice', () => {
  const L = 'a1b2c3d4-0000-4000-8000-000000000005';
  const R = 'a1b2c3d4-0000-4000-8000-000000000002';
  const REPEATS = `
tenantId: 5E1C5C4A-9C7E-4A52-9F1E-2F0B7A1D0001
owner:
  name: Eksempel kommune
  leaders: [${L}, ${L.toUpperCase()}]
  chiefSafetyReps: [${L}]
schools:
  - id: nordby
    name: Nordby skole
    principals: [${R}, ${R}]
    safetyReps: [a1b2c3d4-0000-4000-8000-000000000003]
    members: [${R}]
`;

  it('is kept once in each list, each repeat reported with the file and its path; two roles stay two roles', () => {
    const path = file('repeats.yaml', REPEATS);
    const warnings: string[] = [];
    const d = loadDirectory(path, (w) => warnings.push(w));
    expect(d.owner.leaders).toEqual([L]);
    expect(d.owner.chiefSafetyReps).toEqual([L]);
    expect(d.schools[0]!.principals).toEqual([R]);
    expect(d.schools[0]!.members).toEqual([R]);
    expect(warnings).toEqual([
      `DIRECTORY_FILE ${path}: owner.leaders[1]: the same person as owner.leaders[0] (ids are compared without case); listed once`,
      `DIRECTORY_FILE ${path}: schools[0].principals[1]: the same person as schools[0].principals[0] (ids are compared without case); listed once`,
    ]);
    expect(loadConfig({ DIRECTORY_FILE: path }).warnings).toEqual(warnings);
  });
});

describe('configuration as a whole', () => {
  it("refuses a single-tenant bot registered in another tenant than the directory's", () => {
    const env = {
      DIRECTORY_FILE: DEMO_DIRECTORY_FILE,
      BOT_ID: 'x',
      BOT_TYPE: 'UserAssignedMSI',
      BOT_TENANT_ID: '00000000-0000-4000-8000-000000000000',
      PUBLIC_URL: 'https://tryggmeld.azurewebsites.net',
      DOWNLOAD_LINK_SECRET: 'k'.repeat(40),
    };
    expect(problemsOf(() => loadConfig(env))).toEqual([expect.stringMatching(/^BOT_TENANT_ID: 00000000-0000-4000-8000-000000000000 is not the directory's tenantId 5e1c5c4a/)]);
    expect(loadConfig({ ...env, BOT_TENANT_ID: '5E1C5C4A-9C7E-4A52-9F1E-2F0B7A1D0001' }).directory.tenantId).toBe('5e1c5c4a-9c7e-4a52-9f1e-2f0b7a1d0001');
  });
});

describe('schedule file', () => {
  it('uses the defaults without a file or with an empty one', () => {
    expect(loadSchedule(undefined)).toEqual(DEFAULT_SCHEDULE);
    expect(loadSchedule(file('empty.yaml', ''))).toEqual(DEFAULT_SCHEDULE);
  });

  it('reads the contract example', () => {
    const s = loadSchedule(
      file(
        'schedule.yaml',
        `followUpCheckIns: [PT4H, P1D, P7D, P30D]
acknowledgeWithin: PT24H
escalateAfter: P3D
measureReminderBefore: P1D
quietHours: { from: "20:00", to: "07:00", weekends: true }
clusterAlert: { window: P30D, severeCount: 3 }
`,
      ),
    );
    expect(s).toEqual(DEFAULT_SCHEDULE);
  });

  it('takes seconds for tests and null quiet hours, keeping defaults for what is left out', () => {
    const s = loadSchedule(file('short.yaml', 'followUpCheckIns: [PT2S, PT4S]\nacknowledgeWithin: PT3S\nquietHours: null\n'));
    expect(s.followUpCheckIns).toEqual([
      { days: 0, hours: 0, minutes: 0, seconds: 2 },
      { days: 0, hours: 0, minutes: 0, seconds: 4 },
    ]);
    expect(s.quietHours).toBeNull();
    expect(s.escalateAfter).toEqual(DEFAULT_SCHEDULE.escalateAfter);
  });

  it('refuses durations that would overflow dates or flood people, naming the path and the allowed range', () => {
    const path = file(
      'bounds.yaml',
      'followUpCheckIns: [PT4H, P99999999D]\nacknowledgeWithin: PT0S\nescalateAfter: PT0.5S\nnotifyReminderEvery: PT0.001S\nnavReminderEvery: P400D\nclusterAlert: { window: PT1M, severeCount: 3 }\nmeasureReminderBefore: P367D\n',
    );
    expect(problemsOf(() => loadSchedule(path))).toEqual([
      `SCHEDULE_FILE ${path}: followUpCheckIns[1]: P99999999D is outside the allowed range PT1S to P366D (whole seconds)`,
      `SCHEDULE_FILE ${path}: acknowledgeWithin: must be longer than zero`,
      `SCHEDULE_FILE ${path}: escalateAfter: PT0.5S is outside the allowed range PT1S to P366D (whole seconds)`,
      `SCHEDULE_FILE ${path}: measureReminderBefore: P367D is outside the allowed range PT0S to P366D (whole seconds)`,
      `SCHEDULE_FILE ${path}: clusterAlert.window: PT1M is outside the allowed range PT1H to P366D (whole seconds)`,
      `SCHEDULE_FILE ${path}: notifyReminderEvery: PT0.001S is outside the allowed range PT1S to P366D (whole seconds)`,
      `SCHEDULE_FILE ${path}: navReminderEvery: P400D is outside the allowed range PT1S to P366D (whole seconds)`,
    ]);
    expect(problemsOf(() => loadSchedule(file('many.yaml', `followUpCheckIns: [${Array(13).fill('P1D').join(', ')}]\n`)))).toEqual([expect.stringMatching(/followUpCheckIns: must have at most 12 check-ins$/)]);
  });

  it('keeps the fast demo schedule and the bounds themselves valid', () => {
    expect(loadSchedule(join(PROJECT_ROOT, 'src', 'config', 'demo', 'schedule-fast.yaml')).notifyReminderEvery).toEqual({ days: 0, hours: 0, minutes: 1, seconds: 0 });
    expect(loadSchedule(file('edges.yaml', 'followUpCheckIns: [PT1S, P366D]\nmeasureReminderBefore: PT0S\nclusterAlert: { window: PT1H, severeCount: 1 }\n')).followUpCheckIns).toHaveLength(2);
  });

  it('names each bad value', () => {
    const path = file('bad.yaml', 'acknowledgeWithin: 24 hours\nquietHours: { from: "25:00", to: "07:00", weekends: true }\nclusterAlert: { window: P30D, severeCount: 0 }\nreminder: PT1H\n');
    expect(problemsOf(() => loadSchedule(path))).toEqual([
      `SCHEDULE_FILE ${path}: acknowledgeWithin: "24 hours" is not an ISO-8601 duration such as PT4H, P1D or PT30S`,
      `SCHEDULE_FILE ${path}: quietHours.from: must be a time HH:mm, such as 20:00`,
      `SCHEDULE_FILE ${path}: clusterAlert.severeCount: must be at least 1`,
      `SCHEDULE_FILE ${path}: (top level): Unrecognized key(s) in object: 'reminder'`,
    ]);
  });
});
