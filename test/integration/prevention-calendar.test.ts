/**
 * The prevention plans over a school year, with the bot's clock moved as in
 * follow-up-calendar.test.ts and the default schedule: the yearly review of
 * the risk assessment (1 September, reminded two weeks before and when due)
 * and the drill plan (a drill every half year, reminded two weeks before and
 * when due), each reminder once, none after it was answered.
 */
import { zonedToUtc } from '../../src/core/clock';
import { actionsOf, cardOf, startHarness, textsOf, TravelClock, type Harness, type TeamsUser } from '../support/harness';
import { P } from '../support/people';

const OSLO = 'Europe/Oslo';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('prevention over a school year', () => {
  const clock = new TravelClock(zonedToUtc('2026-08-17', '07:00', OSLO)); // a Monday before the school year
  let h: Harness;
  let rune: TeamsUser, vera: TeamsUser, siri: TeamsUser;

  /** The first text of each card a person got (the reminder's note), oldest first. */
  const notes = (user: TeamsUser) => h.teams.in(user.conversationId).filter((a) => a.op === 'send' && cardOf(a.activity)).map((a) => textsOf(cardOf(a.activity))[0]);
  const at = async (date: string, time: string) => {
    clock.setTo(new Date(zonedToUtc(date, time, OSLO).getTime() + 1000));
    // The day's look runs, then what it owes goes out.
    await h.bot.dispatcher.runOnce();
    await h.bot.dispatcher.runOnce();
    await sleep(100);
  };

  beforeAll(async () => {
    h = await startHarness({}, { clock: clock.now });
    rune = h.user(P.rune);
    vera = h.user(P.vera, { locale: 'nn-NO' });
    siri = h.user(P.siri, { locale: 'en-GB' });
    for (const u of [rune, vera, siri]) await u.install();
  });
  afterAll(() => h.stop());

  it('starts each school’s staff record on the first look, and reminds of nothing yet', async () => {
    await at('2026-08-17', '08:00');
    expect(notes(rune)).toEqual([]);
    const record = await h.bot.containers.cases.item('staff-nordby', 'school:nordby').read();
    expect(Object.keys(record.resource.people).sort()).toEqual([P.rune, P.vera, P.tina, P.eva].sort());
  });

  it('reminds the principal and the safety representative two weeks before the yearly review', async () => {
    await at('2026-08-18', '07:59');
    expect(notes(rune)).toEqual([]);
    await at('2026-08-18', '08:00');
    const reminder = 'Den årlige gjennomgangen av risikovurderingen skal gjøres innen 01.09.2026. Sett av tid sammen med verneombudet.';
    await h.teams.waitFor('the principal’s review reminder', () => notes(rune).includes(reminder));
    await h.teams.waitFor('the safety representative’s invitation', () =>
      notes(vera).includes('Risikovurderinga for Nordby skole skal gåast gjennom innan 01.09.2026. Som verneombod blir du bede om å delta og kan kommentere ho her.'),
    );
    // The drill plan: nothing logged yet.
    expect(notes(rune)).toContain('Det er ikke registrert noen øvelse ved skolen. Planlegg og registrer en.');
    const count = notes(rune).length;
    await at('2026-08-19', '08:00');
    await at('2026-08-31', '08:00');
    expect(notes(rune)).toHaveLength(count);
  });

  it('says when the review is due, and nothing more once it is done', async () => {
    await at('2026-09-01', '08:00');
    await h.teams.waitFor('the review due', () => notes(rune).includes('Risikovurderingen skal gjennomgås nå (frist 01.09.2026). Gå gjennom den sammen med verneombudet.'));
    const card = cardOf(h.teams.in(rune.conversationId).filter((a) => a.op === 'send').at(-1)!.activity);
    expect(actionsOf(card).map((a) => a.verb)).toContain('risk.review');
    // Without TEAMS_APP_ID or BOT_ID (locally), the tab button opens the page itself.
    expect(JSON.stringify(card)).toContain(`"type":"Action.OpenUrl","title":"Åpne i fanen","url":"${h.bot.url}/tab"`);
    const reviewed = await rune.invoke('risk.review', { schoolId: 'nordby', note: 'Årlig gjennomgang med verneombudet.', safetyRepTookPart: 'true' });
    expect(textsOf(reviewed.body.value).join(' ')).toContain('årlig gjennomgang');
    const count = notes(rune).length;
    await at('2026-09-02', '08:00');
    await at('2027-08-17', '08:00');
    expect(notes(rune)).toHaveLength(count);
    // The next year's reminder, for the next 1 September.
    await at('2027-08-18', '08:00');
    await h.teams.waitFor('next year’s reminder', () => notes(rune).includes('Den årlige gjennomgangen av risikovurderingen skal gjøres innen 01.09.2027. Sett av tid sammen med verneombudet.'));
  });

  it('reminds of the next drill two weeks before it is due, and when it is due', async () => {
    await at('2027-08-19', '09:00');
    const card = await rune.invoke('training.view', { schoolId: 'nordby' });
    const submit = actionsOf(card.body.value).find((a) => a.verb === 'training.log')!;
    const logged = await rune.invoke('training.log', { ...submit.data, date: '2027-08-19', kind: 'drill', topic: 'Alarmøvelse', participants: `${P.tina},${P.vera}` });
    expect(textsOf(logged.body.value).join(' ')).toContain('Øvelse: neste innen 17.02.2028');
    const drills = () => notes(rune).filter((t) => /øvelse/.test(t));
    const count = drills().length;
    await at('2028-02-02', '08:00');
    expect(drills()).toHaveLength(count);
    await at('2028-02-03', '09:01');
    await h.teams.waitFor('the drill reminder', () => notes(rune).includes('Påminnelse: skolen skal ha en øvelse innen 17.02.2028.'));
    await at('2028-02-17', '09:01');
    await h.teams.waitFor('the drill due', () => notes(rune).includes('Skolen skulle hatt en øvelse innen 17.02.2028. Planlegg og registrer den.'));
  });

  it('sends the owner the half-year follow-up, schools with remarks first', async () => {
    await at('2028-06-15', '08:00');
    const digest = await h.teams.waitFor('the owner’s half-year follow-up', () =>
      h.teams.in(siri.conversationId).filter((a) => a.op === 'send' && textsOf(cardOf(a.activity))[0] === 'Half-year follow-up: preventing violence and threats').at(-1),
    );
    const texts = textsOf(cardOf(digest.activity));
    expect(texts).toContain('2 of 2 schools have remarks.');
    // Nordby was last reviewed in September 2026 (with no situations in it) and drilled in August 2027.
    expect(texts).toContain('Sørby skole: not reviewed in 12 months, no drill in 6 months, no risk assessment');
    expect(texts).toContain('Nordby skole: not reviewed in 12 months, no drill in 6 months, no risk assessment');
    expect(texts.join(' ')).toContain('Last reviewed: 01/09/2026');
  });
});
