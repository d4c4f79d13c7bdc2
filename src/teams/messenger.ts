/**
 * Proactive messages to one person: through the 1:1 chat the bot already has
 * with them, else through a new 1:1 conversation created in the tenant.
 * Connector failures become dispatch outcomes: 403/404 mean the person cannot
 * be reached (app not installed, blocked), 429 and 5xx are passing.
 */
import { CardFactory, MessageFactory, TurnContext, type Activity, type CloudAdapter, type ConversationParameters } from 'botbuilder';
import type { OutboundMessage } from '../core/cards';
import type { ContactStore, PersonContact } from '../core/contacts';
import type { Outbound, Recipient } from '../core/outbound';
import { parseRetryAfter } from '../core/retry-policy';
import type { WorkOutcome } from '../core/work';
import { renderCard } from './card-renderer';
import { fromStoredReference, toStoredReference } from './conversation-reference';

/** A feature's message as a Bot Framework activity. */
export function toActivity(message: OutboundMessage): Partial<Activity> {
  if ('text' in message) return MessageFactory.text(message.text);
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(renderCard(message.card)));
  activity.summary = message.summary;
  return activity;
}

export interface MessengerOptions {
  adapter: CloudAdapter;
  /** Empty in local mode. */
  botAppId: string;
  conversations: ContactStore;
  tenantId: string;
  /** Used to open new chats when no activity from this tenant has told us its service URL. */
  defaultServiceUrl: string;
  now: () => Date;
  /** Waits until Teams' rate limits allow one more message to the conversation. */
  throttle?: (conversationId: string) => Promise<void>;
}

export type Delivery = { conversationId: string; activityId?: string };

/**
 * Runs `logic` in a proactive turn and hands back its result or its error.
 * An error thrown inside a turn would otherwise go to the app's turn-error
 * handler and the call would look like a success.
 */
async function inProactiveTurn<T>(start: (logic: (ctx: TurnContext) => Promise<void>) => Promise<void>, logic: (ctx: TurnContext) => Promise<T>): Promise<T> {
  let result: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  await start(async (ctx) => {
    try {
      result = { ok: true, value: await logic(ctx) };
    } catch (error) {
      result = { ok: false, error };
    }
  });
  if (!result) throw new Error('the proactive turn did not run');
  if (!result.ok) throw result.error;
  return result.value;
}

export class Messenger implements Outbound {
  constructor(private readonly options: MessengerOptions) {}

  send(to: Recipient, message: OutboundMessage): Promise<WorkOutcome> {
    return this.sendToPerson(to.id, toActivity(message), to.contact);
  }

  update(to: Recipient, target: { conversationId: string; activityId: string }, message: OutboundMessage): Promise<WorkOutcome> {
    return this.updateMessage(to.id, target, toActivity(message), to.contact);
  }

  /** Sends the activity to the person's 1:1 chat; the outcome is for the dispatcher. `contact`: already read by the caller. */
  async sendToPerson(aadObjectId: string, activity: Partial<Activity>, contact?: PersonContact): Promise<WorkOutcome> {
    try {
      const delivery = await this.deliver(aadObjectId, activity, contact ?? (await this.options.conversations.getPerson(aadObjectId)));
      return { kind: 'done', delivery };
    } catch (err) {
      return this.outcomeOf(err);
    }
  }

  /** Rewrites an earlier message (a case card) in place. */
  async updateMessage(aadObjectId: string, target: { conversationId: string; activityId: string }, activity: Partial<Activity>, contact?: PersonContact): Promise<WorkOutcome> {
    try {
      const { adapter, botAppId, conversations, tenantId } = this.options;
      const known = contact ?? (await conversations.getPerson(aadObjectId));
      const channel = known?.reference ? undefined : await conversations.getTenantChannel(tenantId);
      const serviceUrl = known?.reference?.serviceUrl ?? channel?.serviceUrl ?? this.options.defaultServiceUrl;
      const botId = known?.reference?.botId ?? channel?.botId ?? botAppId;
      const reference = {
        channelId: 'msteams',
        serviceUrl,
        bot: { id: botId, name: 'TryggMeld' },
        conversation: { id: target.conversationId, isGroup: false, conversationType: 'personal', tenantId, name: '' },
      };
      await this.options.throttle?.(target.conversationId);
      await inProactiveTurn(
        (logic) => adapter.continueConversationAsync(botAppId, reference, logic),
        (ctx) => ctx.updateActivity({ ...activity, id: target.activityId, conversation: reference.conversation }),
      );
      return { kind: 'done', delivery: target };
    } catch (err) {
      return this.outcomeOf(err);
    }
  }

  private async deliver(aadObjectId: string, activity: Partial<Activity>, contact: PersonContact | undefined): Promise<Delivery> {
    const { adapter, botAppId } = this.options;
    if (contact?.reference) {
      const { conversationId } = contact.reference;
      await this.options.throttle?.(conversationId);
      const sent = await inProactiveTurn(
        (logic) => adapter.continueConversationAsync(botAppId, fromStoredReference(contact.reference!), logic),
        (ctx) => ctx.sendActivity(activity),
      );
      return { conversationId, activityId: sent?.id };
    }
    return this.openChatAndSend(aadObjectId, activity);
  }

  private async openChatAndSend(aadObjectId: string, activity: Partial<Activity>): Promise<Delivery> {
    const { adapter, botAppId, conversations, tenantId, now } = this.options;
    const channel = await conversations.getTenantChannel(tenantId);
    const serviceUrl = channel?.serviceUrl ?? this.options.defaultServiceUrl;
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: { id: channel?.botId ?? (botAppId ? `28:${botAppId}` : 'tryggmeld'), name: 'TryggMeld' },
      // Teams accepts the Entra object id as the member id when opening a 1:1 chat.
      members: [{ id: aadObjectId, name: '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
      activity: undefined as unknown as Activity,
    };
    await this.options.throttle?.(`new:${aadObjectId}`);
    return inProactiveTurn(
      // undefined audience: the adapter's default for the channel.
      (logic) => adapter.createConversationAsync(botAppId, 'msteams', serviceUrl, undefined as unknown as string, parameters, logic),
      async (ctx) => {
        const reference = TurnContext.getConversationReference(ctx.activity);
        const sent = await ctx.sendActivity(activity);
        const conversationId = ctx.activity.conversation.id;
        const stored = toStoredReference({
          ...ctx.activity,
          recipient: parameters.bot,
          from: { id: aadObjectId, name: '' },
          conversation: { ...ctx.activity.conversation, conversationType: 'personal' },
          serviceUrl: reference.serviceUrl,
        });
        if (stored) await conversations.savePerson(aadObjectId, stored, undefined, now());
        return { conversationId, activityId: sent?.id };
      },
    );
  }

  private outcomeOf(err: unknown): WorkOutcome {
    const e = err as { statusCode?: number; response?: { headers?: { get(name: string): string | undefined } }; message?: string };
    const status = e.statusCode;
    const error = `${status ?? 'error'}: ${String(e.message ?? err).slice(0, 200)}`;
    // 403: blocked or uninstalled; 404: the chat is gone; 400: Teams will never take this message.
    if (status === 403 || status === 404 || status === 400) return { kind: 'unreachable', error };
    // 429, 412, 5xx, network errors and the rest: passing, tried again after Retry-After or a backoff.
    const retryAfterMs = parseRetryAfter(e.response?.headers?.get('retry-after'), this.options.now());
    return { kind: 'retry', error, retryAfterMs };
  }
}
