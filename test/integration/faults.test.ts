/**
 * Delivery under faults: Teams throttling and failing at random, two bot
 * processes on one store, and a bot killed while sending.
 */
import type { StoredWork as WorkItem } from '../support/cases';
import { createCosmosClient } from '../../src/core/cosmos/client';
import { FakeTeams, cardOf, type RecordedActivity } from '../support/fake-teams';
import { actionsOf, startHarness, textsOf, TeamsUser, writeTemp } from '../support/harness';
import { report } from '../support/case-flow';
import { startBotProcess, startCosmosProcess, type BotProcess, type CosmosProcess } from '../support/processes';
import { FIXTURE_DIRECTORY } from '../support/harness';
import { P } from '../support/people';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A repeatable random source, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

/** What a message is, independent of how often it was sent: chat, case, and the line on top or the check-in. */
function keyOf(a: RecordedActivity): string | undefined {
  const card = cardOf(a.activity);
  if (!card) return undefined;
  const json = JSON.stringify(card);
  const caseId = /case-[0-9a-f]{32}/.exec(json)?.[0];
  if (!caseId) return undefined;
  const followUp = actionsOf(card).find((x) => x.verb === 'followup.answer')?.data.followUpId;
  return `${a.conversationId} ${caseId} ${followUp ?? textsOf(card)[0]}`;
}

function counts(teams: FakeTeams): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of teams.activities.filter((x) => x.op === 'send')) {
    const key = keyOf(a);
    if (key) out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

describe('Teams throttling and failing', () => {
  it('delivers every notification, none before its Retry-After', async () => {
    const random = seeded(7);
    const throttledAt = new Map<string, number>();
    const early: string[] = [];
    const requests: { conversation: string; at: number }[] = [];
    const h = await startHarness();
    try {
      h.teams.fault = ({ method, path, conversationId, body }) => {
        if (method !== 'POST') return undefined;
        const conversation = conversationId ?? `new:${body.members?.[0]?.id}`;
        const now = Date.now();
        const until = throttledAt.get(conversation);
        if (until !== undefined && now < until) early.push(`${conversation} ${until - now} ms early`);
        requests.push({ conversation, at: now });
        // Every chat is throttled once with Retry-After: 1; then one request in four fails with a 5xx.
        if (until === undefined) {
          throttledAt.set(conversation, now + 1000);
          return { status: 429, headers: { 'Retry-After': '1' } };
        }
        if (path !== '/v3/conversations' && random() < 0.25) return { status: [500, 502, 503, 504][Math.floor(random() * 4)] };
        return undefined;
      };
      const tina = h.user(P.tina);
      const rune = h.user(P.rune);
      await rune.install();
      // The form reply also meets the faults; reporting works all the same.
      const cases = [];
      for (let i = 0; i < 3; i++) cases.push(await report(h, tina, { description: `Hendelse ${i}` }));
      for (const { caseId } of cases) {
        for (const who of [P.rune, P.vera]) {
          await h.teams.waitFor(`${who} told of ${caseId}`, () => [...counts(h.teams).keys()].some((k) => k.includes(caseId) && (k.includes(who) || h.teams.conversationCreatedFor(who)?.id === k.split(' ')[0])), 30000);
        }
      }
      expect(early).toEqual([]);
      expect(requests.length).toBeGreaterThan(10);
      // A message Teams took is marked done just after: wait for the store to say so.
      const deadline = Date.now() + 20000;
      for (;;) {
        const { resources } = await h.bot.containers.cases.items.query<{ state: string }>('SELECT c.state FROM c WHERE c.docType = "work" AND c.kind = "case.new"').fetchAll();
        if (resources.length === 6 && resources.every((w) => w.state === 'done')) break;
        if (Date.now() > deadline) throw new Error(`case cards not all done: ${JSON.stringify(resources)}`);
        await sleep(100);
      }
      // Each person got each case once, despite the retries.
      for (const [key, n] of counts(h.teams)) expect([key, n]).toEqual([key, 1]);
    } finally {
      await h.stop();
    }
  }, 90000);
});

const SECONDS = `
# Each case's check-ins on their own: these tests count them per case (test/integration/checkins-together.test.ts joins them).
checkInsTogetherWithin: PT0S
followUpCheckIns: [PT1S, PT2S]
acknowledgeWithin: PT1S
escalateAfter: PT2S
quietHours: null
`;

describe('several bot processes on one store', () => {
  let cosmos: CosmosProcess;
  let teams: FakeTeams;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    cosmos = await startCosmosProcess();
    teams = new FakeTeams();
    await teams.start();
  }, 60000);

  afterAll(async () => {
    await Promise.all(bots.map((b) => b.kill('SIGKILL')));
    await teams.stop();
    await cosmos.kill();
  });

  const envFor = (name: string, extra: Record<string, string> = {}) => ({
    COSMOS_ENDPOINT: cosmos.endpoint,
    COSMOS_KEY: cosmos.key,
    COSMOS_TLS_INSECURE: '1',
    COSMOS_DATABASE: name,
    DIRECTORY_FILE: FIXTURE_DIRECTORY,
    SCHEDULE_FILE: writeTemp('schedule.yaml', SECONDS),
    TEAMS_SERVICE_URL: teams.url,
    DISPATCH_INTERVAL_MS: '100',
    ...extra,
  });

  it('sends every notification, check-in, reminder and escalation exactly once with two instances', async () => {
    const a = await startBotProcess({ ...envFor('two-instances'), INSTANCE_ID: 'bot-a' });
    const b = await startBotProcess({ ...envFor('two-instances'), INSTANCE_ID: 'bot-b' });
    bots.push(a, b);
    const viaA = new TeamsUser(a.url, teams.url, P.tina);
    const viaB = new TeamsUser(b.url, teams.url, P.tina);
    const cases = [];
    // Minor cases: no cluster alert in the count.
    for (let i = 0; i < 4; i++) cases.push(await report({ teams }, i % 2 ? viaB : viaA, { description: `Hendelse ${i}`, severity: 'minor' }));
    // Per case: two cards (principal, safety rep), two check-ins, one reminder, one escalation.
    await teams.waitFor('everything sent', () => [...counts(teams).keys()].length >= cases.length * 6, 30000);
    await sleep(2000);
    const sent = counts(teams);
    expect(sent.size).toBe(cases.length * 6);
    for (const [key, n] of sent) expect([key, n]).toEqual([key, 1]);
    await a.kill();
    await b.kill();
  }, 90000);

  it('loses nothing owed when a bot is killed with SIGKILL while sending', async () => {
    const env = envFor('killed', { DISPATCH_LEASE_MS: '1500' });
    const first = await startBotProcess({ ...env, INSTANCE_ID: 'bot-1' });
    bots.push(first);
    let inFlight = false;
    // Teams is slow to take the case cards: the bot is killed while one is on its way.
    teams.fault = ({ body }) => {
      if (!JSON.stringify(body).includes('Ny hendelse meldt')) return undefined;
      inFlight = true;
      return { status: 200, delayMs: 1500 };
    };
    const tina = new TeamsUser(first.url, teams.url, P.tina);
    const cases = [];
    for (let i = 0; i < 3; i++) cases.push(await report({ teams }, tina, { description: `Etter krasj ${i}` }));
    await teams.waitFor('a card on its way', () => inFlight, 10000);
    await first.kill('SIGKILL');
    teams.fault = undefined;

    const second = await startBotProcess({ ...env, INSTANCE_ID: 'bot-2' });
    bots.push(second);
    const expected = cases.flatMap(({ caseId }) => [P.rune, P.vera].map((who) => ({ caseId, who })));
    const told = (caseId: string, who: string) =>
      teams.activities.some((x) => x.op === 'send' && JSON.stringify(x.activity).includes(caseId) && /^Ny hend(else|ing) meldt/.test(textsOf(cardOf(x.activity) ?? {})[0] ?? '') && (x.conversationId === `a:personal-${who}` || teams.conversationCreatedFor(who)?.id === x.conversationId));
    await teams.waitFor('every case card, after the restart', () => expected.every((e) => told(e.caseId, e.who)), 30000);
    // The card that was on its way when the first bot died went out from the second.
    expect(second.output()).toMatch(/"instance":"bot-2".*"kind":"case.new","outcome":"done"/);
    await second.kill();
  }, 90000);

  it('stops on SIGTERM after finishing what it is sending, leaving nothing claimed', async () => {
    const bot = await startBotProcess({ ...envFor('sigterm'), INSTANCE_ID: 'bot-t' });
    bots.push(bot);
    let inFlight = false;
    teams.fault = ({ body }) => {
      if (!JSON.stringify(body).includes('Ny hendelse meldt')) return undefined;
      inFlight = true;
      return { status: 200, delayMs: 1000 };
    };
    const { caseId } = await report({ teams }, new TeamsUser(bot.url, teams.url, P.tina), { severity: 'minor' });
    await teams.waitFor('a card on its way', () => inFlight, 10000);
    const exited = new Promise<number | null>((resolve) => bot.process.once('exit', (code) => resolve(code)));
    bot.process.kill('SIGTERM');
    expect(await exited).toBe(0);
    teams.fault = undefined;
    expect(bot.output()).toContain('"event":"server.stopped"');
    const client = createCosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, tlsInsecure: true });
    const { resources } = await client.database('sigterm').container('cases').items.query<WorkItem>({ query: 'SELECT * FROM c WHERE c.caseId = @id AND c.docType = "work"', parameters: [{ name: '@id', value: caseId }] }).fetchAll();
    client.dispose();
    expect(resources.filter((w) => w.leaseOwner)).toEqual([]);
    expect(resources.filter((w) => w.kind === 'case.new' && w.state === 'done').length).toBeGreaterThanOrEqual(1);
  }, 60000);
});
