/**
 * The directory feature's parts without a server: the mapping file, how
 * groups make the directory, delta changes, who lost a role, the gaps, chunks
 * for Cosmos DB, who a reminder goes to after a change, the Graph client's
 * paging and throttling (against the fake Graph), and the katalog card.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { loadDirectoryMapping } from '../../src/config/directory-mapping-file';
import { loadEnvironment } from '../../src/config/environment';
import { loadSchedule } from '../../src/config/schedule-file';
import { DirectorySource, emptyDirectory, mappingGroups, type DirectoryMapping } from '../../src/core/directory-source';
import { silentLogger } from '../../src/core/log';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import { GraphClient, GraphError, retryAfterMs } from '../../src/directory/graph';
import { applyChanges, deltaChains, detailsOf, directoryFrom, directoryGaps, prunePeople, removedFromRoles, roleHolders, roleHoldersToReach, type GraphState } from '../../src/directory/model';
import { chunksOf } from '../../src/directory/store';
import { directoryStatusCard } from '../../src/directory/views';
import { reminderAddressees } from '../../src/follow-up/model';
import { renderCard } from '../../src/teams/card-renderer';
import { FakeGraph } from '../support/fake-graph';
import { P, TENANT } from '../support/people';

const dir = mkdtempSync(join(tmpdir(), 'tryggmeld-mapping-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const problemsOf = (load: () => unknown): string[] => {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

const g = (n: number) => `7a1f0c3e-5b2d-4e8a-9c61-${String(n).padStart(12, '0')}`;
const MAPPING: DirectoryMapping = {
  tenantId: TENANT,
  owner: { name: 'Eksempel kommune', leaderGroups: [g(1)], chiefSafetyRepGroups: [g(2)] },
  schools: [
    { id: 'nordby', name: 'Nordby skole', staffGroups: [g(11)], principalGroups: [g(12)], safetyRepGroups: [g(13)] },
    { id: 'sorby', name: 'Sørby skole', staffGroups: [g(21), g(24)], principalGroups: [g(22)], safetyRepGroups: [g(23)] },
  ],
};
const STATE: GraphState = {
  groups: { [g(1)]: [P.siri], [g(2)]: [P.hakon], [g(11)]: [P.tina, P.eva], [g(12)]: [P.rune], [g(13)]: [P.vera], [g(21)]: [P.per], [g(24)]: [P.eva], [g(22)]: [P.ola, P.anne], [g(23)]: [] },
  people: { [P.vera]: { name: 'Vera Nilsen', locale: 'nn-NO' }, [P.rune]: { name: 'Rune Haugen' }, [P.tina]: { name: 'Tina Berg', locale: 'nb-NO' } },
};

describe('the mapping file (DIRECTORY_MAPPING_FILE)', () => {
  it('reads group ids given alone or as lists, in lower case', () => {
    const mapping = loadDirectoryMapping(
      file('ok.yaml', `tenantId: ${TENANT.toUpperCase()}\nowner: { name: K, leaderGroups: ${g(1)} }\nschools:\n  - { id: nordby, name: Nordby skole, staffGroups: [${g(11)}, ${g(14)}], principalGroups: ${g(12).toUpperCase()}, safetyRepGroups: [${g(13)}] }\n`),
    );
    expect(mapping).toEqual({
      tenantId: TENANT,
      owner: { name: 'K', leaderGroups: [g(1)], chiefSafetyRepGroups: [] },
      schools: [{ id: 'nordby', name: 'Nordby skole', staffGroups: [g(11), g(14)], principalGroups: [g(12)], safetyRepGroups: [g(13)] }],
    });
  });

  it('refuses a malformed file with the file, the path inside it and what is wrong', () => {
    const path = file(
      'bad.yaml',
      `tenantId: ${TENANT}\nowner: { name: K, leaderGroups: [] }\nschools:\n  - { id: Nordby, name: N, staffGroups: [not-a-guid], principalGroups: [${g(12)}], safetyRepGroup: [${g(13)}] }\n  - { id: sorby, name: S, staffGroups: [${g(21)}], principalGroups: [] , safetyRepGroups: [${g(23)}] }\n`,
    );
    const problems = problemsOf(() => loadDirectoryMapping(path));
    expect(problems).toEqual(
      expect.arrayContaining([
        `DIRECTORY_MAPPING_FILE ${path}: owner.leaderGroups: needs the group of the school owner's leaders: escalations would reach nobody`,
        expect.stringMatching(new RegExp(`^DIRECTORY_MAPPING_FILE ${path}: schools\\[0\\]\\.id: must be lower-case`)),
        `DIRECTORY_MAPPING_FILE ${path}: schools[0].staffGroups[0]: must be an Entra object id (GUID)`,
        expect.stringMatching(new RegExp(`^DIRECTORY_MAPPING_FILE ${path}: schools\\[0\\]: Unrecognized key\\(s\\) in object: 'safetyRepGroup'`)),
        `DIRECTORY_MAPPING_FILE ${path}: schools[1].principalGroups: needs the group of the school's principals (rektor)`,
      ]),
    );
    expect(problemsOf(() => loadDirectoryMapping(join(dir, 'missing.yaml')))).toEqual([`DIRECTORY_MAPPING_FILE ${join(dir, 'missing.yaml')}: cannot be read (ENOENT)`]);
    const dup = file('dup.yaml', `tenantId: ${TENANT}\nowner: { name: K, leaderGroups: ${g(1)} }\nschools:\n  - { id: a, name: A, staffGroups: ${g(1)}, principalGroups: ${g(1)}, safetyRepGroups: ${g(1)} }\n  - { id: a, name: B, staffGroups: ${g(1)}, principalGroups: ${g(1)}, safetyRepGroups: ${g(1)} }\n`);
    expect(problemsOf(() => loadDirectoryMapping(dup))).toEqual([`DIRECTORY_MAPPING_FILE ${dup}: schools[1].id: duplicates the id of schools[0]`]);
  });

  it('is chosen with DIRECTORY_SOURCE=graph, which needs the mapping file', () => {
    expect(problemsOf(() => loadEnvironment({ DIRECTORY_SOURCE: 'graph' }))).toEqual(['DIRECTORY_MAPPING_FILE: is required when DIRECTORY_SOURCE=graph (which Entra groups make the directory)']);
    expect(problemsOf(() => loadEnvironment({ DIRECTORY_SOURCE: 'ldap' }))).toEqual(['DIRECTORY_SOURCE: must be file or graph']);
    expect(loadEnvironment({ DIRECTORY_SOURCE: 'graph', DIRECTORY_MAPPING_FILE: '/m.yaml', GRAPH_BASE_URL: 'https://graph.example/v1.0/' })).toMatchObject({ directorySource: 'graph', directoryMappingFile: '/m.yaml', graphBaseUrl: 'https://graph.example/v1.0' });
  });

  it('takes the synchronisation timings from the schedule file, refusing a bad cron', () => {
    expect(DEFAULT_SCHEDULE.directorySync).toEqual({ cron: '*/15 * * * *', fullEvery: { days: 1, hours: 0, minutes: 0, seconds: 0 }, refreshEvery: { days: 0, hours: 0, minutes: 1, seconds: 0 } });
    expect(loadSchedule(file('s.yaml', 'directorySync: { cron: null }\n')).directorySync).toEqual({ ...DEFAULT_SCHEDULE.directorySync, cron: null });
    const bad = file('bad-s.yaml', 'directorySync: { cron: "every hour", refreshEvery: PT0S }\n');
    expect(problemsOf(() => loadSchedule(bad))).toEqual([
      expect.stringMatching(new RegExp(`^SCHEDULE_FILE ${bad}: directorySync.cron: "every hour" is not a cron expression`)),
      `SCHEDULE_FILE ${bad}: directorySync.refreshEvery: must be longer than zero`,
    ]);
  });
});

describe('the directory the groups make', () => {
  it('gives each school its staff, principals and safety representatives, and the owner its roles, sorted', () => {
    const d = directoryFrom(MAPPING, STATE);
    expect(d.tenantId).toBe(TENANT);
    expect(d.owner).toEqual({ name: 'Eksempel kommune', leaders: [P.siri], chiefSafetyReps: [P.hakon] });
    expect(d.schools[1]).toEqual({ id: 'sorby', name: 'Sørby skole', principals: [P.ola, P.anne].sort(), safetyReps: [], members: [P.per, P.eva].sort() });
    expect(d.people.find((p) => p.aadObjectId === P.vera)).toEqual({ aadObjectId: P.vera, name: 'Vera Nilsen', locale: 'nn-NO' });
    // Someone without details from Graph is still there, by id.
    expect(d.people.find((p) => p.aadObjectId === P.per)).toEqual({ aadObjectId: P.per });
    expect(directoryFrom(MAPPING, STATE)).toEqual(d);
  });

  it('keeps displayName and preferredLanguage (nynorsk honoured), drops what is not a language tag', () => {
    expect(detailsOf({ displayName: '  Vera Nilsen ', preferredLanguage: 'nn-NO' })).toEqual({ name: 'Vera Nilsen', locale: 'nn-NO' });
    expect(detailsOf({ displayName: null, preferredLanguage: 'Norsk (nynorsk)' })).toEqual({});
  });

  it('applies delta changes: members added and removed, a deleted group emptied; nobody left keeps a name', () => {
    const next = applyChanges(
      STATE,
      [
        { groupId: g(11), userId: P.nina.toUpperCase(), removed: false },
        { groupId: g(11), userId: P.tina, removed: true },
      ],
      [g(13)],
    );
    expect(next.groups[g(11)]).toEqual([P.eva, P.nina].sort());
    expect(next.groups[g(13)]).toEqual([]);
    expect(prunePeople(next).people[P.vera]).toBeUndefined();
    expect(prunePeople(next).people[P.tina]).toBeUndefined();
    expect(prunePeople(next).people[P.rune]).toEqual({ name: 'Rune Haugen' });
  });

  it('tells who lost a principal’s or leader’s role', () => {
    const before = roleHolders(directoryFrom(MAPPING, STATE));
    const after = roleHolders(directoryFrom(MAPPING, applyChanges(STATE, [{ groupId: g(22), userId: P.ola, removed: true }, { groupId: g(1), userId: P.siri, removed: true }, { groupId: g(12), userId: P.kari, removed: false }])));
    expect(removedFromRoles(before, after)).toEqual([P.ola, P.siri].sort());
    expect(removedFromRoles(after, after)).toEqual([]);
  });

  it('finds the gaps: no principal, no safety representative, no leader, people in several schools; and who must be reachable', () => {
    const d = directoryFrom(MAPPING, applyChanges(STATE, [{ groupId: g(12), userId: P.rune, removed: true }], [g(1)]));
    expect(directoryGaps(d)).toEqual({ schoolsWithoutPrincipal: ['nordby'], schoolsWithoutSafetyRep: ['sorby'], noLeader: true, inSeveralSchools: [{ personId: P.eva, schoolIds: ['nordby', 'sorby'] }] });
    expect(roleHoldersToReach(directoryFrom(MAPPING, STATE)).find((p) => p.personId === P.vera)).toEqual({ personId: P.vera, roles: ['safetyRep'], schoolIds: ['nordby'] });
  });

  it('follows the mapped groups in delta chains of at most 50 (Graph’s filter limit)', () => {
    const many: DirectoryMapping = { ...MAPPING, schools: Array.from({ length: 30 }, (_, i) => ({ id: `s${i}`, name: `S${i}`, staffGroups: [g(100 + i)], principalGroups: [g(200 + i)], safetyRepGroups: [g(300 + i)] })) };
    expect(mappingGroups(many)).toHaveLength(92);
    expect(deltaChains(many).map((c) => c.length)).toEqual([50, 42]);
  });

  it('stores a large municipality in chunks far below Cosmos DB’s 2 MB item limit, and reads them back whole', () => {
    const staff = Array.from({ length: 25_000 }, (_, i) => `a1b2c3d4-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const state: GraphState = { groups: { [g(1)]: [P.siri], [g(11)]: staff, [g(13)]: [] }, people: Object.fromEntries(staff.map((id, i) => [id, { name: `Ansatt nummer ${i}`, locale: 'nb-NO' }])) };
    const chunks = chunksOf(7, state);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(Buffer.byteLength(JSON.stringify(c))).toBeLessThan(1024 * 1024);
    const groups: Record<string, string[]> = {};
    for (const c of chunks) for (const [id, ids] of Object.entries(c.groups ?? {})) groups[id] = [...(groups[id] ?? []), ...ids];
    expect(groups).toEqual(state.groups);
    expect(Object.assign({}, ...chunks.map((c) => c.people ?? {}))).toEqual(state.people);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
  });

  it('replaces the directory in use, never with another tenant’s', () => {
    const source = new DirectorySource(emptyDirectory(MAPPING), { origin: 'graph', path: '/m.yaml', loaded: false, version: 0 });
    const d = directoryFrom(MAPPING, STATE);
    source.replace(d, { version: 3, syncedAt: '2026-01-01T10:00:00Z' });
    expect(source.current).toBe(d);
    expect(source.status).toMatchObject({ loaded: true, version: 3 });
    expect(source.ageSeconds(new Date('2026-01-01T10:01:00Z'))).toBe(60);
    expect(() => source.replace({ ...d, tenantId: '00000000-0000-4000-8000-000000000000' }, {})).toThrow(/refused/);
  });
});

describe('who a reminder goes to after the directory changed', () => {
  const before = directoryFrom(MAPPING, STATE);
  const after = directoryFrom(MAPPING, applyChanges(STATE, [{ groupId: g(22), userId: P.ola, removed: true }, { groupId: g(22), userId: P.anne, removed: true }, { groupId: g(22), userId: P.kari, removed: false }, { groupId: g(12), userId: P.rune, removed: true }]));
  const sorbyCase = { schoolId: 'sorby', measures: [{ id: 'm1', ownerId: P.per, state: 'approved' }, { id: 'm2', state: 'approved' }] } as never;
  const nordbyCase = { schoolId: 'nordby', measures: [] } as never;

  it('keeps it with whoever still holds the role', () => {
    expect(reminderAddressees(before, sorbyCase, { recipientId: P.ola, reminder: 'acknowledge' })).toEqual({ keep: true });
    expect(reminderAddressees(after, sorbyCase, { recipientId: P.per, reminder: 'measureDue', measureId: 'm1' })).toEqual({ keep: true });
    expect(reminderAddressees(after, sorbyCase, { recipientId: P.siri, reminder: 'escalation' })).toEqual({ keep: true });
  });

  it('hands a principal’s reminders to the new principals, or to the owner’s leaders when there is none', () => {
    for (const reminder of ['acknowledge', 'legal', 'nav', 'measureOverdue'] as const) {
      expect(reminderAddressees(after, sorbyCase, { recipientId: P.ola, reminder })).toEqual({ handTo: [P.kari] });
    }
    expect(reminderAddressees(after, sorbyCase, { recipientId: P.ola, reminder: 'measureDue', measureId: 'm2' })).toEqual({ handTo: [P.kari] });
    expect(reminderAddressees(after, nordbyCase, { recipientId: P.rune, reminder: 'acknowledge' })).toEqual({ handTo: [P.siri] });
    const noLeaders = { ...after, owner: { ...after.owner, leaders: [P.hakon] } };
    expect(reminderAddressees(noLeaders, sorbyCase, { recipientId: P.siri, reminder: 'escalation' })).toEqual({ handTo: [P.hakon] });
  });
});

describe('the Graph client against the fake Graph', () => {
  let graph: FakeGraph;
  const waits: number[] = [];
  const client = () =>
    new GraphClient({ baseUrl: graph.url, token: async () => tokenOf(graph), log: silentLogger, sleep: async (ms) => void waits.push(ms), maxTries: 3 });
  // The fake gives its token to whoever shows the identity header, as App Service's identity endpoint does.
  const tokenOf = async (f: FakeGraph) => ((await (await fetch(`${f.identityEndpoint}?resource=https://graph.microsoft.com`, { headers: { 'x-identity-header': f.identityHeader } })).json()) as { access_token: string }).access_token;

  beforeAll(async () => {
    graph = new FakeGraph();
    await graph.start();
    graph.pageSize = 1;
    for (const [id, name] of [[P.tina, 'Tina'], [P.eva, 'Eva'], [P.per, 'Per']]) graph.addUser(id, name, 'nb-NO');
    graph.addGroup(g(11), 'Nordby skole - ansatte', [P.tina, P.eva, P.per]);
    graph.addGroup(g(12), 'Nordby skole - rektor', []);
  });
  afterAll(() => graph.stop());

  it('follows @odata.nextLink to the @odata.deltaLink', async () => {
    graph.membersPerEntry = 2;
    const pages = [];
    for await (const page of client().pages<{ id: string }>(`groups/delta?$filter=${encodeURIComponent(`id eq '${g(11)}' or id eq '${g(12)}'`)}&$select=members`)) pages.push(page);
    expect(pages.length).toBe(3);
    expect(pages.slice(0, -1).every((p) => p['@odata.nextLink'] && !p['@odata.deltaLink'])).toBe(true);
    expect(pages.at(-1)!['@odata.deltaLink']).toMatch(/\$deltatoken=/);
    expect(pages.map((p) => p.value[0]!.id)).toEqual([g(11), g(11), g(12)]);
  });

  it('waits as long as Retry-After says on 429, and gives up after its tries', async () => {
    waits.length = 0;
    graph.throttle(2, 7);
    expect((await client().get<{ id: string }>(`users/${P.tina}`)).id).toBe(P.tina);
    expect(waits).toEqual([7000, 7000]);
    graph.throttle(5, 1);
    await expect(client().get(`users/${P.tina}`)).rejects.toMatchObject({ status: 429 });
    graph.throttle(0);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:05 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(5000);
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('answers errors as GraphError, tells an expired delta token, and never sends the token to another origin', async () => {
    await expect(client().get('users/a1b2c3d4-0000-4000-8000-999999999999')).rejects.toMatchObject({ status: 404, code: 'Request_ResourceNotFound' });
    graph.expireDeltaTokens();
    const old = `${graph.url}/groups/delta?$deltatoken=${Buffer.from(JSON.stringify({ ids: [g(11)], seq: 0, gen: 0 })).toString('base64url')}`;
    const expired = await client().get(old).catch((e: GraphError) => e);
    expect(expired).toBeInstanceOf(GraphError);
    expect((expired as GraphError).deltaExpired).toBe(true);
    expect(() => client().url('https://evil.example/v1.0/users')).toThrow(/refused/);
  });
});

describe('the katalog card', () => {
  const d = directoryFrom(MAPPING, STATE);
  const status = { origin: 'graph' as const, path: '/home/site/config/directory-mapping.yaml', loaded: true, version: 4, syncedAt: '2026-03-02T08:00:00Z' };
  const render = (language: 'nb' | 'nn' | 'en', extra: Partial<Parameters<typeof directoryStatusCard>[0]> = {}) =>
    renderCard(directoryStatusCard({ language, directory: d, status, neverReached: new Set([P.vera, P.ola]), now: new Date('2026-03-02T10:30:00Z'), timeZone: 'Europe/Oslo', ...extra }));

  it.each(['nb', 'nn', 'en'] as const)('in %s has every expression filled and shows the gaps', (language) => {
    const card = render(language, { head: { id: 'directory', docType: 'directoryHead', origin: 'graph', version: 4, chunks: [], lastAttempt: { at: '2026-03-02T10:00:00Z', ok: false, mode: 'delta', error: 'Graph GET /v1.0/groups/delta answered 503' }, missingGroups: [g(24)] } });
    const json = JSON.stringify(card);
    expect(json.match(/\$\{[^}]*\}/g) ?? []).toEqual([]);
    expect(json).toContain('503');
    expect(json).toContain(g(24));
  });

  it('says it in the reader’s words, with plural forms and the age', () => {
    const json = JSON.stringify(render('nn'));
    expect(json).toContain('Sørby skole har ikkje verneombod (arbeidsmiljølova § 6-1).');
    expect(json).toContain('4 tilsette · 2 rektorar · 0 verneombod');
    expect(json).toContain('2 timar');
    expect(json).toContain('Vera Nilsen (verneombod, Nordby skole)');
    expect(json).toContain('"verb":"directory.sync"');
    // Names are text runs, never read as Markdown.
    expect(json).toContain('{"type":"TextRun","text":"Vera Nilsen (verneombod, Nordby skole)"}');
  });

  it('stays small however many people are unreached, counting the rest', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `a1b2c3d4-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const big = { ...d, schools: d.schools.map((s) => ({ ...s, principals: ids })) };
    const card = renderCard(directoryStatusCard({ language: 'nb', directory: big, status, neverReached: new Set(ids), now: new Date(), timeZone: 'Europe/Oslo' }));
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(20 * 1024);
    expect(JSON.stringify(card)).toContain('… og 2985 til');
  });
});
