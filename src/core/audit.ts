/**
 * The audit trail: who read or took what out of the bot, when, and as which
 * role. Every export link made, every download served (or refused) and every
 * opening of a case by someone other than its reporter is one entry in the
 * `audit` container, partitioned by the person who acted (containers.ts says
 * why). Entries are only added; the retention job (src/privacy/) deletes
 * them when their time is up.
 *
 * An opening is one small write, not one per look: Teams asks for a fresh
 * card (`refresh`) each time a card is shown, so one person looking at a case
 * again and again within `viewWindow` (clock-aligned windows, the schedule's
 * `retention.viewAuditWindow`) is one entry. The entry's id is made from the
 * person, the case and the window, so every instance writes the same id and
 * the store refuses the second (409); a small memory of what this process
 * already wrote saves most of those requests.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { statusOf, stripSystem } from './cosmos/batch';
import type { Logger } from './log';

/** What happened. Kept open (`string`) so a feature can add its own actions without touching core. */
export type AuditAction = 'export.link' | 'export.download' | 'export.refused' | 'case.view' | (string & {});

/** How the person reached it. */
export type AuditChannel = 'chat' | 'tab' | 'link';

export interface AuditEntry {
  id: string;
  /** Partition key: the Entra object id of who acted. */
  actorId: string;
  docType: 'audit';
  /** ISO instant. */
  at: string;
  action: AuditAction;
  /** The roles the directory gave the person for this, when it was decided (`principal`, `safetyRep`, `leader`, `chiefSafetyRep`, ...). */
  roles: string[];
  /** The schools it concerned. */
  schoolIds: string[];
  channel: AuditChannel;
  /** The download kind (`register`, ...), and the format and parameters asked for. */
  kind?: string;
  format?: string;
  params?: Record<string, string>;
  /** The cases whose data left the bot, and how many. */
  caseIds?: string[];
  count?: number;
  /** The link an entry belongs to: a link made and its downloads share it. */
  linkId?: string;
  /** Why it was refused. */
  reason?: string;
  /** The case's short reference (VT-2026-0042), on an opening: readable without looking the case up. */
  reference?: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'docType' | 'at'> & { at?: Date };

/** Someone opened a case: who, which, as what, where. */
export interface CaseView {
  actorId: string;
  caseId: string;
  reference: string;
  schoolId: string;
  /** Their relation to the case when they opened it (principal, safetyRep, leader, ...). */
  role: string;
  channel: AuditChannel;
}

/** What became of an opening: stored now, already stored in this window, or not stored (logged as an error). */
export type ViewRecord = 'recorded' | 'repeat' | 'failed';

const REMEMBERED_MAX = 5000;

export interface AuditOptions {
  /** The length of one opening window in ms (read at each opening: the schedule may be replaced). */
  viewWindowMs?: () => number;
  log?: Logger;
}

export class AuditTrail {
  /** "person case" → the window this process last stored an opening for. */
  private readonly remembered = new Map<string, number>();

  constructor(
    private readonly container: Container,
    private readonly now: () => Date,
    private readonly options: AuditOptions = {},
  ) {}

  /** Stores one entry; throws if the store refuses, so the caller can hold back what it was about to hand out. */
  async record(input: NewAuditEntry): Promise<AuditEntry> {
    const { at, ...rest } = input;
    const entry: AuditEntry = { id: randomUUID(), docType: 'audit', at: (at ?? this.now()).toISOString(), ...rest };
    await this.container.items.create(entry);
    return entry;
  }

  /**
   * An opening of a case, at most once per person, case and window. Never
   * throws: the person sees the case even when the store refuses the entry
   * (docs/privacy.md says why); the failure is an `audit.failed` error in the
   * log with everything the entry would have held (ids only), so the trail
   * can be completed from the log and an alert can watch for it.
   */
  async caseViewed(view: CaseView): Promise<ViewRecord> {
    const now = this.now();
    const windowMs = Math.max(1000, this.options.viewWindowMs?.() ?? 15 * 60_000);
    const window = Math.floor(now.getTime() / windowMs);
    const key = `${view.actorId} ${view.caseId}`;
    if (this.remembered.get(key) === window) return 'repeat';
    const id = `view-${createHash('sha256').update(`${view.actorId}\n${view.caseId}\n${windowMs}\n${window}`).digest('hex').slice(0, 32)}`;
    const entry: AuditEntry = {
      id,
      actorId: view.actorId,
      docType: 'audit',
      at: now.toISOString(),
      action: 'case.view',
      roles: [view.role],
      schoolIds: [view.schoolId],
      channel: view.channel,
      caseIds: [view.caseId],
      count: 1,
      reference: view.reference,
    };
    try {
      await this.container.items.create(entry);
      this.remember(key, window);
      return 'recorded';
    } catch (err) {
      if (statusOf(err) === 409) {
        // Another instance, or a retry of the same turn, stored this window's opening.
        this.remember(key, window);
        return 'repeat';
      }
      this.options.log?.error('audit.failed', { action: 'case.view', by: view.actorId, caseId: view.caseId, as: view.role, schoolId: view.schoolId, channel: view.channel, at: entry.at, error: String(err).slice(0, 300) });
      return 'failed';
    }
  }

  private remember(key: string, window: number): void {
    this.remembered.delete(key);
    this.remembered.set(key, window);
    // The oldest first: a Map keeps insertion order.
    if (this.remembered.size > REMEMBERED_MAX) this.remembered.delete(this.remembered.keys().next().value!);
  }

  /** What one person did, newest first: a single-partition query. */
  async ofActor(actorId: string, limit = 500): Promise<AuditEntry[]> {
    const { resources } = await this.container.items
      .query<AuditEntry>(
        { query: 'SELECT TOP @limit * FROM c WHERE c.actorId = @actor AND c.docType = "audit" ORDER BY c.at DESC', parameters: [{ name: '@actor', value: actorId }, { name: '@limit', value: limit }] },
        { partitionKey: actorId },
      )
      .fetchAll();
    return resources.map(stripSystem);
  }

  /** Every entry that concerned a case (or only those of one action), newest first: across people, served by the index on caseIds. */
  async ofCase(caseId: string, options: { action?: AuditAction; limit?: number } | number = {}): Promise<AuditEntry[]> {
    const { action, limit = 500 } = typeof options === 'number' ? { limit: options } : options;
    const { resources } = await this.container.items
      .query<AuditEntry>({
        query: `SELECT TOP @limit * FROM c WHERE ARRAY_CONTAINS(c.caseIds, @case) AND c.docType = "audit"${action ? ' AND c.action = @action' : ''} ORDER BY c.at DESC`,
        parameters: [{ name: '@case', value: caseId }, { name: '@limit', value: limit }, ...(action ? [{ name: '@action', value: action }] : [])],
      })
      .fetchAll();
    return resources.map(stripSystem);
  }
}
