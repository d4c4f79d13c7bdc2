/** The follow-up's card verb: an exposed employee answers a check-in. The answer is a change of the case. */
import { caseIdOf, casesStrings, invalidText, refusalText, type CasesFeature } from '../cases';
import { messageView } from '../core/cards';
import type { Logger } from '../core/log';
import type { VerbAnswer, VerbHandler } from '../core/registry';
import { checkinCard } from './views';

export function followUpVerbs(deps: { cases: CasesFeature; log: Logger }): Record<string, VerbHandler> {
  return {
    'followup.answer': async ({ actor, data }): Promise<VerbAnswer> => {
      const s = casesStrings(actor.language);
      const caseId = caseIdOf(data);
      if (!caseId || !actor.id) return { card: messageView(s.refusals.notAllowed.view, { attention: true }) };
      const outcome = await deps.cases.actOnCase({ actorId: actor.id, caseId, verb: 'followup.answer', data });
      deps.log.info('case.action', { caseId, verb: 'followup.answer', by: actor.id, outcome: outcome.kind, ...(outcome.kind === 'refused' ? { refusal: outcome.refusal.code } : {}) });
      if (outcome.kind === 'notFound') return { card: messageView(s.refusals.notAllowed.view, { attention: true }) };
      // The answer is answered with the check-in: the employee's own words stay on their card.
      const followUp = outcome.case.followUps.find((f) => f.id === data.followUpId && f.personId === actor.id);
      if (!followUp) return { card: messageView(s.refusals.followUpNotFound, { attention: true }) };
      const note =
        outcome.kind === 'done'
          ? undefined
          : {
              text:
                outcome.kind === 'invalid'
                  ? invalidText(actor.language, outcome.errors)
                  : outcome.kind === 'refused'
                    ? refusalText(actor.language, 'followup.answer', outcome.refusal)
                    : s.refusals.conflict,
              tone: 'attention' as const,
            };
      return { card: checkinCard({ language: actor.language, case: outcome.case, followUp, note }) };
    },
  };
}
