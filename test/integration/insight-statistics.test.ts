/**
 * `statistikk` through the real server: reports in over HTTP, the card out
 * to each person as their role allows. A teacher gets none; another school's
 * principal gets none of this school's, whatever the card's data says.
 */
import { zonedToUtc } from '../../src/core/clock';
import { report } from '../support/case-flow';
import { actionsOf, cardOf, startHarness, textsOf, TravelClock, type Harness, type TeamsUser } from '../support/harness';
import type { InsightFeature } from '../../src/insight';
import { P, TENANT } from '../support/people';

type Json = Record<string, any>;
function find(node: unknown, visit: (n: Json) => boolean): Json[] {
  const out: Json[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      if (visit(n as Json)) out.push(n as Json);
      Object.values(n).forEach(walk);
    }
  };
  walk(node);
  return out;
}
/** Facts of the section under a heading. */
function section(card: unknown, heading: string): Record<string, string> {
  const [container] = find(card, (n) => n.type === 'Container' && n.items?.[0]?.text === heading);
  if (!container) throw new Error(`no section "${heading}" in ${textsOf(card).join(' | ')}`);
  const [facts] = find(container, (n) => n.type === 'FactSet');
  return Object.fromEntries(facts.facts.map((f: Json) => [f.title, f.value]));
}
const headline = (card: unknown) => Object.fromEntries(find(card, (n) => n.type === 'FactSet')[0].facts.map((f: Json) => [f.title, f.value]));

describe('statistics in chat', () => {
  const clock = new TravelClock(zonedToUtc('2026-11-26', '12:00', 'Europe/Oslo'));
  let h: Harness;
  let tina: TeamsUser, rune: TeamsUser, ola: TeamsUser, siri: TeamsUser, per: TeamsUser;

  const answerTo = async (user: TeamsUser, text: string) => {
    const before = h.teams.in(user.conversationId).length;
    await user.say(text);
    // A slow answer (the first charts of a process) is preceded by a typing indicator.
    return h.teams.waitFor(`the answer to "${text}"`, () => h.teams.in(user.conversationId).slice(before).find((a) => a.op === 'send' && a.activity.type === 'message'));
  };

  beforeAll(async () => {
    h = await startHarness({}, { clock: clock.now });
    [tina, rune, ola, siri, per] = [P.tina, P.rune, P.ola, P.siri, P.per].map((id) => h.user(id, id === P.siri ? { locale: 'en-GB' } : {}));
    for (const u of [tina, rune, ola, siri, per]) await u.install();
    // Nordby: three cases this school year, one the year before; Sørby: one.
    await report(h, tina, { date: '2026-11-20', time: '10:05', location: 'classroom', types: 'physical', severity: 'serious', perpetrator: 'pupil', pupilStage: '5-7', riskFactors: 'alone' });
    await report(h, tina, { date: '2026-11-23', time: '09:00', location: 'classroom', types: 'threat', severity: 'minor', perpetrator: 'guardian' });
    await report(h, tina, { date: '2026-09-02', time: '15:00', location: 'gym', types: 'physical,threat', severity: 'very-serious', seriousInjury: 'true', injury: 'physical', sickLeave: 'true' });
    await report(h, tina, { date: '2025-11-10', location: 'corridor', types: 'harassment', severity: 'minor' });
    await report(h, per, { date: '2026-10-01', location: 'schoolyard', types: 'physical', severity: 'minor' });
  });
  afterAll(() => h.stop());

  it('gives a teacher no statistics', async () => {
    const answer = await answerTo(tina, 'statistikk');
    expect(answer.activity.text).toBe('Statistikken er for rektor, verneombud og skoleeier. Du ser dine egne saker med «mine saker».');
    const invoked = await tina.invoke('insight.statistics', { period: 'schoolYear', schoolId: 'nordby' });
    expect(textsOf(invoked.body.value)).toContain('Statistikken er for rektor, verneombud og skoleeier. Du ser dine egne saker med «mine saker».');
  });

  it('shows the principal his school’s figures, with charts beside the facts', async () => {
    const answer = await answerTo(rune, 'statistikk');
    const card = cardOf(answer.activity)!;
    expect(textsOf(card)[0]).toBe('Statistikk: Nordby skole');
    expect(textsOf(card)[1]).toBe('Skoleåret 2026/27: 01.08.2026–26.11.2026');
    expect(headline(card)).toMatchObject({ Saker: '3', 'Alvorlig eller svært alvorlig': '2 (67 %)', 'Lite alvorlig': '1 (33 %)', 'Tid til mottatt (median)': 'ingen ennå' });
    expect(section(card, 'Hvor')).toEqual({ Klasserom: '2 (67 %)', Gymsal: '1 (33 %)' });
    expect(section(card, 'Når på dagen')).toEqual({ 'I undervisningen': '1 (33 %)', 'I friminuttet': '1 (33 %)', 'SFO/AKS-tid': '1 (33 %)' });
    expect(section(card, 'Hva skjedde')).toEqual({ 'Fysisk vold': '2 (67 %)', 'Trussel (muntlig, skriftlig, med gjenstand eller våpen)': '2 (67 %)' });
    expect(section(card, 'Konsekvenser')).toEqual({ 'Fysisk skade': '1 (33 %)', 'Alvorlig personskade': '1 (33 %)', Sykmelding: '1 (33 %)' });
    expect(section(card, 'Utvikling per måned')).toMatchObject({ sep: '1 (året før: 0)', nov: '2 (året før: 1)', 'I alt': '3 (året før: 1)' });
    const images = find(card, (n) => n.type === 'Image');
    expect(images.length).toBeGreaterThan(3);
    expect(images[0]).toMatchObject({ url: expect.stringMatching(/^data:image\/png;base64,/), altText: 'Hvor: Klasserom 2, Gymsal 1.' });
    expect(JSON.stringify(answer.activity).length * 2).toBeLessThan(80 * 1024);
    expect(JSON.stringify(card)).not.toContain('Sørby');
  });

  it('changes the period with a button, and refuses a period that does not exist', async () => {
    const card = cardOf((await answerTo(rune, 'statistikk')).activity)!;
    const last30 = actionsOf(card).find((a) => a.verb === 'insight.statistics' && a.data.period === 'last30Days')!;
    const res = await rune.invoke('insight.statistics', last30.data);
    expect(textsOf(res.body.value)[1]).toBe('Siste 30 dager: 28.10.2026–26.11.2026');
    expect(headline(res.body.value)).toMatchObject({ Saker: '2' });
    const previous = await rune.invoke('insight.statistics', { period: 'previousSchoolYear' });
    expect(headline(previous.body.value)).toMatchObject({ Saker: '1' });
    const bad = await rune.invoke('insight.statistics', { period: 'forever' });
    expect(textsOf(bad.body.value)).toContain('Ukjent periode. Velg en av knappene.');
  });

  it('gives another school’s principal none of this school’s figures', async () => {
    const refused = await ola.invoke('insight.statistics', { period: 'schoolYear', schoolId: 'nordby' });
    expect(textsOf(refused.body.value)).toContain('Du har ikke tilgang til statistikken for denne skolen.');
    expect(JSON.stringify(refused.body.value)).not.toContain('Klasserom');
    const unknown = await ola.invoke('insight.statistics', { period: 'schoolYear', schoolId: 'no-such-school' });
    expect(textsOf(unknown.body.value)).toContain('Du har ikke tilgang til statistikken for denne skolen.');
    const own = cardOf((await answerTo(ola, 'statistikk')).activity)!;
    expect(textsOf(own)[0]).toBe('Statistikk: Sørby skole');
    expect(headline(own)).toMatchObject({ Saker: '1' });
    expect(section(own, 'Hvor')).toEqual({ Skolegård: '1 (100 %)' });
  });

  it('gives the owner all schools, most serious first, with small cells hidden', async () => {
    // Nordby's risk assessment is reviewed: the owner's table says when.
    const reviewed = await rune.invoke('risk.review', { schoolId: 'nordby', note: 'Gjennomgått med verneombudet.', safetyRepTookPart: 'true' });
    expect(JSON.stringify(reviewed.body)).toContain('versjon 1');
    const card = cardOf((await answerTo(siri, 'statistics')).activity)!;
    expect(textsOf(card)[0]).toBe('Statistics: all schools');
    expect(headline(card)).toMatchObject({ Cases: '4', 'Serious or very serious': 'fewer than 3', Minor: 'fewer than 3', 'Open now': '5' });
    expect(section(card, 'Where')).toEqual({ Classroom: 'fewer than 3', Gym: 'fewer than 3', Schoolyard: 'fewer than 3' });
    const [table] = find(card, (n) => n.type === 'Container' && n.items?.[0]?.text === 'The schools, most serious first');
    const rows = find(table, (n) => n.type === 'ColumnSet' && n.selectAction).map((r) => find(r, (n) => n.type === 'TextBlock').map((t) => t.text));
    expect(rows).toEqual([
      ['Nordby skole', '3', 'fewer than 3', '4', '0', '26/11/2026'],
      ['Sørby skole', '1', '0', '1', '0', '–'],
    ]);
    // One school, by the table's row.
    const nordby = find(table, (n) => n.type === 'ColumnSet' && n.selectAction)[0].selectAction;
    const one = await siri.invoke(nordby.verb, nordby.data);
    expect(textsOf(one.body.value)[0]).toBe('Statistics: Nordby skole');
    expect(section(one.body.value, 'Where')).toEqual({ Classroom: 'fewer than 3', Gym: 'fewer than 3' });
  });

  it('gives the tab the same figures through statisticsFor, with its filters, refused alike', async () => {
    const insight = h.bot.registry.features.find((f) => f.name === 'insight') as InsightFeature;
    const serious = await insight.statisticsFor(P.rune, { severities: ['serious', 'very-serious'], types: 'physical' });
    expect(serious.kind === 'ok' && [serious.figures.total, serious.figures.audience, serious.scope]).toEqual([2, 'school', { kind: 'school', schoolId: 'nordby' }]);
    expect(await insight.statisticsFor(P.tina, {})).toEqual({ kind: 'refused', refusal: 'notAllowed' });
    expect(await insight.statisticsFor(P.ola, { schoolId: 'nordby' })).toEqual({ kind: 'refused', refusal: 'schoolNotAllowed' });
    expect(await insight.statisticsFor(P.rune, { severities: ['catastrophic'] })).toEqual({ kind: 'refused', refusal: 'badFilter' });
    const owner = await insight.statisticsFor(P.siri, { period: 'last12Months' });
    expect(owner.kind === 'ok' && owner.schools?.map((s) => s.schoolId)).toEqual(['nordby', 'sorby']);
  });

  it('shows the same figures in the tab "Oversikt", every chart beside its facts', async () => {
    const section = h.bot.registry.tabSection('statistics')!;
    expect(section.visible(P.rune)).toBe(true);
    expect(section.visible(P.tina)).toBe(false);
    const filters = { period: 'schoolYear' as const, range: { from: '2026-08-01', to: '2026-11-26' } };
    const content = await section.load({ personId: P.rune, language: 'nb', filters, today: '2026-11-26' });
    expect(content.title).toBe('Statistikk');
    const facts = (title: string) => content.blocks.find((b) => b.type === 'facts' && b.title === title);
    expect(facts('Hvor')).toEqual({ type: 'facts', title: 'Hvor', facts: [{ title: 'Klasserom', value: '2 (67 %)' }, { title: 'Gymsal', value: '1 (33 %)' }] });
    const images = content.blocks.filter((b) => b.type === 'image');
    expect(images.length).toBeGreaterThanOrEqual(8);
    expect(images[0]).toMatchObject({ src: expect.stringMatching(/^data:image\/png;base64,/), alt: 'Hvor: Klasserom 2, Gymsal 1.' });
    // The tab's filters: one severity; another school's principal gets a refusal, not figures.
    const serious = await section.load({ personId: P.rune, language: 'nb', filters: { ...filters, severity: 'very-serious' }, today: '2026-11-26' });
    expect(serious.blocks[0]).toMatchObject({ type: 'facts', facts: expect.arrayContaining([{ title: 'Saker', value: '1' }]) });
    const refused = await section.load({ personId: P.ola, language: 'nb', filters: { ...filters, schoolId: 'nordby' }, today: '2026-11-26' });
    expect(refused.blocks).toEqual([{ type: 'text', text: 'Du har ikke tilgang til statistikken for denne skolen.', tone: 'attention' }]);
    const owner = await section.load({ personId: P.siri, language: 'en', filters: { ...filters, schoolId: 'all' }, today: '2026-11-26' });
    expect(owner.blocks.find((b) => b.type === 'table')).toMatchObject({ columns: ['School', 'Cases', 'Serious', 'Open', 'Measures overdue', 'Risk assessment'] });
  });

  it('answers only in the private chat', async () => {
    const channel = { id: '19:statistics@thread.tacv2', conversationType: 'channel', isGroup: true, tenantId: TENANT };
    const res = await rune.post(rune.activity({ type: 'invoke', name: 'adaptiveCard/action', conversation: channel, value: { action: { type: 'Action.Execute', verb: 'insight.statistics', data: {} }, trigger: 'manual' } }));
    expect(textsOf(res.body.value)).toContain('Statistikken vises bare i din private chat med TryggMeld.');
  });
});
