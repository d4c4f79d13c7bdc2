/** Runs the load generator (load-worker) in a worker thread and sums up what it saw. */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadJob, LoadResult } from './load-worker';

export interface LoadFigures {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  firstError?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function runLoad(job: LoadJob): Promise<LoadFigures> {
  const worker = new Worker(join(__dirname, 'load-worker.js'), { workerData: job });
  const result = await new Promise<LoadResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  const sorted = [...result.latencies].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    perSecond: result.elapsedMs > 0 ? (sorted.length * 1000) / result.elapsedMs : 0,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    errors: result.errors,
    firstError: result.firstError,
  };
}

/** An incident.submit invoke with valid report data; each request gets fresh ids. */
export function submitTemplate(activity: (fields: Record<string, unknown>) => Record<string, unknown>, today: string, severity = 'minor'): string {
  return JSON.stringify({
    ...activity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'incident.submit',
          data: { date: today, location: 'classroom', types: 'physical', severity, description: 'Eleven slo meg i armen da jeg skulle skille to elever.', clientRequestId: '__FRESH__' },
        },
        trigger: 'manual',
      },
    }),
    id: '__FRESH__',
  });
}

export const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
