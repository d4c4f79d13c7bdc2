/**
 * Proactive messages to one person: through the 1:1 chat the bot already has
 * with them, else through a new 1:1 conversation created in the tenant.
 * Connector failures become dispatch outcomes: 403/404 mean the person cannot
 * be reached (app not installed, blocked), 400 that Teams will never take the
 * message, 413 that it is too large (a smaller version is tried first); 429,
 * 5xx, time-outs and network errors are passing. Every call has a time limit,
 * and after a 429 nothing more goes to that chat before its Retry-After.
 */
import { CardFactory, MessageFactory, TeamsInfo, TurnContext, type Activity, type CloudAdapter, type ConversationParameters } from 'botbuilder';
import type { OutboundMessage } from '../core/cards';
import type { ContactStore, PersonContact } from '../core/contacts';
import type { Outbound, Recipient } from '../core/outbound';
import { isFinalStatus, parseRetryAfter } from '../core/retry-policy';
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
  /** The time limit of one call to Teams (connect and answer); the adapter aborts the request itself at this time. */
  callTimeoutMs?: number;
}

/** A call to Teams that got no answer in time: passing, retried like a 5xx. */
class TeamsTimeout extends Error {
  constructor(ms: number) {
    super(`no answer from Teams within ${ms} ms`);
    this.name = 'TeamsTimeout';
  }
}

/** A chat that answered 429, and until when nothing more may go to it. */
const BLOCKED_BY_DEFAULT_MS = 1000;

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

/** How long a roster lookup may take beside a delivery. */
const ROSTER_LOOKUP_MS = 3000;

/** The person's name in the chat's roster (Teams' own), or undefined; never throws, never waits long. */
async function rosterName(ctx: TurnContext, aadObjectId: string): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ROSTER_LOOKUP_MS);
    timer.unref?.();
  });
  try {
    const member = await Promise.race([TeamsInfo.getMember(ctx, aadObjectId).catch(() => undefined), timeout]);
    return member?.name?.trim() || undefined;
  } finally {
    clearTimeout(timer);
  }
}

export class Messenger implements Outbound {
  /** Chats (conversation id, or `new:<person>` before one exists) that answered 429, until when. */
  private readonly blockedUntil = new Map<string, number>();
  private readonly callTimeoutMs: number;

  constructor(private readonly options: MessengerOptions) {
    this.callTimeoutMs = options.callTimeoutMs ?? 15_000;
  }

  async send(to: Recipient, message: OutboundMessage): Promise<WorkOutcome> {
    const outcome = await this.sendToPerson(to.id, toActivity(message), to.contact);
    // Too large for Teams: the smaller version, if the feature has one; else it stays final.
    if (isTooLarge(outcome) && 'card' in message && message.smaller) return this.send(to, message.smaller);
    const fresher = await this.fresherContact(to, outcome);
    return fresher ? this.send(fresher, message) : outcome;
  }

  async update(to: Recipient, target: { conversationId: string; activityId: string }, message: OutboundMessage): Promise<WorkOutcome> {
    const outcome = await this.updateMessage(to.id, target, toActivity(message), to.contact);
    if (isTooLarge(outcome) && 'card' in message && message.smaller) return this.update(to, target, message.smaller);
    const fresher = await this.fresherContact(to, outcome);
    return fresher ? this.update(fresher, target, message) : outcome;
  }

  /**
   * The contact the caller gave may be one this process kept for a few
   * minutes: when Teams answers that the chat is gone or closed (403/404), it
   * is read afresh, and if another instance stored a different one since, the
   * call is made again with it (once: the fresh one is not read again).
   */
  private async fresherContact(to: Recipient, outcome: WorkOutcome): Promise<Recipient | undefined> {
    if (!to.contact || outcome.kind !== 'unreachable' || !/^40[34]:/.test(outcome.error)) return undefined;
    const fresh = await this.options.conversations.getPerson(to.id).catch(() => to.contact);
    if (!fresh || JSON.stringify(fresh.reference) === JSON.stringify(to.contact.reference)) return undefined;
    return { ...to, contact: fresh };
  }

  /** Sends the activity to the person's 1:1 chat; the outcome is for the dispatcher. `contact`: already read by the caller. */
  async sendToPerson(aadObjectId: string, activity: Partial<Activity>, contact?: PersonContact): Promise<WorkOutcome> {
    let chat = `new:${aadObjectId}`;
    try {
      const known = contact ?? (await this.options.conversations.getPerson(aadObjectId));
      chat = known?.reference?.conversationId ?? chat;
      const delivery = await this.deliver(aadObjectId, activity, known);
      return { kind: 'done', delivery };
    } catch (err) {
      return this.outcomeOf(err, chat);
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
      await this.beforeCall(target.conversationId);
      await this.limited(
        inProactiveTurn(
          (logic) => adapter.continueConversationAsync(botAppId, reference, logic),
          (ctx) => ctx.updateActivity({ ...activity, id: target.activityId, conversation: reference.conversation }),
        ),
      );
      return { kind: 'done', delivery: target };
    } catch (err) {
      return this.outcomeOf(err, target.conversationId);
    }
  }

  private async deliver(aadObjectId: string, activity: Partial<Activity>, contact: PersonContact | undefined): Promise<Delivery> {
    const { adapter, botAppId } = this.options;
    if (contact?.reference) {
      const { conversationId } = contact.reference;
      await this.beforeCall(conversationId);
      const sent = await this.limited(
        inProactiveTurn(
          (logic) => adapter.continueConversationAsync(botAppId, fromStoredReference(contact.reference!), logic),
          (ctx) => ctx.sendActivity(activity),
        ),
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
    await this.beforeCall(`new:${aadObjectId}`);
    return this.limited(inProactiveTurn(
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
        // Someone reached for the first time has never written, so Teams never told us their name: ask the roster, briefly, never failing the delivery.
        const name = await rosterName(ctx, aadObjectId);
        if (stored) await conversations.savePerson(aadObjectId, stored, undefined, now(), name);
        return { conversationId, activityId: sent?.id };
      },
    ));
  }

  /** Refuses to call a chat still under a 429's Retry-After; then waits for the rate limits. */
  private async beforeCall(chat: string): Promise<void> {
    const until = this.blockedUntil.get(chat);
    if (until !== undefined) {
      const left = until - this.options.now().getTime();
      if (left > 0) throw Object.assign(new Error(`throttled by Teams: nothing to this chat for ${left} ms more`), { statusCode: 429, retryAfterMs: left, notSent: true });
      this.blockedUntil.delete(chat);
    }
    await this.options.throttle?.(chat);
  }

  /**
   * A backstop behind the adapter's own time limit (src/teams/adapter.ts), for
   * the parts of a call it does not cover (such as getting a token).
   */
  private limited<T>(call: Promise<T>): Promise<T> {
    const ms = this.callTimeoutMs + 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TeamsTimeout(ms)), ms);
    });
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }

  private outcomeOf(err: unknown, chat: string): WorkOutcome {
    const e = err as { statusCode?: number; retryAfterMs?: number; notSent?: boolean; name?: string; code?: string; response?: { headers?: { get(name: string): string | undefined } }; message?: string };
    const status = e.statusCode;
    const what = status ?? (e.name === 'TeamsTimeout' || e.name === 'AbortError' || /abort/i.test(String(e.message)) ? 'timeout' : (e.code ?? 'error'));
    const error = `${what}: ${String(e.message ?? err).slice(0, 200)}`;
    // 403: blocked or uninstalled; 404: the chat is gone; 400: Teams will never take this message; 413: too large.
    if (isFinalStatus(status)) return { kind: 'unreachable', error };
    // 429, 412, 5xx, time-outs, network errors and the rest: passing, tried again after Retry-After or a backoff.
    const now = this.options.now();
    const retryAfterMs = e.retryAfterMs ?? parseRetryAfter(e.response?.headers?.get('retry-after'), now);
    if (status === 429 && !e.notSent) this.blockedUntil.set(chat, now.getTime() + (retryAfterMs ?? BLOCKED_BY_DEFAULT_MS));
    return { kind: 'retry', error, retryAfterMs };
  }
}

function isTooLarge(outcome: WorkOutcome): boolean {
  return outcome.kind === 'unreachable' && outcome.error.startsWith('413');
}
