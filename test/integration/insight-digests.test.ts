/**
 * The weekly digest as a recurring job, end to end, with the bots' clock
 * moved through a weekend in Oslo: it arrives Monday morning when quiet hours
 * end, once to each principal and safety representative, also with two bot
 * instances on one store racing for it over several dispatch rounds; the
 * day's reminder about a case it lists is folded into it.
 */
import { loadConfig } from '../../src/config/load-config';
import { zonedToUtc } from '../../src/core/clock';
import { EMULATOR_KEY } from '../../src/core/cosmos/embedded';
import { createLogger } from '../../src/core/log';
import { jobPartition } from '../../src/core/recurring';
import type { WorkItem } from '../../src/core/work';
import { startTryggMeld, type RunningBot } from '../../src/index';
import { DIGEST_JOBS } from '../../src/insight/work';
import { report } from '../support/case-flow';
import { cardOf, FIXTURE_DIRECTORY, startHarness, textsOf, TravelClock, type Harness } from '../support/harness';
import { P } from '../support/people';

const OSLO = 'Europe/Oslo';

describe('the weekly digest on the calendar', () => {
  // Friday 4 December 2026, 10:00 in Oslo.
  const clock = new TravelClock(zonedToUtc('2026-12-04', '10:00', OSLO));
  let h: Harness;
  let second: RunningBot;
  let caseId: string;
  let reference: string;

  const bots = () => [h.bot, second];
  /** Moves both bots' clock and lets both dispatchers race for what is due, twice. */
  const at = async (date: string, time: string) => {
    clock.setTo(new Date(zonedToUtc(date, time, OSLO).getTime() + 1000));
    for (let round = 0; round < 2; round++) await Promise.all(bots().map((b) => b.dispatcher.runOnce()));
  };
  const digestsTo = (aad: string) =>
    h.teams.activities.filter((a) => a.op === 'send' && a.conversationId === `a:personal-${aad}` && /^(Ukeoversikt|Vekeoversikt)/.test(textsOf(cardOf(a.activity) ?? {})[0] ?? ''));
  const reminders = async () => (await h.bot.cases.workOfCase(caseId)).filter((w): w is Extract<WorkItem, { kind: 'reminder' }> => w.kind === 'reminder');

  beforeAll(async () => {
    h = await startHarness({}, { clock: clock.now });
    // A second instance on the same store and the same Teams, as App Service scale-out runs it.
    const config = loadConfig({
      PORT: '0',
      DIRECTORY_FILE: FIXTURE_DIRECTORY,
      DISPATCH_INTERVAL_MS: '100',
      TEAMS_SERVICE_URL: h.teams.url,
      COSMOS_ENDPOINT: h.bot.cosmosEndpoint,
      COSMOS_KEY: EMULATOR_KEY,
      COSMOS_TLS_INSECURE: '1',
      INSTANCE_ID: 'bot-2',
    });
    second = await startTryggMeld(config, { now: clock.now, log: createLogger({}, 'info', (line) => h.logs.push(line)) });
    for (const id of [P.tina, P.rune, P.vera, P.ola, P.kari]) await h.user(id, id === P.vera || id === P.kari ? { locale: 'nn-NO' } : {}).install();
    ({ caseId, reference } = await report(h, h.user(P.tina), { severity: 'serious', location: 'schoolyard' }));
    await h.teams.waitFor('the principal’s card', () => h.teams.activities.some((a) => a.conversationId === `a:personal-${P.rune}` && JSON.stringify(a.activity).includes(caseId)));
  });
  afterAll(async () => {
    await second.stop();
    await h.stop();
  });

  it('owes the next Monday’s digest once, though both instances scheduled it', async () => {
    const { resources } = await h.bot.containers.cases.items
      .query<WorkItem>({ query: 'SELECT * FROM c WHERE c.caseId = @p AND c.docType = "work"', parameters: [{ name: '@p', value: jobPartition(DIGEST_JOBS.weekly) }] })
      .fetchAll();
    expect(resources.map((w) => [w.kind, w.state, w.dueAt])).toEqual([['job.run', 'open', zonedToUtc('2026-12-07', '06:30', OSLO).toISOString()]]);
  });

  it('sends nothing over the weekend, and puts the digest together before quiet hours end', async () => {
    // The principal's "not acknowledged" reminder fell due on Saturday and waits for Monday 07:00.
    expect((await reminders()).find((r) => r.reminder === 'acknowledge' && r.recipientId === P.rune)).toMatchObject({ state: 'open', dueAt: zonedToUtc('2026-12-07', '07:00', OSLO).toISOString() });
    await at('2026-12-05', '12:00');
    await at('2026-12-07', '06:29');
    expect(digestsTo(P.rune)).toHaveLength(0);
    await at('2026-12-07', '06:31');
    // Put together, not sent: quiet hours until 07:00. The reminder the digest lists is folded into it.
    expect(digestsTo(P.rune)).toHaveLength(0);
    const folded = (await reminders()).find((r) => r.reminder === 'acknowledge' && r.recipientId === P.rune)!;
    expect(folded).toMatchObject({ state: 'done', skipped: true, mergedInto: expect.stringMatching(/^work-/) });
  });

  it('arrives Monday at 07:00, once to each principal and safety representative, across instances and rounds', async () => {
    await at('2026-12-07', '07:00');
    await h.teams.waitFor('the digests', () => digestsTo(P.rune).length >= 1 && digestsTo(P.vera).length >= 1);
    await at('2026-12-07', '07:05');
    await at('2026-12-07', '12:00');
    expect(digestsTo(P.rune)).toHaveLength(1);
    expect(digestsTo(P.vera)).toHaveLength(1);
    // Sørby had nothing new and nothing open: no digest.
    expect(digestsTo(P.ola)).toHaveLength(0);
    expect(digestsTo(P.kari)).toHaveLength(0);

    const card = cardOf(digestsTo(P.rune)[0].activity)!;
    const texts = textsOf(card);
    expect(texts[0]).toBe('Ukeoversikt: Nordby skole');
    expect(texts).toContain(`${reference} · Alvorlig · meldt 04.12.2026`);
    expect(texts).toContain('Påminnelser i dag om sakene over er samlet her.');
    const facts = Object.fromEntries((card.body as any[]).find((b) => b.type === 'FactSet').facts.map((f: any) => [f.title, f.value]));
    expect(facts).toMatchObject({ 'Nye saker': '1 · flere enn perioden før (0)', 'Åpne saker': '1', 'Ikke bekreftet mottatt': '1', 'Tiltak over frist': '0' });
    expect(JSON.stringify(card)).toContain('"verb":"insight.statistics"');
    expect(textsOf(cardOf(digestsTo(P.vera)[0].activity)!)[0]).toBe('Vekeoversikt: Nordby skole');
    // The principal got the digest instead of the separate reminder card that morning.
    const reminderCards = h.teams.activities.filter((a) => a.conversationId === `a:personal-${P.rune}` && textsOf(cardOf(a.activity) ?? {}).some((t) => t.startsWith('Påminnelse: saken er ikke bekreftet mottatt')));
    expect(reminderCards).toHaveLength(0);
  });

  it('owes the Monday after, once', async () => {
    const { resources } = await h.bot.containers.cases.items
      .query<WorkItem>({ query: 'SELECT * FROM c WHERE c.caseId = @p AND c.docType = "work" AND c.state = "open"', parameters: [{ name: '@p', value: jobPartition(DIGEST_JOBS.weekly) }] })
      .fetchAll();
    expect(resources.map((w) => w.dueAt)).toEqual([zonedToUtc('2026-12-14', '06:30', OSLO).toISOString()]);
    expect(h.logs.filter((l) => l.includes('"event":"job.ran"') && l.includes(DIGEST_JOBS.weekly))).toHaveLength(1);
  });

  it('gives back the reminder it had folded in when the digest is no longer the recipient\'s (a principal replaced before it went)', async () => {
    // Reported on Sunday: the principal's "not acknowledged" reminder falls due on Monday and is folded into Monday's digest.
    await at('2026-12-13', '12:00');
    const sundayCase = (await report(h, h.user(P.tina), { date: '2026-12-13', severity: 'serious' })).caseId;
    const reminderOf = async () => (await h.bot.cases.workOfCase(sundayCase)).find((w): w is Extract<WorkItem, { kind: 'reminder' }> => w.kind === 'reminder' && w.reminder === 'acknowledge' && w.recipientId === P.rune);
    await at('2026-12-14', '06:31');
    const digestId = (await reminderOf())?.mergedInto;
    expect(digestId).toMatch(/^work-/);
    // Nina takes over Nordby before 07:00, on both instances (a directory sync does the same).
    const directory = h.bot.directory.current;
    const replaced = { ...directory, schools: directory.schools.map((x) => (x.id === 'nordby' ? { ...x, principals: [P.nina] } : x)) };
    try {
      for (const b of bots()) b.directory.replace(replaced, {});
      await at('2026-12-14', '07:00');
      // Rune's digest is skipped; the reminder it stood in for is his no longer the digest's to hold.
      expect(digestsTo(P.rune).filter((a) => JSON.stringify(a.activity).includes(sundayCase))).toHaveLength(0);
      expect((await reminderOf())?.mergedInto).not.toBe(digestId);
    } finally {
      for (const b of bots()) b.directory.replace(directory, {});
    }
  });
});

describe('the monthly digest to the school owner', () => {
  // Tuesday 29 December 2026, 10:00 in Oslo; the digest is put together on 1 January at 06:00.
  const clock = new TravelClock(zonedToUtc('2026-12-29', '10:00', OSLO));
  let h: Harness;
  const refs: string[] = [];

  const at = async (date: string, time: string) => {
    clock.setTo(new Date(zonedToUtc(date, time, OSLO).getTime() + 1000));
    for (let round = 0; round < 3; round++) await h.bot.dispatcher.runOnce();
  };
  const cardsTo = (aad: string, first: RegExp) => h.teams.activities.filter((a) => a.op === 'send' && a.conversationId === `a:personal-${aad}` && first.test(textsOf(cardOf(a.activity) ?? {})[0] ?? ''));

  beforeAll(async () => {
    h = await startHarness({}, { clock: clock.now });
    for (const id of [P.tina, P.per, P.rune, P.ola, P.anne, P.siri, P.hakon]) await h.user(id, id === P.siri ? { locale: 'en-GB' } : {}).install();
    refs.push((await report(h, h.user(P.tina), { severity: 'serious' })).reference);
    refs.push((await report(h, h.user(P.tina), { severity: 'serious', location: 'gym' })).reference);
    refs.push((await report(h, h.user(P.per), { severity: 'minor' })).reference);
    // The leader's digest cannot be delivered (the app removed, say); the rest goes through.
    h.teams.fault = ({ conversationId, body }) =>
      conversationId === `a:personal-${P.siri}` && JSON.stringify(body).includes('Monthly overview') ? { status: 403 } : undefined;
  });
  afterAll(() => h.stop());

  it('comes on the 1st, with small cells hidden and the schools most serious first', async () => {
    await at('2026-12-31', '23:00');
    expect(cardsTo(P.hakon, /^Månedsoversikt/)).toHaveLength(0);
    await at('2027-01-01', '06:01');
    await at('2027-01-01', '07:00');
    await h.teams.waitFor('the chief safety rep’s digest', () => cardsTo(P.hakon, /^Månedsoversikt/).length === 1);
    await at('2027-01-01', '08:00');
    expect(cardsTo(P.hakon, /^Månedsoversikt/)).toHaveLength(1);
    const card = cardOf(cardsTo(P.hakon, /^Månedsoversikt/)[0].activity)!;
    const texts = textsOf(card);
    expect(texts[0]).toBe('Månedsoversikt: Eksempel kommune');
    const facts = (title: string) => {
      const i = (card.body as any[]).findIndex((b) => JSON.stringify(b).includes(`"text":"${title}"`));
      const set = JSON.stringify((card.body as any[])[i]);
      return Object.fromEntries([...set.matchAll(/\{"title":"([^"]+)","value":"([^"]+)"\}/g)].map((m) => [m[1], m[2]]));
    };
    // By severity and open cases by age, side by side: a split of the period's cases, so 1 and 2 are hidden.
    expect(facts('Nye saker etter alvorlighetsgrad')).toEqual({ 'Lite alvorlig': 'færre enn 3', Alvorlig: 'færre enn 3', 'Under 1 uke': '3' });
    expect((card.body as any[])[1].facts.map((f: any) => [f.title, f.value])).toEqual([
      ['Nye saker', '3 · flere enn perioden før (0)'],
      ['Åpne saker', '3'],
      ['Ikke bekreftet mottatt', '3'],
      ['Lovpålagte steg ikke gjort', '0'],
      ['Tiltak over frist', '0'],
      ['Mange alvorlige saker samtidig', 'Ingen'],
    ]);
    const table = JSON.stringify((card.body as any[]).find((b) => JSON.stringify(b).includes('"text":"Skolene"')));
    expect(table.indexOf('Nordby skole')).toBeLessThan(table.indexOf('Sørby skole'));
    expect(texts).toContain(`Nordby skole: ${refs[0]} · Alvorlig · meldt 29.12.2026`);
    expect(texts).toContain('Tall på 1 eller 2 vises som «færre enn 3», slik at ingen enkeltperson kan kjennes igjen.');
    // Put together once, with the leader's three escalations due at 10:00 folded into her digest.
    expect(h.logs.filter((l) => l.includes('"event":"insight.digests_prepared"') && l.includes('"digest":"monthly"'))).toEqual([expect.stringContaining('"digests":2,"merged":3')]);
    // No principal gets the owner's digest.
    expect(cardsTo(P.rune, /oversikt/i)).toHaveLength(0);
  });

  it('gives back the reminders it had folded in when it cannot be delivered', async () => {
    // The leader's escalations for the three cases were due 10:00 today and folded into her digest; it failed, so they go on their own.
    await at('2027-01-01', '08:05');
    expect(h.logs.some((l) => l.includes('"event":"insight.digest_undeliverable"') && l.includes(P.siri))).toBe(true);
    const escalations = () => h.teams.activities.filter((a) => a.conversationId === `a:personal-${P.siri}` && JSON.stringify(a.activity).includes('The principal has not acknowledged the case in time'));
    await h.teams.waitFor('the escalations to the leader', () => escalations().length >= 3);
    expect(escalations()).toHaveLength(3);
  });
});
