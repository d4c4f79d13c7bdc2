/**
 * "Dette venter på deg" with the default schedule and the bot's clock moved
 * through days in Oslo: the summary at 07:45 on school days to the principal
 * with several things waiting, the morning's reminders about what it lists
 * folded into it, escalations going at once, and `mine oppgaver`.
 */
import { zonedToUtc } from '../../src/core/clock';
import { actionsOf, cardOf, startHarness, textsOf, TravelClock, until, type Harness, type TeamsUser } from '../support/harness';
import { newMessagesAbout, report, stored } from '../support/case-flow';
import { P } from '../support/people';

const OSLO = 'Europe/Oslo';

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
    // What that work stored and nudged (a summary put together, a reminder given back) is carried out too.
    await h.teams.waitFor('the dispatcher to be idle', () => h.bot.dispatcher.pending === 0);
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
    await h.teams.waitFor('the § 5-2 reminder', () => newMessagesAbout(h, P.rune, second).some((a) => textsOf(cardOf(a.activity))[0] === 'Påminnelse: de lovpålagte varslene er ikke markert som gjort ennå.'));
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
    // The acknowledgement reminder fell due too, and was dealt with: it waits for the summary, or is folded into it; it does not go.
    const summaryAt = zonedToUtc('2026-12-07', '07:45', OSLO).toISOString();
    const acknowledgeReminder = async (caseId: string) => (await stored(h, caseId)).work.find((w) => w.kind === 'reminder' && w.reminder === 'acknowledge' && w.recipientId === P.rune);
    await until('the reminder to be dealt with', async () => {
      const w = await acknowledgeReminder(first);
      return w?.state === 'done' || (w?.state === 'open' && !w.leaseOwner && (w.dueAt ?? '') >= summaryAt);
    });
    expect(acknowledgeNotices(first)).toHaveLength(0);
    await at('2026-12-07', '07:46');
    await h.teams.waitFor('Monday’s summary', () => summaries(P.rune).length === 2);
    const card = cardOf(summaries(P.rune)[1].activity)!;
    expect(textsOf(card)).toContain('Påminnelser i dag om dette er samlet her.');
    // Held until the summary was put together, then skipped because it lists the case.
    await until('the reminder to be folded', async () => (await acknowledgeReminder(first))?.state === 'done');
    expect(await acknowledgeReminder(first)).toMatchObject({ state: 'done', skipped: true });
    expect(acknowledgeNotices(first)).toHaveLength(0);
    expect(acknowledgeNotices(second)).toHaveLength(0);
  });

  const summaryFails = () => {
    h.teams.fault = ({ body }) => (JSON.stringify(body ?? {}).includes('Dette venter på deg') ? { status: 503 } : undefined);
  };
  const reminderTo = async (who: string, caseId: string) => (await stored(h, caseId)).work.find((w) => w.kind === 'reminder' && w.reminder === 'acknowledge' && w.recipientId === who);

  it('gives the folded reminders back when the summary keeps failing, and they go on their own', async () => {
    const third = (await report(h, tina, { date: '2026-12-07' })).caseId; // its reminder falls due on Tuesday after 07:45
    summaryFails();
    try {
      await at('2026-12-08', '07:46');
      await until('the reminder folded into the failing summary', async () => !!(await reminderTo(P.rune, third))?.mergedInto);
      expect(await reminderTo(P.rune, third)).toMatchObject({ state: 'done', skipped: true });
      // Still failing five minutes on: the summary is late, and the reminder no longer waits for it.
      await at('2026-12-08', '07:52');
      await h.teams.waitFor('the reminder on its own', () => acknowledgeNotices(third).length === 1);
      expect(await reminderTo(P.rune, third)).toMatchObject({ state: 'done' });
      expect((await reminderTo(P.rune, third))?.skipped).toBeUndefined();
    } finally {
      h.teams.fault = undefined;
    }
    // Delivered at last: it no longer says it stands in for the reminder, and the reminder went once.
    await at('2026-12-08', '07:55');
    await h.teams.waitFor('Tuesday’s summary', () => summaries(P.rune).length === 3);
    expect(textsOf(cardOf(summaries(P.rune)[2].activity))).not.toContain('Påminnelser i dag om dette er samlet her.');
    expect(acknowledgeNotices(third)).toHaveLength(1);
  });

  it('gives the folded reminders back when the summary is skipped: a principal replaced overnight, the successor is reminded', async () => {
    const fourth = (await report(h, tina, { date: '2026-12-08' })).caseId; // its reminder falls due on Wednesday after 07:45
    const nina = h.user(P.nina);
    await nina.install();
    summaryFails();
    const directory = h.bot.directory.current;
    try {
      await at('2026-12-09', '07:46');
      await until('the reminder folded into the failing summary', async () => !!(await reminderTo(P.rune, fourth))?.mergedInto);
      // Nina takes over Nordby before the summary gets through: Rune's summary is skipped, the reminder it stood in for goes to Nina.
      h.bot.directory.replace({ ...directory, schools: directory.schools.map((x) => (x.id === 'nordby' ? { ...x, principals: [P.nina] } : x)) }, {});
      h.teams.fault = undefined;
      await at('2026-12-09', '07:48');
      const ninas = () => newMessagesAbout(h, P.nina, fourth).filter((a) => textsOf(cardOf(a.activity))[0]?.startsWith('Påminnelse: saken er ikke bekreftet mottatt'));
      await h.teams.waitFor('the reminder to the new principal', () => ninas().length === 1);
      expect(await reminderTo(P.rune, fourth)).toMatchObject({ state: 'done', skipped: true });
      expect(acknowledgeNotices(fourth)).toHaveLength(0);
      expect(summaries(P.rune)).toHaveLength(3);
    } finally {
      h.teams.fault = undefined;
      h.bot.directory.replace(directory, {});
    }
  });
});
