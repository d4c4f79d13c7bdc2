/** The teams-ai Application: every route the bot answers, on botbuilder's CloudAdapter. */
import { Application, type TeamsAdapter } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { actorOf } from './actor';
import type { TeamsDeps } from './deps';
import { respondWithCard } from './invoke-response';
import { registerCaseRoutes } from './routes/case-routes';
import { registerContactRoutes } from './routes/contact-routes';
import { registerListRoutes } from './routes/list-routes';
import { registerReportRoutes } from './routes/report-routes';
import { messageCard } from './message-view';

export function createTeamsApp(adapter: TeamsAdapter, botAppId: string, deps: TeamsDeps): Application {
  const app = new Application({ adapter, botAppId, startTypingTimer: false, removeRecipientMention: true, longRunningMessages: false });
  registerContactRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerCaseRoutes(app, deps);
  registerListRoutes(app, deps);
  // Last: any verb nobody handles gets a clear answer instead of a silent failure.
  app.adaptiveCards.actionExecute(/.*/, async (context) => {
    const { strings: s } = actorOf(context, deps.directory);
    deps.log.warn('action.unknown_verb', { verb: String((context.activity.value as { action?: { verb?: unknown } })?.action?.verb).slice(0, 60) });
    await respondWithCard(context, messageCard(s.messages.unknownAction, { attention: true }));
    return '';
  });
  app.error(async (context, error) => onTurnError(context, error, deps));
  return app;
}

/** An unexpected failure: logged with ids only, and the person told in their language; the process goes on. */
async function onTurnError(context: TurnContext, error: Error, deps: TeamsDeps): Promise<void> {
  deps.log.error('turn.failed', { activityType: context.activity.type, error: String(error?.stack ?? error).slice(0, 2000) });
  const { strings: s } = actorOf(context, deps.directory);
  try {
    if (context.activity.type === ActivityTypes.Invoke) await respondWithCard(context, messageCard(s.messages.somethingWentWrong, { attention: true }));
    else if (context.activity.type === ActivityTypes.Message) await context.sendActivity(s.messages.somethingWentWrong);
  } catch (err) {
    deps.log.error('turn.error_reply_failed', { error: String(err).slice(0, 500) });
  }
}
