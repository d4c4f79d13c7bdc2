/**
 * The audit trail: who took what out of the bot, when, and as which role.
 * Every export link made and every download served (or refused) is one
 * entry in the `audit` container, partitioned by the person who acted
 * (containers.ts says why). Entries are only ever added. Reads of cases
 * (issue 15) are meant to land here too, as their own `action`.
 */
import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { stripSystem } from './cosmos/batch';

/** What happened. Kept open (`string`) so a feature can add its own actions without touching core. */
export type AuditAction = 'export.link' | 'export.download' | 'export.refused' | (string & {});

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
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'docType' | 'at'> & { at?: Date };

export class AuditTrail {
  constructor(
    private readonly container: Container,
    private readonly now: () => Date,
  ) {}

  /** Stores one entry; throws if the store refuses, so the caller can hold back what it was about to hand out. */
  async record(input: NewAuditEntry): Promise<AuditEntry> {
    const { at, ...rest } = input;
    const entry: AuditEntry = { id: randomUUID(), docType: 'audit', at: (at ?? this.now()).toISOString(), ...rest };
    await this.container.items.create(entry);
    return entry;
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

  /** Every entry that concerned a case, newest first: across people, served by the index on caseIds. */
  async ofCase(caseId: string, limit = 500): Promise<AuditEntry[]> {
    const { resources } = await this.container.items
      .query<AuditEntry>({
        query: 'SELECT TOP @limit * FROM c WHERE ARRAY_CONTAINS(c.caseIds, @case) AND c.docType = "audit" ORDER BY c.at DESC',
        parameters: [{ name: '@case', value: caseId }, { name: '@limit', value: limit }],
      })
      .fetchAll();
    return resources.map(stripSystem);
  }
}
