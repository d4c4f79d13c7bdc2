/** "mine saker" and "saker" in chat: who sees which cases, in which order, a page at a time. */
import { actionsOf, cardOf, inputsOf, startHarness, textsOf, type Harness, type TeamsUser } from '../support/harness';
import { inDays, report } from '../support/case-flow';
import { P } from '../support/people';
import { cosmosRequests } from '../../src/core/cosmos/transport';

/** The reply to what the person wrote (not a notice that arrived meanwhile, such as a cluster alert). */
async function listAfter(h: Harness, user: TeamsUser, text: string) {
  const message = user.activity({ type: 'message', text });
  await user.post(message);
  return h.teams.waitFor(`the answer to "${text}"`, () => h.teams.in(user.conversationId).find((a) => a.op === 'send' && a.activity.replyToId === message.id));
}

describe('case lists', () => {
  let h: Harness;
  let tina: TeamsUser, rune: TeamsUser, per: TeamsUser, ola: TeamsUser;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness();
    tina = h.user(P.tina);
    rune = h.user(P.rune);
    per = h.user(P.per);
    ola = h.user(P.ola);
    // Six Nordby cases by Tina of rising severity, one Sørby case by Per.
    const severities = ['minor', 'minor', 'serious', 'serious', 'very-serious', 'minor'];
    for (const [i, severity] of severities.entries()) refs[`n${i}`] = (await report(h, tina, { severity, description: `Sak nummer ${i}` })).reference;
    refs.s0 = (await report(h, per, { severity: 'very-serious' })).reference;
    // Her sixth case within the hour reaches the principal in a summary of her reports (one person's many reports do not drown the chat).
    await h.teams.waitFor('the summary of Tina’s reports', () => h.teams.activities.some((a) => JSON.stringify(a.activity).includes('Tina Berg har meldt 6 hendelser')));
  });
  afterAll(() => h.stop());

  it('shows a reporter her own cases, newest first, five to a page', async () => {
    const answer = await listAfter(h, tina, 'mine saker');
    const card = cardOf(answer.activity)!;
    const texts = textsOf(card);
    expect(texts[0]).toBe('Mine saker');
    const shown = texts.filter((t) => /^VT-/.test(t)).map((t) => t.split(' · ')[0]);
    expect(shown).toEqual([refs.n5, refs.n4, refs.n3, refs.n2, refs.n1]);
    expect(texts).toContain('Side 1 av 2');
    const next = actionsOf(card).find((a) => a.verb === 'cases.list')!;
    const page2 = await tina.invoke('cases.list', next.data);
    expect(textsOf(page2.body.value).filter((t) => /^VT-/.test(t)).map((t) => t.split(' · ')[0])).toEqual([refs.n0]);
    expect(JSON.stringify(card)).not.toContain(refs.s0);
  });

  it('answers "my cases" in English too', async () => {
    const answer = await listAfter(h, h.user(P.eva, { locale: 'en-GB' }), 'my cases');
    expect(textsOf(cardOf(answer.activity))).toEqual(['My cases', 'No cases to show.']);
  });

  it("shows a principal his school's open cases, not yet acknowledged and most serious first", async () => {
    const first = (await listAfter(h, rune, 'saker')).activity;
    const texts = textsOf(cardOf(first));
    expect(texts[0]).toBe('Åpne saker');
    expect(texts.filter((t) => /^VT-/.test(t))[0]).toBe(`${refs.n4} · Svært alvorlig · Meldt`);
    expect(JSON.stringify(cardOf(first))).not.toContain(refs.s0);
  });

  it('moves an acknowledged case below the unacknowledged ones and drops a closed one', async () => {
    const list = async () => textsOf(cardOf((await listAfter(h, rune, 'saker')).activity)).filter((t) => /^VT-/.test(t)).map((t) => t.split(' · ')[0]);
    const caseIdOf = async (reference: string) => {
      const answer = await listAfter(h, rune, 'saker');
      const card = cardOf(answer.activity)!;
      const index = textsOf(card).filter((t) => /^VT-/.test(t)).findIndex((t) => t.startsWith(reference));
      return actionsOf(card).filter((a) => a.verb === 'incident.view')[index].data.incidentId as string;
    };
    const n4 = await caseIdOf(refs.n4);
    await rune.invoke('incident.acknowledge', { incidentId: n4 });
    expect((await list())[0]).not.toBe(refs.n4);
    await rune.invoke('incident.close', { incidentId: n4, summary: 'Samtale med eleven og foresatte.' });
    expect(await list()).not.toContain(refs.n4);
  });

  it('opens a case from the list, with a way back', async () => {
    const card = cardOf((await listAfter(h, rune, 'saker')).activity)!;
    const open = actionsOf(card).find((a) => a.verb === 'incident.view')!;
    const opened = await rune.invoke('incident.view', open.data);
    expect(textsOf(opened.body.value)).toContain('Du er rektor: ta kontakt med den ansatte i dag, og følg opp saken.');
    const back = actionsOf(opened.body.value).find((a) => a.verb === 'cases.list')!;
    expect(back.data).toEqual({ scope: 'school', page: 0 });
    expect(textsOf((await rune.invoke('cases.list', back.data)).body.value)[0]).toBe('Åpne saker');
  });

  it("shows the other school's principal only his school", async () => {
    const texts = textsOf(cardOf((await listAfter(h, ola, 'saker')).activity));
    expect(texts.filter((t) => /^VT-/.test(t))).toEqual([`${refs.s0} · Svært alvorlig · Meldt`]);
  });

  it('tells a teacher that the open-case list is not for her', async () => {
    const answer = await listAfter(h, tina, 'saker');
    expect(answer.activity.text).toBe('Listen over åpne saker er for rektorer, verneombud og skoleeier. Skriv «mine saker» for å se sakene dine.');
  });

  it("gives the owner's leader every school's open cases", async () => {
    const texts = textsOf(cardOf((await listAfter(h, h.user(P.siri), 'cases')).activity));
    expect(texts[0]).toBe('Open cases');
    expect(texts.some((t) => t.startsWith(refs.s0))).toBe(true);
    expect(texts.some((t) => t.startsWith(refs.n0))).toBe(true);
  });

  describe('"saker" filtered and paged', () => {
    const shown = (card: unknown) => textsOf(card).filter((t) => /^VT-\d{4}-\d{4} · /.test(t)).map((t) => t.split(' · ')[0]);
    const list = async (data: Record<string, unknown>) => (await rune.invoke('cases.list', { scope: 'school', page: 0, ...data })).body.value;

    beforeAll(async () => {
      // A case from two months ago, outside the last 30 days.
      refs.old = (await report(h, tina, { date: inDays(-60), severity: 'minor', description: 'Gammel sak' })).reference;
    });

    it('shows closed cases, all cases, and open ones by severity, with the filter on the card', async () => {
      const closed = await list({ state: 'closed' });
      expect(textsOf(closed)[0]).toBe('Avsluttede saker');
      expect(shown(closed)).toEqual([refs.n4]);
      expect(inputsOf(closed).state.value).toBe('closed');
      const minor = await list({ state: 'open', severity: 'minor' });
      expect(shown(minor).sort()).toEqual([refs.n0, refs.n1, refs.n5, refs.old].sort());
      expect(textsOf(minor)).toContain('4 saker');
      const serious = await list({ state: 'all', severity: 'very-serious' });
      expect(shown(serious)).toEqual([refs.n4]);
    });

    it('filters by the incident’s date', async () => {
      const recent = await list({ state: 'all', period: 'last30Days', severity: 'minor' });
      expect(shown(recent)).not.toContain(refs.old);
      expect(shown(await list({ state: 'all', period: 'all', severity: 'minor' }))).toContain(refs.old);
    });

    it('pages through all cases with the filter kept on the buttons', async () => {
      const first = await list({ state: 'all' });
      expect(shown(first)).toHaveLength(5);
      expect(textsOf(first)).toEqual(expect.arrayContaining(['Alle saker', '7 saker', 'Side 1 av 2']));
      const next = actionsOf(first).find((a) => a.verb === 'cases.list' && a.data.page === 1)!;
      expect(next.data).toMatchObject({ scope: 'school', state: 'all', period: 'all' });
      const second = (await rune.invoke('cases.list', next.data)).body.value;
      expect(shown(second)).toHaveLength(2);
      expect(new Set([...shown(first), ...shown(second)]).size).toBe(7);
      // Newest first.
      expect(shown(first)[0]).toBe(refs.old);
    });

    it('answers a page far past the end with the last page, reading no more cases than that page needs', async () => {
      const topQueries: number[] = [];
      const stop = cosmosRequests.observe((r) => {
        if (r.kind === 'query' && r.requestBody.includes('SELECT TOP @top')) topQueries.push((JSON.parse(r.responseBody).Documents as unknown[]).length);
      });
      let last: unknown;
      try {
        last = await list({ state: 'all', page: 10_000 });
      } finally {
        stop();
      }
      expect(textsOf(last)).toEqual(expect.arrayContaining(['7 saker', 'Side 2 av 2']));
      expect(shown(last)).toHaveLength(2);
      // One TOP query, for the seven cases the second page of five reaches: not one for page 10 000 and then another.
      expect(topQueries).toEqual([7]);
    });

    it('finds a case by its reference however it is written, only at the person’s own schools', async () => {
      const [, year, number] = /^VT-(\d{4})-(\d{4})$/.exec(refs.n2)!;
      const found = await list({ state: 'open', reference: ` vt-${year}-${Number(number)} ` });
      expect(shown(found)).toEqual([refs.n2]);
      const closedToo = await list({ reference: refs.n4 });
      expect(shown(closedToo)).toEqual([]);
      expect(shown(await list({ state: 'all', reference: refs.n4 }))).toEqual([refs.n4]);
      const elsewhere = await list({ state: 'all', reference: refs.s0 });
      expect(shown(elsewhere)).toEqual([]);
      expect(textsOf(elsewhere)).toContain(`Fant ingen sak med saksnummer ${refs.s0} som du har tilgang til.`);
    });

    it('answers a filter it does not know in words, with the open cases', async () => {
      const bad = await list({ state: 'deleted' });
      expect(textsOf(bad)).toContain('Det valget kjenner ikke TryggMeld. Listen viser åpne saker.');
      expect(textsOf(bad)[0]).toBe('Åpne saker');
      expect(textsOf(await list({ state: 'all', reference: 'sak 42' }))).toContain('Skriv saksnummeret slik: VT-2026-0042.');
      // A teacher gets no school list however the card is made.
      expect(textsOf((await tina.invoke('cases.list', { scope: 'school', state: 'all' })).body.value).join(' ')).toContain('Listen over åpne saker er for rektorer');
    });

    it('is reached by typing too', async () => {
      const closed = textsOf(cardOf((await listAfter(h, rune, 'avsluttede saker')).activity));
      expect(closed[0]).toBe('Avsluttede saker');
      const all = textsOf(cardOf((await listAfter(h, h.user(P.siri), 'all cases')).activity));
      expect(all[0]).toBe('All cases');
    });
  });
});
