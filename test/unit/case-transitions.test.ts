import type { Viewer } from '../../src/cases/model/access';
import type { Case } from '../../src/cases/model/case';
import { applyCommand, type CaseCommand, type TransitionResult } from '../../src/cases/model/transitions';
import { requiredLegalSteps } from '../../src/cases/model/legal-steps';
import { aCase } from '../support/cases';
import { P } from '../support/people';

const now = new Date('2026-11-21T09:00:00Z');
const principal = { id: P.rune, viewer: 'principal' as Viewer };
const safetyRep = { id: P.vera, viewer: 'safetyRep' as Viewer };
const reporter = { id: P.tina, viewer: 'reporter' as Viewer };

function ok(result: TransitionResult): Case {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refusal)}`);
  return result.case;
}

function run(c: Case, ...steps: [CaseCommand, { id: string; viewer: Viewer }][]): Case {
  return steps.reduce((acc, [cmd, actor]) => ok(applyCommand(acc, cmd, actor, now)), c);
}

const propose = (description = 'Alarmknapp i gymsalen', ownerId?: string): CaseCommand => ({ verb: 'measure.propose', description, dueDate: '2026-12-01', ...(ownerId ? { ownerId } : {}) });

describe('the life of a case', () => {
  it('goes from reported through acknowledged and measures to closed, recording who did what', () => {
    let c = aCase();
    expect(c.status).toBe('reported');
    c = run(c, [{ verb: 'acknowledge' }, principal]);
    expect(c.status).toBe('acknowledged');
    expect(c.acknowledgedAt).toBe(now.toISOString());
    c = run(c, [propose(), safetyRep], [{ verb: 'measure.approve', measureId: 'm1' }, principal]);
    expect(c.status).toBe('measures');
    expect(c.measures[0]).toMatchObject({ state: 'approved', proposedBy: P.vera, decidedBy: P.rune });
    c = run(c, [{ verb: 'measure.complete', measureId: 'm1' }, principal], [{ verb: 'close', summary: 'Alarmknapp montert.' }, principal]);
    expect(c.status).toBe('closed');
    expect(c.closingSummary).toBe('Alarmknapp montert.');
    expect(c.history.map((h) => [h.action, h.by])).toEqual([
      ['reported', P.tina],
      ['acknowledged', P.rune],
      ['measureProposed', P.vera],
      ['measureApproved', P.rune],
      ['measureDone', P.rune],
      ['closed', P.rune],
    ]);
    expect(c.revision).toBe(6);
  });

  it('leaves the case it was given untouched', () => {
    const c = aCase();
    const copy = JSON.parse(JSON.stringify(c));
    applyCommand(c, { verb: 'acknowledge' }, principal, now);
    expect(c).toEqual(copy);
  });

  it('reports the events that tell people what happened', () => {
    const result = applyCommand(aCase(), { verb: 'acknowledge' }, principal, now);
    expect(result.ok && result.events).toEqual([{ type: 'acknowledged' }]);
    const comment = applyCommand(aCase(), { verb: 'comment', text: 'Jeg var alene i klassen.' }, reporter, now);
    expect(comment.ok && comment.events).toEqual([{ type: 'commented', fromReporterSide: true }]);
    expect(comment.ok && comment.case.history.at(-1)).toMatchObject({ action: 'commented', text: 'Jeg var alene i klassen.', fromReporterSide: true });
  });

  it('refuses to acknowledge twice', () => {
    const c = run(aCase(), [{ verb: 'acknowledge' }, principal]);
    expect(applyCommand(c, { verb: 'acknowledge' }, principal, now)).toEqual({ ok: false, refusal: { code: 'alreadyAcknowledged' } });
  });

  it('needs the case acknowledged before closing', () => {
    const c = run(aCase(), [propose(), safetyRep]);
    expect(applyCommand(c, { verb: 'close', summary: 'x' }, principal, now)).toEqual({ ok: false, refusal: { code: 'notAcknowledged' } });
  });

  it('acknowledges the case with the principal’s first decision, telling the reporter as for an acknowledgement', () => {
    const proposed = run(aCase(), [propose(), safetyRep]);
    expect(proposed.status).toBe('reported');
    const approved = applyCommand(proposed, { verb: 'measure.approve', measureId: 'm1' }, principal, now);
    expect(approved.ok && approved.events).toEqual([{ type: 'acknowledged' }, { type: 'measureApproved', measureId: 'm1' }]);
    const c = ok(approved);
    expect(c).toMatchObject({ status: 'measures', acknowledgedAt: now.toISOString() });
    expect(c.history.slice(-2).map((e) => [e.action, e.by])).toEqual([['acknowledged', P.rune], ['measureApproved', P.rune]]);
    const rejected = ok(applyCommand(proposed, { verb: 'measure.reject', measureId: 'm1', reason: 'Finnes allerede.' }, principal, now));
    expect(rejected).toMatchObject({ status: 'acknowledged', acknowledgedAt: now.toISOString() });
    expect(rejected.history.slice(-2).map((e) => e.action)).toEqual(['acknowledged', 'measureRejected']);
    // Once acknowledged, a decision does not acknowledge again.
    const later = ok(applyCommand(run(rejected, [propose('B'), safetyRep]), { verb: 'measure.approve', measureId: 'm2' }, principal, now));
    expect(later.history.filter((e) => e.action === 'acknowledged')).toHaveLength(1);
  });

  it('approves the principal’s own proposal at once, recording both steps; the safety representative’s waits', () => {
    const acked = run(aCase(), [{ verb: 'acknowledge' }, principal]);
    const result = applyCommand(acked, propose('Alarmknapp', P.per), principal, now);
    expect(result.ok && result.events).toEqual([
      { type: 'measureProposed', measureId: 'm1', byRole: 'principal' },
      { type: 'measureApproved', measureId: 'm1' },
    ]);
    const c = ok(result);
    expect(c.status).toBe('measures');
    expect(c.measures[0]).toMatchObject({ state: 'approved', proposedBy: P.rune, decidedBy: P.rune, decidedAt: now.toISOString(), ownerId: P.per });
    expect(c.history.slice(-2).map((e) => [e.action, e.measureId])).toEqual([['measureProposed', 'm1'], ['measureApproved', 'm1']]);
    expect(c.revision).toBe(acked.revision + 1);
    const byVera = ok(applyCommand(acked, propose(), safetyRep, now));
    expect(byVera.measures[0].state).toBe('proposed');
    expect(byVera.status).toBe('acknowledged');
    // On a case not yet acknowledged, the principal's measure acknowledges it too.
    const fresh = applyCommand(aCase(), propose(), principal, now);
    expect(fresh.ok && fresh.events.map((e) => e.type)).toEqual(['acknowledged', 'measureProposed', 'measureApproved']);
    expect(ok(fresh).status).toBe('measures');
  });

  it('decides a measure once', () => {
    const c = run(aCase(), [{ verb: 'acknowledge' }, principal], [propose(), safetyRep], [{ verb: 'measure.reject', measureId: 'm1', reason: 'Finnes allerede.' }, principal]);
    expect(c.measures[0]).toMatchObject({ state: 'rejected', rejectReason: 'Finnes allerede.' });
    expect(c.status).toBe('acknowledged');
    expect(applyCommand(c, { verb: 'measure.approve', measureId: 'm1' }, principal, now)).toEqual({ ok: false, refusal: { code: 'measureAlreadyDecided' } });
    expect(applyCommand(c, { verb: 'measure.complete', measureId: 'm1' }, principal, now)).toEqual({ ok: false, refusal: { code: 'measureNotApproved' } });
    expect(applyCommand(c, { verb: 'measure.approve', measureId: 'm9' }, principal, now)).toEqual({ ok: false, refusal: { code: 'measureNotFound' } });
  });

  it('does not close while approved measures are open, proposals undecided or legal steps not taken', () => {
    const c = run(aCase({ seriousInjury: 'true', injury: 'physical', sickLeave: 'true' }), [{ verb: 'acknowledge' }, principal], [propose('A'), principal], [propose('B'), safetyRep]);
    expect(applyCommand(c, { verb: 'close', summary: 'x' }, principal, now)).toEqual({
      ok: false,
      refusal: { code: 'outstanding', openMeasures: 1, undecidedMeasures: 1, legal: ['arbeidstilsynet', 'police', 'confirmation', 'nav'] },
    });
    const done = run(
      c,
      [{ verb: 'measure.complete', measureId: 'm1' }, principal],
      [{ verb: 'measure.reject', measureId: 'm2', reason: 'Ikke nødvendig.' }, principal],
      [{ verb: 'legal.mark', item: 'arbeidstilsynet' }, principal],
      [{ verb: 'legal.mark', item: 'police' }, principal],
      [{ verb: 'legal.mark', item: 'confirmation' }, principal],
      [{ verb: 'legal.mark', item: 'nav' }, principal],
      [{ verb: 'close', summary: 'Ferdig.' }, principal],
    );
    expect(done.status).toBe('closed');
    expect(done.legal.police).toEqual({ by: P.rune, at: now.toISOString() });
  });

  it('refuses a legal step the case does not owe, and marking one twice', () => {
    const plain = run(aCase(), [{ verb: 'acknowledge' }, principal]);
    expect(applyCommand(plain, { verb: 'legal.mark', item: 'police' }, principal, now)).toEqual({ ok: false, refusal: { code: 'legalNotRequired' } });
    const serious = run(aCase({ seriousInjury: 'true' }), [{ verb: 'legal.mark', item: 'police' }, principal]);
    expect(applyCommand(serious, { verb: 'legal.mark', item: 'police' }, principal, now)).toEqual({ ok: false, refusal: { code: 'legalAlreadyDone' } });
  });

  it('changes nothing once closed', () => {
    const closed = run(aCase(), [{ verb: 'acknowledge' }, principal], [{ verb: 'close', summary: 'Snakket med eleven og foresatte.' }, principal]);
    for (const cmd of [{ verb: 'comment', text: 'x' }, propose(), { verb: 'close', summary: 'y' }] as CaseCommand[]) {
      expect(applyCommand(closed, cmd, principal, now)).toEqual({ ok: false, refusal: { code: 'closed' } });
    }
  });

  it('lets the measure owner complete their own measure, not another', () => {
    const c = run(aCase(), [{ verb: 'acknowledge' }, principal], [propose('A', P.per), principal], [propose('B'), principal]);
    const owner = { id: P.per, viewer: 'measureOwner' as Viewer };
    expect(applyCommand(c, { verb: 'measure.complete', measureId: 'm2' }, owner, now)).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
    expect(ok(applyCommand(c, { verb: 'measure.complete', measureId: 'm1' }, owner, now)).measures[0].state).toBe('done');
    // A safety representative who owns a measure may complete that one too.
    const asVera = run(aCase(), [{ verb: 'acknowledge' }, principal], [propose('C', P.vera), principal]);
    expect(ok(applyCommand(asVera, { verb: 'measure.complete', measureId: 'm1' }, safetyRep, now)).measures[0].doneBy).toBe(P.vera);
  });
});

describe('legal steps owed', () => {
  it.each([
    [{ seriousInjury: true, injury: undefined, medicalTreatment: false, sickLeave: false }, ['arbeidstilsynet', 'police', 'confirmation']],
    [{ seriousInjury: true, injury: 'psychological', medicalTreatment: false, sickLeave: true }, ['arbeidstilsynet', 'police', 'confirmation', 'nav']],
    [{ seriousInjury: false, injury: 'physical', medicalTreatment: true, sickLeave: false }, ['nav']],
    [{ seriousInjury: false, injury: 'none', medicalTreatment: true, sickLeave: true }, []],
    [{ seriousInjury: false, injury: 'physical', medicalTreatment: false, sickLeave: false }, []],
    [{ seriousInjury: false, injury: undefined, medicalTreatment: false, sickLeave: false }, []],
  ] as const)('%j owes %j', (report, steps) => expect(requiredLegalSteps(report)).toEqual(steps));
});

describe('withdrawing a check-in note', () => {
  const withCheckins = (): Case => ({
    ...aCase(),
    followUps: [
      { id: 'f1', personId: P.tina, index: 0, dueAt: '2026-11-20T14:00:00Z' },
      { id: 'f2', personId: P.tina, index: 1, dueAt: '2026-11-27T10:00:00Z' },
    ],
  });
  const answer = (note?: string, share = false): CaseCommand => ({ verb: 'followup.answer', followUpId: 'f1', answer: 'talk', share, noMore: false, ...(note ? { note } : {}) });

  it('removes the note and whether it was shared, keeps the answer, and records only that a note was withdrawn', () => {
    const answered = run(withCheckins(), [answer('Jeg sover dårlig etter dette.', true), reporter]);
    const result = applyCommand(answered, { verb: 'followup.withdrawNote', followUpId: 'f1' }, reporter, now);
    const c = ok(result);
    expect(c.followUps[0]).toEqual({ id: 'f1', personId: P.tina, index: 0, dueAt: '2026-11-20T14:00:00Z', answer: 'talk', answeredAt: now.toISOString(), noteWithdrawnAt: now.toISOString() });
    expect(c.followUps[1]).toEqual(answered.followUps[1]);
    expect(c.history.at(-1)).toEqual({ at: now.toISOString(), by: P.tina, action: 'noteWithdrawn' });
    expect(JSON.stringify(c)).not.toContain('sover dårlig');
    expect(result.ok && result.events).toEqual([{ type: 'noteWithdrawn', personId: P.tina }]);
  });

  it('is the writer’s alone, also after the case is closed; without a note there is nothing to withdraw', () => {
    const answered = run(withCheckins(), [answer('Tungt.'), reporter]);
    expect(applyCommand(answered, { verb: 'followup.withdrawNote', followUpId: 'f1' }, principal, now)).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
    expect(applyCommand(answered, { verb: 'followup.withdrawNote', followUpId: 'f1' }, { id: P.vera, viewer: 'safetyRep' }, now)).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
    expect(applyCommand(answered, { verb: 'followup.withdrawNote', followUpId: 'f9' }, reporter, now)).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
    const closed: Case = { ...answered, status: 'closed' };
    expect(ok(applyCommand(closed, { verb: 'followup.withdrawNote', followUpId: 'f1' }, reporter, now)).followUps[0]!.note).toBeUndefined();
    const withoutNote = run(withCheckins(), [answer(), reporter]);
    expect(applyCommand(withoutNote, { verb: 'followup.withdrawNote', followUpId: 'f1' }, reporter, now)).toEqual({ ok: false, refusal: { code: 'noNoteToWithdraw' } });
    expect(applyCommand(withCheckins(), { verb: 'followup.withdrawNote', followUpId: 'f2' }, reporter, now)).toEqual({ ok: false, refusal: { code: 'noNoteToWithdraw' } });
  });
});
