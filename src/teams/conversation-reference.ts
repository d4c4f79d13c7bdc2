/** Maps botbuilder's conversation references to the plain data the store keeps, and back. */
import type { Activity, ConversationReference } from 'botbuilder';
import type { StoredReference } from '../core/contacts';

export function toStoredReference(activity: Partial<Activity>): StoredReference | undefined {
  const { conversation, serviceUrl, channelId, recipient, from } = activity;
  if (!conversation?.id || !serviceUrl || !channelId || !recipient?.id || !from?.id) return undefined;
  return {
    conversationId: conversation.id,
    serviceUrl,
    channelId,
    botId: recipient.id,
    botName: recipient.name,
    tenantId: conversation.tenantId ?? tenantIdOf(activity),
    userChannelId: from.id,
  };
}

export function fromStoredReference(ref: StoredReference): Partial<ConversationReference> {
  return {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    bot: { id: ref.botId, name: ref.botName ?? '' },
    user: { id: ref.userChannelId, name: '' },
    conversation: { id: ref.conversationId, isGroup: false, conversationType: 'personal', tenantId: ref.tenantId, name: '' },
  };
}

export function tenantIdOf(activity: Partial<Activity>): string | undefined {
  return (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? activity.conversation?.tenantId;
}

/** A 1:1 chat between the bot and one person: the only place case details are shown. */
export function isPersonalChat(activity: Partial<Activity>): boolean {
  const type = activity.conversation?.conversationType;
  return type === 'personal' || (type === undefined && activity.conversation?.isGroup !== true);
}
