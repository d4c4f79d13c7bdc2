/**
 * The stored directory in the `directory` container (core/cosmos/containers.ts
 * says why it is shaped so): a head document naming the version in use and
 * how it was synchronised, chunk documents with that version's groups and
 * people, and a lease so one instance synchronises at a time.
 */
import type { Container } from '@azure/cosmos';
import { readDoc, statusOf, stripSystem, type Versioned } from '../core/cosmos/batch';
import type { DirectoryOrigin } from '../core/directory-source';
import { withoutUndefined } from '../core/objects';
import type { GraphState, PersonDetails, RoleHolders } from './model';

export const HEAD_ID = 'directory';
const LEASE_ID = 'directory-sync-lease';

export type SyncMode = 'full' | 'delta' | 'file';

export interface DirectoryHead {
  id: typeof HEAD_ID;
  docType: 'directoryHead';
  origin: DirectoryOrigin;
  /** 0 until a directory is stored (a first synchronisation failed). */
  version: number;
  hash?: string;
  /** With Graph: the mapping the groups were read for. */
  mappingHash?: string;
  /** This version's chunk documents, and the previous version's (kept for readers still loading it). */
  chunks: string[];
  previousChunks?: string[];
  /** When this version was written. */
  changedAt?: string;
  /** When the directory was last read from the file or confirmed by Graph. */
  syncedAt?: string;
  lastFullSyncAt?: string;
  lastAttempt?: { at: string; ok: boolean; mode: SyncMode; error?: string; durationMs?: number };
  /** One delta link per chain of at most 50 groups. */
  deltaLinks?: { groups: string[]; link: string }[];
  /** Groups the mapping names that Graph does not know (deleted, or a typo). */
  missingGroups?: string[];
  /** Who held the roles that owe reminders, to tell who lost one in the next version. */
  roles?: RoleHolders;
}

export interface DirectoryChunk {
  id: string;
  docType: 'directoryChunk';
  version: number;
  groups?: Record<string, string[]>;
  people?: Record<string, PersonDetails>;
}

interface SyncLease {
  id: typeof LEASE_ID;
  docType: 'directoryLease';
  owner: string;
  until: string;
}

/** About 40 bytes an id: chunks stay near 400 KB, far below Cosmos DB's 2 MB per item. */
const IDS_PER_CHUNK = 10_000;
const PEOPLE_PER_CHUNK = 3_000;

export class ChunkMissing extends Error {}

export class DirectoryStore {
  constructor(private readonly container: Container) {}

  async head(): Promise<Versioned<DirectoryHead> | undefined> {
    return readDoc<DirectoryHead>(this.container, HEAD_ID, HEAD_ID, 'directoryHead');
  }

  /** The groups and people of the head's version; ChunkMissing if a newer version replaced them meanwhile. */
  async state(head: DirectoryHead): Promise<GraphState> {
    const state: GraphState = { groups: {}, people: {} };
    for (const id of head.chunks) {
      const chunk = await readDoc<DirectoryChunk>(this.container, id, id, 'directoryChunk');
      if (!chunk) throw new ChunkMissing(`directory chunk ${id} of version ${head.version} is gone`);
      for (const [g, ids] of Object.entries(chunk.value.groups ?? {})) state.groups[g] = [...(state.groups[g] ?? []), ...ids];
      Object.assign(state.people, chunk.value.people ?? {});
    }
    return state;
  }

  /**
   * Stores a new version: its chunks, then the head, replaced only if nobody
   * changed it since `previous` was read. The chunks of the version before
   * the previous one are deleted afterwards.
   */
  async writeVersion(previous: Versioned<DirectoryHead> | undefined, next: Omit<DirectoryHead, 'chunks' | 'previousChunks'>, state?: GraphState): Promise<'saved' | 'conflict'> {
    const chunks = state ? chunksOf(next.version, state) : [];
    for (const c of chunks) await this.container.items.upsert(c);
    const head: DirectoryHead = { ...next, chunks: chunks.map((c) => c.id), previousChunks: previous?.value.chunks ?? [] };
    const saved = await this.saveHead(head, previous?.etag);
    if (saved === 'conflict') {
      await this.remove(head.chunks);
      return 'conflict';
    }
    await this.remove((previous?.value.previousChunks ?? []).filter((id) => !head.chunks.includes(id)));
    return 'saved';
  }

  /** Creates the head (no etag) or replaces it under its ETag. */
  async saveHead(head: DirectoryHead, etag: string | undefined): Promise<'saved' | 'conflict'> {
    // The head as read carries the store's system fields; the write sends neither those nor fields left undefined.
    const doc = stripSystem(withoutUndefined(head));
    try {
      if (etag) await this.container.item(HEAD_ID, HEAD_ID).replace(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
      else await this.container.items.create(doc);
      return 'saved';
    } catch (err) {
      if ([409, 412, 404].includes(statusOf(err) ?? 0)) return 'conflict';
      throw err;
    }
  }

  /** Claims the right to synchronise until `until`; false while another instance holds an unexpired claim. */
  async acquireLease(owner: string, now: Date, ms: number): Promise<boolean> {
    const lease: SyncLease = { id: LEASE_ID, docType: 'directoryLease', owner, until: new Date(now.getTime() + ms).toISOString() };
    const current = await readDoc<SyncLease>(this.container, LEASE_ID, LEASE_ID, 'directoryLease');
    try {
      if (!current) await this.container.items.create(lease);
      else if (current.value.owner === owner || current.value.until <= now.toISOString()) {
        await this.container.item(LEASE_ID, LEASE_ID).replace(lease, { accessCondition: { type: 'IfMatch', condition: current.etag } });
      } else return false;
      return true;
    } catch (err) {
      if ([409, 412, 404].includes(statusOf(err) ?? 0)) return false;
      throw err;
    }
  }

  async releaseLease(owner: string): Promise<void> {
    const current = await readDoc<SyncLease>(this.container, LEASE_ID, LEASE_ID, 'directoryLease');
    if (current?.value.owner !== owner) return;
    try {
      await this.container.item(LEASE_ID, LEASE_ID).delete({ accessCondition: { type: 'IfMatch', condition: current.etag } });
    } catch (err) {
      if (![404, 412].includes(statusOf(err) ?? 0)) throw err;
    }
  }

  private async remove(ids: string[]): Promise<void> {
    for (const id of ids) {
      try {
        await this.container.item(id, id).delete();
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
    }
  }
}

/** A version's groups and people in documents well below the item limit (exported for a test). */
export function chunksOf(version: number, state: GraphState): DirectoryChunk[] {
  const out: DirectoryChunk[] = [];
  const make = (): DirectoryChunk => ({ id: `directory-v${version}-${out.length}`, docType: 'directoryChunk', version });
  let current = make();
  let ids = 0;
  const flush = () => {
    out.push(current);
    current = make();
    ids = 0;
  };
  for (const [group, members] of Object.entries(state.groups)) {
    // A large group spreads over several chunks; an empty one still takes a place, so it is known to be empty.
    let offset = 0;
    do {
      if (ids >= IDS_PER_CHUNK) flush();
      const part = members.slice(offset, offset + IDS_PER_CHUNK - ids);
      (current.groups ??= {})[group] = [...(current.groups[group] ?? []), ...part];
      ids += Math.max(part.length, 1);
      offset += part.length;
    } while (offset < members.length);
  }
  const people = Object.entries(state.people);
  for (let i = 0; i < people.length; i += PEOPLE_PER_CHUNK) {
    if (current.groups || current.people) flush();
    current.people = Object.fromEntries(people.slice(i, i + PEOPLE_PER_CHUNK));
  }
  if (current.groups || current.people || out.length === 0) out.push(current);
  return out;
}
