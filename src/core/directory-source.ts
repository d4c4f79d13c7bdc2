/**
 * Where the directory comes from, and the directory in use now. The file
 * source reads DIRECTORY_FILE once; the Graph source makes the directory from
 * Entra ID groups (the directory feature synchronises it and stores it in
 * Cosmos DB). Either way every feature reads `core.directory`, which is
 * `DirectorySource.current`: replaced while the bot runs when a newer
 * directory is synchronised, so it must be read at use time, never kept.
 */
import type { Directory } from './directory';

export type DirectoryOrigin = 'file' | 'graph';

/**
 * Which Entra ID groups make the directory (DIRECTORY_MAPPING_FILE). Roles are
 * groups of their own rather than a staff group's owners or a user attribute:
 * owners of a Microsoft 365 group are whoever administers it (often IT), and
 * attributes such as jobTitle are free text that delta queries on groups do
 * not follow. Role groups are what municipalities already keep for access,
 * can be dynamic, and one delta query follows them all.
 */
export interface DirectoryMapping {
  tenantId: string;
  owner: {
    name: string;
    supportContact?: string;
    /** Skolesjef / HMS: escalations, cluster alerts, the directory command. */
    leaderGroups: string[];
    /** Hovedverneombud. */
    chiefSafetyRepGroups: string[];
  };
  schools: {
    id: string;
    name: string;
    staffGroups: string[];
    principalGroups: string[];
    safetyRepGroups: string[];
  }[];
}

/** Every group a mapping names, each once, in the order of the file. */
export function mappingGroups(mapping: DirectoryMapping): string[] {
  const all = [
    ...mapping.owner.leaderGroups,
    ...mapping.owner.chiefSafetyRepGroups,
    ...mapping.schools.flatMap((s) => [...s.staffGroups, ...s.principalGroups, ...s.safetyRepGroups]),
  ];
  return [...new Set(all)];
}

/** How start-up found the directory: the file's directory, or the mapping the Graph source makes it with. */
export type DirectorySetup =
  | { source: 'file'; file: string; tenantId: string; directory: Directory }
  | { source: 'graph'; file: string; tenantId: string; mapping: DirectoryMapping; graphBaseUrl: string };

/** The source start-up begins with: the file's directory, or with Graph an empty one until the stored directory is read. */
export function sourceFor(setup: DirectorySetup, now: Date): DirectorySource {
  return setup.source === 'file'
    ? new DirectorySource(setup.directory, { origin: 'file', path: setup.file, loaded: true, version: 0, syncedAt: now.toISOString() })
    : new DirectorySource(emptyDirectory(setup.mapping), { origin: 'graph', path: setup.file, loaded: false, version: 0 });
}

export interface DirectoryStatus {
  origin: DirectoryOrigin;
  /** The directory file, or the mapping file of the Graph source. */
  path: string;
  /** Whether a directory is in use; false with the Graph source until the first one is synchronised. */
  loaded: boolean;
  /** The stored version in use (0: none yet). */
  version: number;
  /** When the directory in use was read from the file or last confirmed by Microsoft Graph. */
  syncedAt?: string;
  /** The latest synchronisation that failed, while no later one has succeeded. */
  lastError?: { at: string; message: string };
}

export class DirectorySource {
  private directory: Directory;
  private state: DirectoryStatus;

  constructor(initial: Directory, status: DirectoryStatus) {
    this.directory = initial;
    this.state = status;
  }

  get current(): Directory {
    return this.directory;
  }

  get status(): DirectoryStatus {
    return this.state;
  }

  get tenantId(): string {
    return this.directory.tenantId;
  }

  /** A newer directory: every later read sees it. The tenant never changes while the bot runs. */
  replace(directory: Directory, status: Partial<DirectoryStatus>): void {
    if (directory.tenantId !== this.directory.tenantId) throw new Error(`directory of tenant ${directory.tenantId} refused: the bot serves ${this.directory.tenantId}`);
    this.directory = directory;
    this.state = { ...this.state, ...status, loaded: true };
  }

  update(status: Partial<DirectoryStatus>): void {
    this.state = { ...this.state, ...status };
  }

  /** Seconds since the directory in use was read or synchronised. */
  ageSeconds(now: Date): number | undefined {
    return this.state.syncedAt ? Math.max(0, Math.round((now.getTime() - Date.parse(this.state.syncedAt)) / 1000)) : undefined;
  }
}

/** The directory before the first synchronisation: the tenant and the owner's name, nobody in it and no school to report to. */
export function emptyDirectory(mapping: DirectoryMapping): Directory {
  return {
    tenantId: mapping.tenantId,
    owner: { name: mapping.owner.name, leaders: [], chiefSafetyReps: [], ...(mapping.owner.supportContact ? { supportContact: mapping.owner.supportContact } : {}) },
    schools: [],
    people: [],
  };
}
