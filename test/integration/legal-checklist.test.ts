/**
 * The legal checklist in Teams, with the default schedule and the bot's clock
 * moved through a school day in Oslo: the principal marks a step done with
 * how and a reference, a wrong time comes back in the form, a mistaken tick
 * is undone, and the §5-2 reminder stops and starts again with it; a case
 * the principal reclassifies as a serious injury reaches the owner's roles
 * and owes its legal steps from then.
 */
import { zonedToUtc } from '../../src/core/clock';
import { actionsOf, cardOf, inputsOf, startHarness, textsOf, TravelClock, type Harness, type TeamsUser } from '../support/harness';
import { newMessagesAbout, report, settled, stored } from '../support/case-flow';
import type { StoredWork } from '../support/cases';
import { P } from '../support/people';

const OSLO = 'Europe/Oslo';
const DAY = '2026-12-09'; // a Wednesday

describe('the legal checklist over a school day', () => {
  const clock = new TravelClock(zonedToUtc(DAY, '09:00', OSLO));
  let h: Harness;
  let tina: TeamsUser, rune: TeamsUser;
  let caseId: string;

  const at = async (time: string) => {
    clock.setTo(new Date(zonedToUtc(DAY, time, OSLO).getTime() + 1000));
    await h.bot.dispatcher.runOnce();
  };
  const legalReminders = async (id: string) => (await stored(h, id)).work.filter((w: StoredWork) => w.kind === 'reminder' && w.reminder === 'legal');

  beforeAll(async () => {
    h = await startHarness({}, { clock: clock.now });
    tina = h.user(P.tina);
    rune = h.user(P.rune);
    await tina.install();
    await rune.install();
    ({ caseId } = await report(h, tina, { date: DAY, time: '08:40', seriousInjury: 'true', injury: 'physical' }));
    await h.teams.waitFor('the principal’s card', () => newMessagesAbout(h, P.rune, caseId)[0]);
  });
  afterAll(() => h.stop());

  it('opens a step’s form with the place to do it, and keeps what was typed when the time is wrong', async () => {
    const card = cardOf(newMessagesAbout(h, P.rune, caseId)[0].activity);
    expect(JSON.stringify(card)).toContain('"url":"https://www.arbeidstilsynet.no/kontakt-oss/melde-alvorlig-arbeidsulykke/"');
    expect(textsOf(card)).toContain('Telefon: 73 19 97 00');
    const open = actionsOf(card).find((a) => a.verb === 'legal.form' && a.data.item === 'arbeidstilsynet')!;
    const form = (await rune.invoke('legal.form', open.data)).body.value;
    expect(Object.keys(inputsOf(form))).toEqual(expect.arrayContaining(['legalDate', 'legalTime', 'legalHow', 'legalRef', 'legalReason']));

    const before = await stored(h, caseId);
    const early = await rune.invoke('legal.mark', { incidentId: caseId, item: 'arbeidstilsynet', done: true, legalDate: DAY, legalTime: '08:30', legalHow: 'phone', legalRef: 'AT 2026/771' });
    expect(textsOf(early.body.value)).toContain('Noe mangler eller er feil: tidspunktet kan ikke være før hendelsen');
    expect(inputsOf(early.body.value).legalRef.value).toBe('AT 2026/771');
    expect((await stored(h, caseId)).case).toEqual(before.case);
  });

  it('marks the steps done with how and a reference, and the reminder does not come', async () => {
    const done = await rune.invoke('legal.mark', { incidentId: caseId, item: 'arbeidstilsynet', done: true, legalDate: DAY, legalTime: '08:55', legalHow: 'phone', legalRef: 'AT 2026/771' });
    expect(textsOf(done.body.value)).toEqual(expect.arrayContaining(['Markert som gjort.', 'Gjort 09.12.2026 kl. 08:55 av Rune Haugen, på telefon, referanse: AT 2026/771']));
    await rune.invoke('legal.mark', { incidentId: caseId, item: 'police', done: true, legalHow: 'phone' });
    await rune.invoke('legal.notApplicable', { incidentId: caseId, item: 'confirmation', legalReason: 'Arbeidstilsynet fikk alt skriftlig i skjemaet.' });
    await settled(h, caseId, clock.now());
    const sent = newMessagesAbout(h, P.rune, caseId).length;
    await at('11:01'); // the first §5-2 reminder falls due two hours after the report
    await settled(h, caseId, clock.now());
    expect(newMessagesAbout(h, P.rune, caseId)).toHaveLength(sent);
    expect((await legalReminders(caseId)).map((w) => [w.state, w.skipped])).toEqual([['done', true]]);
  });

  it('undoes a mistaken tick: the history keeps both, and the reminder starts again', async () => {
    await at('11:30');
    const undone = await rune.invoke('legal.undo', { incidentId: caseId, item: 'police' });
    expect(textsOf(undone.body.value)).toContain('Avkrysningen er angret. Steget er åpent igjen, og påminnelsene fortsetter.');
    const history = (await stored(h, caseId)).case.history.filter((e) => e.item === 'police').map((e) => e.action);
    expect(history).toEqual(['legalMarked', 'legalUndone']);
    expect(textsOf(undone.body.value).some((t) => t.startsWith('Var: på telefon'))).toBe(true);
    await settled(h, caseId, clock.now());
    const sent = newMessagesAbout(h, P.rune, caseId).length;
    await at('13:29');
    expect(newMessagesAbout(h, P.rune, caseId)).toHaveLength(sent);
    await at('13:31'); // two hours after the undo
    await h.teams.waitFor('the resumed reminder', () => newMessagesAbout(h, P.rune, caseId).length > sent);
    await settled(h, caseId, clock.now());
    const resumed = (await legalReminders(caseId)).filter((w) => w.round);
    expect(resumed).toHaveLength(1);
    expect(resumed[0].sentCount ?? 1).toBeGreaterThanOrEqual(1);
    expect(resumed[0].skipped).toBeFalsy();
  });

  it('refuses the safety representative, in her language, and changes nothing', async () => {
    const vera = h.user(P.vera, { locale: 'nn-NO' });
    const before = await stored(h, caseId);
    const tries: [string, Record<string, unknown>, string][] = [
      ['legal.undo', { item: 'arbeidstilsynet' }, 'Berre rektor kan krysse av for dei lovpålagde stega.'],
      ['legal.form', { item: 'police' }, 'Berre rektor kan krysse av for dei lovpålagde stega.'],
      ['incident.reclassify', { newSeriousInjury: 'false', reclassifyReason: 'Feil.' }, 'Berre rektor kan rette klassifiseringa.'],
      ['incident.reclassifyForm', {}, 'Berre rektor kan rette klassifiseringa.'],
    ];
    for (const [verb, data, text] of tries) expect(textsOf((await vera.invoke(verb, { incidentId: caseId, ...data })).body.value)).toContain(text);
    expect((await stored(h, caseId)).case).toEqual(before.case);
  });

  it('follows a reclassification: the owner’s roles are told, and the steps and reminders start from then', async () => {
    await at('14:00');
    const { caseId: minor } = await report(h, tina, { date: DAY, severity: 'minor' });
    await h.teams.waitFor('the principal’s card', () => newMessagesAbout(h, P.rune, minor)[0]);
    expect(newMessagesAbout(h, P.siri, minor)).toEqual([]);
    const form = (await rune.invoke('incident.reclassifyForm', { incidentId: minor })).body.value;
    expect(inputsOf(form).newSeverity.value).toBe('minor');
    const fixed = await rune.invoke('incident.reclassify', { incidentId: minor, newSeverity: 'serious', newSeriousInjury: 'true', newSickLeave: 'false', newMedicalTreatment: 'false', reclassifyReason: 'Legevakten fant brudd.' });
    expect(textsOf(fixed.body.value)).toEqual(expect.arrayContaining(['Klassifiseringen er rettet. De lovpålagte stegene og påminnelsene følger det nye.']));
    expect(textsOf(fixed.body.value).join(' ')).toContain('alvorlighetsgrad: Lite alvorlig → Alvorlig; alvorlig personskade: nei → ja · Legevakten fant brudd.');
    const [siriCard] = await h.teams.waitFor('the leader’s card', () => (newMessagesAbout(h, P.siri, minor).length ? newMessagesAbout(h, P.siri, minor) : undefined));
    expect(textsOf(cardOf(siriCard.activity))[0]).toBe('A case at Nordby skole was reclassified as serious by the principal.');
    // The owner's roles still do not see who reported.
    expect(JSON.stringify(cardOf(siriCard.activity))).not.toContain('Tina');
    const { case: c } = await stored(h, minor);
    expect(c.reportedClassification).toEqual({ severity: 'minor', seriousInjury: false, sickLeave: false, medicalTreatment: false });
    const reminders = await legalReminders(minor);
    // Two hours (notifyReminderEvery) from the correction, not from the report.
    expect(reminders.map((w) => [w.recipientId, w.dueAt?.slice(0, 16)])).toEqual([[P.rune, zonedToUtc(DAY, '16:00', OSLO).toISOString().slice(0, 16)]]);
  });
});
