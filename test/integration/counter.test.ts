/**
 * The reference counter (cases/store.ts `CounterStore`) on the embedded store
 * through the real SDK: callers arriving over a few turns of the event loop
 * share one `incr` and are numbered in the order they came; a lone caller is
 * not kept waiting for company; a failed `incr` fails only its own callers.
 */
import type { Container } from '@azure/cosmos';
import { createCosmosClient } from '../../src/core/cosmos/client';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../src/core/cosmos/embedded';
import { CounterStore } from '../../src/cases/store';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the reference counter', () => {
  let store: EmbeddedCosmos;
  let client: ReturnType<typeof createCosmosClient>;
  let container: Container;
  /** The k of each `incr` (patch) and of each create the counter made, in order. */
  let writes: { op: 'incr' | 'create'; k: number }[];
  let failNextIncr = false;

  /** The container as the counter uses it, with its writes recorded (and one incr failed on request). */
  const watched = (): Container =>
    ({
      item: (id: string, pk: string) => ({
        patch: (ops: { value: number }[]) => {
          writes.push({ op: 'incr', k: ops[0]!.value });
          if (failNextIncr) {
            failNextIncr = false;
            return Promise.reject(Object.assign(new Error('service unavailable'), { code: 503 }));
          }
          return container.item(id, pk).patch(ops as never);
        },
      }),
      items: {
        create: (doc: { value: number }) => {
          writes.push({ op: 'create', k: doc.value });
          return container.items.create(doc);
        },
      },
    }) as unknown as Container;

  beforeAll(async () => {
    store = await startEmbeddedCosmos();
    client = createCosmosClient({ endpoint: store.endpoint, tokenProvider: store.tokenProvider, tlsInsecure: true, httpClient: store.httpClient });
    const { database } = await client.databases.createIfNotExists({ id: 'counter' });
    ({ container } = await database.containers.createIfNotExists({ id: 'counters', partitionKey: { paths: ['/id'] } }));
  });
  afterAll(async () => {
    client.dispose();
    await store.close();
  });
  beforeEach(() => {
    writes = [];
  });

  it('numbers callers that arrive over consecutive turns of the event loop with one write, in the order they came', async () => {
    const counters = new CounterStore(watched());
    const answers: Promise<number>[] = [];
    // As submits under load do: two more arrive in each of the next two turns, in work the loop does before the counter looks again.
    const arrive = (turns: number[]) => {
      const [n, ...rest] = turns;
      for (let i = 0; i < n!; i++) answers.push(counters.next('seq-a'));
      if (rest.length > 0) setImmediate(() => arrive(rest));
    };
    setImmediate(() => arrive([2, 2]));
    answers.push(counters.next('seq-a'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answers).toHaveLength(5);
    expect(await Promise.all(answers)).toEqual([1, 2, 3, 4, 5]);
    // The sequence's first numbers: the incr finds no counter, so it is created holding all five.
    expect(writes).toEqual([
      { op: 'incr', k: 5 },
      { op: 'create', k: 5 },
    ]);
    // The next burst advances it by its own size.
    writes = [];
    expect(await Promise.all([counters.next('seq-a'), counters.next('seq-a')])).toEqual([6, 7]);
    expect(writes).toEqual([{ op: 'incr', k: 2 }]);
  });

  it('does not keep a lone caller waiting for others: it goes once a turn brings nobody new', async () => {
    const counters = new CounterStore(watched());
    await counters.next('seq-b');
    writes = [];
    const lone = counters.next('seq-b');
    // A caller three turns later (fewer than the most the counter would wait) gets an incr of its own: the lone one went after the first quiet turn.
    for (let turn = 0; turn < 3; turn++) await nextTurn();
    const later = counters.next('seq-b');
    expect(await lone).toBe(2);
    expect(await later).toBe(3);
    expect(writes).toEqual([
      { op: 'incr', k: 1 },
      { op: 'incr', k: 1 },
    ]);
  });

  it('fails only the callers of a failed incr; the next ones get the numbers (none taken twice)', async () => {
    const counters = new CounterStore(watched());
    await counters.next('seq-c');
    failNextIncr = true;
    const failed = await Promise.allSettled([counters.next('seq-c'), counters.next('seq-c')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await Promise.all([counters.next('seq-c'), counters.next('seq-c')])).toEqual([2, 3]);
  });
});
