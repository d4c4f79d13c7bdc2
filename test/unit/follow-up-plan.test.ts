import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import type { Viewer } from '../../src/cases/model/access';
import { zonedToUtc, localDateTime } from '../../src/core/clock';
import { applyCommand } from '../../src/cases/model/transitions';
import { noticesFor } from '../../src/cases/model/consequences';
import { nextRoleUp } from '../../src/cases/model/fallback';
import { checkinStillDue, clusterDecision, nextRepeat, planFollowUps, reminderStillDue } from '../../src/follow-up/model';
import { workForApprovedMeasure as approvedMeasureWork, workForNewCase as newCaseWork } from '../../src/follow-up/work';
import { newCaseNotices } from '../../src/cases/changes';
import type { StoredWork } from '../support/cases';
import { parseDuration } from '../../src/core/duration';
import { DEFAULT_SCHEDULE, type Schedule } from '../../src/core/schedule';
import { aCase } from '../support/cases';

/** Everything a new case owes: its notices (the case feature's) and the follow-up's plan. */
const workForNewCase = (c: Parameters<typeof newCaseWork>[0], ctx: Parameters<typeof newCaseWork>[1]): StoredWork[] => [...newCaseNotices(ctx.directory, c, ctx.now), ...newCaseWork(c, ctx)];
const workForApprovedMeasure = (...args: Parameters<typeof approvedMeasureWork>): StoredWork[] => approvedMeasureWork(...args);
import { P } from '../support/people';

const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const OSLO = 'Europe/Oslo';
const local = (iso: string) => {
  const l = localDateTime(new Date(iso), OSLO);
  return `${l.date} ${l.time}`;
};

describe('the follow-up plan of a new case', () => {
  // Reported Thursday 26 November 2026 at 14:00 in Oslo.
  const now = zonedToUtc('2026-11-26', '14:00', OSLO);
  const ctx = { directory, schedule: DEFAULT_SCHEDULE, timeZone: OSLO, now };
  const c = { ...aCase({ seriousInjury: 'true', injury: 'physical', sickLeave: 'true' }), createdAt: now.toISOString() };
  c.followUps = planFollowUps(c, ctx);

  it('checks in with the exposed employee after 4 hours, a day, a week and a month, outside quiet hours', () => {
    expect(c.followUps.map((f) => [f.id, f.personId, f.index, local(f.dueAt)])).toEqual([
      // 18:00 is before quiet hours start at 20:00.
      ['f1', P.tina, 0, '2026-11-26 18:00'],
      ['f2', P.tina, 1, '2026-11-27 14:00'],
      ['f3', P.tina, 2, '2026-12-03 14:00'],
      // 26 December is a Saturday: Monday morning.
      ['f4', P.tina, 3, '2026-12-28 07:00'],
    ]);
  });

  it('plans nothing for a witness report that names no exposed employee', () => {
    expect(planFollowUps({ ...c, affectedIds: [] }, ctx)).toEqual([]);
  });

  it('owes, besides telling people now: check-ins, a reminder, an escalation, legal reminders and a cluster check', () => {
    const work = workForNewCase(c, ctx);
    const summary = work.map((w) => [w.kind, w.reminder ?? w.followUpId ?? w.role ?? '', w.recipientId ?? '', local(w.dueAt!)]);
    expect(summary).toEqual([
      ['case.new', 'principal', P.rune, '2026-11-26 14:00'],
      ['case.new', 'safetyRep', P.vera, '2026-11-26 14:00'],
      ['case.new', 'chiefSafetyRep', P.hakon, '2026-11-26 14:00'],
      ['case.new', 'leader', P.siri, '2026-11-26 14:00'],
      ['checkin', 'f1', P.tina, '2026-11-26 18:00'],
      ['checkin', 'f2', P.tina, '2026-11-27 14:00'],
      ['checkin', 'f3', P.tina, '2026-12-03 14:00'],
      ['checkin', 'f4', P.tina, '2026-12-28 07:00'],
      // PT24H: Friday 14:00.
      ['reminder', 'acknowledge', P.rune, '2026-11-27 14:00'],
      // P3D lands on Sunday: Monday 07:00.
      ['reminder', 'escalation', P.siri, '2026-11-30 07:00'],
      ['reminder', 'legal', P.rune, '2026-11-26 16:00'],
      ['reminder', 'nav', P.rune, '2026-11-27 14:00'],
      ['cluster.check', '', '', '2026-11-26 14:00'],
    ]);
    expect(new Set(work.map((w) => w.id)).size).toBe(work.length);
  });

  it('plans no legal reminders and no cluster check for an ordinary case', () => {
    const plain = { ...aCase({ severity: 'minor' }), createdAt: now.toISOString() };
    const kinds = workForNewCase(plain, ctx).map((w) => w.reminder ?? w.kind);
    expect(kinds).not.toContain('legal');
    expect(kinds).not.toContain('nav');
    expect(kinds).not.toContain('cluster.check');
  });

  it('reminds a measure owner the day before it is due and the principal when it is overdue', () => {
    const m = { id: 'm1', description: 'Alarm', dueDate: '2026-12-02', state: 'approved' as const, ownerId: P.vera, proposedBy: P.rune, proposedAt: '' };
    expect(workForApprovedMeasure(c, m, ctx).map((w) => [w.reminder, w.recipientId, local(w.dueAt!)])).toEqual([
      ['measureDue', P.vera, '2026-12-02 07:00'],
      ['measureOverdue', P.rune, '2026-12-03 07:00'],
    ]);
    // Due today: the "soon" reminder would lie in the past, so only the overdue one.
    expect(workForApprovedMeasure(c, { ...m, dueDate: '2026-11-26', ownerId: undefined }, ctx).map((w) => w.reminder)).toEqual(['measureOverdue']);
  });
});

describe('reminders when they fall due', () => {
  const principal = { id: P.rune, viewer: 'principal' as Viewer };
  const at = new Date('2026-11-27T10:00:00Z');

  it('drop the acknowledgement reminder and the escalation once the case is acknowledged', () => {
    const c = aCase();
    expect(reminderStillDue(c, { reminder: 'acknowledge' })).toBe(true);
    const acked = applyCommand(c, { verb: 'acknowledge' }, principal, at);
    expect(acked.ok && reminderStillDue(acked.case, { reminder: 'acknowledge' })).toBe(false);
    expect(acked.ok && reminderStillDue(acked.case, { reminder: 'escalation' })).toBe(false);
  });

  it('repeat the legal reminder while a §5-2 step is open, and the NAV one apart', () => {
    let c = aCase({ seriousInjury: 'true', injury: 'physical', medicalTreatment: 'true' });
    expect(reminderStillDue(c, { reminder: 'legal' })).toBe(true);
    for (const item of ['arbeidstilsynet', 'police', 'confirmation'] as const) {
      const r = applyCommand(c, { verb: 'legal.mark', item }, principal, at);
      if (r.ok) c = r.case;
    }
    expect(reminderStillDue(c, { reminder: 'legal' })).toBe(false);
    expect(reminderStillDue(c, { reminder: 'nav' })).toBe(true);
    const schedule: Schedule = { ...DEFAULT_SCHEDULE, quietHours: null };
    expect(nextRepeat({ reminder: 'legal' }, { schedule, timeZone: OSLO, now: at })?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
    expect(nextRepeat({ reminder: 'acknowledge' }, { schedule, timeZone: OSLO, now: at })).toBeUndefined();
  });

  it('stop check-ins for someone who said they need no more, and an answered one', () => {
    const c = { ...aCase(), followUps: [{ id: 'f1', personId: P.tina, index: 0, dueAt: '' }, { id: 'f2', personId: P.tina, index: 1, dueAt: '' }] };
    expect(checkinStillDue(c, 'f2')).toBe(true);
    const answered = applyCommand(c, { verb: 'followup.answer', followUpId: 'f1', answer: 'ok', share: false, noMore: true }, { id: P.tina, viewer: 'reporter' }, at);
    expect(answered.ok && checkinStillDue(answered.case, 'f1')).toBe(false);
    expect(answered.ok && checkinStillDue(answered.case, 'f2')).toBe(false);
  });
});

describe('answering a check-in', () => {
  const c = { ...aCase(), followUps: [{ id: 'f1', personId: P.tina, index: 0, dueAt: '' }] };
  const at = new Date('2026-11-27T10:00:00Z');

  it('is for the employee it was sent to only, once', () => {
    expect(applyCommand(c, { verb: 'followup.answer', followUpId: 'f1', answer: 'ok', share: false, noMore: false }, { id: P.rune, viewer: 'principal' }, at)).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
    const done = applyCommand(c, { verb: 'followup.answer', followUpId: 'f1', answer: 'talk', note: 'Sover dårlig.', share: false, noMore: false }, { id: P.tina, viewer: 'reporter' }, at);
    if (!done.ok) throw new Error('refused');
    expect(done.case.followUps[0]).toMatchObject({ answer: 'talk', note: 'Sover dårlig.', shared: false, answeredAt: at.toISOString() });
    // The history says that it was answered, not what.
    expect(JSON.stringify(done.case.history)).not.toContain('Sover dårlig.');
    expect(applyCommand(done.case, { verb: 'followup.answer', followUpId: 'f1', answer: 'ok', share: false, noMore: false }, { id: P.tina, viewer: 'reporter' }, at)).toEqual({
      ok: false,
      refusal: { code: 'followUpAlreadyAnswered' },
    });
  });

  it('tells the principal that a talk or BHT was asked for, and nothing for "ok"', () => {
    expect(noticesFor(directory, c, [{ type: 'followUpAnswered', personId: P.tina, answer: 'bht' }], P.tina)).toEqual([
      { recipientId: P.rune, notice: 'bhtRequested', about: { recipientId: P.tina, what: 'bht' } },
    ]);
    expect(noticesFor(directory, c, [{ type: 'followUpAnswered', personId: P.tina, answer: 'ok' }], P.tina)).toEqual([]);
  });
});

describe('cluster alerts', () => {
  const rule = { window: parseDuration('P30D')!, severeCount: 3 };
  const now = new Date('2026-11-26T12:00:00Z');
  const c = (caseId: string, severity: 'minor' | 'serious' | 'very-serious', daysAgo: number, status = 'reported') => ({
    caseId,
    severity,
    status,
    createdAt: new Date(now.getTime() - daysAgo * 86400000).toISOString(),
  });

  it('alerts when the threshold of open serious cases within the window is reached', () => {
    expect(clusterDecision([c('a', 'serious', 1), c('b', 'very-serious', 5), c('x', 'minor', 2), c('c', 'serious', 29)], { alerted: false }, rule, now, OSLO)).toEqual({
      action: 'alert',
      caseIds: ['c', 'b', 'a'],
    });
  });

  it('does not count closed, minor or old cases', () => {
    expect(clusterDecision([c('a', 'serious', 1), c('b', 'serious', 2, 'closed'), c('c', 'minor', 3), c('d', 'serious', 31)], { alerted: false }, rule, now, OSLO)).toEqual({ action: 'none' });
  });

  it('does not alert the same cluster twice, and re-arms when it falls below the threshold', () => {
    const three = [c('a', 'serious', 1), c('b', 'serious', 2), c('c', 'serious', 3)];
    expect(clusterDecision([...three, c('d', 'serious', 0)], { alerted: true }, rule, now, OSLO)).toEqual({ action: 'none' });
    expect(clusterDecision(three.slice(0, 2), { alerted: true }, rule, now, OSLO)).toEqual({ action: 'rearm' });
  });
});

describe('who is told instead when someone cannot be reached', () => {
  const c = aCase();
  it.each([
    ['the reporter', P.tina, [P.rune]],
    ['the safety representative', P.vera, [P.hakon]],
    ['the principal', P.rune, [P.siri]],
    ['the chief safety representative', P.hakon, [P.siri]],
    ['the leader', P.siri, []],
  ])('%s: the next role up', (_label, who, instead) => expect(nextRoleUp(directory, c, who)).toEqual(instead));

  it('falls back to the principals when the owner has no chief safety representative', () => {
    const noHvo = { ...directory, owner: { ...directory.owner, chiefSafetyReps: [] } };
    expect(nextRoleUp(noHvo, c, P.vera)).toEqual([P.rune]);
  });
});
