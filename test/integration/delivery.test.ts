/**
 * Delivery under real faults at the Teams connector: a chat that never
 * answers, a 429 with Retry-After, a card refused as too large, an outage
 * longer than the old retry policy's two minutes. Everyone else's notices
 * still go out, nothing goes early, and nothing owed is given up.
 */
import { randomUUID } from 'node:crypto';
import { cardOf, startHarness, textsOf, TravelClock, until, type Harness } from '../support/harness';
import { newMessagesAbout, settled, stored, todayInOslo } from '../support/case-flow';
import { P } from '../support/people';
import { cosmosRequests } from '../../src/core/cosmos/transport';
import { floodPartition } from '../../src/cases/model/flood';
import { workIdFor } from '../../src/core/work';

const TIMEOUT_MS = 1500;

describe('delivery under faults', () => {
  const clock = new TravelClock();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ TEAMS_TIMEOUT_MS: String(TIMEOUT_MS) }, { clock: clock.now });
    for (const who of [P.tina, P.rune, P.per, P.ola]) await h.user(who).install();
  });
  afterAll(() => h.stop());
  afterEach(() => {
    h.teams.fault = undefined;
    h.teams.maxActivityBytes = Infinity;
  });

  const submit = async (who: string, fields: Record<string, string> = {}) => {
    const res = await h.user(who).invoke('incident.submit', { date: todayInOslo(), location: 'classroom', types: 'physical', severity: 'serious', description: 'Slått.', ...fields, clientRequestId: randomUUID() });
    return (res.body.value as { refresh: { action: { data: { incidentId: string } } } }).refresh.action.data.incidentId;
  };
  const workFor = async (caseId: string, who: string) => (await stored(h, caseId)).work.find((w) => w.kind === 'case.new' && w.recipientId === who)!;

  it("delivers everyone else's notices while one principal's chat hangs, then times the hanging call out and retries it", async () => {
    const rune = h.user(P.rune);
    let hanging = true;
    const hung: number[] = [];
    h.teams.fault = ({ method, conversationId }) => {
      if (method !== 'POST' || conversationId !== rune.conversationId || !hanging) return undefined;
      hung.push(Date.now());
      return { status: 0, hang: true };
    };
    const nordby = await submit(P.tina, { severity: 'very-serious' });
    await h.teams.waitFor("the principal's chat to hang", () => hung.length > 0);
    // Another school's case, and the rest of this one, go out while Rune's chat hangs.
    const sorby = await submit(P.per);
    for (const who of [P.ola, P.anne, P.kari]) await h.teams.waitFor(`Sørby's card to ${who}`, () => newMessagesAbout(h, who, sorby).length > 0);
    for (const who of [P.vera, P.hakon, P.siri]) await h.teams.waitFor(`Nordby's card to ${who}`, () => newMessagesAbout(h, who, nordby).length > 0);
    expect(newMessagesAbout(h, P.rune, nordby)).toHaveLength(0);
    // The hanging call was given up after the time limit and retried, as a 5xx would be.
    await h.teams.waitFor('a second try at the hanging chat', () => hung.length >= 2, 20000);
    expect((await workFor(nordby, P.rune)).lastError).toMatch(/^timeout/);
    hanging = false;
    await h.teams.waitFor("Rune's card after the chat answers again", () => newMessagesAbout(h, P.rune, nordby).length > 0, 20000);
  });

  it('sends nothing more to a chat before the Retry-After of its 429, and delivers it all afterwards', async () => {
    const ola = h.user(P.ola);
    const requests: number[] = [];
    let throttledUntil = 0;
    h.teams.fault = ({ method, conversationId }) => {
      // Rune's chat is slow: work piles up behind it where one round waits for its slowest item.
      if (method === 'POST' && conversationId === h.user(P.rune).conversationId) return { status: 200, delayMs: 1500 };
      if (method !== 'POST' || conversationId !== ola.conversationId) return undefined;
      requests.push(Date.now());
      if (throttledUntil === 0) {
        throttledUntil = Date.now() + 3000;
        return { status: 429, headers: { 'Retry-After': '3' } };
      }
      return undefined;
    };
    await submit(P.tina);
    // Three cases for the same principal at once (Eva's two: one person's many reports would be summed up).
    const cases = await Promise.all([submit(P.per), submit(P.eva, { schoolId: 'sorby' }), submit(P.eva, { schoolId: 'sorby' })]);
    await h.teams.waitFor('the 429', () => throttledUntil > 0);
    for (const caseId of cases) await h.teams.waitFor(`Ola's card for ${caseId}`, () => newMessagesAbout(h, P.ola, caseId).length > 0, 20000);
    const early = requests.filter((t) => t > requests[0]! && t < throttledUntil);
    expect(early).toEqual([]);
  });

  it('sends a smaller card when Teams refuses one as too large, and does not retry the large one', async () => {
    h.teams.maxActivityBytes = 28 * 1024;
    // As long as the form allows, in characters of two UTF-16 units each.
    const caseId = await submit(P.eva, { schoolId: 'sorby', description: '😀'.repeat(4000), immediateActions: '😀'.repeat(2000) });
    await h.teams.waitFor("Ola's smaller card", () => newMessagesAbout(h, P.ola, caseId).length > 0, 20000);
    const [card] = newMessagesAbout(h, P.ola, caseId);
    expect(textsOf(cardOf(card!.activity))[0]).toContain('Forkortet versjon av saken');
    const refused = h.teams.requests.filter((r) => r.conversationId === h.user(P.ola).conversationId && r.utf16Bytes > 28 * 1024);
    expect(refused).toHaveLength(1);
    await until("Ola's card settled", async () => (await workFor(caseId, P.ola)).state === 'done');
    expect((await workFor(caseId, P.ola)).state).toBe('done');
  });

  it('delivers the case to the principal after a Teams outage of 150 s, and keeps retrying through longer ones', async () => {
    const start = clock.now().getTime();
    let outageUntil = start + 150_000;
    h.teams.fault = ({ method }) => (method === 'POST' && clock.now().getTime() < outageUntil ? { status: 503 } : undefined);
    const caseId = await submit(P.tina);
    // The bot's clock runs on in steps of 5 s; the dispatcher tries whenever the item falls due.
    let deliveredAt: number | undefined;
    for (let t = 5_000; t <= 600_000 && deliveredAt === undefined; t += 5_000) {
      clock.setTo(new Date(start + t));
      await h.bot.dispatcher.runOnce();
      if (newMessagesAbout(h, P.rune, caseId).length > 0) deliveredAt = t;
    }
    expect(deliveredAt).toBeDefined();
    expect(deliveredAt! - 150_000).toBeLessThanOrEqual(125_000);
    expect((await stored(h, caseId)).case.unreachable).toEqual([]);

    // An outage of hours: still open, the next role up told that it is late (still retried), then delivered.
    const later = await submit(P.tina);
    const from = clock.now().getTime();
    outageUntil = from + 3 * 3600_000;
    for (let t = 600_000; t <= 3 * 3600_000 + 600_000; t += 600_000) {
      clock.setTo(new Date(from + t));
      await h.bot.dispatcher.runOnce();
    }
    expect(newMessagesAbout(h, P.rune, later).length).toBeGreaterThan(0);
    const { case: c } = await stored(h, later);
    expect(c.unreachable.map((u) => u.recipientId)).toEqual(expect.arrayContaining([P.rune]));
    expect((await workFor(later, P.rune)).state).toBe('done');
  }, 180000);

  it("keeps a person's contact for sends, and reads it afresh when Teams says the chat is gone: another instance may have a newer one", async () => {
    const ola = h.user(P.ola);
    // Ola opened a new chat through another instance: the store has it, this process still knows the old one.
    const { resource } = await h.bot.containers.conversations.item(P.ola, P.ola).read();
    const moved = `${ola.conversationId}-moved`;
    await h.bot.containers.conversations.items.upsert({ ...resource, reference: { ...resource.reference, conversationId: moved } });
    const gone: string[] = [];
    h.teams.fault = ({ method, conversationId }) => (method === 'POST' && conversationId === ola.conversationId ? (gone.push(conversationId), { status: 404 }) : undefined);
    const caseId = await submit(P.per);
    await h.teams.waitFor("Ola's card in the chat the store has", () => h.teams.in(moved).find((a) => cardOf(a.activity)));
    expect(gone).toHaveLength(1);
    await settled(h, caseId);
    const w = await workFor(caseId, P.ola);
    expect([w.state, w.delivery?.conversationId]).toEqual(['done', moved]);
  });

  it("claims a new case's cards without reading them, and reads the case once per card sent, not twice", async () => {
    const reads: string[] = [];
    const stopCounting = cosmosRequests.observe((r) => {
      if (r.kind === 'read' && r.path.includes('/colls/cases/docs/')) reads.push(decodeURIComponent(r.path.slice(r.path.lastIndexOf('/') + 1)));
    });
    try {
      const caseId = await submit(P.tina, { severity: 'very-serious' });
      const cards = (await stored(h, caseId)).work.filter((w) => w.kind === 'case.new');
      expect(cards.length).toBeGreaterThanOrEqual(4);
      for (const w of cards) await h.teams.waitFor(`the card to ${w.recipientId}`, () => newMessagesAbout(h, w.recipientId, caseId).length > 0);
      await h.teams.waitFor('the cards settled', () => h.bot.dispatcher.pending === 0);
      // Besides the flood tallies (one per recipient), no work item is read: the batch's ETags claim them.
      const tallies = new Set(cards.map((w) => workIdFor(floodPartition(P.tina), 'case.flood', w.recipientId)));
      expect(reads.filter((id) => id.startsWith('work-') && !tallies.has(id))).toEqual([]);
      // The case: read once after each card is sent (a change while it was on its way), not also before it; and once by this test.
      expect(reads.filter((id) => id === caseId).length).toBeLessThanOrEqual(cards.length + 1);
    } finally {
      stopCounting();
    }
  });
});

