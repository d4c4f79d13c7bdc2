/** Transactional batches in one partition, and reading their answers the same way everywhere. */
import type { Container, JSONObject, OperationInput } from '@azure/cosmos';

/** `etags`: each operation's new ETag, in order (a delete has none). */
export type BatchOutcome = { ok: true; etags: (string | undefined)[] } | { ok: false; firstStatus: number; describe: string };

/**
 * Every operation succeeded, or the status of the first (the one that decides a conflict).
 * Only statuses and ETags are read, so the store is asked not to send the written
 * documents back (`Prefer: return=minimal`): on a submit that is most of the answer.
 */
export async function runBatch(container: Container, partition: string, operations: OperationInput[]): Promise<BatchOutcome> {
  const response = await container.items.batch(operations, partition, { contentResponseOnWriteEnabled: false });
  const results = response.result ?? [];
  if (results.length === operations.length && results.every((r) => r.statusCode >= 200 && r.statusCode < 300)) return { ok: true, etags: results.map((r) => r.eTag) };
  return { ok: false, firstStatus: results[0]?.statusCode ?? response.code ?? 0, describe: `${response.code ?? '?'}: ${results.map((r) => r.statusCode).join(',')}` };
}

export const createOp = (doc: object): OperationInput => ({ operationType: 'Create', resourceBody: { ...doc } as unknown as JSONObject });

/** The per-operation key equals the batch's; the embedded store needs it on a replace. */
export const replaceOp = (doc: { id: string }, partition: string, etag: string): OperationInput => ({
  operationType: 'Replace',
  id: doc.id,
  partitionKey: partition,
  ifMatch: etag,
  resourceBody: { ...doc } as unknown as JSONObject,
});

const SYSTEM_PROPERTIES = new Set(['_rid', '_self', '_etag', '_attachments', '_ts']);

/** Drops Cosmos DB's system properties so stored documents round-trip cleanly. */
export function stripSystem<T>(doc: T): T {
  // Copied without them rather than deleted from a copy: delete turns an object into a slow dictionary for what follows.
  const copy: Record<string, unknown> = {};
  for (const key in doc as Record<string, unknown>) if (!SYSTEM_PROPERTIES.has(key)) copy[key] = (doc as Record<string, unknown>)[key];
  return copy as T;
}

export interface Versioned<T> {
  value: T;
  etag: string;
}

export function statusOf(err: unknown): number | undefined {
  return (err as { code?: number; statusCode?: number }).code ?? (err as { statusCode?: number }).statusCode;
}

/** A point read; undefined when absent (or of another type than expected). */
export async function readDoc<T extends object>(container: Container, partition: string, id: string, docType?: string): Promise<Versioned<T> | undefined> {
  try {
    const { resource, etag } = await container.item(id, partition).read<T>();
    if (!resource || (docType && (resource as { docType?: string }).docType !== docType)) return undefined;
    return { value: stripSystem(resource), etag };
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}
