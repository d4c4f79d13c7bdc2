/**
 * What waits for a person (`mine oppgaver`, the daily summary), which of the
 * day's reminders the summary stands in for, and when a reminder put off
 * ("Utsett til i morgen") goes again.
 */
import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import { localDateTime, zonedToUtc } from '../../src/core/clock';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import { checkinsToJoin, nextSchoolMorning, type CheckinCandidate } from '../../src/follow-up/model';
import { remindersFolded, summaryRecipients, tasksFor, type ReminderRow, type TaskCase } from '../../src/tasks/model';
import { tasksMessage } from '../../src/tasks/views';
import { P } from '../support/people';

const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const OSLO = 'Europe/Oslo';
const TODAY = '2026-12-07';

function taskCase(over: Partial<TaskCase> & { caseId: string }): TaskCase {
  return {
    reference: `VT-2026-00${over.caseId.slice(-2)}`,
    schoolId: 'nordby',
    status: 'acknowledged',
    createdAt: '2026-12-03T18:00:00.000Z',
    legal: {},
    report: { severity: 'serious', seriousInjury: false, sickLeave: false, medicalTreatment: false },
    measures: [],
    ...over,
  };
}

const cases: TaskCase[] = [
  taskCase({ caseId: 'case-01', status: 'reported' }),
  taskCase({ caseId: 'case-02', report: { severity: 'very-serious', seriousInjury: true, injury: 'physical', sickLeave: true, medicalTreatment: false }, legal: { police: { by: P.rune, at: '2026-12-04T08:00:00Z' } } }),
  taskCase({
    caseId: 'case-03',
    status: 'measures',
    measures: [
      { id: 'm1', description: 'Vakt i friminuttet', ownerId: P.tina, dueDate: '2026-12-01', state: 'approved' },
      { id: 'm2', description: 'Ny rutine', ownerId: P.tina, dueDate: '2026-12-10', state: 'approved' },
      { id: 'm3', description: 'Kurs', ownerId: P.tina, dueDate: '2027-02-01', state: 'approved' },
      { id: 'm4', description: 'Alarm', dueDate: '2026-12-20', state: 'proposed' },
      { id: 'm5', description: 'Ferdig', ownerId: P.tina, dueDate: '2026-11-01', state: 'done' },
    ],
  }),
  taskCase({ caseId: 'case-04', status: 'closed', measures: [{ id: 'm1', description: 'Gammelt', ownerId: P.tina, dueDate: '2026-11-01', state: 'approved' }] }),
  taskCase({ caseId: 'case-05', schoolId: 'sorby', status: 'reported' }),
];

describe('what waits for a person', () => {
  it('gives the principal, most pressing first: to acknowledge, legal steps not done, overdue measures, proposals; only at their school, not closed cases', () => {
    const tasks = tasksFor(directory, P.rune, cases, TODAY);
    expect(tasks.map((t) => [t.kind, t.caseId, t.measureId ?? t.legal?.join('+') ?? ''])).toEqual([
      ['acknowledge', 'case-01', ''],
      ['legal', 'case-02', 'arbeidstilsynet+confirmation+nav'],
      ['measureOverdue', 'case-03', 'm1'],
      ['decide', 'case-03', 'm4'],
    ]);
  });

  it('gives a measure owner their own: overdue, and due within a week; not those far ahead or done', () => {
    expect(tasksFor(directory, P.tina, cases, TODAY).map((t) => [t.kind, t.measureId])).toEqual([
      ['measureOverdue', 'm1'],
      ['measureDue', 'm2'],
    ]);
    expect(tasksFor(directory, P.vera, cases, TODAY)).toEqual([]);
  });

  it('goes to the roles the schedule names, once each', () => {
    expect(summaryRecipients(directory, ['principals']).sort()).toEqual([P.rune, P.ola, P.anne].sort());
    expect(summaryRecipients(directory, ['principals', 'safetyReps'])).toEqual(expect.arrayContaining([P.vera, P.kari, P.rune]));
  });

  it('shows one line and a button per item, the rest counted, in the reader’s language', () => {
    const tasks = tasksFor(directory, P.rune, cases, TODAY);
    const many = Array.from({ length: 25 }, (_, i) => ({ ...tasks[0], caseId: `case-${i}` }));
    const { card, summary } = tasksMessage({ language: 'nn', directory, timeZone: OSLO, tasks: many, folded: 2 });
    expect(card.data.entries).toHaveLength(20);
    expect(card.data.more).toBe('og 5 til. Skriv «mine oppgåver» for å sjå alt.');
    expect(card.data.replaces).toBe('Påminningar i dag om dette er samla her.');
    expect(summary).toBe('Dette ventar på deg: 25 ting ventar på deg.');
    const en = tasksMessage({ language: 'en', directory, timeZone: OSLO, tasks: tasks.slice(2, 3) });
    expect(en.card.data.count).toBe('1 thing is waiting for you.');
    expect(en.card.data.entries[0].line).toBe('Measure past its due date: “Vakt i friminuttet” (due 01/12/2026)');
    expect(tasksMessage({ language: 'nb', directory, timeZone: OSLO, tasks: [] }).card.data.empty).toBe('Ingenting venter på deg nå.');
  });
});

describe('the reminders a summary stands in for', () => {
  const until = zonedToUtc('2026-12-08', '00:00', OSLO);
  const row = (id: string, over: Partial<ReminderRow>): ReminderRow => ({ id, caseId: 'case-01', recipientId: P.rune, reminder: 'acknowledge', dueAt: '2026-12-07T06:00:00.000Z', ...over });
  const tasks = tasksFor(directory, P.rune, cases, TODAY);

  it('folds the day’s reminders to the same person about what it lists; the daily NAV reminder moves to the next day', () => {
    const reminders = [
      row('w1', {}),
      row('w2', { caseId: 'case-02', reminder: 'nav' }),
      row('w3', { caseId: 'case-03', reminder: 'measureOverdue', measureId: 'm1' }),
    ];
    expect(remindersFolded(tasks, P.rune, reminders, until)).toEqual([
      { workId: 'w1', caseId: 'case-01', action: 'skip' },
      { workId: 'w2', caseId: 'case-02', action: 'defer' },
      { workId: 'w3', caseId: 'case-03', action: 'skip' },
    ]);
  });

  it('leaves the § 5-2 notifications, escalations, other people’s reminders, later days and what it does not list', () => {
    const reminders = [
      row('legal', { caseId: 'case-02', reminder: 'legal' }),
      row('escalation', { reminder: 'escalation' }),
      row('other', { recipientId: P.ola }),
      row('tomorrow', { dueAt: until.toISOString() }),
      row('unlisted', { caseId: 'case-03', reminder: 'measureOverdue', measureId: 'm2' }),
      row('acknowledged', { caseId: 'case-03' }),
    ];
    expect(remindersFolded(tasks, P.rune, reminders, until)).toEqual([]);
  });
});

describe('a reminder put off to the next school day', () => {
  const local = (d: Date) => Object.values(localDateTime(d, OSLO)).slice(0, 2).join(' ');
  it('goes again the next weekday morning when quiet hours end, after a weekend too', () => {
    expect(local(nextSchoolMorning({ schedule: DEFAULT_SCHEDULE, timeZone: OSLO }, zonedToUtc('2026-12-07', '10:00', OSLO)))).toBe('2026-12-08 07:00');
    expect(local(nextSchoolMorning({ schedule: DEFAULT_SCHEDULE, timeZone: OSLO }, zonedToUtc('2026-12-04', '22:30', OSLO)))).toBe('2026-12-07 07:00');
    // Without quiet hours: when the school day starts.
    expect(local(nextSchoolMorning({ schedule: { ...DEFAULT_SCHEDULE, quietHours: null }, timeZone: OSLO }, zonedToUtc('2026-12-05', '10:00', OSLO)))).toBe('2026-12-07 08:30');
  });
});

describe('check-ins to one person that go as one message', () => {
  const lead = { id: 'lead', caseId: 'case-a' };
  const until = new Date('2026-12-07T10:00:00.000Z');
  const w = (id: string, over: Partial<CheckinCandidate>): CheckinCandidate => ({ id, caseId: `case-${id}`, state: 'open', dueAt: '2026-12-07T09:30:00.000Z', ...over });

  it('takes other cases’ open ones due by then, the earliest of each case, and those folded in before', () => {
    const joined = checkinsToJoin(lead, [
      w('b2', { caseId: 'case-b', dueAt: '2026-12-07T09:50:00.000Z' }),
      w('b1', { caseId: 'case-b', dueAt: '2026-12-07T09:40:00.000Z' }),
      w('c', { state: 'done', mergedInto: 'lead', dueAt: undefined }),
    ], until);
    expect(joined.map((x) => x.id)).toEqual(['c', 'b1']);
  });

  it('leaves the lead’s own case, later ones, settled ones and those being sent', () => {
    const joined = checkinsToJoin(lead, [
      w('a2', { caseId: 'case-a' }),
      w('later', { dueAt: '2026-12-07T10:00:01.000Z' }),
      w('sent', { state: 'done', dueAt: undefined }),
      w('elsewhere', { state: 'done', mergedInto: 'other', dueAt: undefined }),
      w('leased', { leaseOwner: 'instance-2' }),
    ], until);
    expect(joined).toEqual([]);
  });
});
