/** Runs the load generator (load-worker) in a worker thread and sums up what it saw. */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { threadCpuMs, type LoadJob, type LoadResult } from './load-worker';

export interface LoadFigures {
  requests: number;
  /** Answered in the measured time and the warm-up. */
  requestsAll: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  firstError?: string;
  /**
   * CPU time per answered request (warm-up included) of the bot's own thread
   * (this process's main thread), and of the whole process but the load
   * generator (the bot's thread, the embedded store's thread, V8's helpers).
   */
  cpuMsPerRequest: { botThread: number; process: number };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function runLoad(job: LoadJob): Promise<LoadFigures> {
  const worker = new Worker(join(__dirname, 'load-worker.js'), { workerData: job });
  const main0 = threadCpuMs(`self/task/${process.pid}`);
  const all0 = process.cpuUsage();
  const result = await new Promise<LoadResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const main = threadCpuMs(`self/task/${process.pid}`) - main0;
  const all = process.cpuUsage(all0);
  await worker.terminate();
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const per = (ms: number) => ms / Math.max(1, result.answeredAll);
  return {
    requests: sorted.length,
    requestsAll: result.answeredAll,
    cpuMsPerRequest: { botThread: per(main), process: per((all.user + all.system) / 1000 - result.cpuMs) },
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
