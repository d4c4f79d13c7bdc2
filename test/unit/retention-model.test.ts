import type { Case } from '../../src/cases/model/case';
import { applyCommand } from '../../src/cases/model/transitions';
import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { DEFAULT_SCHEDULE, type RetentionPolicy } from '../../src/core/schedule';
import { addYears, anonymiseCase, caseClass, earliestCutoff, formerStaff, retainAssessment, retainReview, retainStaffRecord, retainTrainingEntry, retentionDecision, roleOf } from '../../src/privacy/model';
import { applyRiskCommand, emptyAssessment, parseRiskCommand, type RiskAssessment, type RiskCommand, type RiskReview, type RiskRole } from '../../src/risk/model';
import { newTrainingEntry, parseTrainingEntry, updateStaffRecord, type TrainingEntry } from '../../src/training/model';
import { aCase } from '../support/cases';
import { P } from '../support/people';

const directory = loadDirectory(join(PROJECT_ROOT, 'test', 'fixtures', 'directory.yaml'));
const policy: RetentionPolicy = DEFAULT_SCHEDULE.retention;
const closedAt = '2026-06-15T10:00:00.000Z';

/** A case that went all the way: comment, a measure, a check-in with a note, closed. */
function closedCase(fields: Record<string, string> = {}): Case {
  const base: Case = {
    ...aCase({ immediateActions: 'Jeg gikk ut med eleven.', ...fields }),
    affectedIds: [P.tina, P.eva],
    followUps: [{ id: 'f1', personId: P.tina, index: 0, dueAt: '2026-06-01T14:00:00Z' }],
    reporterCard: { recipientId: P.tina, conversationId: 'a:personal-tina', activityId: 'act-1' },
  };
  const at = new Date('2026-06-01T10:00:00Z');
  let c = base;
  const step = (cmd: Parameters<typeof applyCommand>[1], actor: { id: string; viewer: Parameters<typeof applyCommand>[2]['viewer'] }) => {
    const r = applyCommand(c, cmd, actor, at);
    if (!r.ok) throw new Error(JSON.stringify(r.refusal));
    c = r.case;
  };
  const principal = { id: P.rune, viewer: 'principal' as const };
  step({ verb: 'acknowledge' }, principal);
  step({ verb: 'comment', text: 'Ringte Tina etterpå.' }, principal);
  step({ verb: 'measure.propose', description: 'To voksne i gangen', ownerId: P.per, dueDate: '2026-06-10' }, { id: P.vera, viewer: 'safetyRep' });
  step({ verb: 'measure.approve', measureId: 'm1' }, principal);
  step({ verb: 'measure.complete', measureId: 'm1' }, principal);
  step({ verb: 'followup.answer', followUpId: 'f1', answer: 'bht', note: 'Sover dårlig.', share: true, noMore: true }, { id: P.tina, viewer: 'reporter' });
  for (const item of ['arbeidstilsynet', 'police', 'confirmation', 'nav'] as const) if (applyCommand(c, { verb: 'legal.mark', item }, principal, at).ok) step({ verb: 'legal.mark', item }, principal);
  step({ verb: 'close', summary: 'Tiltak gjennomført, Tina er tilbake.' }, principal);
  return { ...c, closedAt, unreachable: [{ recipientId: P.vera, at: closedAt, what: 'case.new', toldInstead: [P.hakon] }] };
}

describe('what the retention policy does to a case at a time', () => {
  it('keeps a closed case in full for its class’s years from the day it closed, then anonymises it', () => {
    const plain = closedCase();
    expect(caseClass(plain)).toBe('plain');
    expect(retentionDecision(plain, policy, new Date('2031-06-15T09:59:59Z'))).toEqual({ action: 'keep', reason: 'recent', class: 'plain', until: '2031-06-15T10:00:00.000Z' });
    expect(retentionDecision(plain, policy, new Date('2031-06-15T10:00:00Z'))).toEqual({ action: 'anonymise', class: 'plain', dueSince: '2031-06-15T10:00:00.000Z' });

    const injured = closedCase({ injury: 'psychological', sickLeave: 'true' });
    expect(caseClass(injured)).toBe('injury');
    expect(retentionDecision(injured, policy, new Date('2035-01-01T00:00:00Z')).action).toBe('keep');
    expect(retentionDecision(injured, policy, new Date('2036-06-16T00:00:00Z')).action).toBe('anonymise');

    const serious = closedCase({ seriousInjury: 'true', injury: 'physical' });
    expect(caseClass(serious)).toBe('seriousInjury');
    expect(retentionDecision(serious, policy, new Date('2126-01-01T00:00:00Z'))).toEqual({ action: 'keep', reason: 'keptInFull', class: 'seriousInjury' });
    expect(retentionDecision(serious, { ...policy, seriousInjuryCaseYears: 30 }, new Date('2056-06-16T00:00:00Z')).action).toBe('anonymise');
  });

  it('never touches an open case, a case on hold or one already anonymised', () => {
    const late = new Date('2090-01-01T00:00:00Z');
    expect(retentionDecision(aCase(), policy, late)).toMatchObject({ action: 'keep', reason: 'open' });
    const c = closedCase();
    expect(retentionDecision(c, { ...policy, hold: [c.reference] }, late)).toMatchObject({ action: 'keep', reason: 'hold' });
    expect(retentionDecision(anonymiseCase(c, directory, late), policy, late)).toMatchObject({ action: 'keep', reason: 'anonymised' });
  });

  it('counts calendar years, and asks the store only for cases old enough for the shortest time', () => {
    expect(addYears('2028-02-29T12:00:00.000Z', 1).toISOString()).toBe('2029-03-01T12:00:00.000Z');
    expect(earliestCutoff(policy, new Date('2031-06-15T10:00:00Z')).toISOString()).toBe('2026-06-15T10:00:00.000Z');
    expect(earliestCutoff({ ...policy, closedCaseYears: 3 }, new Date('2031-06-15T10:00:00Z')).toISOString()).toBe('2028-06-15T10:00:00.000Z');
  });

  it('anonymises: every free text removed, every person replaced by role, the register and statistics kept', () => {
    const c = closedCase({ injury: 'physical', medicalTreatment: 'true', perpetrator: 'pupil', pupilStage: '5-7', riskFactors: 'alone,staffing', time: '10:05' });
    const now = new Date('2037-01-01T00:00:00Z');
    const a = anonymiseCase(c, directory, now);
    const json = JSON.stringify(a);
    for (const id of Object.values(P)) expect(json).not.toContain(id);
    for (const text of ['Slått i armen', 'Jeg gikk ut med eleven', 'Ringte Tina', 'To voksne i gangen', 'Sover dårlig', 'Tiltak gjennomført', c.clientRequestId, 'act-1']) expect(json).not.toContain(text);

    // The injury register's facts and the statistics.
    const { description: _d, immediateActions: _i, ...register } = c.report;
    expect(a.report).toEqual({ ...register, description: '' });
    for (const key of ['id', 'caseId', 'docType', 'reference', 'tenantId', 'schoolId', 'serious', 'status', 'createdAt', 'acknowledgedAt', 'closedAt'] as const) expect(a[key]).toEqual(c[key]);
    expect(a.affectedCount).toBe(2);
    expect(a.measures).toEqual([{ id: 'm1', description: '', dueDate: '2026-06-10', state: 'done', proposedBy: 'role:safetyRep', proposedAt: c.measures[0]!.proposedAt, ownerId: 'role:staff', decidedBy: 'role:principal', decidedAt: c.measures[0]!.decidedAt, doneBy: 'role:principal', doneAt: c.measures[0]!.doneAt }]);
    expect(a.legal.nav).toEqual({ at: c.legal.nav!.at, by: 'role:principal' });
    expect(a.followUps).toEqual([{ id: 'f1', personId: 'role:affected', index: 0, dueAt: '2026-06-01T14:00:00Z', answer: 'bht', answeredAt: c.followUps[0]!.answeredAt }]);
    expect(a.history.map((e) => [e.action, e.by])).toEqual(c.history.map((e) => [e.action, roleOf(directory, c, e.by)]));
    expect(a.history.every((e) => e.text === undefined)).toBe(true);
    expect(a.history[0]!.by).toBe('role:reporter');
    expect(a).toMatchObject({ reporterId: 'role:reporter', affectedIds: [], followUpsStoppedBy: [], unreachable: [], clientRequestId: '', anonymisedAt: now.toISOString(), revision: c.revision + 1 });
    expect(a.reporterCard).toBeUndefined();
    expect(a.closingSummary).toBeUndefined();
  });
});

describe('what the retention policy does to the prevention documents', () => {
  const ctx = { today: '2026-06-01', possibleOwners: [P.rune, P.vera, P.tina, P.eva] };
  const at = new Date('2026-06-01T10:00:00Z');
  const staff = [P.rune, P.vera, P.tina, P.eva];

  function assessmentAndReview(): { a: RiskAssessment; review: RiskReview } {
    let a = emptyAssessment('nordby', at);
    let review: RiskReview | undefined;
    const step = (verb: RiskCommand['verb'], data: Record<string, unknown>, actor: { id: string; role: RiskRole }) => {
      const parsed = parseRiskCommand(verb, data, ctx);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const r = applyRiskCommand(a, parsed.command, actor, at, { plan: DEFAULT_SCHEDULE.riskReview, timeZone: 'Europe/Oslo', safetyReps: [P.vera], safetyRepsAsked: [P.vera] });
      if (!r.ok) throw new Error(JSON.stringify(r.refusal));
      a = r.assessment;
      for (const e of r.events) if (e.type === 'reviewed') review = e.review;
    };
    const principal = { id: P.rune, role: 'principal' as const };
    step('add', { situation: 'Alenearbeid i SFO', likelihood: '4', consequence: '4', location: 'sfo', clientRequestId: 'r-1' }, principal);
    step('measure.propose', { situationId: 's1', description: 'To voksne på SFO', owner: P.tina, dueDate: '2026-06-10' }, { id: P.vera, role: 'safetyRep' });
    step('measure.approve', { situationId: 's1', measureId: 'm1' }, principal);
    step('measure.complete', { situationId: 's1', measureId: 'm1' }, { id: P.tina, role: 'member' });
    step('measure.evaluate', { situationId: 's1', measureId: 'm1', effect: 'partly', note: 'Tina sier det hjelper litt.' }, principal);
    step('comment', { comment: 'Vi treng fleire vaksne.' }, { id: P.vera, role: 'safetyRep' });
    step('review', { note: 'Gikk gjennom med Vera.', safetyRepTookPart: 'true' }, principal);
    return { a, review: review! };
  }

  function drill(): TrainingEntry {
    const parsed = parseTrainingEntry({ date: '2026-06-01', kind: 'drill', topic: 'Alarmøvelse', participants: `${P.tina},${P.eva}`, ledBy: P.rune, notes: 'Tina fant ikke alarmknappen.', clientRequestId: 'drill-12345' }, { today: '2026-06-01', staff, situationIds: ['s1'] });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return newTrainingEntry('nordby', parsed.fields, P.rune, at);
  }

  // Tina left Nordby a month later.
  const record = updateStaffRecord(updateStaffRecord(undefined, 'nordby', staff, at)!, 'nordby', [P.rune, P.vera, P.eva], new Date('2026-07-01T08:00:00Z'))!;
  const ids = (doc: unknown) => Object.values(P).filter((id) => JSON.stringify(doc).includes(id));

  it('names someone who left in the training log for three years, then as former staff, and drops them from the staff record', () => {
    const e = drill();
    expect(formerStaff(record, policy, new Date('2029-06-30T08:00:00Z'))).toEqual(new Set());
    expect(retainTrainingEntry(e, formerStaff(record, policy, new Date('2029-06-30T08:00:00Z')), policy, new Date('2029-06-30T08:00:00Z'))).toBeUndefined();
    const later = new Date('2029-07-02T08:00:00Z');
    const gone = formerStaff(record, policy, later);
    expect(gone).toEqual(new Set([P.tina]));
    const after = retainTrainingEntry(e, gone, policy, later)!;
    expect(after.participants).toEqual(['role:staff', P.eva]);
    expect(after).toMatchObject({ ledById: P.rune, recordedBy: P.rune, notes: e.notes, topic: 'Alarmøvelse' });
    expect(retainTrainingEntry(after, gone, policy, later)).toBeUndefined();
    expect(Object.keys(retainStaffRecord(record, policy, later)!.people).sort()).toEqual([P.rune, P.vera, P.eva].sort());
    expect(retainStaffRecord(record, policy, new Date('2029-06-30T08:00:00Z'))).toBeUndefined();
  });

  it('after ten years keeps a training entry, a review and a finished measure with roles for people and without their free text', () => {
    const { a, review } = assessmentAndReview();
    const e = drill();
    const soon = new Date('2036-05-31T08:00:00Z');
    expect([retainTrainingEntry(e, new Set(), policy, soon), retainReview(review, policy, soon), retainAssessment(a, policy, soon)]).toEqual([undefined, undefined, undefined]);

    const later = new Date('2036-06-02T08:00:00Z');
    const entry = retainTrainingEntry(e, new Set(), policy, later)!;
    expect(ids(entry)).toEqual([]);
    expect(entry).toMatchObject({ participants: ['role:staff', 'role:staff'], ledById: 'role:staff', recordedBy: 'role:principal', topic: 'Alarmøvelse', date: '2026-06-01', kind: 'drill' });
    expect(entry.notes).toBeUndefined();

    const version = retainReview(review, policy, later)!;
    expect(ids(version)).toEqual([]);
    expect(JSON.stringify(version)).not.toContain('Vera');
    expect(version).toMatchObject({ by: 'role:principal', note: '', safetyRepsAsked: ['role:safetyRep'], safetyRepsCommented: ['role:safetyRep'], after: review.after, before: review.before, safetyRepTookPart: true });
    expect(version.comments).toEqual([expect.objectContaining({ by: 'role:safetyRep', text: '' })]);
    expect(version.changes.map((c) => c.by)).toEqual(review.changes.map((c) => (c.by === P.rune ? 'role:principal' : c.by === P.vera ? 'role:safetyRep' : 'role:staff')));
    expect(retainReview(version, policy, later)).toBeUndefined();

    const assessment = retainAssessment(a, policy, later)!;
    expect(ids(assessment.situations[0].measures)).toEqual([]);
    expect(assessment.situations[0].measures[0]).toMatchObject({ state: 'done', description: 'To voksne på SFO', evaluation: { effect: 'partly', by: 'role:principal' } });
    expect(JSON.stringify(assessment)).not.toContain('Tina sier');
    expect(retainAssessment(assessment, policy, later)).toBeUndefined();
    // The situation itself, and who added it, is the assessment as it stands.
    expect(assessment.situations[0].createdBy).toBe(P.rune);
  });

  it('keeps everything when the policy says so (null)', () => {
    const { a, review } = assessmentAndReview();
    const keep: RetentionPolicy = { ...policy, preventionYears: null, trainingAfterLeavingYears: null };
    const later = new Date('2060-01-01T00:00:00Z');
    expect(formerStaff(record, keep, later)).toEqual(new Set());
    expect([retainTrainingEntry(drill(), new Set(), keep, later), retainReview(review, keep, later), retainAssessment(a, keep, later), retainStaffRecord(record, keep, later)]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
