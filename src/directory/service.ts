/**
 * The directory in use, kept current: at start-up the stored directory (Graph
 * source) or the file's, recorded so the next start can tell who lost a role;
 * every `refreshEvery` each instance reads the stored head and picks up a
 * newer version; a synchronisation (claimed once, see work.ts) replaces the
 * directory at once on the instance that ran it. Whoever lost a principal's or
 * leader's role has their open reminders handed to their successors.
 */
import type { ContactStore } from '../core/contacts';
import type { DirectorySetup, DirectorySource } from '../core/directory-source';
import { durationMs } from '../core/duration';
import type { Logger } from '../core/log';
import type { Schedule } from '../core/schedule';
import { directoryFrom, directoryHash, mappingHash, removedFromRoles, roleHolders } from './model';
import { HEAD_ID, type DirectoryHead, type DirectoryStore } from './store';
import type { DirectorySynchroniser, SyncOutcome } from './sync';

export interface DirectoryServiceDeps {
  setup: DirectorySetup;
  source: DirectorySource;
  store: DirectoryStore;
  contacts: ContactStore;
  synchroniser?: DirectorySynchroniser;
  schedule: Pick<Schedule, 'directorySync'>;
  now: () => Date;
  log: Logger;
  /** Told who lost a principal's or leader's role once a directory without them is stored. */
  onRolesRemoved?: (personIds: string[]) => Promise<void>;
  /** Owes a synchronisation that one instance will run (start-up without a stored directory). */
  oweSync: (key: string) => Promise<void>;
}

/** How often an instance without any directory yet looks for one. */
const FIRST_LOOK_MS = 1000;

export class DirectoryService {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: DirectoryServiceDeps) {}

  async start(): Promise<void> {
    this.stopped = false;
    if (this.deps.setup.source === 'file') {
      await this.recordFile().catch((err) => this.deps.log.error('directory.record_failed', { error: String(err).slice(0, 300) }));
      return;
    }
    const head = await this.refresh();
    // Nothing stored yet, or stored for another mapping: one instance synchronises now, the others pick it up.
    if (!this.deps.source.status.loaded || head?.mappingHash !== mappingHash(this.deps.setup.mapping)) {
      await this.deps.oweSync(`startup:${mappingHash(this.deps.setup.mapping)}:${this.deps.now().toISOString()}`);
    }
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    const every = this.deps.source.status.loaded ? durationMs(this.deps.schedule.directorySync.refreshEvery) : Math.min(FIRST_LOOK_MS, durationMs(this.deps.schedule.directorySync.refreshEvery));
    this.timer = setTimeout(() => {
      this.refresh()
        .catch((err) => this.deps.log.warn('directory.refresh_failed', { error: String(err).slice(0, 300) }))
        .finally(() => this.schedule());
    }, every);
    this.timer.unref?.();
  }

  /** Reads the stored head; a newer version (from another instance's synchronisation) replaces the directory in use. */
  async refresh(): Promise<DirectoryHead | undefined> {
    const { setup, source, store, log } = this.deps;
    if (setup.source !== 'graph') return undefined;
    const head = (await store.head())?.value;
    if (!head) return undefined;
    const lastError = head.lastAttempt && !head.lastAttempt.ok ? { at: head.lastAttempt.at, message: head.lastAttempt.error ?? '' } : undefined;
    if (head.origin === 'graph' && head.version > 0 && head.version !== source.status.version) {
      const state = await store.state(head);
      source.replace(directoryFrom(setup.mapping, state), { version: head.version, syncedAt: head.syncedAt, lastError });
      log.info('directory.loaded', { version: head.version, syncedAt: head.syncedAt, schools: source.current.schools.length });
    } else {
      source.update({ syncedAt: head.origin === 'graph' && head.version > 0 ? head.syncedAt : source.status.syncedAt, lastError });
    }
    return head;
  }

  /** Synchronises now (the caller has claimed the work); the directory in use follows at once. */
  async synchronise(options: { full?: boolean } = {}): Promise<SyncOutcome | { kind: 'file' }> {
    const { synchroniser, source, log } = this.deps;
    if (!synchroniser) return { kind: 'file' };
    const outcome = await synchroniser.run(options);
    if (outcome.kind === 'synced') {
      source.replace(outcome.directory, { version: outcome.version, syncedAt: outcome.syncedAt, lastError: undefined });
      await this.handOver(outcome.removedFromRoles);
    } else if (outcome.kind === 'failed') {
      source.update({ lastError: { at: this.deps.now().toISOString(), message: outcome.error } });
    } else {
      log.info('directory.sync_busy', {});
    }
    return outcome;
  }

  /** The file's directory, stored as a new version when it differs from the last start's, so a changed role hands reminders over. */
  private async recordFile(): Promise<void> {
    const { setup, source, store, now, log } = this.deps;
    if (setup.source !== 'file') return;
    const previous = await store.head();
    const hash = directoryHash(setup.directory);
    if (previous?.value.origin === 'file' && previous.value.hash === hash) {
      source.update({ version: previous.value.version });
      return;
    }
    const at = now().toISOString();
    const roles = roleHolders(setup.directory);
    const version = (previous?.value.version ?? 0) + 1;
    const next: Omit<DirectoryHead, 'chunks' | 'previousChunks'> = {
      id: HEAD_ID,
      docType: 'directoryHead',
      origin: 'file',
      version,
      hash,
      changedAt: at,
      syncedAt: at,
      lastAttempt: { at, ok: true, mode: 'file' },
      roles,
    };
    // Another instance starting with the same file at the same time wins the ETag; either is the same.
    if ((await store.writeVersion(previous, next)) === 'conflict') return;
    source.update({ version });
    log.info('directory.recorded', { version, origin: 'file' });
    await this.handOver(previous?.value.roles ? removedFromRoles(previous.value.roles, roles) : []);
  }

  private async handOver(personIds: string[]): Promise<void> {
    if (personIds.length === 0 || !this.deps.onRolesRemoved) return;
    try {
      await this.deps.onRolesRemoved(personIds);
    } catch (err) {
      // Each reminder also checks its addressee when it falls due, so none goes astray meanwhile.
      this.deps.log.error('directory.handover_failed', { people: personIds.length, error: String(err).slice(0, 300) });
    }
  }

  /** Whether a directory is in use (with Graph: one was synchronised). */
  get loaded(): boolean {
    return this.deps.source.status.loaded;
  }

  /** Whether a synchronisation has succeeded since this moment (ISO), on this instance or another. */
  syncedSince(iso: string): boolean {
    const { syncedAt, origin } = this.deps.source.status;
    return origin === 'graph' && !!syncedAt && syncedAt >= iso;
  }

  /** People in a role without a conversation with the bot (never reached). */
  async neverReached(ids: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const contact = await this.deps.contacts.getPerson(id).catch(() => undefined);
        if (!contact?.reference) out.add(id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, ids.length) }, worker));
    return out;
  }
}
