/**
 * The teams-ai Application: turns activities into calls of the verbs and
 * commands the features registered, renders what they answer, and keeps the
 * conversation references (routes/contact-routes.ts). The only place besides
 * the messenger that knows the Teams SDK.
 */
import { Application, type TeamsAdapter } from '@microsoft/teams-ai';
import { ActivityTypes, CardFactory, type TurnContext } from 'botbuilder';
import { messageView } from '../core/cards';
import type { ContactStore } from '../core/contacts';
import type { Directory } from '../core/directory';
import type { Logger } from '../core/log';
import { normaliseCommand, type Registry, type VerbAnswer } from '../core/registry';
import { actorOf } from './actor';
import { prepareCardTemplates, renderCard } from './card-renderer';
import { commandOf } from './commands';
import { isPersonalChat } from './conversation-reference';
import { respondWithCard, respondWithError } from './invoke-response';
import { toActivity } from './messenger';
import { isFirstContact, registerContactRoutes } from './routes/contact-routes';
import { teamsStrings } from './strings';

export interface TeamsDeps {
  registry: Registry;
  /** The directory as it is now. */
  readonly directory: Directory;
  contacts: ContactStore;
  log: Logger;
  now: () => Date;
}

export function createTeamsApp(adapter: TeamsAdapter, botAppId: string, deps: TeamsDeps): Application {
  prepareCardTemplates();
  const app = new Application({ adapter, botAppId, startTypingTimer: false, removeRecipientMention: true, longRunningMessages: false });
  registerContactRoutes(app, deps);

  app.message(/[\s\S]*/, async (context) => {
    const actor = actorOf(context, deps.directory);
    const command = commandOf(context.activity.text, deps.registry);
    const helpCard = command === 'help' && actor.personalChat ? deps.registry.command(context.activity.text) : undefined;
    if (command === 'help' && !helpCard) {
      // Outside the 1:1 chat, help is a line of text.
      await context.sendActivity(teamsStrings(actor.language).messages.help);
      return;
    }
    // Someone the bot has never seen before who did not ask for a command: the greeting first, then the form.
    const askedForForm = deps.registry.fallback?.words.includes(normaliseCommand(context.activity.text ?? '')) ?? false;
    if (command === 'report' && !askedForForm && actor.personalChat && isFirstContact(context) && deps.registry.firstContact) {
      // The greeting is a courtesy: if it cannot be sent, the report form must still come.
      try {
        await context.sendActivity(toActivity(await deps.registry.firstContact(actor)));
      } catch (err) {
        deps.log.warn('greeting.not_sent', { error: String(err).slice(0, 200) });
      }
    }
    if (command === 'help') {
      if (helpCard) await context.sendActivity(toActivity(await helpCard.run({ actor, text: context.activity.text ?? '' })));
      return;
    }
    if (!actor.personalChat) {
      // A report names people and health: nothing about cases is filled in or shown where others can read it.
      await context.sendActivity(teamsStrings(actor.language).messages.privateChatOnly);
      return;
    }
    const run = command === 'report' ? deps.registry.fallback : command;
    if (!run) return;
    await context.sendActivity(toActivity(await run.run({ actor, text: context.activity.text ?? '' })));
  });

  for (const verb of deps.registry.verbNames()) {
    const handler = deps.registry.verb(verb)!;
    app.adaptiveCards.actionExecute<Record<string, unknown>>(verb, async (context, _state, data) => {
      const actor = actorOf(context, deps.directory);
      if (!actor.personalChat && !deps.registry.checksChat(verb)) {
        // A card action in a group chat or channel never creates, shows or lists a case where others read.
        deps.log.warn('action.not_personal', { verb });
        await respondWithCard(context, renderCard(messageView(teamsStrings(actor.language).messages.privateChatOnly, { attention: true })));
        return '';
      }
      const { replyToId, conversation } = context.activity;
      const source = replyToId && actor.personalChat ? { conversationId: conversation.id, activityId: replyToId } : undefined;
      await answer(context, deps, await handler({ actor, data: data ?? {}, source }));
      return '';
    });
  }

  // Last: any verb nobody handles gets a clear answer instead of a silent failure.
  app.adaptiveCards.actionExecute(/.*/, async (context) => {
    const actor = actorOf(context, deps.directory);
    deps.log.warn('action.unknown_verb', { verb: String((context.activity.value as { action?: { verb?: unknown } })?.action?.verb).slice(0, 60) });
    await respondWithCard(context, renderCard(messageView(teamsStrings(actor.language).messages.unknownAction, { attention: true })));
    return '';
  });
  app.error(async (context, error) => onTurnError(context, error, deps));
  return app;
}

async function answer(context: TurnContext, deps: TeamsDeps, result: VerbAnswer): Promise<void> {
  if ('error' in result) {
    await respondWithError(context, result.error.status, result.error.message);
    return;
  }
  const card = renderCard(result.card);
  await respondWithCard(context, card);
  const id = context.activity.replyToId;
  if (!result.replaceSource || !id || !isPersonalChat(context.activity)) return;
  try {
    await context.updateActivity({ id, type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] });
  } catch (err) {
    deps.log.warn('card.source_not_replaced', { error: String(err).slice(0, 200) });
  }
}

/** An unexpected failure: logged with ids only, and the person told in their language; the process goes on. */
async function onTurnError(context: TurnContext, error: Error, deps: TeamsDeps): Promise<void> {
  deps.log.error('turn.failed', { activityType: context.activity.type, error: String(error?.stack ?? error).slice(0, 2000) });
  const s = teamsStrings(actorOf(context, deps.directory).language);
  try {
    if (context.activity.type === ActivityTypes.Invoke) await respondWithCard(context, renderCard(messageView(s.messages.somethingWentWrong, { attention: true })));
    else if (context.activity.type === ActivityTypes.Message) await context.sendActivity(s.messages.somethingWentWrong);
  } catch (err) {
    deps.log.error('turn.error_reply_failed', { error: String(err).slice(0, 500) });
  }
}
