/** Actions on an existing case. The case id comes from the card; who may do what comes from the directory and the case. */
import type { Application } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { viewerOf } from '../../domain/access';
import { actorOf } from '../actor';
import type { TeamsDeps } from '../deps';
import { respondWithCard } from '../invoke-response';
import { caseCard } from '../views/case-view';
import { messageCard } from '../views/message-view';
import { receiptCard } from '../views/receipt-view';

const CASE_ID = /^case-[0-9a-f]{32}$/;

export function registerCaseRoutes(app: Application, deps: TeamsDeps): void {
  app.adaptiveCards.actionExecute<Record<string, unknown>>('incident.view', async (context, _state, data) => {
    await view(context, deps, data);
    return '';
  });

  // Last: any verb nobody handles gets a clear answer instead of a silent failure.
  app.adaptiveCards.actionExecute(/.*/, async (context) => {
    const { strings: s } = actorOf(context, deps.directory);
    deps.log.warn('action.unknown_verb', { verb: String((context.activity.value as { action?: { verb?: unknown } })?.action?.verb).slice(0, 60) });
    await respondWithCard(context, messageCard(s.messages.unknownAction, { attention: true }));
    return '';
  });
}

async function view(context: TurnContext, deps: TeamsDeps, data: Record<string, unknown>): Promise<void> {
  const actor = actorOf(context, deps.directory);
  const s = actor.strings;
  const caseId = typeof data.incidentId === 'string' && CASE_ID.test(data.incidentId) ? data.incidentId : undefined;
  const found = caseId ? await deps.cases.getCase(caseId) : undefined;
  // A case that does not exist and one the person may not see get the same answer: ids reveal nothing.
  const viewer = found && actor.aadObjectId ? viewerOf(deps.directory, found.value, actor.aadObjectId) : null;
  if (!found || !viewer || !actor.aadObjectId) {
    deps.log.info('case.view_refused', { caseId: caseId ?? null });
    await respondWithCard(context, messageCard(s.messages.notAllowed, { attention: true }));
    return;
  }
  const c = found.value;
  const card =
    viewer === 'reporter' || viewer === 'affected'
      ? receiptCard(s, deps.directory, c, actor.aadObjectId, false)
      : caseCard({ strings: s, language: actor.language, directory: deps.directory, case: c, viewer, viewerId: actor.aadObjectId });
  await respondWithCard(context, card);
}
