/**
 * Every activity from a person tells us how to reach them later: their 1:1
 * conversation reference is saved (installation, conversation update, message,
 * card action), and the tenant's service URL for opening new chats.
 * Activities from another tenant than the directory's are refused here.
 */
import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { actorOf } from '../actor';
import { isPersonalChat, tenantIdOf, toStoredReference } from '../conversation-reference';
import { messageView } from '../../core/cards';
import type { TeamsDeps } from '../app';
import { renderCard } from '../card-renderer';
import { respondWithCard } from '../invoke-response';
import { toActivity } from '../messenger';
import { teamsStrings } from '../strings';

export function registerContactRoutes(app: Application, deps: TeamsDeps): void {
  app.turn('beforeTurn', async (context) => {
    if (isActionWithoutValue(context)) {
      deps.log.warn('action.without_value', {});
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'adaptiveCard/action needs a value with action.verb' } } },
      });
      return false;
    }
    const tenantId = tenantIdOf(context.activity);
    if (tenantId && tenantId.toLowerCase() !== deps.directory.tenantId) {
      deps.log.warn('turn.wrong_tenant', { activityType: context.activity.type });
      await refuseForeignTenant(context, deps);
      return false;
    }
    await rememberContact(context, deps);
    return true;
  });

  // Installing the app: the contact is saved by beforeTurn.
  app.activity(ActivityTypes.InstallationUpdate, async () => undefined);
  // The bot added to the person's 1:1 chat (installing it in Teams): the greeting.
  app.conversationUpdate('membersAdded', async (context) => {
    const greet = deps.registry.firstContact;
    const added = context.activity.membersAdded ?? [];
    if (!greet || !isPersonalChat(context.activity) || !context.activity.from?.aadObjectId || added.length === 0) return;
    try {
      await context.sendActivity(toActivity(await greet(actorOf(context, deps.directory))));
    } catch (err) {
      deps.log.warn('greeting.not_sent', { error: String(err).slice(0, 200) });
    }
  });
}

const FIRST_CONTACT = 'tryggmeld.firstContact';

/** Whether this turn is the first the bot ever saw from the person (no contact was stored): the first message gets the greeting. */
export function isFirstContact(context: TurnContext): boolean {
  return context.turnState.get(FIRST_CONTACT) === true;
}

/** An Action.Execute invoke that names no verb: a broken or forged client; 400, not the SDK's 501. */
function isActionWithoutValue(context: TurnContext): boolean {
  const { activity } = context;
  if (activity.type !== ActivityTypes.Invoke || activity.name !== 'adaptiveCard/action') return false;
  const action = (activity.value as { action?: { verb?: unknown } } | undefined)?.action;
  return typeof action?.verb !== 'string' || action.verb === '';
}

async function rememberContact(context: TurnContext, deps: TeamsDeps): Promise<void> {
  const { activity } = context;
  const aadObjectId = activity.from?.aadObjectId?.toLowerCase();
  if (!aadObjectId) return;
  const now = deps.now();
  try {
    const tenantId = tenantIdOf(activity);
    if (tenantId && activity.serviceUrl && activity.recipient?.id) {
      await deps.contacts.saveTenantChannel(tenantId.toLowerCase(), { serviceUrl: activity.serviceUrl, botId: activity.recipient.id }, now);
    }
    const reference = isPersonalChat(activity) ? toStoredReference(activity) : undefined;
    // The name Teams gives the person: shown where the directory has none.
    const first = await deps.contacts.savePerson(aadObjectId, reference, activity.locale, now, activity.from?.name);
    if (first) context.turnState.set(FIRST_CONTACT, true);
  } catch (err) {
    // Not being able to save the contact must not stop the person's report.
    deps.log.error('contact.save_failed', { error: String(err) });
  }
}

async function refuseForeignTenant(context: TurnContext, deps: TeamsDeps): Promise<void> {
  const s = teamsStrings(actorOf(context, deps.directory).language);
  if (context.activity.type === ActivityTypes.Invoke) await respondWithCard(context, renderCard(messageView(s.messages.wrongTenant, { attention: true })));
  else if (context.activity.type === ActivityTypes.Message) await context.sendActivity(s.messages.wrongTenant);
}
