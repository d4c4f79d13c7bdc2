/**
 * Cosmos DB requests counted at the client's transport (cosmosRequests), and
 * what they would cost in request units on Azure under stated assumptions
 * (the embedded store reports 1 RU for everything, so the units are estimated
 * from what each request reads and writes).
 */
import { cosmosRequests, type CosmosRequestKind, type CosmosRequestRecord } from '../../src/core/cosmos/transport';

export const RU_ASSUMPTIONS = [
  'point read: 1 RU per KB read (at least 1); a miss (404) 1 RU',
  'create, replace, upsert, patch, delete: 6 RU per KB written (at least 6; only 8 paths are indexed); a refused write (409, 412) 1 RU',
  'transactional batch: the sum of its operations as above; a batch that fails as a whole 1 RU per operation',
  'bulk: each operation on its own, as above (a refused one 1 RU)',
  'query: 3 RU plus 1 RU per full KB returned (one physical partition, index-served filters)',
  'query plan and metadata (database, container, partition key ranges): 0 RU (served by the gateway and not charged as RU)',
];

const kb = (text: string) => Math.max(1, Math.ceil(Buffer.byteLength(text) / 1024));

export function estimateRu(r: CosmosRequestRecord): number {
  const ok = r.status >= 200 && r.status < 300;
  switch (r.kind) {
    case 'read':
      return ok ? kb(r.responseBody) : 1;
    case 'create':
    case 'replace':
    case 'upsert':
    case 'patch':
      return ok ? 6 * kb(r.kind === 'patch' ? r.responseBody : r.requestBody) : 1;
    case 'delete':
      return ok ? 6 : 1;
    case 'batch': {
      const ops = safeJson<{ operationType: string; resourceBody?: unknown }[]>(r.requestBody) ?? [];
      const results = safeJson<{ statusCode: number }[]>(r.responseBody) ?? [];
      const allOk = ok && results.length === ops.length && results.every((x) => x.statusCode >= 200 && x.statusCode < 300);
      if (!allOk) return ops.length;
      return ops.reduce((sum, op) => sum + (op.operationType === 'Read' ? 1 : 6 * kb(JSON.stringify(op.resourceBody ?? {}))), 0);
    }
    case 'bulk': {
      const ops = safeJson<{ operationType: string; resourceBody?: unknown }[]>(r.requestBody) ?? [];
      const results = safeJson<{ statusCode: number }[]>(r.responseBody) ?? [];
      return ops.reduce((sum, op, i) => {
        const done = ok && (results[i]?.statusCode ?? 0) >= 200 && (results[i]?.statusCode ?? 0) < 300;
        return sum + (!done ? 1 : op.operationType === 'Read' ? 1 : 6 * kb(JSON.stringify(op.resourceBody ?? {})));
      }, 0);
    }
    case 'query':
      return 3 + (ok ? Math.floor(Buffer.byteLength(r.responseBody) / 1024) : 0);
    case 'queryPlan':
    case 'metadata':
      return 0;
  }
}

function safeJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export interface Tally {
  requests: number;
  ru: number;
  byKind: Partial<Record<CosmosRequestKind, { requests: number; ru: number }>>;
  /** Answers of 400 and above (conflicts, precondition failures, misses). */
  refused: number;
}

/** Records every request from now until `stop()`. */
export function countRequests(): { records: CosmosRequestRecord[]; stop(): Tally } {
  const records: CosmosRequestRecord[] = [];
  const unobserve = cosmosRequests.observe((r) => records.push(r));
  return {
    records,
    stop: () => {
      unobserve();
      return tally(records);
    },
  };
}

export function tally(records: CosmosRequestRecord[]): Tally {
  const out: Tally = { requests: 0, ru: 0, byKind: {}, refused: 0 };
  for (const r of records) {
    const ru = estimateRu(r);
    out.requests++;
    out.ru += ru;
    if (r.status >= 400) out.refused++;
    const k = (out.byKind[r.kind] ??= { requests: 0, ru: 0 });
    k.requests++;
    k.ru += ru;
  }
  return out;
}

export function describeTally(t: Tally, per = 1): string {
  const f = (n: number) => (n / per).toFixed(per === 1 ? 0 : 1);
  const kinds = Object.entries(t.byKind)
    .sort(([, a], [, b]) => b.requests - a.requests)
    .map(([kind, v]) => `${kind} ${f(v.requests)}`)
    .join(', ');
  return `${f(t.requests)} requests, ~${f(t.ru)} RU (${kinds}; ${f(t.refused)} refused)`;
}
