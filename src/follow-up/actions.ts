/**
 * The follow-up's card verbs: an exposed employee answers a check-in, or
 * withdraws the note they wrote with it. Both are changes of the case.
 */
import { caseIdOf, casesStrings, invalidText, refusalText, type CasesFeature } from '../cases';
import { messageView } from '../core/cards';
import type { Logger } from '../core/log';
import type { VerbAnswer, VerbHandler } from '../core/registry';
import { checkinCard } from './views';

type FollowUpVerb = 'followup.answer' | 'followup.withdrawNote';

export function followUpVerbs(deps: { cases: CasesFeature; log: Logger }): Record<string, VerbHandler> {
  const handle =
    (verb: FollowUpVerb): VerbHandler =>
    async ({ actor, data }): Promise<VerbAnswer> => {
      const s = casesStrings(actor.language);
      const caseId = caseIdOf(data);
      if (!caseId || !actor.id) return { card: messageView(s.refusals.notAllowed.view, { attention: true }) };
      const outcome = await deps.cases.actOnCase({ actorId: actor.id, caseId, verb, data });
      deps.log.info('case.action', { caseId, verb, by: actor.id, outcome: outcome.kind, ...(outcome.kind === 'refused' ? { refusal: outcome.refusal.code } : {}) });
      if (outcome.kind === 'notFound') return { card: messageView(s.refusals.notAllowed.view, { attention: true }) };
      // The answer is answered with the check-in: the employee's own words stay on their card.
      const followUp = outcome.case.followUps.find((f) => f.id === data.followUpId && f.personId === actor.id);
      if (!followUp) return { card: messageView(s.refusals.followUpNotFound, { attention: true }) };
      const note =
        outcome.kind === 'done'
          ? verb === 'followup.withdrawNote'
            ? { text: s.results['followup.withdrawNote'], tone: 'good' as const }
            : undefined
          : {
              text:
                outcome.kind === 'invalid'
                  ? invalidText(actor.language, outcome.errors)
                  : outcome.kind === 'refused'
                    ? refusalText(actor.language, verb, outcome.refusal)
                    : s.refusals.conflict,
              tone: 'attention' as const,
            };
      // Withdrawn from the employee's own view of the case: that view comes back, changed.
      if (verb === 'followup.withdrawNote' && data.view === 'case' && outcome.kind !== 'invalid') {
        await deps.cases.recordView({ actorId: actor.id, case: outcome.case, viewer: outcome.viewer, channel: 'chat' });
        return { card: deps.cases.caseCardFor({ id: actor.id, language: actor.language }, outcome.case, outcome.viewer, { note }) };
      }
      // A refused note comes back in its box; after a name warning the card offers to send it anyway.
      const kept = outcome.kind === 'invalid' ? { note: typeof data.note === 'string' ? data.note.slice(0, 4000) : '', warnNames: Object.values(outcome.errors).includes('pupilName') } : undefined;
      return { card: checkinCard({ language: actor.language, case: outcome.case, followUp, note, kept }) };
    };
  return { 'followup.answer': handle('followup.answer'), 'followup.withdrawNote': handle('followup.withdrawNote') };
}
