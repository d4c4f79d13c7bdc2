/**
 * The directory from Entra ID through Microsoft Graph (a fake Graph server
 * with paging, delta tokens, throttling and outages; the real
 * ManagedIdentityCredential against a fake App Service identity endpoint),
 * stored in Cosmos DB (a Cosmos DB protocol server shared by two bots, as two
 * App Service instances share the account): full and incremental
 * synchronisation, a principal replaced with their reminders handed over, an
 * outage and a restart during it, and reports reaching the right principal.
 */
import { cardOf, startHarness, textsOf, writeTemp, type Harness } from '../support/harness';
import { report, stored, waitForNew } from '../support/case-flow';
import { FakeGraph } from '../support/fake-graph';
import { P, TENANT } from '../support/people';
import { startCosmosProcess, type CosmosProcess } from '../support/processes';

const G = {
  leaders: '7a1f0c3e-5b2d-4e8a-9c61-000000000001',
  chiefs: '7a1f0c3e-5b2d-4e8a-9c61-000000000002',
  nordbyStaff: '7a1f0c3e-5b2d-4e8a-9c61-000000000011',
  nordbyPrincipals: '7a1f0c3e-5b2d-4e8a-9c61-000000000012',
  nordbyReps: '7a1f0c3e-5b2d-4e8a-9c61-000000000013',
  sorbyStaff: '7a1f0c3e-5b2d-4e8a-9c61-000000000021',
  sorbyPrincipals: '7a1f0c3e-5b2d-4e8a-9c61-000000000022',
  sorbyReps: '7a1f0c3e-5b2d-4e8a-9c61-000000000023',
  vestbyStaff: '7a1f0c3e-5b2d-4e8a-9c61-000000000031',
  vestbyPrincipals: '7a1f0c3e-5b2d-4e8a-9c61-000000000032',
  vestbyReps: '7a1f0c3e-5b2d-4e8a-9c61-000000000033',
};
const NILS = 'a1b2c3d4-0000-4000-8000-000000000051'; // new teacher at Nordby, nynorsk
const VIDAR = 'a1b2c3d4-0000-4000-8000-000000000041'; // principal at Vestby, never wrote to the bot

const MAPPING = `
tenantId: ${TENANT}
owner:
  name: Eksempel kommune
  leaderGroups: ${G.leaders}
  chiefSafetyRepGroups: [${G.chiefs}]
schools:
  - { id: nordby, name: Nordby skole, staffGroups: [${G.nordbyStaff}], principalGroups: ${G.nordbyPrincipals}, safetyRepGroups: ${G.nordbyReps} }
  - { id: sorby, name: Sørby skole, staffGroups: [${G.sorbyStaff}], principalGroups: ${G.sorbyPrincipals}, safetyRepGroups: ${G.sorbyReps} }
  - { id: vestby, name: Vestby skole, staffGroups: [${G.vestbyStaff}], principalGroups: ${G.vestbyPrincipals}, safetyRepGroups: ${G.vestbyReps} }
`;

// Synchronised on demand in this test; every instance looks for a newer stored directory five times a second.
const SCHEDULE = `
quietHours: null
directorySync: { cron: null, refreshEvery: PT0.2S }
`;

describe('the directory from Entra ID through Microsoft Graph', () => {
  let cosmos: CosmosProcess;
  let graph: FakeGraph;
  let h: Harness;
  let second: Harness | undefined;
  const env = () => ({
    DIRECTORY_SOURCE: 'graph',
    DIRECTORY_MAPPING_FILE: mappingFile,
    GRAPH_BASE_URL: graph.url,
    COSMOS_ENDPOINT: cosmos.endpoint,
    COSMOS_KEY: cosmos.key,
    COSMOS_TLS_INSECURE: '1',
    COSMOS_DATABASE: 'directory-graph',
  });
  let mappingFile: string;
  const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

  beforeAll(async () => {
    [cosmos, graph] = await Promise.all([startCosmosProcess(), (async () => new FakeGraph())()]);
    await graph.start();
    // Small pages, so every round is paged: a group's members over several delta pages and member-list pages.
    graph.pageSize = 2;
    graph.membersPerEntry = 1;
    graph.membersPerPage = 1;
    const people: [string, string, string | null][] = [
      [P.tina, 'Tina Berg', 'nb-NO'],
      [P.rune, 'Rune Haugen', 'nb-NO'],
      [P.vera, 'Vera Nilsen', 'nn-NO'],
      [P.hakon, 'Håkon Lie', null],
      [P.siri, 'Siri Dahl', 'en-GB'],
      [P.per, 'Per Sande', 'nb-NO'],
      [P.ola, 'Ola Moen', 'nb-NO'],
      [P.kari, 'Kari Bakke', 'nn-NO'],
      [P.anne, 'Anne Holm', 'nb-NO'],
      [P.eva, 'Eva Strand', 'en-GB'],
      [VIDAR, 'Vidar Vestby', 'nb-NO'],
      [P.stranger, 'Stine Vikar', null],
    ];
    for (const [id, name, language] of people) graph.addUser(id, name, language);
    graph.addGroup(G.leaders, 'Oppvekst - skolesjef', [P.siri]);
    graph.addGroup(G.chiefs, 'Hovedverneombud', [P.hakon]);
    graph.addGroup(G.nordbyStaff, 'Nordby skole - ansatte', [P.tina, P.eva]);
    graph.addGroup(G.nordbyPrincipals, 'Nordby skole - rektor', [P.rune]);
    graph.addGroup(G.nordbyReps, 'Nordby skole - verneombud', [P.vera]);
    graph.addGroup(G.sorbyStaff, 'Sørby skole - ansatte', [P.per, P.eva]);
    graph.addGroup(G.sorbyPrincipals, 'Sørby skole - rektor', [P.ola]);
    graph.addGroup(G.sorbyReps, 'Sørby skole - verneombud', [P.kari]);
    graph.addGroup(G.vestbyStaff, 'Vestby skole - ansatte', [VIDAR]);
    graph.addGroup(G.vestbyPrincipals, 'Vestby skole - rektor', [VIDAR]);
    graph.addGroup(G.vestbyReps, 'Vestby skole - verneombud', []); // a gap: nobody elected yet
    mappingFile = writeTemp('directory-mapping.yaml', MAPPING);
    // The real ManagedIdentityCredential asks the App Service identity endpoint (here the fake's) for the Graph token.
    process.env.IDENTITY_ENDPOINT = graph.identityEndpoint;
    process.env.IDENTITY_HEADER = graph.identityHeader;
    h = await startHarness({ ...env(), INSTANCE_ID: 'bot-a' }, { schedule: SCHEDULE });
  }, 60000);

  afterAll(async () => {
    await second?.stop();
    await h?.stop();
    await graph?.stop();
    await cosmos?.kill();
    process.env.IDENTITY_ENDPOINT = saved.endpoint;
    process.env.IDENTITY_HEADER = saved.header;
  });

  const loaded = (harness: Harness) => harness.teams.waitFor('the synchronised directory', () => harness.bot.directory.status.loaded, 20000);
  const school = (harness: Harness, id: string) => harness.bot.directory.current.schools.find((s) => s.id === id)!;

  it('reads every mapped group in full at first start, paged, with names and languages, and is ready', async () => {
    await loaded(h);
    const d = h.bot.directory.current;
    expect(school(h, 'nordby')).toMatchObject({ principals: [P.rune], safetyReps: [P.vera], members: [P.tina, P.eva].sort() });
    expect(school(h, 'sorby')).toMatchObject({ principals: [P.ola], safetyReps: [P.kari], members: [P.per, P.eva].sort() });
    expect(school(h, 'vestby')).toMatchObject({ principals: [VIDAR], safetyReps: [] });
    expect(d.owner).toMatchObject({ leaders: [P.siri], chiefSafetyReps: [P.hakon] });
    expect(d.people.find((p) => p.aadObjectId === P.vera)).toEqual({ aadObjectId: P.vera, name: 'Vera Nilsen', locale: 'nn-NO' });
    expect(d.people.find((p) => p.aadObjectId === P.hakon)).toEqual({ aadObjectId: P.hakon, name: 'Håkon Lie' });
    // Someone in no mapped group is not in the directory.
    expect(d.people.some((p) => p.aadObjectId === P.stranger)).toBe(false);

    // Delta rounds followed their next links to the delta link; member lists were paged too.
    const delta = graph.calls('groups/delta');
    expect(delta.filter((r) => r.query.has('$skiptoken')).length).toBeGreaterThan(3);
    expect(delta.every((r) => r.status === 200)).toBe(true);
    expect(graph.calls(`groups/${G.nordbyStaff}/members`).length).toBe(2);

    const ready = await fetch(`${h.bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as any).directory).toMatchObject({ source: 'graph', version: 1, ageSeconds: expect.any(Number) });
  });

  it('sends a report to the principal the groups name', async () => {
    const tina = h.user(P.tina);
    const rune = h.user(P.rune);
    await Promise.all([tina.install(), rune.install(), h.user(P.siri).install()]);
    const { caseId } = await report(h, tina);
    await waitForNew(h, P.rune, caseId, 1, 'Nordby’s principal’s card');
    await waitForNew(h, P.vera, caseId, 1, 'Nordby’s safety representative’s card');
  });

  it('shows the owner’s leader the directory: source, freshness, people per school and the gaps', async () => {
    const siri = h.user(P.siri);
    const before = h.teams.in(siri.conversationId).length;
    await siri.say('directory');
    const answer = await h.teams.waitFor('the directory card', () => h.teams.in(siri.conversationId)[before]);
    const texts = textsOf(cardOf(answer.activity));
    expect(texts).toContain('The directory');
    expect(texts).toContain(`Entra ID (Microsoft Graph), groups as in ${mappingFile}`);
    expect(texts).toContain('Last synchronised');
    expect(texts).toContain('1 employee · 1 principal · 0 safety representatives');
    expect(texts).toContain('Vestby skole has no safety representative (Working Environment Act section 6-1).');
    expect(texts).toContain('Eva Strand: Nordby skole, Sørby skole');
    // Role holders who never wrote to the bot; Rune and Siri did.
    expect(texts).toContain('Vidar Vestby (principal, Vestby skole)');
    expect(texts).toContain('Håkon Lie (chief safety representative)');
    expect(texts.join(' ')).not.toContain('Rune Haugen (');

    const tina = h.user(P.tina);
    const tinaBefore = h.teams.in(tina.conversationId).length;
    await tina.say('katalog');
    const refused = await h.teams.waitFor('the refusal', () => h.teams.in(tina.conversationId)[tinaBefore]);
    expect(refused.activity.text).toBe('Katalogen er for skoleeiers ledere.');
  });

  it('synchronises on a leader’s request and sends the directory when done', async () => {
    const siri = h.user(P.siri);
    const before = h.teams.in(siri.conversationId).length;
    await siri.say('sync directory');
    const started = await h.teams.waitFor('the answer', () => h.teams.in(siri.conversationId)[before]);
    expect(started.activity.text).toBe('Synchronising with Entra ID has started. You get the directory here when it is done.');
    const done = await h.teams.waitFor('the directory after the synchronisation', () => h.teams.in(siri.conversationId).slice(before + 1).find((a) => textsOf(cardOf(a.activity)).includes('The directory is synchronised with Entra ID.')));
    expect(textsOf(cardOf(done.activity))).toContain('The directory');
  });

  it('applies only what changed: a member added, a member removed, a principal replaced, whose reminders go to the successor', async () => {
    const per = h.user(P.per);
    await per.install();
    const { caseId } = await report(h, per);
    await waitForNew(h, P.ola, caseId, 1, 'Sørby’s principal’s card');
    const olaReminder = (await stored(h, caseId)).work.find((w) => w.kind === 'reminder' && w.recipientId === P.ola && (w as any).reminder === 'acknowledge')!;
    expect(olaReminder.state).toBe('open');

    graph.addUser(NILS, 'Nils Nynorsk', 'nn-NO');
    graph.addMember(G.nordbyStaff, NILS);
    graph.removeMember(G.sorbyStaff, P.eva);
    graph.removeMember(G.sorbyPrincipals, P.ola);
    graph.addMember(G.sorbyPrincipals, P.anne);
    const since = graph.requests.length;
    const outcome = await h.bot.directoryFeature.synchronise();
    expect(outcome).toMatchObject({ kind: 'synced', mode: 'delta', changed: true, removedFromRoles: [P.ola] });
    // Only the delta links and the two people new to the directory were asked for; no group read in full.
    const asked = new Set(graph.requests.slice(since).map((r) => r.path));
    expect(asked).toEqual(new Set(['/v1.0/groups/delta', `/v1.0/users/${NILS}`, `/v1.0/users/${P.anne}`]));
    expect(graph.requests.slice(since).filter((r) => r.path === '/v1.0/groups/delta').every((r) => r.query.has('$deltatoken') || r.query.has('$skiptoken'))).toBe(true);

    expect(school(h, 'nordby').members).toContain(NILS);
    expect(school(h, 'sorby').members).not.toContain(P.eva);
    expect(school(h, 'sorby').principals).toEqual([P.anne]);

    // Ola's open reminder is Anne's now, due at the same time; Ola's is closed.
    const work = (await stored(h, caseId)).work.filter((w) => w.kind === 'reminder' && (w as any).reminder === 'acknowledge');
    expect(work.find((w) => w.id === olaReminder.id)).toMatchObject({ state: 'done', skipped: true, handedOverTo: [P.anne] });
    expect(work.find((w) => w.recipientId === P.anne)).toMatchObject({ state: 'open', dueAt: olaReminder.dueAt, handedOverFrom: P.ola });
    // Anne may act on the case; Ola no longer may.
    expect((await h.user(P.anne).invoke('incident.view', { incidentId: caseId })).body.value.body).toBeDefined();
    expect(textsOf((await h.user(P.ola).invoke('incident.view', { incidentId: caseId })).body.value)).toContain('Du har ikke tilgang til denne saken.');

    // The new teacher can report on his first day, in nynorsk from his Entra language, to Nordby's principal.
    const nils = h.user(NILS);
    await nils.install();
    const before = h.teams.in(nils.conversationId).length;
    await nils.say('hei');
    const form = await h.teams.waitFor('Nils’s form', () => h.teams.in(nils.conversationId)[before]);
    expect(textsOf(cardOf(form.activity))).toContain('Meld hending: vald og truslar');
    const reported = await report(h, nils);
    await waitForNew(h, P.rune, reported.caseId, 1, 'Nordby’s principal’s card about Nils’s report');
  });

  it('lets a second instance read the stored directory instead of Graph, and pick up the next version', async () => {
    const since = graph.requests.length;
    second = await startHarness({ ...env(), INSTANCE_ID: 'bot-b' }, { schedule: SCHEDULE, teams: h.teams });
    expect(second.bot.directory.status).toMatchObject({ loaded: true, version: h.bot.directory.status.version });
    expect(second.bot.directory.current).toEqual(h.bot.directory.current);
    expect(graph.requests.length).toBe(since);

    graph.removeMember(G.nordbyStaff, NILS);
    expect(await h.bot.directoryFeature.synchronise()).toMatchObject({ kind: 'synced', changed: true });
    await second.teams.waitFor('the second instance to pick up the new version', () => !school(second!, 'nordby').members.includes(NILS));
    expect(second.bot.directory.status.version).toBe(h.bot.directory.status.version);
  });

  it('waits out 429 throttling as long as Retry-After says', async () => {
    graph.addMember(G.nordbyStaff, P.stranger);
    graph.throttle(2, 1);
    const since = graph.requests.length;
    expect(await h.bot.directoryFeature.synchronise()).toMatchObject({ kind: 'synced', changed: true });
    const seen = graph.requests.slice(since);
    const throttled = seen.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(2);
    for (const t of throttled) {
      const next = seen.find((r) => r.at > t.at && r !== t)!;
      expect(next.at - t.at).toBeGreaterThanOrEqual(950);
    }
    expect(school(h, 'nordby').members).toContain(P.stranger);
  });

  it('reads everything again when Graph no longer honours the delta link', async () => {
    graph.expireDeltaTokens();
    const outcome = await h.bot.directoryFeature.synchronise();
    expect(outcome).toMatchObject({ kind: 'synced', mode: 'full', changed: false });
    expect(h.logs.some((l) => l.includes('"event":"directory.delta_restarted"') && l.includes('syncStateNotFound'))).toBe(true);
  });

  it('keeps the stored directory in use through a Graph outage, also across a restart, and says how old it is', async () => {
    const version = h.bot.directory.status.version;
    const directory = h.bot.directory.current;
    graph.fail(503);
    const outcome = await h.bot.directoryFeature.synchronise();
    expect(outcome).toMatchObject({ kind: 'failed' });
    expect(h.bot.directory.current).toBe(directory);
    const ready = await fetch(`${h.bot.url}/readyz`);
    expect(ready.status).toBe(200);
    const details = ((await ready.json()) as any).directory;
    expect(details).toMatchObject({ source: 'graph', version, lastError: { message: expect.stringContaining('503') } });

    // The leader sees that the last synchronisation failed and which directory is in use.
    const siri = h.user(P.siri);
    const before = h.teams.in(siri.conversationId).length;
    await siri.say('directory');
    const card = await h.teams.waitFor('the directory card', () => h.teams.in(siri.conversationId)[before]);
    expect(textsOf(cardOf(card.activity)).join(' ')).toMatch(/The last synchronisation failed .*503.* The directory of .* is still in use\./);

    // A restart while Graph is down reads the stored directory, is ready, and a report reaches the principal.
    await second!.stop();
    second = await startHarness({ ...env(), INSTANCE_ID: 'bot-c' }, { schedule: SCHEDULE, teams: h.teams });
    expect(second.bot.directory.status).toMatchObject({ loaded: true, version });
    expect((await fetch(`${second.bot.url}/readyz`)).status).toBe(200);
    const per = second.user(P.per);
    const { caseId } = await report(second, per);
    await waitForNew(second, P.anne, caseId, 1, 'Sørby’s new principal’s card during the outage');
    graph.recover();
  });
});
