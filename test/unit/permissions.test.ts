import type { Viewer } from '../../src/cases/model/access';
import { applyCommand, type CaseCommand } from '../../src/cases/model/transitions';
import { CASE_VERBS, may, type CaseVerb } from '../../src/cases/model/permissions';
import { aCase } from '../support/cases';
import { P } from '../support/people';

// The whole table, written out: every role against every verb (CONTRACT.md "Card actions").
const EXPECTED: Record<Viewer, CaseVerb[]> = {
  principal: ['view', 'acknowledge', 'comment', 'measure.propose', 'measure.approve', 'measure.reject', 'measure.complete', 'legal.mark', 'reclassify', 'close'],
  safetyRep: ['view', 'comment', 'measure.propose'],
  leader: ['view'],
  chiefSafetyRep: ['view'],
  reporter: ['view', 'comment'],
  affected: ['view', 'comment'],
  measureOwner: ['view'],
};

describe('permission table', () => {
  for (const [viewer, allowed] of Object.entries(EXPECTED) as [Viewer, CaseVerb[]][]) {
    for (const verb of CASE_VERBS) {
      const expected = allowed.includes(verb);
      it(`${viewer} ${expected ? 'may' : 'may not'} ${verb}`, () => expect(may(viewer, verb)).toBe(expected));
    }
  }

  it('lets anyone complete a measure they own, and only then', () => {
    for (const viewer of Object.keys(EXPECTED) as Viewer[]) {
      expect(may(viewer, 'measure.complete', true)).toBe(true);
      expect(may(viewer, 'measure.complete', false)).toBe(viewer === 'principal');
    }
  });

  it('is what the state machine enforces: a refused role changes nothing', () => {
    const c = aCase({ seriousInjury: 'true' });
    const commands: CaseCommand[] = [
      { verb: 'acknowledge' },
      { verb: 'comment', text: 'x' },
      { verb: 'measure.propose', description: 'x', dueDate: '2026-12-01' },
      { verb: 'legal.mark', item: 'police' },
      { verb: 'close', summary: 'x' },
    ];
    const verbOf: Record<string, CaseVerb> = { acknowledge: 'acknowledge', comment: 'comment', 'measure.propose': 'measure.propose', 'legal.mark': 'legal.mark', close: 'close' };
    for (const viewer of Object.keys(EXPECTED) as Viewer[]) {
      for (const cmd of commands) {
        const result = applyCommand(c, cmd, { id: P.ola, viewer }, new Date('2026-11-21T00:00:00Z'));
        if (!may(viewer, verbOf[cmd.verb])) expect(result).toEqual({ ok: false, refusal: { code: 'notAllowed' } });
        else expect(result.ok || result.refusal.code !== 'notAllowed').toBe(true);
      }
    }
  });
});
