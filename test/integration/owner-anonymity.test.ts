/**
 * A very serious case walked through a check-in answer, an addition and an
 * exposed employee the bot cannot reach; and a principal's own report that
 * cannot reach them. No card sent to or shown to the owner's roles names the
 * reporter or the exposed employee; the principal sees the names.
 */
import { cardOf, startHarness, textsOf, type Harness } from '../support/harness';
import { messagesAbout, report, settled, stored, waitForNew } from '../support/case-flow';
import { P } from '../support/people';

const SCHEDULE = `
followUpCheckIns: [PT1S, PT2S]
quietHours: null
`;

describe("the owner's roles and who reported", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { schedule: SCHEDULE });
    for (const who of [P.tina, P.rune]) await h.user(who).install();
  });
  afterAll(() => h.stop());

  /** Everything the owner's roles got about a case, sent or rewritten, and what they see when they open it. */
  async function ownerViews(caseId: string): Promise<string[]> {
    const out: string[] = [];
    for (const who of [P.hakon, P.siri]) {
      out.push(...messagesAbout(h, who, caseId).map((a) => JSON.stringify(a.activity)));
      const opened = await h.user(who).invoke('incident.view', { incidentId: caseId });
      out.push(JSON.stringify(opened.body));
      for (const historyPage of [1, 2]) out.push(JSON.stringify((await h.user(who).invoke('incident.view', { incidentId: caseId, historyPage })).body));
    }
    return out;
  }

  it('never names the reporter or the exposed employee to them, in cards, notices, the follow-up, the history or who could not be reached', async () => {
    const tina = h.user(P.tina);
    // Tina's second check-in cannot be delivered: she is unreachable for it.
    h.teams.fault = ({ method, conversationId, body }) =>
      method === 'POST' && conversationId === tina.conversationId && JSON.stringify(body).includes('"followUpId":"f2"') ? { status: 403 } : undefined;
    const { caseId } = await report(h, tina, { severity: 'very-serious', description: 'Eleven slo meg i hodet.' });
    for (const who of [P.hakon, P.siri]) await waitForNew(h, who, caseId, 1, `the case card to ${who}`);

    // She answers the first check-in: help from BHT, a note shared with the principal.
    const [checkin] = await h.teams.waitFor('the first check-in', () => {
      const found = h.teams.in(tina.conversationId).filter((a) => JSON.stringify(cardOf(a.activity) ?? {}).includes('"followUpId":"f1"'));
      return found.length ? found : undefined;
    });
    await tina.invoke('followup.answer', { incidentId: caseId, followUpId: 'f1', answer: 'bht', note: 'Jeg sover dårlig.', share: 'true', noMore: 'false' }, checkin!.activityId);
    // She adds information; an addition with a national identity number is refused and stored nowhere.
    await tina.invoke('incident.comment', { incidentId: caseId, comment: 'Det var to elever i gangen.' });
    const refused = await tina.invoke('incident.comment', { incidentId: caseId, comment: 'Eleven har fnr 150314-51350.' });
    expect(textsOf(refused.body.value).join(' ')).toMatch(/fødselsnummer/);
    const deadline = Date.now() + 15000;
    while (!(await stored(h, caseId)).case.unreachable.some((u) => u.recipientId === P.tina)) {
      if (Date.now() > deadline) throw new Error('the unreachable check-in was not recorded');
      await new Promise((r) => setTimeout(r, 100));
    }
    await settled(h, caseId);

    const c = (await stored(h, caseId)).case;
    expect(JSON.stringify(c)).not.toContain('150314');
    for (const view of await ownerViews(caseId)) {
      expect(view).not.toContain('Tina');
      expect(view).not.toContain('sover dårlig');
    }
    // The owner's roles read that it happened, in role-neutral words.
    const siriCard = JSON.stringify((await h.user(P.siri).invoke('incident.view', { incidentId: caseId })).body);
    expect(siriCard).toContain('The employee');
    // The principal sees who it is.
    const runeCard = JSON.stringify((await h.user(P.rune).invoke('incident.view', { incidentId: caseId })).body);
    expect(runeCard).toContain('Tina Berg');
    expect(runeCard).toContain('Jeg sover dårlig.');
  });

  it("does not name a principal who reported and cannot be reached, in the notice to the owner's leaders", async () => {
    const rune = h.user(P.rune);
    h.teams.fault = ({ method, conversationId, body }) =>
      method === 'POST' && conversationId === rune.conversationId && JSON.stringify(body).includes('Rektor ble slått') ? { status: 403 } : undefined;
    const { caseId } = await report(h, rune, { severity: 'very-serious', description: 'Rektor ble slått i skolegården.' });
    await h.teams.waitFor("the leader's notice that the principal was not reached", () =>
      messagesAbout(h, P.siri, caseId).some((a) => textsOf(cardOf(a.activity) ?? {}).some((t) => t.startsWith('TryggMeld could not deliver'))),
    );
    await settled(h, caseId);
    for (const view of await ownerViews(caseId)) expect(view).not.toContain('Rune');
    h.teams.fault = undefined;
  });
});
