/**
 * The embedded store as it fills: the dispatcher's due-work query and the
 * case lists at growing numbers of documents, timed through the real SDK and
 * the stores the app reads them with, with the longest event-loop block seen
 * while they ran. The lists are those the app runs: one school's open cases
 * (the cluster check, CaseStore.casesOfSchools), every case of every school
 * (the tab's case list for the owner's roles, RegisterStore.listCases) and
 * every school's open cases (the daily summary, TaskStore.openCases).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import { CaseStore } from '../../src/cases/store';
import { WorkStore } from '../../src/core/work-store';
import { RegisterStore } from '../../src/register/store';
import { TaskStore } from '../../src/tasks/store';
import { createCosmosClient } from '../../src/core/cosmos/client';
import { openContainers } from '../../src/core/cosmos/database';
import { startEmbeddedCosmos } from '../../src/core/cosmos/embedded';
import { aCase } from '../support/cases';

export const SCHOOLS = 50;

export interface QueryFigures {
  ms: number;
  returned: number;
  loopMaxMs: number;
}

export interface ScalePoint {
  /** Work items in the store; cases are a quarter of that on top. */
  workItems: number;
  cases: number;
  fillSeconds: number;
  /** Median ms per query, what one query returned, and the longest event-loop block (ms) while it ran. */
  dueWork: QueryFigures;
  /** The cluster check's read. */
  openCasesOfOneSchool: QueryFigures;
  /** The tab's case list of every school (before 2 December 2026: CaseStore.casesOfSchools of all 50, which the app does not run). */
  allCasesOfAllSchools: QueryFigures;
  /** The daily summary's read (absent in results from before 2 December 2026). */
  openCasesOfAllSchools?: QueryFigures;
}

/** Every case's incident date falls in this (aCase: 2026-11-20); the tab's "all periods". */
const EVERY_DATE = { from: '1900-01-01', to: '2100-12-31' };

/** A case and its four work items: two done, two open (one in a hundred due now). */
export function documents(i: number, now: number): JSONObject[] {
  const caseId = `case-${String(i).padStart(32, '0')}`;
  const base = aCase({ description: `Eleven kastet en stol mot meg i klasserommet (${i}).` });
  const status = i % 3 === 0 ? 'closed' : i % 3 === 1 ? 'acknowledged' : 'reported';
  const createdAt = new Date(now - (i % 1000) * 3600_000).toISOString();
  const c = { ...base, id: caseId, caseId, reference: `VT-2026-${String(i).padStart(5, '0')}`, schoolId: `school-${i % SCHOOLS}`, status, createdAt, updatedAt: createdAt };
  const work = [0, 1, 2, 3].map((k) => {
    const open = k >= 2;
    const due = open && (i * 2 + k) % 100 === 0;
    return {
      id: `work-${String(i).padStart(27, '0')}-${k}`,
      caseId,
      docType: 'work',
      kind: k === 0 ? 'case.new' : k === 1 ? 'card.update' : k === 2 ? 'checkin' : 'reminder',
      recipientId: base.reporterId,
      state: open ? 'open' : 'done',
      attempts: open ? 0 : 1,
      createdAt,
      ...(open ? { dueAt: new Date(due ? now - 60_000 : now + ((i % 30) + 1) * 86400_000).toISOString() } : { doneAt: createdAt, delivery: { conversationId: 'a:personal-x', activityId: `act-${i}-${k}` } }),
    };
  });
  return [c as unknown as JSONObject, ...(work as unknown as JSONObject[])];
}

export async function fill(container: Container, from: number, to: number, now: number): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      const docs = documents(i, now);
      const operations: OperationInput[] = docs.map((resourceBody) => ({ operationType: 'Create', resourceBody }));
      const res = await container.items.batch(operations, docs[0].caseId as string);
      if (res.code !== 200 && res.code !== undefined) throw new Error(`fill batch failed: ${res.code}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs `fn` a few times (fewer when it is slow) and gives the median, and the event loop's longest block meanwhile. */
async function timed<T>(fn: () => Promise<T[]>): Promise<QueryFigures> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const samples: number[] = [];
  let returned = 0;
  const budgetEnds = performance.now() + 15_000;
  for (let i = 0; i < 11 && (i < 3 || performance.now() < budgetEnds); i++) {
    const t0 = performance.now();
    returned = (await fn()).length;
    samples.push(performance.now() - t0);
  }
  // One more turn, so that the monitor sees the last block too.
  await new Promise((r) => setTimeout(r, 5));
  loop.disable();
  return { ms: median(samples), returned, loopMaxMs: loop.max / 1e6 };
}

export async function storeScale(sizes: number[], log: (line: string) => void): Promise<ScalePoint[]> {
  const embedded = await startEmbeddedCosmos();
  const client = createCosmosClient({ endpoint: embedded.endpoint, key: embedded.key, tlsInsecure: true, httpClient: embedded.httpClient });
  const points: ScalePoint[] = [];
  try {
    const containers = await openContainers(client, 'bench-scale');
    const cases = new CaseStore(containers.cases);
    const work = new WorkStore(containers.cases);
    const register = new RegisterStore(containers.cases);
    const tasks = new TaskStore(containers.cases);
    const allSchools = Array.from({ length: SCHOOLS }, (_, s) => `school-${s}`);
    const now = Date.now();
    let filled = 0;
    for (const workItems of [...sizes].sort((a, b) => a - b)) {
      const caseCount = workItems / 4;
      const t0 = performance.now();
      await fill(containers.cases, filled, caseCount, now);
      filled = caseCount;
      const fillSeconds = (performance.now() - t0) / 1000;
      const dueWork = await timed(() => work.dueWork(new Date(now), 50));
      const openCasesOfOneSchool = await timed(() => cases.casesOfSchools(['school-7'], true));
      const allCasesOfAllSchools = await timed(() => register.listCases('all', EVERY_DATE));
      const openCasesOfAllSchools = await timed(() => tasks.openCases(allSchools));
      const point = { workItems, cases: caseCount, fillSeconds, dueWork, openCasesOfOneSchool, allCasesOfAllSchools, openCasesOfAllSchools };
      log(
        `  store at ${workItems} work items: due ${dueWork.ms.toFixed(1)} ms, one school ${openCasesOfOneSchool.ms.toFixed(1)} ms, all ${allCasesOfAllSchools.ms.toFixed(1)} ms, all open ${openCasesOfAllSchools.ms.toFixed(1)} ms`,
      );
      points.push(point);
    }
  } finally {
    client.dispose();
    await embedded.close();
  }
  return points;
}
