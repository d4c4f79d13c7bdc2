/** The risk assessment's pure rules: score and colour, input, who may do what, matching cases, suggestions, reviews over time. */
import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import type { CaseEvidence } from '../../src/cases/model/case';
import { zonedToUtc } from '../../src/core/clock';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import {
  applyRiskCommand,
  dueStage,
  emptyAssessment,
  evidenceBySituation,
  matchesSituation,
  mayRisk,
  nextReviewDue,
  parseRiskCommand,
  preventionFallback,
  principalsOrOwner,
  reviewReason,
  riskChangeSummary,
  riskColour,
  riskRoleOf,
  riskScore,
  suggestSituations,
  twelveMonthsBefore,
  withPrompt,
  type RiskAssessment,
  type RiskCommand,
  type RiskRole,
  type Situation,
} from '../../src/risk/model';
import { suggestionText } from '../../src/risk/views';
import { P } from '../support/people';

const OSLO = 'Europe/Oslo';
const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const day = DEFAULT_SCHEDULE.schoolDay;
const now = new Date('2026-11-20T10:00:00Z');
const ctx = { today: '2026-11-20', possibleOwners: [P.rune, P.vera, P.tina] };

function command(verb: RiskCommand['verb'], data: Record<string, unknown>): RiskCommand {
  const parsed = parseRiskCommand(verb, data, ctx);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.command;
}

function apply(a: RiskAssessment, verb: RiskCommand['verb'], data: Record<string, unknown>, role: RiskRole = 'principal', by: string = P.rune) {
  const review = { plan: DEFAULT_SCHEDULE.riskReview, timeZone: OSLO, safetyReps: [P.vera], safetyRepsAsked: [] };
  return applyRiskCommand(a, command(verb, data), { id: by, role }, now, review);
}

function withSituation(fields: Record<string, unknown> = {}): RiskAssessment {
  const r = apply(emptyAssessment('nordby', now), 'add', { situation: 'Elev utagerer i skolegården', likelihood: '4', consequence: '3', location: 'schoolyard', timeOfDay: 'breaks', ...fields });
  if (!r.ok) throw new Error(r.refusal.code);
  return r.assessment;
}

let n = 0;
function evidence(fields: Partial<CaseEvidence['report']> = {}, caseId = `case-${String(++n).padStart(32, '0')}`): CaseEvidence {
  return {
    caseId,
    reference: `VT-2026-${String(n).padStart(4, '0')}`,
    schoolId: 'nordby',
    status: 'reported',
    createdAt: '2026-10-01T10:00:00Z',
    report: { date: '2026-10-01', time: '10:05', location: 'schoolyard', types: ['physical'], severity: 'serious', seriousInjury: false, sickLeave: false, medicalTreatment: false, policeInvolved: false, physicalIntervention: false, riskFactors: [], ...fields },
  };
}

describe('risk score and colour', () => {
  it('multiplies likelihood by consequence', () => {
    expect(riskScore(1, 1)).toBe(1);
    expect(riskScore(4, 3)).toBe(12);
    expect(riskScore(5, 5)).toBe(25);
  });

  it('is green up to 4, yellow from 5 to 10, red from 12', () => {
    const colours = Object.fromEntries([1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25].map((s) => [s, riskColour(s)]));
    expect(colours).toEqual({ 1: 'green', 2: 'green', 3: 'green', 4: 'green', 5: 'yellow', 6: 'yellow', 8: 'yellow', 9: 'yellow', 10: 'yellow', 12: 'red', 15: 'red', 16: 'red', 20: 'red', 25: 'red' });
  });

  it('every cell of the 5 × 5 matrix has one colour, and more of either never lowers it', () => {
    const rank = { green: 0, yellow: 1, red: 2 };
    for (let l = 1; l <= 5; l++)
      for (let c = 1; c <= 5; c++) {
        const here = rank[riskColour(riskScore(l, c))];
        if (l < 5) expect(rank[riskColour(riskScore(l + 1, c))]).toBeGreaterThanOrEqual(here);
        if (c < 5) expect(rank[riskColour(riskScore(l, c + 1))]).toBeGreaterThanOrEqual(here);
      }
  });
});

describe('risk input', () => {
  it('reads a situation as risk.add sends it: comma-separated factors, numbers as text', () => {
    const parsed = parseRiskCommand('add', { situation: ' Alenearbeid i SFO ', likelihood: '2', consequence: '5', location: 'sfo', factors: 'alone, staffing', clientRequestId: 'abc-123' }, ctx);
    expect(parsed).toEqual({
      ok: true,
      command: { verb: 'add', requestId: 'abc-123', fields: { description: 'Alenearbeid i SFO', likelihood: 2, consequence: 5, location: 'sfo', types: [], factors: ['alone', 'staffing'], barriers: '' } },
    });
  });

  it('refuses what is out of scale, unknown or carries a national identity number, field by field', () => {
    const parsed = parseRiskCommand('add', { situation: 'Elev 01010012356 slo', likelihood: '6', consequence: 'x', location: 'roof', factors: 'alone,luck' }, ctx);
    expect(parsed).toEqual({ ok: false, errors: { situation: 'nationalId', likelihood: 'outOfScale', consequence: 'invalid', location: 'invalidChoice', factors: 'invalidChoice' } });
    expect(parseRiskCommand('add', {}, ctx)).toEqual({ ok: false, errors: { situation: 'required', likelihood: 'required', consequence: 'required' } });
  });

  it('reads an update as the fields it carries; a blank optional field clears it', () => {
    expect(command('update', { situationId: 's1', likelihood: '2', timeOfDay: '' })).toEqual({ verb: 'update', situationId: 's1', fields: { likelihood: 2, timeOfDay: undefined }, archive: false });
    expect(parseRiskCommand('update', { situationId: 'x1' }, ctx)).toEqual({ ok: false, errors: { situationId: 'invalid' } });
  });

  it('reads measures with the case measures’ rules', () => {
    expect(parseRiskCommand('measure.propose', { situationId: 's1', description: 'To voksne ute', dueDate: '2026-11-01', owner: P.per }, ctx)).toEqual({ ok: false, errors: { dueDate: 'pastDate', owner: 'invalidOwner' } });
    expect(command('measure.reject', { situationId: 's1', measureId: 'm1', 'reason-m1': 'For dyrt' })).toEqual({ verb: 'measure.reject', situationId: 's1', measureId: 'm1', reason: 'For dyrt' });
  });
});

describe('who may do what', () => {
  it('reads roles from the directory', () => {
    expect(riskRoleOf(directory, 'nordby', P.rune)).toBe('principal');
    expect(riskRoleOf(directory, 'nordby', P.vera)).toBe('safetyRep');
    expect(riskRoleOf(directory, 'nordby', P.siri)).toBe('owner');
    expect(riskRoleOf(directory, 'nordby', P.tina)).toBe('member');
    expect(riskRoleOf(directory, 'nordby', P.per)).toBeNull();
  });

  it('lets the principal edit, the safety representative comment and propose, and a teacher nothing', () => {
    const a = withSituation();
    expect(apply(a, 'comment', { comment: 'Vi trenger flere voksne ute.' }, 'safetyRep', P.vera).ok).toBe(true);
    expect(apply(a, 'measure.propose', { situationId: 's1', description: 'To voksne ute', dueDate: '2026-12-01' }, 'safetyRep', P.vera).ok).toBe(true);
    for (const [verb, data] of [
      ['update', { situationId: 's1', likelihood: '1' }],
      ['add', { situation: 'Ny', likelihood: '1', consequence: '1' }],
      ['review', { note: 'Gjennomgått' }],
    ] as const) {
      expect(apply(a, verb, data, 'safetyRep', P.vera)).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
      expect(apply(a, verb, data, 'member', P.tina)).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
      expect(apply(a, verb, data, 'owner', P.siri)).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
    }
    expect(apply(a, 'comment', { comment: 'Hei' }, 'member', P.tina)).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
    expect(mayRisk('owner', 'view')).toBe(true);
    expect(mayRisk('member', 'view')).toBe(false);
  });

  it('lets a measure’s owner mark it done, and only once it is approved', () => {
    let a = withSituation();
    const proposed = apply(a, 'measure.propose', { situationId: 's1', description: 'Alarm i lomma', dueDate: '2026-12-01', owner: P.tina });
    if (!proposed.ok) throw new Error();
    a = proposed.assessment;
    expect(apply(a, 'measure.complete', { situationId: 's1', measureId: 'm1' }, 'member', P.tina)).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
    const approved = apply(a, 'measure.approve', { situationId: 's1', measureId: 'm1' });
    if (!approved.ok) throw new Error();
    const done = apply(approved.assessment, 'measure.complete', { situationId: 's1', measureId: 'm1' }, 'member', P.tina);
    expect(done.ok && done.assessment.situations[0].measures[0].state).toBe('done');
    expect(apply(approved.assessment, 'measure.complete', { situationId: 's1', measureId: 'm1' }, 'member', P.eva)).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
    if (!done.ok) throw new Error();
    expect(apply(done.assessment, 'measure.evaluate', { situationId: 's1', measureId: 'm1', effect: 'notEffective' }, 'member', P.tina)).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
    const evaluated = apply(done.assessment, 'measure.evaluate', { situationId: 's1', measureId: 'm1', 'effect-m1': 'partly', 'evaluation-m1': 'Hjalp i storefri' });
    expect(evaluated.ok && evaluated.assessment.situations[0].measures[0].evaluation).toEqual({ effect: 'partly', note: 'Hjalp i storefri', by: P.rune, at: now.toISOString() });
  });
});

describe('who is told when the principal cannot be', () => {
  const noPrincipal = { ...directory, schools: directory.schools.map((s) => (s.id === 'sorby' ? { ...s, principals: [] } : s)) };

  it('sends what the principal is owed to the principals, or to the owner’s leaders where a school has none', () => {
    expect(principalsOrOwner(directory, 'nordby')).toEqual({ ids: [P.rune], noPrincipal: false });
    expect(principalsOrOwner(noPrincipal, 'sorby')).toEqual({ ids: [P.siri], noPrincipal: true });
  });

  it('tells the next role up of someone unreachable, as case reminders do', () => {
    expect(preventionFallback(directory, 'nordby', P.rune)).toEqual([P.siri]);
    expect(preventionFallback(directory, 'nordby', P.tina)).toEqual([P.rune]);
    expect(preventionFallback(directory, 'nordby', P.vera)).toEqual([P.hakon]);
    expect(preventionFallback(directory, 'nordby', P.hakon)).toEqual([P.siri]);
    expect(preventionFallback(directory, 'nordby', P.siri)).toEqual([]);
    // A teacher at a school without a principal: the owner's leaders.
    expect(preventionFallback(noPrincipal, 'sorby', P.per)).toEqual([P.siri]);
  });
});

describe('changes', () => {
  it('adds the same form or suggestion once', () => {
    const a = withSituation({ clientRequestId: 'suggestion:schoolyard|breaks' });
    const again = apply(a, 'add', { situation: 'Skolegård, i friminuttet', likelihood: '3', consequence: '3', clientRequestId: 'suggestion:schoolyard|breaks' });
    expect(again).toEqual({ ok: true, assessment: a, events: [{ type: 'added', situationId: 's1', existing: true }] });
  });

  it('records what changed and the score before and after', () => {
    const a = withSituation();
    const r = apply(a, 'update', { situationId: 's1', likelihood: '2', barriers: 'To voksne ute i storefri' });
    if (!r.ok) throw new Error();
    expect(r.assessment.changes.at(-1)).toEqual({ at: now.toISOString(), by: P.rune, action: 'updated', situationId: 's1', fields: ['likelihood', 'barriers'], scoreBefore: 12, scoreAfter: 6 });
    expect(apply(r.assessment, 'update', { situationId: 's1', likelihood: '2' })).toEqual({ ok: true, assessment: r.assessment, events: [] });
  });

  it('keeps each review as a version: who, when, why, what changed, risk before and after, the safety representative', () => {
    let a = withSituation();
    const commented = apply(a, 'comment', { comment: 'Flere voksne ute.' }, 'safetyRep', P.vera);
    if (!commented.ok) throw new Error();
    const first = applyRiskCommand(commented.assessment, command('review', { note: 'Første gjennomgang', safetyRepTookPart: 'true' }), { id: P.rune, role: 'principal' }, now, {
      plan: DEFAULT_SCHEDULE.riskReview,
      timeZone: OSLO,
      safetyReps: [P.vera],
      safetyRepsAsked: [P.vera],
    });
    if (!first.ok || first.events[0].type !== 'reviewed') throw new Error();
    const v1 = first.events[0].review;
    expect(v1).toMatchObject({ id: 'risk-review-nordby-1', no: 1, by: P.rune, reason: 'manual', note: 'Første gjennomgang', safetyRepTookPart: true, safetyRepsAsked: [P.vera], safetyRepsCommented: [P.vera], before: [] });
    expect(v1.after).toEqual([expect.objectContaining({ id: 's1', score: 12, colour: 'red' })]);
    expect(v1.changes.map((c) => c.action)).toEqual(['added']);
    a = first.assessment;
    expect(a.comments).toEqual([]);
    expect(a.changes).toEqual([]);
    const lowered = apply(a, 'update', { situationId: 's1', likelihood: '1' });
    if (!lowered.ok) throw new Error();
    const second = apply(lowered.assessment, 'review', { note: 'Tiltakene virker' });
    if (!second.ok || second.events[0].type !== 'reviewed') throw new Error();
    const v2 = second.events[0].review;
    expect(v2.before).toEqual(v1.after);
    expect(riskChangeSummary(v2.before, v2.after)).toEqual({ before: { red: 1, yellow: 0, green: 0 }, after: { red: 0, yellow: 0, green: 1 }, raised: 0, lowered: 1, added: 0, removed: 0 });
  });

  it('records a cluster prompt once, and a review after it says why it was held', () => {
    const a = withSituation();
    const prompted = withPrompt(a, { at: now.toISOString(), reason: 'cluster', alertNumber: 1, caseIds: [] }, now)!;
    expect(withPrompt(prompted, { at: now.toISOString(), reason: 'cluster', alertNumber: 1, caseIds: [] }, now)).toBeUndefined();
    expect(reviewReason(prompted, DEFAULT_SCHEDULE.riskReview, now, OSLO)).toBe('cluster');
    const reviewed = apply(prompted, 'review', { note: 'Etter varselet' });
    expect(reviewed.ok && reviewed.assessment.prompts).toEqual([]);
  });

  it('keeps an assessment within what one document holds', () => {
    let a = emptyAssessment('nordby', now);
    for (let i = 0; i < 60; i++) {
      const r = apply(a, 'add', { situation: `Situasjon ${i}`, likelihood: '1', consequence: '1' });
      if (!r.ok) throw new Error(r.refusal.code);
      a = r.assessment;
    }
    expect(apply(a, 'add', { situation: 'En til', likelihood: '1', consequence: '1' })).toEqual({ ok: false, refusal: { code: 'tooManySituations' } });
  });
});

describe('cases as evidence', () => {
  const situation = (fields: Partial<Situation>): Situation => ({ ...withSituation().situations[0], ...fields });

  it('matches a case on each of place, time of day and type the situation names', () => {
    const s = situation({ location: 'schoolyard', timeOfDay: 'breaks', types: ['physical', 'threat'] });
    expect(matchesSituation(s, evidence(), day)).toBe(true);
    expect(matchesSituation(s, evidence({ location: 'gym' }), day)).toBe(false);
    expect(matchesSituation(s, evidence({ time: '09:00' }), day)).toBe(false);
    expect(matchesSituation(s, evidence({ time: undefined }), day)).toBe(false);
    expect(matchesSituation(s, evidence({ types: ['harassment'] }), day)).toBe(false);
    expect(matchesSituation(situation({ location: 'schoolyard', timeOfDay: undefined, types: [] }), evidence({ time: '13:00' }), day)).toBe(true);
    expect(matchesSituation(situation({ location: 'sfo', timeOfDay: 'sfo', types: [] }), evidence({ location: 'sfo', time: undefined }), day)).toBe(true);
  });

  it('matches a linked case whatever it names, and nothing else when the situation names nothing', () => {
    const linked = evidence({ location: 'gym' });
    const s = situation({ location: undefined, timeOfDay: undefined, types: [], linkedCases: [{ caseId: linked.caseId, reference: linked.reference, by: P.rune, at: now.toISOString() }] });
    expect(matchesSituation(s, linked, day)).toBe(true);
    expect(matchesSituation(s, evidence(), day)).toBe(false);
  });

  it('counts the cases of the last 12 months per situation', () => {
    expect(twelveMonthsBefore('2026-11-20')).toBe('2025-11-20');
    expect(twelveMonthsBefore('2028-02-29')).toBe('2027-03-01');
    const a = withSituation();
    const found = evidenceBySituation(a, [evidence(), evidence({ date: '2025-11-19' }), evidence({ date: '2025-11-20' })], day, '2025-11-20');
    expect(found.get('s1')).toHaveLength(2);
  });
});

describe('suggestions', () => {
  const cluster = (count: number, fields: Partial<CaseEvidence['report']> = {}) => Array.from({ length: count }, (_, i) => evidence({ date: `2026-0${8 + (i % 2)}-1${i % 10}`, ...fields }));

  it('suggests a place and time of day where cases gather and no situation covers it', () => {
    const cases = [...cluster(7, { riskFactors: ['staffing'] }), ...cluster(2, { location: 'gym', time: '09:00' })];
    const [s, ...rest] = suggestSituations(emptyAssessment('nordby', now), cases, day, '2025-11-20', 3);
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ key: 'schoolyard|breaks', location: 'schoolyard', timeOfDay: 'breaks', count: 7, since: '2026-08-10', types: ['physical'], factors: ['staffing'], likelihood: 4, consequence: 3 });
    expect(suggestionText('nb', s)).toBe('7 hendelser i skolegården i friminuttet siden august, ingen situasjon dekker det.');
    expect(suggestionText('nn', s)).toBe('7 hendingar i skulegarden i friminuttet sidan august, ingen situasjon dekkjer det.');
    expect(suggestionText('en', s)).toBe('7 incidents in the schoolyard during breaks since August; no situation covers them.');
  });

  it('suggests nothing a situation covers: by place and time, by place alone, or by the cases linked to it', () => {
    const cases = cluster(5);
    expect(suggestSituations(withSituation(), cases, day, '2025-11-20', 3)).toEqual([]);
    expect(suggestSituations(withSituation({ timeOfDay: '' }), cases, day, '2025-11-20', 3)).toEqual([]);
    const elsewhere = withSituation({ location: '', timeOfDay: '' });
    elsewhere.situations[0].linkedCases = cases.slice(0, 3).map((c) => ({ caseId: c.caseId, reference: c.reference, by: P.rune, at: now.toISOString() }));
    expect(suggestSituations(elsewhere, cases, day, '2025-11-20', 3)).toEqual([]);
    expect(suggestSituations(withSituation({ location: 'gym' }), cases, day, '2025-11-20', 3)).toHaveLength(1);
  });

  it('suggests a place as a whole when its cases spread over the day, and nothing below the threshold or older than 12 months', () => {
    const spread = [evidence({ location: 'corridor', time: '08:00' }), evidence({ location: 'corridor', time: '09:00' }), evidence({ location: 'corridor', time: '15:30' })];
    expect(suggestSituations(emptyAssessment('nordby', now), spread, day, '2025-11-20', 3)).toEqual([expect.objectContaining({ key: 'corridor|', count: 3 })]);
    expect(suggestSituations(emptyAssessment('nordby', now), cluster(2), day, '2025-11-20', 3)).toEqual([]);
    expect(suggestSituations(emptyAssessment('nordby', now), cluster(4, { date: '2025-10-01' }), day, '2025-11-20', 3)).toEqual([]);
  });

  it('starts the consequence from the worst case', () => {
    const [s] = suggestSituations(emptyAssessment('nordby', now), [...cluster(2), evidence({ seriousInjury: true, severity: 'very-serious' })], day, '2025-11-20', 3);
    expect(s.consequence).toBe(5);
    expect(s.likelihood).toBe(3);
  });
});

describe('when reviews are due', () => {
  const plan = DEFAULT_SCHEDULE.riskReview;
  const at = (date: string, time = '08:00') => zonedToUtc(date, time, OSLO);
  const reviewedAt = (date: string) => ({ createdAt: at('2025-01-10').toISOString(), lastReview: { no: 1, at: at(date).toISOString(), by: P.rune } });

  it('is 1 September by default: the next one after the start, or after the last review', () => {
    expect(nextReviewDue(plan, undefined, at('2026-08-01'), OSLO)).toEqual(at('2026-09-01', '00:00'));
    expect(nextReviewDue(plan, { createdAt: at('2026-09-02').toISOString() }, at('2026-10-01'), OSLO)).toEqual(at('2027-09-01', '00:00'));
    expect(nextReviewDue(plan, reviewedAt('2026-06-01'), at('2026-07-01'), OSLO)).toEqual(at('2026-09-01', '00:00'));
    // A review in the two weeks before counts for that year.
    expect(nextReviewDue(plan, reviewedAt('2026-08-25'), at('2026-08-26'), OSLO)).toEqual(at('2027-09-01', '00:00'));
  });

  it('is due soon from two weeks before, then due, and stays due until reviewed', () => {
    const due = at('2026-09-01', '00:00');
    expect(dueStage(due, plan.remindBefore, at('2026-08-17', '23:59'), OSLO)).toBeUndefined();
    expect(dueStage(due, plan.remindBefore, at('2026-08-18', '00:00'), OSLO)).toBe('soon');
    expect(dueStage(due, plan.remindBefore, at('2026-09-01'), OSLO)).toBe('due');
    expect(nextReviewDue(plan, reviewedAt('2025-09-03'), at('2026-10-15'), OSLO)).toEqual(due);
  });

  it('may instead be a period after the last review', () => {
    const every = { date: null, every: { days: 182, hours: 0, minutes: 0, seconds: 0 }, remindBefore: plan.remindBefore };
    expect(nextReviewDue(every, reviewedAt('2026-03-01'), at('2026-03-02'), OSLO)).toEqual(at('2026-08-30'));
  });
});
