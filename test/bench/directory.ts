/**
 * The directory's synchronisation for a municipality of 60 schools and 6,000
 * staff, against the fake Graph (pages as Graph sends them: 100 members per
 * delta entry, 999 per member-list page) and the embedded store: a full read,
 * an incremental one after 20 changes, and another instance picking up the new
 * version. Run by test/bench/run.ts; figures, not pass/fail.
 */
import { createCosmosClient } from '../../src/core/cosmos/client';
import { openContainers } from '../../src/core/cosmos/database';
import { startEmbeddedCosmos } from '../../src/core/cosmos/embedded';
import type { DirectoryMapping } from '../../src/core/directory-source';
import { silentLogger } from '../../src/core/log';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import { GraphClient } from '../../src/directory/graph';
import { directoryFrom } from '../../src/directory/model';
import { DirectoryStore } from '../../src/directory/store';
import { DirectorySynchroniser } from '../../src/directory/sync';
import { FakeGraph } from '../support/fake-graph';

const SCHOOLS = 60;
const STAFF = 100;
const id = (kind: number, n: number) => `${String(kind).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;

export async function directoryBench(): Promise<string[]> {
  const graph = new FakeGraph();
  await graph.start();
  const embedded = await startEmbeddedCosmos();
  const client = createCosmosClient({ endpoint: embedded.endpoint, key: embedded.key, tlsInsecure: true });
  try {
    graph.pageSize = 100;
    graph.membersPerEntry = 100;
    graph.membersPerPage = 999;
    const mapping: DirectoryMapping = { tenantId: id(1, 1), owner: { name: 'Bench kommune', leaderGroups: [id(2, 1)], chiefSafetyRepGroups: [id(2, 2)] }, schools: [] };
    graph.addGroup(id(2, 1), 'leaders', []);
    graph.addGroup(id(2, 2), 'chiefs', []);
    let person = 0;
    for (let s = 0; s < SCHOOLS; s++) {
      const groups = [id(3, s), id(4, s), id(5, s)];
      const staff = Array.from({ length: STAFF }, () => id(9, ++person));
      for (const p of staff) graph.addUser(p, `Ansatt ${p.slice(-6)}`, person % 7 === 0 ? 'nn-NO' : 'nb-NO');
      graph.addGroup(groups[0]!, `skole ${s} ansatte`, staff);
      graph.addGroup(groups[1]!, `skole ${s} rektor`, staff.slice(0, 2));
      graph.addGroup(groups[2]!, `skole ${s} verneombud`, staff.slice(2, 4));
      mapping.schools.push({ id: `skole-${s}`, name: `Skole ${s}`, staffGroups: [groups[0]!], principalGroups: [groups[1]!], safetyRepGroups: [groups[2]!] });
    }
    const containers = await openContainers(client, 'bench-directory');
    // The managed identity's token is fetched once and cached, as getBearerTokenProvider does.
    const token = ((await (await fetch(`${graph.identityEndpoint}?resource=x`, { headers: { 'x-identity-header': graph.identityHeader } })).json()) as { access_token: string }).access_token;
    const store = new DirectoryStore(containers.directory);
    const sync = new DirectorySynchroniser({
      graph: new GraphClient({ baseUrl: graph.url, token: async () => token, log: silentLogger }),
      store,
      mapping,
      schedule: DEFAULT_SCHEDULE,
      now: () => new Date(),
      log: silentLogger,
      instanceId: 'bench',
    });
    const lines: string[] = [];
    const time = async <T>(fn: () => Promise<T>) => {
      const t0 = performance.now();
      const value = await fn();
      return { value, ms: performance.now() - t0 };
    };
    let requests = graph.requests.length;
    const full = await time(() => sync.run());
    const fullRequests = graph.requests.length - requests;
    for (let i = 0; i < 20; i++) graph.addMember(id(3, i), id(9, 100_000 + i));
    for (let i = 0; i < 20; i++) graph.addUser(id(9, 100_000 + i), `Ny ${i}`, 'nb-NO');
    requests = graph.requests.length;
    const delta = await time(() => sync.run());
    const deltaRequests = graph.requests.length - requests;
    const head = (await store.head())!.value;
    const pickup = await time(async () => directoryFrom(mapping, await store.state(head)));
    const f = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
    lines.push(`directory full sync, ${SCHOOLS} schools, ${person} staff (${fullRequests} Graph requests)`.padEnd(80) + f(full.ms));
    lines.push(`directory delta sync after 20 changes (${deltaRequests} Graph requests)`.padEnd(80) + f(delta.ms) + `  ratio to full ${(delta.ms / full.ms).toFixed(3)}`);
    lines.push(`another instance reads the stored version (${head.chunks.length} chunks)`.padEnd(80) + f(pickup.ms) + `  ratio to full ${(pickup.ms / full.ms).toFixed(3)}`);
    if (full.value.kind !== 'synced' || delta.value.kind !== 'synced' || pickup.value.people.length !== person + 20) throw new Error('directory bench: synchronisation did not do what it should');
    return lines;
  } finally {
    client.dispose();
    await embedded.close();
    await graph.stop();
  }
}
