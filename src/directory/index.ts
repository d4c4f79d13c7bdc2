/**
 * The directory feature: the directory kept current from Entra ID through
 * Microsoft Graph (or read from DIRECTORY_FILE), stored in Cosmos DB so a
 * restart or a Graph outage does not stop reporting, and the `katalog`
 * command with which the school owner's leaders see its freshness and gaps.
 */
import type { Container } from '@azure/cosmos';
import type { CoreContext } from '../core/context';
import type { Directory } from '../core/directory';
import { emptyDirectory, type DirectorySetup, type DirectorySource } from '../core/directory-source';
import type { Feature } from '../core/registry';
import { directoryCommands, directoryTabSection, directoryVerbs, tellRequester, type DirectoryDeps } from './actions';
import { GraphClient, managedIdentityTokenProvider, type TokenProvider } from './graph';
import { DirectoryService } from './service';
import { directoryFrom } from './model';
import { DirectoryStore } from './store';
import { DirectorySynchroniser, type SyncOutcome } from './sync';
import { directoryJobs, directoryWorkHandlers, syncWork } from './work';

export type { SyncOutcome } from './sync';
export type { TokenProvider } from './graph';

export interface DirectoryOptions {
  setup: DirectorySetup;
  source: DirectorySource;
  instanceId: string;
  /** The managed identity the Graph token is asked for (AZURE_CLIENT_ID). */
  clientId?: string;
  /** Instead of the managed identity (tests). */
  graphToken?: TokenProvider;
  /** Who lost a principal's or leader's role: their open reminders go to their successors. */
  onRolesRemoved?: (personIds: string[]) => Promise<void>;
}

export interface DirectoryFeature extends Feature {
  /** Reads the stored directory (or records the file's), owes a first synchronisation if there is none, and starts looking for newer ones. */
  start(): Promise<void>;
  stop(): void;
  /** Synchronises now on this instance (tests and tools; the scheduled and requested ones go through owed work). */
  synchronise(options?: { full?: boolean }): Promise<SyncOutcome | { kind: 'file' }>;
  /** Picks up a newer stored directory now. */
  refresh(): Promise<void>;
}

export function createDirectory(core: CoreContext, options: DirectoryOptions): DirectoryFeature {
  const { setup, source } = options;
  const store = new DirectoryStore(core.containers.directory);
  const synchroniser =
    setup.source === 'graph'
      ? new DirectorySynchroniser({
          graph: new GraphClient({ baseUrl: setup.graphBaseUrl, token: options.graphToken ?? managedIdentityTokenProvider(options.clientId), log: core.log }),
          store,
          mapping: setup.mapping,
          schedule: core.schedule,
          now: core.now,
          log: core.log,
          instanceId: options.instanceId,
        })
      : undefined;
  const service = new DirectoryService({
    setup,
    source,
    store,
    contacts: core.contacts,
    synchroniser,
    schedule: core.schedule,
    now: core.now,
    log: core.log,
    onRolesRemoved: options.onRolesRemoved,
    oweSync: async (key) => {
      if (await core.work.createWork(syncWork(key, core.now()))) core.onWorkStored();
    },
  });
  const deps: DirectoryDeps = Object.assign(Object.create(core) as CoreContext, { source, store, service });
  return {
    name: 'directory',
    commands: directoryCommands(deps),
    verbs: directoryVerbs(deps),
    work: directoryWorkHandlers(core, service, (requesterId, outcome) => tellRequester(deps, requesterId, outcome)),
    jobs: directoryJobs(core, service, setup.source === 'graph'),
    tab: [directoryTabSection(deps)],
    start: () => service.start(),
    stop: () => service.stop(),
    synchronise: (o) => service.synchronise(o),
    refresh: async () => {
      await service.refresh();
    },
  };
}

/** The directory a tool outside the bot works with (npm run retention): the file's, or the stored one of the Graph source. */
export async function directoryFor(setup: DirectorySetup, container: Container): Promise<Directory> {
  if (setup.source === 'file') return setup.directory;
  const store = new DirectoryStore(container);
  const head = (await store.head())?.value;
  return head && head.origin === 'graph' && head.version > 0 ? directoryFrom(setup.mapping, await store.state(head)) : emptyDirectory(setup.mapping);
}
