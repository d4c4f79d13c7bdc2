/**
 * How to reach each person proactively: the reference to their 1:1 chat with
 * the bot, kept in Cosmos DB so it survives restarts and serves every instance.
 * Stored as plain data; the Teams edge maps it to and from botbuilder's type.
 */
import type { Container } from '@azure/cosmos';
import { statusOf, stripSystem } from './cosmos/batch';
import { rememberTeamsName } from './names';

export interface StoredReference {
  conversationId: string;
  serviceUrl: string;
  channelId: string;
  botId: string;
  botName?: string;
  tenantId?: string;
  /** The user's channel id (29:... in Teams). */
  userChannelId: string;
}

export interface PersonContact {
  id: string;
  /** Partition key: the person's Entra object id. */
  userId: string;
  docType: 'person';
  reference?: StoredReference;
  /** The locale of the person's Teams client when last seen. */
  locale?: string;
  /** The name Teams gave the person on their own activities: shown when the directory has none. */
  name?: string;
  updatedAt: string;
}

/** Where and as whom the bot reaches a tenant: needed to open a chat with someone who never wrote. */
export interface TenantChannel {
  serviceUrl: string;
  /** The bot's id on the channel, as activities address it. */
  botId: string;
}

interface TenantChannelDoc extends TenantChannel {
  id: string;
  userId: string;
  docType: 'tenant';
  updatedAt: string;
}

/** The school a person on no school's staff list chose when they last reported: the form's choice next time. */
interface SchoolChoiceDoc {
  id: string;
  userId: string;
  docType: 'schoolChoice';
  schoolId: string;
  updatedAt: string;
}

const choiceId = (userId: string) => `school-choice:${userId}`;

/** How long this process trusts what it last read or wrote of a contact before reading the store again. */
const KNOWN_FOR_MS = 5 * 60 * 1000;
const KNOWN_MAX = 20000;

export class ContactStore {
  /**
   * What this process last read or wrote, so that the contact bookkeeping on
   * every activity costs no request when nothing changed. The store stays the
   * source of truth: proactive sends use what is known (`knownPerson`) and
   * read it afresh when Teams answers 403/404, and after `KNOWN_FOR_MS` a
   * save or a send looks again, so several instances converge.
   */
  private readonly known = new Map<string, { doc: unknown; at: number }>();

  constructor(
    private readonly container: Container,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Saves how to reach the person; true when the bot had never seen them (first contact). */
  async savePerson(userId: string, reference: StoredReference | undefined, locale: string | undefined, now: Date, name?: string): Promise<boolean> {
    const existing = this.recall<PersonContact>(userId) ?? (await this.getPerson(userId));
    const given = name?.trim().slice(0, 200) || undefined;
    rememberTeamsName(userId, given);
    const doc: PersonContact = {
      id: userId,
      userId,
      docType: 'person',
      reference: reference ?? existing?.reference,
      locale: locale ?? existing?.locale,
      ...((given ?? existing?.name) ? { name: given ?? existing?.name } : {}),
      updatedAt: now.toISOString(),
    };
    if (existing && existing.locale === doc.locale && existing.name === doc.name && sameReference(existing.reference, doc.reference)) return false;
    await this.container.items.upsert(doc);
    this.remember(userId, doc);
    return !existing;
  }

  /**
   * The contact as this process last read or wrote it, if within
   * `KNOWN_FOR_MS`, else read: for sends, which read it afresh when Teams
   * answers that the chat is gone or closed (another instance may have a
   * newer one).
   */
  async knownPerson(userId: string): Promise<PersonContact | undefined> {
    return this.recall<PersonContact>(userId) ?? (await this.getPerson(userId));
  }

  /** The contact as stored now (a point read). */
  async getPerson(userId: string): Promise<PersonContact | undefined> {
    const doc = await this.read<PersonContact>(userId);
    if (doc) this.remember(userId, doc);
    rememberTeamsName(userId, doc?.name);
    return doc;
  }

  /**
   * Reads the contacts of those the directory has no name for, so that the
   * names Teams gave them are known in this process before a card is built
   * (point reads; what this process read lately costs nothing).
   */
  async learnNames(ids: string[], hasName: (id: string) => boolean): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/.test(id) && !hasName(id) && !this.recall(id));
    await Promise.all(missing.slice(0, 50).map((id) => this.getPerson(id).catch(() => undefined)));
  }

  async saveTenantChannel(tenantId: string, channel: TenantChannel, now: Date): Promise<void> {
    const id = `tenant:${tenantId}`;
    const existing = this.recall<TenantChannelDoc>(id) ?? (await this.read<TenantChannelDoc>(id));
    if (existing) this.remember(id, existing);
    if (existing?.serviceUrl === channel.serviceUrl && existing.botId === channel.botId) return;
    const doc: TenantChannelDoc = { id, userId: id, docType: 'tenant', ...channel, updatedAt: now.toISOString() };
    await this.container.items.upsert<TenantChannelDoc>(doc);
    this.remember(id, doc);
  }

  async getTenantChannel(tenantId: string): Promise<TenantChannel | undefined> {
    const id = `tenant:${tenantId}`;
    const doc = this.recall<TenantChannelDoc>(id) ?? (await this.read<TenantChannelDoc>(id));
    if (doc) this.remember(id, doc);
    return doc ? { serviceUrl: doc.serviceUrl, botId: doc.botId } : undefined;
  }

  /** A document of its own beside the person's contact (same partition), so saving a contact never loses it. */
  async saveSchoolChoice(userId: string, schoolId: string, now: Date): Promise<void> {
    if ((await this.schoolChoice(userId)) === schoolId) return;
    await this.container.items.upsert<SchoolChoiceDoc>({ id: choiceId(userId), userId, docType: 'schoolChoice', schoolId, updatedAt: now.toISOString() });
  }

  async schoolChoice(userId: string): Promise<string | undefined> {
    return (await this.read<SchoolChoiceDoc>(choiceId(userId), userId))?.schoolId;
  }

  private recall<T>(id: string): T | undefined {
    const entry = this.known.get(id);
    return entry && this.clock() - entry.at < KNOWN_FOR_MS ? (entry.doc as T) : undefined;
  }

  private remember(id: string, doc: unknown): void {
    if (this.known.size >= KNOWN_MAX) {
      const stale = this.clock() - KNOWN_FOR_MS;
      for (const [key, entry] of this.known) if (entry.at < stale) this.known.delete(key);
      if (this.known.size >= KNOWN_MAX) this.known.clear();
    }
    this.known.set(id, { doc, at: this.clock() });
  }

  private async read<T extends object>(id: string, partition = id): Promise<T | undefined> {
    try {
      const { resource } = await this.container.item(id, partition).read<T>();
      return resource ? stripSystem(resource) : undefined;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }
}

/** Every field of a reference (the compiler insists on each). */
const REFERENCE_KEYS: Record<keyof StoredReference, true> = { conversationId: true, serviceUrl: true, channelId: true, botId: true, botName: true, tenantId: true, userChannelId: true };
const REFERENCE_FIELDS = Object.keys(REFERENCE_KEYS) as (keyof StoredReference)[];

/** Field by field: this runs on every activity, and stringifying both was a measurable part of a turn. */
function sameReference(a: StoredReference | undefined, b: StoredReference | undefined): boolean {
  if (!a || !b) return a === b;
  return REFERENCE_FIELDS.every((k) => a[k] === b[k]);
}
