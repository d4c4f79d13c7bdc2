/**
 * Synchronising the directory with Entra ID through Microsoft Graph.
 *
 * Full: a delta round over the mapped groups (`/groups/delta` filtered to
 * them, 50 to a chain, `$select=members`), paged to its `@odata.deltaLink`,
 * gives every group's members; each group's member list
 * (`/groups/{id}/members/microsoft.graph.user`) gives their names and
 * languages. Incremental: each stored delta link gives what changed since
 * (members added and `@removed`); only the people added are looked up
 * (`/users/{id}`). A delta link Graph no longer honours (7 days) starts a full
 * read, and so does a changed mapping or `fullEvery` passing.
 *
 * The result is stored as a new version only if the directory changed, under
 * a lease so one instance synchronises at a time; a failure leaves the stored
 * directory in use and records what went wrong.
 */
import type { Directory } from '../core/directory';
import { mappingGroups, type DirectoryMapping } from '../core/directory-source';
import type { Schedule } from '../core/schedule';
import { durationMs } from '../core/duration';
import type { Logger } from '../core/log';
import { GraphError, type GraphClient } from './graph';
import {
  applyChanges,
  deltaChains,
  detailsOf,
  directoryFrom,
  directoryHash,
  mappingHash,
  membersOf,
  prunePeople,
  removedFromRoles,
  roleHolders,
  type GraphState,
  type MemberChange,
  type PersonDetails,
} from './model';
import { ChunkMissing, HEAD_ID, type DirectoryHead, type DirectoryStore, type SyncMode } from './store';

export interface SyncDeps {
  graph: GraphClient;
  store: DirectoryStore;
  mapping: DirectoryMapping;
  schedule: Pick<Schedule, 'directorySync'>;
  now: () => Date;
  log: Logger;
  instanceId: string;
}

export type SyncOutcome =
  | { kind: 'synced'; mode: 'full' | 'delta'; changed: boolean; version: number; syncedAt: string; directory: Directory; removedFromRoles: string[] }
  | { kind: 'busy' }
  | { kind: 'failed'; mode: 'full' | 'delta'; error: string };

/** Long enough for a large tenant's full read with throttling; renewed while the work goes on. */
const LEASE_MS = 10 * 60_000;
const DETAIL_CONCURRENCY = 4;

interface GraphUser {
  id: string;
  '@odata.type'?: string;
  displayName?: string;
  preferredLanguage?: string;
}

interface DeltaGroup {
  id: string;
  '@removed'?: { reason?: string };
  'members@delta'?: (GraphUser & { '@removed'?: { reason?: string } })[];
}

const isUser = (o: { '@odata.type'?: string }) => !o['@odata.type'] || o['@odata.type'] === '#microsoft.graph.user';

export class DirectorySynchroniser {
  constructor(private readonly deps: SyncDeps) {}

  async run(options: { full?: boolean } = {}): Promise<SyncOutcome> {
    const { store, log, instanceId } = this.deps;
    const started = this.deps.now();
    if (!(await store.acquireLease(instanceId, started, LEASE_MS))) return { kind: 'busy' };
    this.lastRenewal = started.getTime();
    let mode: 'full' | 'delta' = 'full';
    try {
      const head = await store.head();
      mode = options.full || this.needsFull(head?.value, started) ? 'full' : 'delta';
      let result: { state: GraphState; deltaLinks: { groups: string[]; link: string }[]; missingGroups: string[] };
      if (mode === 'delta') {
        try {
          result = await this.incremental(await store.state(head!.value), head!.value);
        } catch (err) {
          if (!(err instanceof GraphError && err.deltaExpired) && !(err instanceof ChunkMissing)) throw err;
          log.warn('directory.delta_restarted', { reason: err instanceof GraphError ? err.code || String(err.status) : 'chunk missing' });
          mode = 'full';
          result = await this.full();
        }
      } else {
        result = await this.full();
      }
      return await this.store(head, result, mode, started);
    } catch (err) {
      const error = describe(err);
      log.error('directory.sync_failed', { mode, error });
      await this.recordFailure(mode, error, started).catch((e) => log.error('directory.sync_failure_not_recorded', { error: describe(e) }));
      return { kind: 'failed', mode, error };
    } finally {
      await store.releaseLease(instanceId).catch((e) => log.warn('directory.lease_not_released', { error: describe(e) }));
    }
  }

  private needsFull(head: DirectoryHead | undefined, now: Date): boolean {
    if (!head || head.origin !== 'graph' || head.version === 0 || !head.deltaLinks?.length) return true;
    if (head.mappingHash !== mappingHash(this.deps.mapping)) return true;
    const last = head.lastFullSyncAt ? Date.parse(head.lastFullSyncAt) : 0;
    return now.getTime() - last >= durationMs(this.deps.schedule.directorySync.fullEvery);
  }

  // ---------------------------------------------------------------- reading Graph

  private async full() {
    const groups = mappingGroups(this.deps.mapping);
    let state: GraphState = { groups: Object.fromEntries(groups.map((g) => [g, []])), people: {} };
    const seen = new Set<string>();
    const deltaLinks: { groups: string[]; link: string }[] = [];
    for (const chain of deltaChains(this.deps.mapping)) {
      const filter = chain.map((id) => `id eq '${id}'`).join(' or ');
      const { changes, removedGroups, link, groupsSeen } = await this.deltaRound(`groups/delta?$filter=${encodeURIComponent(filter)}&$select=displayName,members`);
      groupsSeen.forEach((g) => seen.add(g));
      state = applyChanges(state, changes, removedGroups);
      deltaLinks.push({ groups: chain, link });
    }
    // Names and languages: one paged member list per group gives them all at once.
    const people: Record<string, PersonDetails> = {};
    for (const g of groups.filter((id) => seen.has(id))) {
      try {
        for await (const page of this.deps.graph.pages<GraphUser>(`groups/${g}/members/microsoft.graph.user?$select=id,displayName,preferredLanguage&$top=999`)) {
          for (const u of page.value) if (u.id) people[u.id.toLowerCase()] = detailsOf(u);
          await this.renewLease();
        }
      } catch (err) {
        if (!(err instanceof GraphError && err.status === 404)) throw err;
      }
    }
    state = { groups: state.groups, people };
    state = await this.lookUpMissing(state);
    return { state: prunePeople(state), deltaLinks, missingGroups: groups.filter((g) => !seen.has(g)) };
  }

  private async incremental(previous: GraphState, head: DirectoryHead) {
    let state = previous;
    const deltaLinks: { groups: string[]; link: string }[] = [];
    for (const chain of head.deltaLinks ?? []) {
      const { changes, removedGroups, link } = await this.deltaRound(chain.link);
      state = applyChanges(state, changes, removedGroups);
      deltaLinks.push({ groups: chain.groups, link });
    }
    state = await this.lookUpMissing(state);
    return { state: prunePeople(state), deltaLinks, missingGroups: head.missingGroups ?? [] };
  }

  /** One delta round: every page to the delta link; a large group's members come spread over several pages. */
  private async deltaRound(first: string) {
    const changes: MemberChange[] = [];
    const removedGroups: string[] = [];
    const groupsSeen = new Set<string>();
    let link: string | undefined;
    for await (const page of this.deps.graph.pages<DeltaGroup>(first)) {
      for (const g of page.value) {
        const groupId = g.id.toLowerCase();
        if (g['@removed']) {
          removedGroups.push(groupId);
          continue;
        }
        groupsSeen.add(groupId);
        for (const m of g['members@delta'] ?? []) if (m.id && isUser(m)) changes.push({ groupId, userId: m.id, removed: !!m['@removed'] });
      }
      link = page['@odata.deltaLink'];
      await this.renewLease();
    }
    if (!link) throw new GraphError(0, 'noDeltaLink', 'Graph ended a delta round without a delta link');
    return { changes, removedGroups, link, groupsSeen };
  }

  /** Names and languages of members nobody has described yet (added since the last round). */
  private async lookUpMissing(state: GraphState): Promise<GraphState> {
    const missing = [...membersOf(state)].filter((id) => !state.people[id]);
    const people = { ...state.people };
    let next = 0;
    const worker = async () => {
      while (next < missing.length) {
        const id = missing[next++];
        try {
          people[id] = detailsOf(await this.deps.graph.get<GraphUser>(`users/${id}?$select=id,displayName,preferredLanguage`));
          await this.renewLease();
        } catch (err) {
          // Deleted meanwhile: no name, and the next delta round removes them.
          if (!(err instanceof GraphError && err.status === 404)) throw err;
          people[id] = {};
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(DETAIL_CONCURRENCY, missing.length) }, worker));
    return { groups: state.groups, people };
  }

  private lastRenewal = 0;

  private async renewLease(): Promise<void> {
    const now = this.deps.now();
    if (now.getTime() - this.lastRenewal < LEASE_MS / 3) return;
    this.lastRenewal = now.getTime();
    await this.deps.store.acquireLease(this.deps.instanceId, now, LEASE_MS);
  }

  // ---------------------------------------------------------------- storing

  private async store(
    head: Awaited<ReturnType<DirectoryStore['head']>>,
    result: { state: GraphState; deltaLinks: { groups: string[]; link: string }[]; missingGroups: string[] },
    mode: 'full' | 'delta',
    started: Date,
  ): Promise<SyncOutcome> {
    const { store, mapping, log } = this.deps;
    const now = this.deps.now();
    const directory = directoryFrom(mapping, result.state);
    const hash = directoryHash(directory);
    const roles = roleHolders(directory);
    const common = {
      syncedAt: now.toISOString(),
      lastAttempt: { at: now.toISOString(), ok: true, mode: mode as SyncMode, durationMs: now.getTime() - started.getTime() },
      deltaLinks: result.deltaLinks,
      missingGroups: result.missingGroups,
      lastFullSyncAt: mode === 'full' ? now.toISOString() : head?.value.lastFullSyncAt,
    };
    const previous = head?.value;
    if (previous && previous.origin === 'graph' && previous.version > 0 && previous.hash === hash && previous.mappingHash === mappingHash(mapping)) {
      // Nothing changed: the delta links and the time of the confirmation move on.
      const saved = await store.saveHead({ ...previous, ...common }, head!.etag);
      if (saved === 'conflict') log.warn('directory.head_conflict', { version: previous.version });
      log.info('directory.synced', { mode, changed: false, version: previous.version, people: directory.people.length });
      return { kind: 'synced', mode, changed: false, version: previous.version, syncedAt: common.syncedAt, directory, removedFromRoles: [] };
    }
    const version = (previous?.version ?? 0) + 1;
    const next: Omit<DirectoryHead, 'chunks' | 'previousChunks'> = {
      id: HEAD_ID,
      docType: 'directoryHead',
      origin: 'graph',
      version,
      hash,
      mappingHash: mappingHash(mapping),
      changedAt: now.toISOString(),
      roles,
      ...common,
    };
    if ((await store.writeVersion(head, next, result.state)) === 'conflict') throw new Error('the stored directory changed while synchronising');
    const removed = previous?.roles ? removedFromRoles(previous.roles, roles) : [];
    log.info('directory.synced', { mode, changed: true, version, people: directory.people.length, schools: directory.schools.length, removedFromRoles: removed.length });
    return { kind: 'synced', mode, changed: true, version, syncedAt: common.syncedAt, directory, removedFromRoles: removed };
  }

  private async recordFailure(mode: SyncMode, error: string, started: Date): Promise<void> {
    const now = this.deps.now();
    const lastAttempt = { at: now.toISOString(), ok: false, mode, error, durationMs: now.getTime() - started.getTime() };
    for (let attempt = 0; attempt < 3; attempt++) {
      const head = await this.deps.store.head();
      const value: DirectoryHead = head ? { ...head.value, lastAttempt } : { id: HEAD_ID, docType: 'directoryHead', origin: 'graph', version: 0, chunks: [], lastAttempt };
      if ((await this.deps.store.saveHead(value, head?.etag)) === 'saved') return;
    }
  }
}

function describe(err: unknown): string {
  return String((err as Error)?.message ?? err).slice(0, 300);
}
