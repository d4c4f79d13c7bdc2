/**
 * The digests' figures from known cases, what they fold in of the day's
 * reminders, the window "since the digest before", the schedule keys, and
 * the card in every language.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { loadDirectory } from '../../src/config/directory-file';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { loadSchedule } from '../../src/config/schedule-file';
import { zonedToUtc } from '../../src/core/clock';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import type { Language } from '../../src/core/i18n';
import { computeDigest, isEmptyDigest, type DigestInput, type NewRow } from '../../src/insight/model/digest';
import { remindersToMerge, type ReminderRow } from '../../src/insight/model/merge';
import type { OpenRow } from '../../src/insight/model/open-cases';
import { digestCard } from '../../src/insight/views';
import { monthlyRecipients, weeklyRecipients, windowsOf } from '../../src/insight/work';
import { renderCard } from '../../src/teams/card-renderer';
import { P } from '../support/people';

const OSLO = 'Europe/Oslo';
const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const now = zonedToUtc('2026-12-07', '07:00', OSLO);
const window = { from: zonedToUtc('2026-11-30', '06:30', OSLO).toISOString(), to: zonedToUtc('2026-12-07', '06:30', OSLO).toISOString() };
const previousWindow = { from: zonedToUtc('2026-11-23', '06:30', OSLO).toISOString(), to: window.from };

const open = (caseId: string, fields: Partial<OpenRow>): OpenRow => ({
  caseId,
  reference: `VT-2026-${caseId.padStart(4, '0')}`,
  schoolId: 'nordby',
  status: 'acknowledged',
  createdAt: '2026-12-01T10:00:00.000Z',
  severity: 'minor',
  seriousInjury: false,
  sickLeave: false,
  medicalTreatment: false,
  legalDone: [],
  approved: [],
  ...fields,
});

const NEW: NewRow[] = [
  { schoolId: 'nordby', createdAt: '2026-12-01T10:00:00.000Z', severity: 'minor' },
  { schoolId: 'nordby', createdAt: '2026-12-02T10:00:00.000Z', severity: 'serious' },
  { schoolId: 'nordby', createdAt: '2026-12-03T10:00:00.000Z', severity: 'serious' },
  { schoolId: 'nordby', createdAt: '2026-12-04T10:00:00.000Z', severity: 'very-serious' },
  // The week before, and before that.
  { schoolId: 'nordby', createdAt: '2026-11-25T10:00:00.000Z', severity: 'minor' },
  { schoolId: 'nordby', createdAt: '2026-11-20T10:00:00.000Z', severity: 'minor' },
  // Another school.
  { schoolId: 'sorby', createdAt: '2026-12-01T10:00:00.000Z', severity: 'minor' },
];
const OPEN: OpenRow[] = [
  open('1', { status: 'reported', createdAt: '2026-12-04T10:00:00.000Z', severity: 'very-serious', seriousInjury: true, injury: 'physical', sickLeave: true, legalDone: ['police'] }),
  open('2', { status: 'reported', createdAt: '2026-12-02T10:00:00.000Z', severity: 'serious' }),
  open('3', { createdAt: '2026-11-16T10:00:00.000Z', severity: 'serious', approved: [{ id: 'm1', dueDate: '2026-12-06' }, { id: 'm2', dueDate: '2026-12-07' }] }),
  open('4', { status: 'measures', createdAt: '2026-10-01T10:00:00.000Z', injury: 'psychological', medicalTreatment: true, legalDone: ['nav'], approved: [{ id: 'm1', dueDate: '2026-11-01' }] }),
  open('5', { schoolId: 'sorby', status: 'reported' }),
];

const input = (over: Partial<DigestInput> = {}): DigestInput => ({
  kind: 'weekly',
  audience: 'school',
  schoolIds: ['nordby'],
  window,
  previousWindow,
  newRows: NEW,
  open: OPEN,
  now,
  today: '2026-12-07',
  timeZone: OSLO,
  cluster: DEFAULT_SCHEDULE.clusterAlert,
  ...over,
});

describe('a school’s weekly digest', () => {
  const f = computeDigest(input());

  it('counts new cases by severity against the week before', () => {
    expect(f.summary.newCases).toBe(4);
    expect(f.summary.previousNewCases).toBe(1);
    expect(f.summary.newBySeverity).toEqual([
      { key: 'minor', count: 1, share: 0.25 },
      { key: 'serious', count: 2, share: 0.5 },
      { key: 'very-serious', count: 1, share: 0.25 },
    ]);
  });

  it('counts open cases by age, and what waits', () => {
    expect(f.summary.open).toBe(4);
    expect(f.summary.openByAge.map((c) => [c.key, c.masked ? 'hidden' : c.count])).toEqual([
      ['underOneWeek', 2],
      ['oneToFourWeeks', 1],
      ['overFourWeeks', 1],
    ]);
    expect(f.summary).toMatchObject({ notAcknowledged: 2, legalOutstanding: 1, overdueMeasures: 2 });
    // Oldest first; the serious injury's steps (police done, NAV owed for sick leave).
    expect(f.lists.notAcknowledged.map((r) => r.caseId)).toEqual(['2', '1']);
    expect(f.lists.legal).toEqual([expect.objectContaining({ caseId: '1', items: ['arbeidstilsynet', 'confirmation', 'nav'] })]);
    expect(f.lists.overdue.map((r) => [r.caseId, r.measureId, r.dueDate])).toEqual([
      ['4', 'm1', '2026-11-01'],
      ['3', 'm1', '2026-12-06'],
    ]);
    expect(f.schools).toEqual([]);
  });

  it('names a cluster of serious open cases by the follow-up’s rule', () => {
    expect(f.summary.clusters).toEqual([{ schoolId: 'nordby', cases: 3 }]);
    expect(computeDigest(input({ cluster: { window: DEFAULT_SCHEDULE.clusterAlert.window, severeCount: 4 } })).summary.clusters).toEqual([]);
  });

  it('is left out when nothing is new and nothing open', () => {
    expect(isEmptyDigest(f)).toBe(false);
    expect(isEmptyDigest(computeDigest(input({ newRows: [], open: [] })))).toBe(true);
  });
});

describe('the owner’s monthly digest', () => {
  const f = computeDigest(input({ kind: 'monthly', audience: 'owner', schoolIds: ['nordby', 'sorby'] }));

  it('hides 1 and 2 in the splits, keeps the totals and the follow-up counts', () => {
    expect(f.summary.newCases).toBe(5);
    expect(f.summary.newBySeverity.map((c) => [c.key, c.masked ? 'hidden' : c.count])).toEqual([
      ['minor', 'hidden'],
      ['serious', 'hidden'],
      ['very-serious', 'hidden'],
    ]);
    expect(f.summary.openByAge.map((c) => [c.key, c.masked ? 'hidden' : c.count])).toEqual([
      ['underOneWeek', 3],
      ['oneToFourWeeks', 'hidden'],
      ['overFourWeeks', 'hidden'],
    ]);
    expect(f.summary).toMatchObject({ open: 5, notAcknowledged: 3, overdueMeasures: 2 });
  });

  it('lists the schools, those with a cluster and the most serious first', () => {
    expect(f.schools.map((s) => [s.schoolId, s.newCases, s.newSerious.masked ? 'hidden' : s.newSerious.count, s.open, s.notAcknowledged, s.overdueMeasures, s.cluster])).toEqual([
      ['nordby', 4, 3, 4, 2, 2, true],
      ['sorby', 1, 0, 1, 1, 0, false],
    ]);
  });
});

describe('folding the day’s reminders into a digest', () => {
  const f = computeDigest(input());
  const until = zonedToUtc('2026-12-08', '00:00', OSLO);
  const r = (id: string, fields: Partial<ReminderRow>): ReminderRow => ({ id, caseId: '1', recipientId: P.rune, reminder: 'acknowledge', dueAt: zonedToUtc('2026-12-07', '07:00', OSLO).toISOString(), ...fields });
  const reminders: ReminderRow[] = [
    r('ack-1', {}),
    r('ack-4', { caseId: '4' }), // acknowledged: not listed
    r('nav-1', { reminder: 'nav' }),
    r('legal-1', { reminder: 'legal' }), // AML § 5-2: never folded
    r('over-3', { caseId: '3', reminder: 'measureOverdue', measureId: 'm1' }),
    r('over-3b', { caseId: '3', reminder: 'measureOverdue', measureId: 'm2' }), // not yet overdue
    r('due-3', { caseId: '3', reminder: 'measureDue', measureId: 'm2' }),
    r('tomorrow', { dueAt: zonedToUtc('2026-12-08', '07:00', OSLO).toISOString() }),
    r('vera', { recipientId: P.vera }),
    r('esc-2', { caseId: '2', reminder: 'escalation', recipientId: P.siri }),
  ];

  it('folds the principal’s reminders about listed items due that day, and nothing else', () => {
    expect(remindersToMerge(f, P.rune, reminders, until)).toEqual([
      { workId: 'ack-1', caseId: '1', action: 'skip' },
      { workId: 'nav-1', caseId: '1', action: 'defer' },
      { workId: 'over-3', caseId: '3', action: 'skip' },
    ]);
    // Each recipient's own reminders only.
    expect(remindersToMerge(f, P.vera, reminders, until)).toEqual([{ workId: 'vera', caseId: '1', action: 'skip' }]);
    expect(remindersToMerge(f, P.ola, reminders, until)).toEqual([]);
  });

  it('folds the leader’s escalation into the owner’s digest', () => {
    const monthly = computeDigest(input({ kind: 'monthly', audience: 'owner', schoolIds: ['nordby', 'sorby'] }));
    expect(remindersToMerge(monthly, P.siri, reminders, until)).toEqual([{ workId: 'esc-2', caseId: '2', action: 'skip' }]);
  });
});

describe('when and to whom', () => {
  it('covers the time since the digest before, and compares with the one before that', () => {
    expect(windowsOf('30 6 * * 1', zonedToUtc('2026-12-07', '06:30', OSLO), OSLO)).toEqual({ window, previousWindow });
    // A month across the change to winter time.
    const monthly = windowsOf('0 6 1 * *', zonedToUtc('2026-11-01', '06:00', OSLO), OSLO);
    expect(monthly.window).toEqual({ from: '2026-10-01T04:00:00.000Z', to: '2026-11-01T05:00:00.000Z' });
    expect(monthly.previousWindow.from).toBe('2026-09-01T04:00:00.000Z');
  });

  it('comes every few minutes with the fast demo schedule, covering the minutes since the one before', () => {
    const fast = loadSchedule(join(PROJECT_ROOT, 'src', 'config', 'demo', 'schedule-fast.yaml'));
    expect(fast.digests.weekly).toEqual({ cron: '*/3 * * * *', to: ['principals', 'safetyReps'] });
    expect(fast.digests.monthly.cron).toBe('*/5 * * * *');
    expect(windowsOf(fast.digests.weekly.cron!, new Date('2026-12-07T10:03:00Z'), OSLO).window).toEqual({ from: '2026-12-07T10:00:00.000Z', to: '2026-12-07T10:03:00.000Z' });
  });

  it('goes to the roles the schedule names, once each', () => {
    expect(weeklyRecipients(directory, 'sorby', ['principals', 'safetyReps'])).toEqual([P.ola, P.anne, P.kari]);
    expect(weeklyRecipients(directory, 'sorby', ['safetyReps'])).toEqual([P.kari]);
    expect(monthlyRecipients(directory, ['leaders', 'chiefSafetyReps'])).toEqual([P.siri, P.hakon]);
    expect(monthlyRecipients(directory, ['chiefSafetyReps'])).toEqual([P.hakon]);
  });
});

describe('the schedule file’s digests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tryggmeld-digests-'));
  const file = (text: string) => {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(path, text);
    return path;
  };
  const problems = (text: string) => {
    try {
      loadSchedule(file(text));
    } catch (err) {
      if (err instanceof ConfigError) return err.problems.join('\n');
      throw err;
    }
    throw new Error('expected a ConfigError');
  };

  it('has Monday morning and the 1st of the month by default', () => {
    expect(DEFAULT_SCHEDULE.digests).toEqual({ weekly: { cron: '30 6 * * 1', to: ['principals', 'safetyReps'] }, monthly: { cron: '0 6 1 * *', to: ['leaders', 'chiefSafetyReps'] } });
  });

  it('takes a cron, recipients, or null for off, keeping the defaults for the rest', () => {
    const s = loadSchedule(file('digests:\n  weekly: { cron: "0 7 * * 5", to: [principals] }\n  monthly: { cron: null }\n'));
    expect(s.digests).toEqual({ weekly: { cron: '0 7 * * 5', to: ['principals'] }, monthly: { cron: null, to: ['leaders', 'chiefSafetyReps'] } });
  });

  it('refuses a bad cron, an unknown role and an unknown key with a clear message', () => {
    expect(problems('digests:\n  weekly: { cron: "every monday" }\n')).toMatch(/digests\.weekly\.cron.*"every monday" is not a cron expression/);
    expect(problems('digests:\n  weekly: { to: [leaders] }\n')).toMatch(/digests\.weekly\.to\[0\]: must be one or more of principals, safetyReps/);
    expect(problems('digests:\n  daily: { cron: "0 7 * * *" }\n')).toMatch(/digests.*daily/);
  });
});

describe('the digest card', () => {
  const leftovers = (card: unknown) => JSON.stringify(card).match(/\$\{[^}]*\}/g) ?? [];

  it.each(['nb', 'nn', 'en'] as Language[])('is filled in %s, for a school and for the owner, and small', (language) => {
    for (const figures of [computeDigest(input()), computeDigest(input({ kind: 'monthly', audience: 'owner', schoolIds: ['nordby', 'sorby'] }))]) {
      const card = renderCard(digestCard({ language, directory, timeZone: OSLO, figures, merged: 2, tabUrl: 'https://teams.microsoft.com/l/entity/app/oversikt' }));
      expect(card.version).toBe('1.5');
      expect(leftovers(card)).toEqual([]);
      expect(JSON.stringify(card).length * 2).toBeLessThan(40 * 1024);
    }
  });

  it('opens each listed case, the statistics and the tab', () => {
    const card = renderCard(digestCard({ language: 'nb', directory, timeZone: OSLO, figures: computeDigest(input()), merged: 0, tabUrl: 'https://teams.microsoft.com/l/entity/app/oversikt' }));
    const json = JSON.stringify(card);
    expect(json.match(/"verb":"incident.view"/g)).toHaveLength(5);
    expect(json).toContain('"verb":"insight.statistics","title":"Se statistikk","associatedInputs":"none","data":{"period":"schoolYear","schoolId":"nordby"}');
    expect(json).toContain('"type":"Action.OpenUrl","title":"Åpne Oversikt","url":"https://teams.microsoft.com/l/entity/app/oversikt"');
    expect(json).toContain('VT-2026-0001 · varsel til Arbeidstilsynet, skriftlig bekreftelse, skademelding til NAV');
    expect(json).not.toContain('Påminnelser i dag');
  });
});
