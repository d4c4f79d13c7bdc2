/**
 * First contact: the greeting on install (the bot added to the 1:1 chat)
 * and before the answer to someone's very first message; `hjelp` as a card
 * of buttons for the commands of the person's role, read from the registry.
 */
import { actionsOf, cardOf, startHarness, textsOf, until, type Harness, type TeamsUser } from '../support/harness';
import { report, todayInOslo, waitForNew } from '../support/case-flow';
import { P } from '../support/people';

describe('first contact and help', () => {
  let h: Harness;
  const sent = (user: TeamsUser) => h.teams.in(user.conversationId).filter((a) => a.op === 'send');
  const membersAdded = (user: TeamsUser) => user.post(user.activity({ type: 'conversationUpdate', membersAdded: [{ id: '28:tryggmeld-bot' }] }));

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it('greets a teacher on install with what it is for, "Meld hendelse" and the school’s routine; no "Åpne saker"', async () => {
    const tina = h.user(P.tina);
    await membersAdded(tina);
    const [greeting] = await h.teams.waitFor('the greeting', () => (sent(tina).length ? sent(tina) : undefined));
    const card = cardOf(greeting.activity);
    expect(textsOf(card)[0]).toBe('Hei, Tina! Dette er TryggMeld');
    expect(textsOf(card)).toEqual(expect.arrayContaining(['Skolens rutine for vold og trusler']));
    const actions = actionsOf(card);
    expect(actions.find((a) => a.verb === 'incident.new')?.title).toBe('Meld hendelse');
    expect(actions.some((a) => a.title === 'Åpne saker')).toBe(false);
    // The button gives the form.
    const form = await tina.invoke('incident.new', {});
    expect(actionsOf(form.body.value).some((a) => a.verb === 'incident.submit')).toBe(true);
  });

  it('greets a principal with "Åpne saker", which lists the school’s open cases', async () => {
    const rune = h.user(P.rune);
    await membersAdded(rune);
    const [greeting] = await h.teams.waitFor('the greeting', () => (sent(rune).length ? sent(rune) : undefined));
    const open = actionsOf(cardOf(greeting.activity)).find((a) => a.title === 'Åpne saker')!;
    expect(open).toMatchObject({ verb: 'welcome.run', data: { command: 'cases' } });
    expect(textsOf((await rune.invoke(open.verb, open.data)).body.value)[0]).toBe('Åpne saker');
  });

  it('greets someone whose very first activity is a message, before the form; not again', async () => {
    const eva = h.user(P.eva);
    await eva.say('hei');
    const [greeting, form] = await h.teams.waitFor('greeting and form', () => (sent(eva).length >= 2 ? sent(eva) : undefined));
    expect(textsOf(cardOf(greeting.activity))[0]).toBe('Hi, Eva! This is TryggMeld');
    expect(actionsOf(cardOf(form.activity)).some((a) => a.verb === 'incident.submit')).toBe(true);
    await eva.say('hei');
    await h.teams.waitFor('the second form', () => (sent(eva).length >= 3 ? true : undefined));
    expect(textsOf(cardOf(sent(eva)[2].activity))[0]).not.toBe('Hi, Eva! This is TryggMeld');
  });

  it('still gives the form when the greeting before it cannot be sent', async () => {
    const kari = h.user(P.kari);
    let refused = 0;
    // Teams answers 500 to every try at sending Kari's greeting; the form after it goes through.
    h.teams.fault = ({ conversationId, body }) => (conversationId === kari.conversationId && JSON.stringify(body ?? {}).includes('Dette er TryggMeld') ? (refused++, { status: 500 }) : undefined);
    try {
      await kari.say('hei');
      const form = await h.teams.waitFor('the form', () => sent(kari).find((a) => actionsOf(cardOf(a.activity)).some((x) => x.verb === 'incident.submit')));
      expect(form).toBeDefined();
    } finally {
      h.teams.fault = undefined;
    }
    expect(refused).toBeGreaterThan(0);
    expect(sent(kari).some((a) => JSON.stringify(a.activity).includes('Dette er TryggMeld'))).toBe(false);
    expect(h.logs.some((l) => l.includes('greeting.not_sent'))).toBe(true);
  });

  it('gives everyone the buttons of their role on "hjelp"', async () => {
    const labels = async (who: string, text = 'hjelp') => {
      const user = h.user(who);
      await user.install();
      const before = sent(user).length;
      await user.say(text);
      const [answer] = await h.teams.waitFor('the help card', () => (sent(user).length > before ? sent(user).slice(before) : undefined));
      return actionsOf(cardOf(answer.activity)).map((a) => a.title);
    };
    expect(await labels(P.per)).toEqual(['Meld hendelse', 'Mine saker', 'Rutiner', 'Mine data']);
    expect(await labels(P.ola)).toEqual(['Meld hendelse', 'Mine saker', 'Åpne saker', 'Mine oppgaver', 'Risikovurdering', 'Statistikk', 'Opplæring og øvelser', 'Rutiner', 'Tilsynsmappe', 'Skaderegister', 'Mine data']);
    expect(await labels(P.vera)).toEqual(['Meld hending', 'Mine saker', 'Opne saker', 'Mine oppgåver', 'Risikovurderinga', 'Statistikk', 'Opplæring og øvingar', 'Rutinar', 'Skaderegister', 'Mine data']);
    expect(await labels(P.siri, 'help')).toEqual(['Report an incident', 'My cases', 'Open cases', 'Statistics', 'Routines', 'Inspection folder', 'Directory', 'Injury register', 'Retention', 'My data']);
  });

  it('names someone the directory does not know by the name Teams gave them, never by an id', async () => {
    const stranger = h.user(P.stranger);
    const from = { id: `29:${P.stranger}`, aadObjectId: P.stranger, name: 'Ståle Vikar' };
    await stranger.post(stranger.activity({ type: 'message', text: 'meld', from }));
    const form = await h.teams.waitFor('the form', () => sent(stranger).find((a) => actionsOf(cardOf(a.activity)).some((x) => x.verb === 'incident.submit')));
    const submit = actionsOf(cardOf(form.activity)).find((a) => a.verb === 'incident.submit')!;
    const res = await stranger.invoke('incident.submit', { date: todayInOslo(), location: 'gym', types: 'threat', severity: 'minor', description: 'Truet i gymsalen.', schoolId: 'nordby', clientRequestId: submit.data.clientRequestId }, form.activityId);
    const caseId = (res.body.value as { refresh: { action: { data: { incidentId: string } } } }).refresh.action.data.incidentId;
    const [card] = await waitForNew(h, P.rune, caseId, 1, 'the principal’s case card');
    const text = JSON.stringify(cardOf(card.activity));
    expect(text).toContain('"title":"Meldt av","value":"Ståle Vikar (står ikke på skolens ansattliste)"');
    expect(text).not.toContain(`"text":"${P.stranger}`);
  });

  it('asks the Teams roster for the name of someone reached for the first time, and keeps it with their contact', async () => {
    h.teams.roster.set(P.hakon, 'Håkon Teamsnavn');
    const tina = h.user(P.tina);
    const { caseId } = await report(h, tina, { severity: 'very-serious' });
    await waitForNew(h, P.hakon, caseId, 1, 'the chief safety representative’s card');
    const contact = async () => (await h.bot.containers.conversations.item(P.hakon, P.hakon).read<{ name?: string }>()).resource;
    // The contact is saved right after the send: wait for it.
    await until('the contact saved with its name', async () => Boolean((await contact())?.name));
    expect(await contact()).toMatchObject({ userId: P.hakon, name: 'Håkon Teamsnavn' });
  });

  it('runs a command from its button as if typed, the command deciding who may see what', async () => {
    const per = h.user(P.per);
    const mine = await per.invoke('welcome.run', { command: 'myCases' });
    expect(textsOf(mine.body.value)[0]).toBe('Mine saker');
    // A teacher pressing a forged "Åpne saker" is told it is not for her; an unknown command gets words.
    expect(textsOf((await per.invoke('welcome.run', { command: 'cases' })).body.value).join(' ')).toContain('Listen over åpne saker er for rektorer');
    expect(textsOf((await per.invoke('welcome.run', { command: 'rm -rf' })).body.value)).toContain('Den kommandoen kjenner ikke TryggMeld. Skriv «hjelp» for å se hva du kan gjøre.');
  });
});
