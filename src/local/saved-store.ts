/**
 * Local data that survives a restart of `npm run local`: the embedded store
 * lives in memory, so its contents are exported to a file through
 * @azure/cosmos (every document of every container) and imported into the
 * fresh store on the next start, before the bot takes activities. Case
 * numbers go on from where they were and cards already in the chats still
 * open their cases. Only for the embedded store: with COSMOS_ENDPOINT the data
 * lives in that account.
 *
 * Changes are found by polling a fingerprint (each document's id and ETag):
 * the embedded store has no change feed, and the bot's own code stays as it is
 * in production. An idle check costs one small query per container.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Container } from '@azure/cosmos';
import { stripSystem } from '../core/cosmos/batch';
import type { Logger } from '../core/log';

export type ContainerMap = Record<string, Container>;

export interface StoreSnapshot {
  format: 1;
  savedAt: string;
  /** Documents per container, without Cosmos DB's system properties. */
  containers: Record<string, Array<Record<string, unknown>>>;
}

/** A saved file that cannot be used; starting over would throw its data away, so the caller stops. */
export class SavedStoreError extends Error {}

/** Every document of every container, and the fingerprint of what was read. */
export async function exportStore(containers: ContainerMap, now = new Date()): Promise<{ snapshot: StoreSnapshot; fingerprint: string }> {
  const snapshot: StoreSnapshot = { format: 1, savedAt: now.toISOString(), containers: {} };
  const hash = createHash('sha256');
  for (const [name, container] of sorted(containers)) {
    const { resources } = await container.items.query<Record<string, unknown> & { id: string; _etag?: string }>('SELECT * FROM c').fetchAll();
    resources.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    hash.update(`${name}\n`);
    for (const doc of resources) hash.update(`${doc.id}\t${doc._etag ?? ''}\n`);
    snapshot.containers[name] = resources.map((doc) => stripSystem(doc));
  }
  return { snapshot, fingerprint: hash.digest('hex') };
}

/** The same fingerprint as exportStore's, read with a query of ids and ETags only. */
export async function storeFingerprint(containers: ContainerMap): Promise<string> {
  const hash = createHash('sha256');
  for (const [name, container] of sorted(containers)) {
    const { resources } = await container.items.query<{ id: string; _etag?: string }>('SELECT c.id, c._etag FROM c').fetchAll();
    resources.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    hash.update(`${name}\n`);
    for (const doc of resources) hash.update(`${doc.id}\t${doc._etag ?? ''}\n`);
  }
  return hash.digest('hex');
}

/** Writes the snapshot's documents into the containers (upsert: a document's id and partition key are in it). */
export async function importStore(containers: ContainerMap, snapshot: StoreSnapshot, log?: Logger): Promise<number> {
  let count = 0;
  for (const [name, docs] of Object.entries(snapshot.containers)) {
    const container = containers[name];
    if (!container) {
      log?.warn('local.saved_container_unknown', { container: name, documents: docs.length });
      continue;
    }
    // A few at a time: quick enough for a local store, without a flood of sockets.
    for (let i = 0; i < docs.length; i += 8) {
      await Promise.all(docs.slice(i, i + 8).map((doc) => container.items.upsert(doc)));
    }
    count += docs.length;
  }
  return count;
}

export function readSnapshotFile(file: string): StoreSnapshot | undefined {
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SavedStoreError(`${file}: the saved local data cannot be read (${(err as Error).message}). Move it away, or start empty with \`npm run local -- --fresh\`.`);
  }
  const snapshot = data as Partial<StoreSnapshot>;
  const valid =
    snapshot?.format === 1 &&
    typeof snapshot.containers === 'object' &&
    snapshot.containers !== null &&
    Object.values(snapshot.containers).every((docs) => Array.isArray(docs) && docs.every((d) => typeof d === 'object' && d !== null && typeof (d as { id?: unknown }).id === 'string'));
  if (!valid) throw new SavedStoreError(`${file}: not saved local data of this version. Move it away, or start empty with \`npm run local -- --fresh\`.`);
  return snapshot as StoreSnapshot;
}

/** Written whole to a temporary file and renamed, so a crash mid-write leaves the previous file. */
export function writeSnapshotFile(file: string, snapshot: StoreSnapshot): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(snapshot, null, 1) + '\n');
  renameSync(temp, file);
}

export interface SavedStoreOptions {
  file: string;
  containers: ContainerMap;
  log: Logger;
  /** How often the store is checked for changes. */
  checkEveryMs?: number;
}

/**
 * Saves the store to its file when it changed: checked every `checkEveryMs`,
 * so a burst of writes is saved once, and once more when stopped (flush).
 */
export class SavedStore {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private saved: string | undefined;
  private stopped = false;
  /** How many times the file was written; for tests and the log. */
  saves = 0;

  constructor(private readonly options: SavedStoreOptions) {}

  /** Starts watching; `fingerprint` is that of what the file holds now (after an import), if known. */
  start(fingerprint?: string): void {
    this.saved = fingerprint;
    this.schedule();
  }

  /** Saves now if anything changed since the last save; waits for a save under way. */
  flush(): Promise<void> {
    return this.enqueue();
  }

  /** Stops watching (without a last save: call flush for that). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.enqueue().then(() => this.schedule());
    }, this.options.checkEveryMs ?? 1000);
    this.timer.unref();
  }

  /** One save at a time: a flush waits for the check under way, then checks again. */
  private enqueue(): Promise<void> {
    this.running = this.running.then(() => this.saveIfChanged());
    return this.running;
  }

  private async saveIfChanged(): Promise<void> {
    try {
      if (this.saved !== undefined && (await storeFingerprint(this.options.containers)) === this.saved) return;
      const { snapshot, fingerprint } = await exportStore(this.options.containers);
      writeSnapshotFile(this.options.file, snapshot);
      this.saved = fingerprint;
      this.saves++;
      this.options.log.debug('local.saved', { file: this.options.file, documents: Object.values(snapshot.containers).reduce((n, d) => n + d.length, 0) });
    } catch (err) {
      // The next check tries again; the bot goes on either way.
      this.options.log.warn('local.save_failed', { file: this.options.file, error: String((err as Error)?.message ?? err).slice(0, 300) });
    }
  }
}

function sorted(containers: ContainerMap): Array<[string, Container]> {
  return Object.entries(containers).sort(([a], [b]) => (a < b ? -1 : 1));
}
