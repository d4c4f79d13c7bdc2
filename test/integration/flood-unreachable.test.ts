/**
 * A principal the bot cannot reach while one person reports many cases: the
 * first few cards fail one by one, the summary that stands in for the rest
 * fails too, and every one of the cases records that the principal was not
 * reached, the owner's leaders being told instead, as with a single card.
 */
import { randomUUID } from 'node:crypto';
import { startHarness, textsOf, type Harness } from '../support/harness';
import { stored, todayInOslo } from '../support/case-flow';
import { P } from '../support/people';
import { FLOOD_NOTICES_ONE_BY_ONE } from '../../src/cases/model/flood';

const REPORTS = FLOOD_NOTICES_ONE_BY_ONE + 3;

describe('a flood of reports to a principal who cannot be reached', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    for (const who of [P.tina, P.rune]) await h.user(who).install();
  });
  afterAll(() => h.stop());

  it("records every case as not reaching the principal, the folded ones too, and tells the owner's leaders", async () => {
    const rune = h.user(P.rune);
    // Teams refuses everything to the principal's chat: the app was removed there.
    h.teams.fault = ({ method, conversationId }) => (method === 'POST' && conversationId === rune.conversationId ? { status: 403 } : undefined);
    const tina = h.user(P.tina);
    const caseIds: string[] = [];
    for (let i = 0; i < REPORTS; i++) {
      const res = await tina.invoke('incident.submit', { date: todayInOslo(), location: 'classroom', types: 'threat', severity: 'minor', description: `Melding ${i}`, clientRequestId: randomUUID() });
      expect(textsOf(res.body.value).some((t) => /^VT-\d{4}-\d{4}$/.test(t))).toBe(true);
      caseIds.push((res.body.value as { refresh: { action: { data: { incidentId: string } } } }).refresh.action.data.incidentId);
    }
    const notReached = async () => {
      const cases = await Promise.all(caseIds.map((id) => stored(h, id)));
      return cases.filter((c) => c.case.unreachable.some((u) => u.recipientId === P.rune)).length;
    };
    const deadline = Date.now() + 60_000;
    while ((await notReached()) < REPORTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await notReached()).toBe(REPORTS);
    // Those beyond the first few were in the summary only: they too went to the leaders instead.
    const folded = await Promise.all(caseIds.slice(FLOOD_NOTICES_ONE_BY_ONE).map((id) => stored(h, id)));
    for (const c of folded) {
      const u = c.case.unreachable.find((x) => x.recipientId === P.rune)!;
      expect(u.toldInstead.length).toBeGreaterThan(0);
      expect(c.work.some((w) => w.kind === 'case.notice' && w.notice === 'unreachable' && u.toldInstead.includes(w.recipientId))).toBe(true);
    }
    h.teams.fault = undefined;
  }, 90_000);
});
