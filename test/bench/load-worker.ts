/**
 * The load generator, in a worker thread so that it does not share the bot's
 * event loop: `clients` keep-alive connections, each posting one activity,
 * waiting for the answer, posting the next. Every `__FRESH__` in a template
 * becomes a new UUID per request (activity id, clientRequestId).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadJob {
  url: string;
  /** Client i posts templates[i % templates.length]. */
  templates: string[];
  clients: number;
  /** Run for this long after the warm-up... */
  durationMs?: number;
  /** ...or until this many requests were answered. */
  total?: number;
  warmupMs: number;
  /** Text every good answer contains. */
  expect: string;
}

export interface LoadResult {
  latencies: number[];
  errors: number;
  firstError?: string;
  elapsedMs: number;
  /** Answers in the measured time and the warm-up together. */
  answeredAll: number;
  /** This thread's own CPU time (ms), to be left out of the bot process's. */
  cpuMs: number;
}

/** CPU time of the calling thread in ms (Linux /proc; NaN elsewhere). */
export function threadCpuMs(task = 'thread-self'): number {
  try {
    const stat = readFileSync(`/proc/${task}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in ticks of 1/100 s
  } catch {
    return NaN;
  }
}

function post(agent: Agent, url: URL, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.clients });
  const url = new URL(job.url);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let answered = 0;
  let answeredAll = 0;
  const cpuAtStart = threadCpuMs();
  const warmupEnds = performance.now() + job.warmupMs;
  let started = 0;
  let stopAt = Infinity;
  const client = async (index: number) => {
    const template = job.templates[index % job.templates.length];
    for (;;) {
      const now = performance.now();
      if (now >= stopAt) return;
      if (job.total !== undefined && answered >= job.total) return;
      const measuring = now >= warmupEnds;
      if (measuring && started === 0) {
        started = now;
        if (job.durationMs !== undefined) stopAt = started + job.durationMs;
      }
      const body = template.replace(/__FRESH__/g, () => randomUUID());
      const t0 = performance.now();
      try {
        const res = await post(agent, url, body);
        const ok = res.status === 200 && res.text.includes(job.expect);
        answeredAll++;
        if (!ok) {
          errors++;
          firstError ??= `${res.status} ${res.text.slice(0, 300)}`;
        }
        if (measuring && performance.now() <= stopAt) {
          latencies.push(performance.now() - t0);
          answered++;
        }
      } catch (err) {
        errors++;
        firstError ??= String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: job.clients }, (_, i) => client(i)));
  const elapsedMs = started ? Math.min(performance.now(), stopAt) - started : 0;
  agent.destroy();
  return { latencies, errors, firstError, elapsedMs, answeredAll, cpuMs: threadCpuMs() - cpuAtStart };
}

if (parentPort) {
  run(workerData as LoadJob).then(
    (result) => parentPort!.postMessage(result),
    (err) => parentPort!.postMessage({ latencies: [], errors: 1, firstError: String(err), elapsedMs: 0, answeredAll: 0, cpuMs: 0 }),
  );
}
