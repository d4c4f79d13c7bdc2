/**
 * "Dette venter på deg" with the default schedule and the bot's clock moved
 * through days in Oslo: the summary at 07:45 on school days to the principal
 * with several things waiting, the morning's reminders about what it lists
 * folded into it, escalations going at once, and `mine oppgaver`.
 */
import { zonedToUtc } from '../../src/core/clock';
import { actionsOf, cardOf, startHarness, textsOf, TravelClock, type Harness, type TeamsUser } from '../support/harness';
import { newMessagesAbout, report, stored } from '../support/case-flow';
import { P } from '../support/people';

const OSLO = 'Europe/Oslo';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the daily summary over a weekend of calendar time', () => {
  const clock = new TravelClock(zonedToUtc('2026-12-03', '21:00', OSLO)); // a Thursday evening, in quiet hours
  let h: Harness;
  let tina: TeamsUser, rune: TeamsUser;
  let first: string, second: string, secondRef: string;
  /** The answers to `mine oppgaver`, which are not the summary. */
  const answers = new Set<string>();

  const at = async (date: string, time: string) => {
    clock.setTo(new Date(zonedToUtc(date, time, OSLO).getTime() + 1000));
    await h.bot.dispatcher.runOnce();
    await sleep(150);
  };
  const summaries = (aad: string) => h.teams.activities.filter((a) => a.op === 'send' && !answers.has(a.activityId) && a.conversationId === `a:personal-${aad}` && textsOf(cardOf(a.activity) ?? {})[0] === 'Dette venter på deg');
  const acknowledgeNotices = (caseId: string) => newMessagesAbout(h, P.rune, caseId).filter((a) => textsOf(cardOf(a.activity))[0]?.startsWith('Påminnelse: saken er ikke bekreftet mottatt'));

  beforeAll(async () => {
    h = await startHarness({}, { clock: clock.now });
    tina = h.user(P.tina);
    rune = h.user(P.rune);
    await tina.install();
    await rune.install();
    first = (await report(h, tina, { date: '2026-12-03' })).caseId;
    ({ caseId: second, reference: secondRef } = await report(h, tina, { date: '2026-12-03', seriousInjury: 'true' }));
    await h.teams.waitFor('the principal’s cards', () => newMessagesAbout(h, P.rune, second)[0]);
  });
  afterAll(() => h.stop());

  it('lists what waits for the principal on `mine oppgaver`, each with a button, and nothing for a teacher', async () => {
    await rune.say('mine oppgaver');
    const listing = await h.teams.waitFor('the listing', () => h.teams.in(rune.conversationId).find((a) => textsOf(cardOf(a.activity) ?? {})[0] === 'Dette venter på deg'));
    answers.add(listing.activityId);
    const card = cardOf(listing.activity)!;
    expect(textsOf(card)).toEqual(expect.arrayContaining(['3 ting venter på deg.', 'Ikke bekreftet mottatt', expect.stringMatching(/^Lovpålagte steg ikke gjort: Varsle Arbeidstilsynet/)]));
    expect(actionsOf(card).filter((a) => a.verb === 'incident.view').map((a) => a.data.incidentId).sort()).toEqual([first, second, second].sort());
    await tina.say('my tasks');
    const none = await h.teams.waitFor('the teacher’s listing', () => h.teams.in(tina.conversationId).find((a) => textsOf(cardOf(a.activity) ?? {})[0] === 'Dette venter på deg'));
    answers.add(none.activityId);
    expect(textsOf(cardOf(none.activity))).toContain('Ingenting venter på deg nå.');
  });

  it('sends the summary at 07:45 on Friday, not before, with the legal steps; the § 5-2 reminder still goes on its own', async () => {
    await at('2026-12-04', '07:44');
    expect(summaries(P.rune)).toHaveLength(0);
    // The AML § 5-2 reminder (must be done "straks") is not held for the summary.
    expect(newMessagesAbout(h, P.rune, second).some((a) => textsOf(cardOf(a.activity))[0] === 'Påminnelse: de lovpålagte varslene er ikke markert som gjort ennå.')).toBe(true);
    await at('2026-12-04', '07:46');
    const [summary] = await h.teams.waitFor('the summary', () => (summaries(P.rune).length ? summaries(P.rune) : undefined));
    expect(textsOf(cardOf(summary.activity))).toEqual(expect.arrayContaining(['3 ting venter på deg.', expect.stringMatching(new RegExp(`^${secondRef} · Alvorlig · Nordby skole · meldt `))]));
    expect(summary.activity.summary).toBe('Dette venter på deg: 3 ting venter på deg.');
    // Not to the teacher, and nothing at the weekend.
    expect(summaries(P.tina)).toHaveLength(0);
    await at('2026-12-05', '07:46');
    await at('2026-12-06', '07:46');
    expect(summaries(P.rune)).toHaveLength(1);
  });

  it('on Monday folds the morning’s acknowledgement reminders into the summary; the escalation goes at once', async () => {
    // Both cases' acknowledgement reminders and escalations fell due at the weekend, held to Monday 07:00.
    await at('2026-12-07', '07:00');
    await h.teams.waitFor('the escalation to the owner', () => newMessagesAbout(h, P.siri, first)[0]);
    await sleep(300);
    expect(acknowledgeNotices(first)).toHaveLength(0);
    await at('2026-12-07', '07:46');
    await h.teams.waitFor('Monday’s summary', () => summaries(P.rune).length === 2);
    const card = cardOf(summaries(P.rune)[1].activity)!;
    expect(textsOf(card)).toContain('Påminnelser i dag om dette er samlet her.');
    const folded = async () => (await stored(h, first)).work.find((w) => w.kind === 'reminder' && w.reminder === 'acknowledge' && w.recipientId === P.rune);
    // Held until the summary was put together, then skipped because it lists the case.
    for (let i = 0; i < 100 && (await folded())?.state !== 'done'; i++) await sleep(100);
    expect(await folded()).toMatchObject({ state: 'done', skipped: true });
    expect(acknowledgeNotices(first)).toHaveLength(0);
    expect(acknowledgeNotices(second)).toHaveLength(0);
  });
});
