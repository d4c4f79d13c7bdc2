/**
 * The default schedule (days, quiet hours, weekends) with the bot's clock
 * moved forward through a week in Oslo: nothing scheduled goes out at night
 * or at the weekend, and measure reminders come on the day.
 */
import { zonedToUtc } from '../../src/core/clock';
import { actionsOf, cardOf, startHarness, textsOf, TravelClock, type Harness, type TeamsUser } from '../support/harness';
import { newMessagesAbout, report, settled } from '../support/case-flow';
import { P } from '../support/people';

const OSLO = 'Europe/Oslo';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('follow-up over a week of calendar time', () => {
  const clock = new TravelClock(zonedToUtc('2026-12-03', '21:00', OSLO)); // a Thursday evening
  let h: Harness;
  let tina: TeamsUser, rune: TeamsUser;
  let caseId: string;

  const at = async (date: string, time: string) => {
    clock.setTo(new Date(zonedToUtc(date, time, OSLO).getTime() + 1000));
    await h.bot.dispatcher.runOnce();
    await sleep(150);
  };
  const checkins = () => newMessagesAbout(h, P.tina, caseId).filter((a) => actionsOf(cardOf(a.activity)).some((x) => x.verb === 'followup.answer'));
  const notes = (aad: string) => newMessagesAbout(h, aad, caseId).map((a) => textsOf(cardOf(a.activity))[0]);

  beforeAll(async () => {
    h = await startHarness({}, { clock: clock.now });
    tina = h.user(P.tina);
    rune = h.user(P.rune);
    await tina.install();
    await rune.install();
    ({ caseId } = await report(h, tina, { date: '2026-12-03' }));
    await h.teams.waitFor('the principal’s card', () => newMessagesAbout(h, P.rune, caseId)[0]);
  });
  afterAll(() => h.stop());

  it('tells the principal at once, also in the evening', () => {
    expect(notes(P.rune)).toEqual(['Ny hendelse meldt ved Nordby skole.']);
  });

  it('holds the four-hour check-in through the night until 07:00', async () => {
    await at('2026-12-04', '01:00');
    await at('2026-12-04', '06:59');
    expect(checkins()).toHaveLength(0);
    await at('2026-12-04', '07:00');
    await h.teams.waitFor('the first check-in', () => checkins()[0]);
    expect(checkins()).toHaveLength(1);
  });

  it('sends nothing scheduled at the weekend, and Monday morning what fell due', async () => {
    await rune.invoke('incident.acknowledge', { incidentId: caseId });
    // The principal's own measure is approved at once.
    await rune.invoke('measure.propose', { incidentId: caseId, description: 'Ny rutine for friminuttvakter', owner: P.tina, dueDate: '2026-12-08' });
    // The notices these actions owe go out at once; wait until nothing due is left.
    await at('2026-12-04', '07:05');
    await h.teams.waitFor('the notice to the teacher', () => notes(P.tina).includes('Du er ansvarlig for et tiltak i denne saken.'));
    await settled(h, caseId, clock.now());
    const sent = h.teams.activities.filter((a) => a.op === 'send').length;
    await at('2026-12-04', '21:00'); // the next-day check-in falls due in quiet hours
    await at('2026-12-05', '12:00'); // Saturday
    await at('2026-12-06', '23:00'); // Sunday night
    expect(h.teams.activities.filter((a) => a.op === 'send').length).toBe(sent);
    await at('2026-12-07', '07:00');
    await h.teams.waitFor('the second check-in', () => checkins().length === 2);
  });

  it('reminds the measure owner on the due date, and the principal the day after', async () => {
    await at('2026-12-08', '06:59');
    expect(notes(P.tina)).not.toContain('Påminnelse: fristen for tiltaket «Ny rutine for friminuttvakter» er 08.12.2026.');
    await at('2026-12-08', '07:00');
    await h.teams.waitFor('the owner’s reminder', () => notes(P.tina).includes('Påminnelse: fristen for tiltaket «Ny rutine for friminuttvakter» er 08.12.2026.'));
    // The principal's reminder of the morning waits for the daily summary (07:45); with one thing waiting there is none, so it goes then.
    await at('2026-12-09', '07:00');
    await sleep(300);
    expect(notes(P.rune)).not.toContain('Fristen for tiltaket «Ny rutine for friminuttvakter» gikk ut 08.12.2026, og det er ikke markert som gjennomført.');
    await at('2026-12-09', '07:46');
    await h.teams.waitFor('the overdue notice', () => notes(P.rune).includes('Fristen for tiltaket «Ny rutine for friminuttvakter» gikk ut 08.12.2026, og det er ikke markert som gjennomført.'));
    // The acknowledged case was never escalated.
    expect(newMessagesAbout(h, P.siri, caseId)).toEqual([]);
  });
});
