/**
 * Work started by the calendar: a job's occurrences are owed work in the
 * store, claimed once across instances, held back by quiet hours, and each
 * run owes the next. Two dispatchers on one embedded store play two instances.
 */
import { CosmosClient } from '@azure/cosmos';
import { zonedToUtc, localDateTime } from '../../src/core/clock';
import { createCosmosClient } from '../../src/core/cosmos/client';
import { openContainers } from '../../src/core/cosmos/database';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../src/core/cosmos/embedded';
import { Dispatcher } from '../../src/core/dispatcher';
import { silentLogger } from '../../src/core/log';
import { jobPartition, jobRunner, nextOccurrence, scheduleJobs } from '../../src/core/recurring';
import type { RecurringJob } from '../../src/core/registry';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import { WorkStore } from '../../src/core/work-store';
import { TravelClock } from '../support/harness';

const OSLO = 'Europe/Oslo';
const local = (d: Date) => {
  const l = localDateTime(d, OSLO);
  return `${l.date} ${l.time}`;
};

describe('the next occurrence of a cron in Oslo', () => {
  it('keeps local time across both clock changes of 2026', () => {
    const mondays = (from: string) => {
      const out: string[] = [];
      let t = zonedToUtc(from, '00:00', OSLO);
      for (let i = 0; i < 3; i++) out.push(local((t = nextOccurrence('30 7 * * 1', t, OSLO)!)));
      return out;
    };
    expect(mondays('2026-03-20')).toEqual(['2026-03-23 07:30', '2026-03-30 07:30', '2026-04-06 07:30']);
    expect(mondays('2026-10-19')).toEqual(['2026-10-19 07:30', '2026-10-26 07:30', '2026-11-02 07:30']);
  });

  it('is nothing for a job that is switched off', () => {
    expect(nextOccurrence(null, new Date(), OSLO)).toBeUndefined();
  });
});

describe('recurring jobs as owed work', () => {
  let store: EmbeddedCosmos;
  let client: CosmosClient;
  let work: WorkStore;
  const clock = new TravelClock(zonedToUtc('2026-12-04', '12:00', OSLO)); // a Friday
  const runs: string[] = [];
  const jobs: RecurringJob[] = [
    { id: 'weekly-test', cron: '30 7 * * 1', run: async (occurrence) => void runs.push(`weekly ${local(occurrence)}`) },
    // Saturday 09:00 is inside the default quiet hours (weekends): held to Monday 07:00.
    { id: 'saturday-test', cron: '0 9 * * 6', run: async (occurrence) => void runs.push(`saturday ${local(occurrence)} at ${local(clock.now())}`) },
  ];

  beforeAll(async () => {
    store = await startEmbeddedCosmos();
    client = createCosmosClient({ endpoint: store.endpoint, key: store.key, tlsInsecure: true });
    const containers = await openContainers(client, 'recurring');
    work = new WorkStore(containers.cases);
  });
  afterAll(async () => {
    client.dispose();
    await store.close();
  });

  const ctx = () => ({ schedule: DEFAULT_SCHEDULE, timeZone: OSLO, now: clock.now, work, log: silentLogger, onWorkStored: () => undefined });
  const dispatcher = (instanceId: string) =>
    new Dispatcher({ store: work, handlers: { 'job.run': jobRunner(ctx(), () => jobs) }, instanceId, intervalMs: 60000, log: silentLogger, now: clock.now });

  it('runs each occurrence once on one of two instances, at its time or when quiet hours end, and owes the next', async () => {
    // Both instances start and schedule the jobs: one item per occurrence is stored.
    await scheduleJobs(ctx(), jobs);
    await scheduleJobs(ctx(), jobs);
    const owed = async (jobId: string) => (await work.workOf(jobPartition(jobId))).filter((w) => w.state === 'open');
    expect((await owed('weekly-test')).map((w) => local(new Date(w.dueAt!)))).toEqual(['2026-12-07 07:30']);
    expect((await owed('saturday-test')).map((w) => local(new Date(w.dueAt!)))).toEqual(['2026-12-07 07:00']);

    const a = dispatcher('a');
    const b = dispatcher('b');
    clock.setTo(zonedToUtc('2026-12-05', '09:05', OSLO)); // Saturday: quiet
    await Promise.all([a.runOnce(), b.runOnce()]);
    expect(runs).toEqual([]);

    clock.setTo(zonedToUtc('2026-12-07', '07:31', OSLO)); // Monday morning
    await Promise.all([a.runOnce(), b.runOnce()]);
    await Promise.all([a.runOnce(), b.runOnce()]);
    expect(runs.sort()).toEqual(['saturday 2026-12-05 09:00 at 2026-12-07 07:31', 'weekly 2026-12-07 07:30']);
    expect((await owed('weekly-test')).map((w) => local(new Date(w.dueAt!)))).toEqual(['2026-12-14 07:30']);
    expect((await owed('saturday-test')).map((w) => local(new Date(w.dueAt!)))).toEqual(['2026-12-14 07:00']);
  });

  it('skips an occurrence the schedule no longer has, and owes the new one', async () => {
    const moved: RecurringJob[] = [{ ...jobs[0]!, cron: '0 8 * * 2' }];
    const d = new Dispatcher({ store: work, handlers: { 'job.run': jobRunner(ctx(), () => moved) }, instanceId: 'c', intervalMs: 60000, log: silentLogger, now: clock.now });
    clock.setTo(zonedToUtc('2026-12-14', '07:31', OSLO));
    const before = runs.length;
    await d.runOnce();
    expect(runs.length).toBe(before);
    const open = (await work.workOf(jobPartition('weekly-test'))).filter((w) => w.state === 'open');
    expect(open.map((w) => local(new Date(w.dueAt!)))).toEqual(['2026-12-15 08:00']);
  });
});
