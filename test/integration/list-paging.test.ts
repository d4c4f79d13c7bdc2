/**
 * The case lists read their results a bounded page at a time: every list
 * query sends a page size (x-ms-max-item-count), so that a list of 25,000
 * cases is neither one answer of megabytes parsed in one go on the bot's
 * thread (the embedded store) nor 250 requests of 100 rows (Azure's default).
 * That a paged query comes back whole, in order, is embedded-store.test.ts's.
 */
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { CosmosClient } from '@azure/cosmos';
import { createCosmosClient } from '../../src/core/cosmos/client';
import { openContainers, type Containers } from '../../src/core/cosmos/database';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../src/core/cosmos/embedded';
import { LIST_PAGE_ROWS } from '../../src/core/cosmos/paging';
import { CaseStore } from '../../src/cases/store';
import { TaskStore } from '../../src/tasks/store';
import { ReminderStore } from '../../src/follow-up/store';
import { REGISTER_PAGE, RegisterStore } from '../../src/register/store';
import { aCase } from '../support/cases';
import { P, TENANT } from '../support/people';

describe('the case lists’ queries', () => {
  let store: EmbeddedCosmos;
  let client: CosmosClient;
  let containers: Containers;
  /** The page size each query request asked for ('' for none); query plans left out. */
  const asked: { query: string; pageSize: string }[] = [];

  beforeAll(async () => {
    store = await startEmbeddedCosmos();
    const recording: HttpClient = {
      sendRequest(request) {
        const body = typeof request.body === 'string' ? request.body : '';
        const isQuery = request.headers.get('x-ms-documentdb-isquery')?.toLowerCase() === 'true' || request.headers.get('content-type') === 'application/query+json';
        if (isQuery && request.headers.get('x-ms-cosmos-is-query-plan-request')?.toLowerCase() !== 'true') {
          asked.push({ query: (JSON.parse(body) as { query: string }).query, pageSize: request.headers.get('x-ms-max-item-count') ?? '' });
        }
        return store.httpClient.sendRequest(request);
      },
    };
    client = createCosmosClient({ endpoint: store.endpoint, key: store.key, tlsInsecure: true, httpClient: recording });
    containers = await openContainers(client, 'list-paging');
    for (let i = 1; i <= 3; i++) {
      const c = { ...aCase({ description: `Sak ${i}` }), caseId: `case-${String(i).padStart(32, '0')}`, reference: `VT-2026-000${i}`, status: i === 3 ? ('closed' as const) : ('reported' as const) };
      await containers.cases.items.create({ ...c, id: c.caseId });
      await containers.cases.items.create({ id: `work-${i}`, caseId: c.caseId, docType: 'work', kind: 'reminder', recipientId: P.rune, state: 'open', dueAt: '2026-11-21T08:00:00.000Z' });
    }
  });
  afterAll(async () => {
    client.dispose();
    await store.close();
  });

  /** Runs `list` and gives what it returned and the page size of each of its query requests. */
  async function pagesOf<T>(list: () => Promise<T[]>): Promise<{ rows: T[]; pageSizes: string[] }> {
    asked.length = 0;
    const rows = await list();
    return { rows, pageSizes: asked.map((a) => a.pageSize) };
  }

  it('ask for pages of the list size and return every row', async () => {
    const cases = new CaseStore(containers.cases);
    const tasks = new TaskStore(containers.cases);
    const page = String(LIST_PAGE_ROWS);
    const lists: [string, () => Promise<unknown[]>, number][] = [
      ['one school’s open cases (cluster check)', () => cases.casesOfSchools(['nordby'], true), 2],
      ['a school’s cases', () => cases.casesOfSchools(['nordby'], false), 3],
      ['the cluster alert’s cases', () => cases.summariesOf('nordby', [`case-${'1'.padStart(32, '0')}`, `case-${'3'.padStart(32, '0')}`]), 2],
      ['evidence for the risk assessment', () => cases.evidenceOfSchools(['nordby'], '2026-01-01'), 3],
      ['mine saker', () => cases.casesOfPerson(P.tina), 3],
      ['open cases for the tasks and the daily summary', () => tasks.openCases(['nordby', 'sorby'], P.rune), 2],
      ['open reminders for the daily summary', () => tasks.openReminders(new Date('2026-11-22T00:00:00Z')), 3],
      ['open reminders of people who lost a role', () => new ReminderStore(containers.cases).openRemindersOf([P.rune]), 3],
    ];
    for (const [name, list, count] of lists) {
      const { rows, pageSizes } = await pagesOf(list);
      expect({ name, rows: rows.length }).toEqual({ name, rows: count });
      expect({ name, pageSizes }).toEqual({ name, pageSizes: [page] });
    }
  });

  it('the cluster alert reads only its cases, of its school', async () => {
    const cases = new CaseStore(containers.cases);
    const id = (i: number) => `case-${String(i).padStart(32, '0')}`;
    expect((await cases.summariesOf('nordby', [id(1), id(3)])).map((c) => c.caseId).sort()).toEqual([id(1), id(3)]);
    expect(await cases.summariesOf('sorby', [id(1)])).toEqual([]);
    expect(await cases.summariesOf('nordby', [])).toEqual([]);
  });

  it('the register’s lists ask for pages of the list size, its export for its own pages, each with options of its own', async () => {
    const register = new RegisterStore(containers.cases);
    const range = { from: '2026-01-01', to: '2026-12-31' };
    const all = await pagesOf(() => register.listCases('all', range));
    expect(all.rows.filter((c) => c.tenantId === TENANT)).toHaveLength(3);
    expect(all.pageSizes).toEqual([String(LIST_PAGE_ROWS)]);
    const own = await pagesOf(() => register.listOwnCases(P.tina, range));
    expect(own.rows).toHaveLength(3);
    expect(own.pageSizes).toEqual([String(LIST_PAGE_ROWS)]);
    const exported = await pagesOf(() => register.registerCases({ schoolIds: ['nordby'] }, range));
    expect(exported.rows).toHaveLength(3);
    expect(exported.pageSizes).toEqual([String(REGISTER_PAGE.maxItemCount)]);
    // The SDK writes its continuation into the options it is given: the shared constant stays as it is.
    expect(Object.keys(REGISTER_PAGE)).toEqual(['maxItemCount']);
  });
});
