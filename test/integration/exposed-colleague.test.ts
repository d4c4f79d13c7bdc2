/**
 * "Hvem ble utsatt?": a teacher reports for a colleague she saw being hit.
 * The colleague is told and sees the case as the reporter does, the
 * check-ins go to her and not to the witness, the school's leaders see who
 * was exposed, the owner's roles only how many; a colleague from another
 * school is refused and nothing is stored.
 */
import { actionsOf, cardOf, inputsOf, startHarness, textsOf, type Harness, type TeamsUser } from '../support/harness';
import { newMessagesAbout, report, stored, todayInOslo, waitForNew } from '../support/case-flow';
import { P } from '../support/people';

const SECONDS = `
followUpCheckIns: [PT1S]
acknowledgeWithin: PT1H
escalateAfter: PT2H
quietHours: null
`;

describe('an exposed colleague who did not report', () => {
  let h: Harness;
  let tina: TeamsUser, eva: TeamsUser, rune: TeamsUser, siri: TeamsUser;

  beforeAll(async () => {
    h = await startHarness({}, { schedule: SECONDS });
    [tina, eva, rune, siri] = [P.tina, P.eva, P.rune, P.siri].map((id) => h.user(id));
    for (const u of [tina, eva, rune, siri]) await u.install();
  });
  afterAll(() => h.stop());

  it('offers the school’s staff by name in a typeahead, starting at "Meg"', async () => {
    await tina.say('meld');
    const form = await h.teams.waitFor('the form', () => h.teams.in(tina.conversationId).find((a) => actionsOf(cardOf(a.activity)).some((x) => x.verb === 'incident.submit')));
    const affected = inputsOf(cardOf(form.activity)).affected;
    expect(affected).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered', isMultiSelect: true, value: 'me', label: 'Hvem ble utsatt?' });
    expect(affected.choices.map((c: { title: string }) => c.title)).toEqual(['Meg', 'Eva Strand', 'Rune Haugen', 'Vera Nilsen', 'En elev', 'Andre']);
  });

  it('tells the colleague, sends her the check-ins and not the witness, and shows each person what they may see', async () => {
    const { caseId } = await report(h, tina, { affected: `${P.eva},pupil`, severity: 'very-serious' });
    const { case: c } = await stored(h, caseId);
    expect(c.affectedIds).toEqual([P.eva]);
    expect(c.report).toMatchObject({ reporterIsAffected: false, affected: ['colleague', 'pupil'] });

    // Eva (English) is told at once, with her view of the case: the reporter side's.
    const [told] = await waitForNew(h, P.eva, caseId, 1, 'the notice to the exposed colleague');
    const toldTexts = textsOf(cardOf(told.activity));
    expect(toldTexts[0]).toBe('Tina Berg has reported an incident at Nordby skole in which you are named as exposed. You can follow the case here and add information; the school follows up with you.');
    expect(actionsOf(cardOf(told.activity)).some((a) => a.verb === 'incident.acknowledge')).toBe(false);

    // The check-in goes to Eva; Tina, the witness, gets none.
    await h.teams.waitFor('the check-in to Eva', () => newMessagesAbout(h, P.eva, caseId).find((a) => actionsOf(cardOf(a.activity)).some((x) => x.verb === 'followup.answer')));
    expect(newMessagesAbout(h, P.tina, caseId).some((a) => actionsOf(cardOf(a.activity)).some((x) => x.verb === 'followup.answer'))).toBe(false);
    const answered = await eva.invoke('followup.answer', { incidentId: caseId, followUpId: 'f1', answer: 'ok' });
    expect(answered.status).toBe(200);
    expect((await stored(h, caseId)).case.followUps[0]).toMatchObject({ personId: P.eva, answer: 'ok' });

    // Eva sees the case as a reporter does and may add information.
    const evaView = await eva.invoke('incident.view', { incidentId: caseId });
    expect(actionsOf(evaView.body.value).map((a) => a.verb)).toContain('incident.comment');
    const added = await eva.invoke('incident.comment', { incidentId: caseId, comment: 'He also threw a chair.' });
    expect(textsOf(added.body.value)[0]).toBe('Thank you, the information has been added to the case.');

    // The principal sees who was exposed; the owner's leader only how many.
    const runeFacts = JSON.stringify((await rune.invoke('incident.view', { incidentId: caseId })).body.value);
    expect(runeFacts).toContain('"title":"Utsatt","value":"Eva Strand, en elev"');
    const siriCard = JSON.stringify((await siri.invoke('incident.view', { incidentId: caseId })).body.value);
    expect(siriCard).toContain('"title":"Exposed","value":"1 staff member, a pupil"');
    expect(siriCard).not.toContain('Eva Strand');
    expect(siriCard).not.toContain('Tina Berg');
  });

  it('shows the reporter, and the exposed colleague, what was reported: date, place, type, severity, description', async () => {
    const { caseId } = await report(h, tina, { affected: `me,${P.eva}`, types: 'physical,threat', location: 'gym', time: '00:00', description: 'Eleven kastet en stol mot oss.', immediateActions: 'Tok resten av klassen ut.' });
    const facts = (card: unknown) => Object.fromEntries(JSON.stringify(card).match(/\{"title":"[^"]*","value":"[^"]*"\}/g)!.map((f) => JSON.parse(f)).map((f: { title: string; value: string }) => [f.title, f.value]));
    const tinaCard = (await tina.invoke('incident.view', { incidentId: caseId })).body.value;
    expect(facts(tinaCard)).toMatchObject({ Når: expect.stringContaining('kl. 00:00'), Hvor: 'Gymsal', Type: 'Fysisk vold, Trussel (muntlig, skriftlig, med gjenstand eller våpen)', Alvorlighetsgrad: 'Alvorlig', Utsatt: 'Tina Berg, Eva Strand' });
    expect(textsOf(tinaCard)).toEqual(expect.arrayContaining(['Det du meldte', 'Beskrivelse', 'Eleven kastet en stol mot oss.', 'Tok resten av klassen ut.']));
    const evaCard = (await eva.invoke('incident.view', { incidentId: caseId })).body.value;
    expect(facts(evaCard)).toMatchObject({ Where: 'Gym', 'Reported by': 'Tina Berg', Exposed: 'Tina Berg, Eva Strand' });
    expect(textsOf(evaCard)).toEqual(expect.arrayContaining(['What was reported', 'Eleven kastet en stol mot oss.']));
  });

  it('refuses a colleague of another school in words, and stores nothing', async () => {
    const before = await h.caseCount();
    await tina.say('meld');
    const forms = h.teams.in(tina.conversationId).filter((a) => actionsOf(cardOf(a.activity)).some((x) => x.verb === 'incident.submit'));
    const form = forms[forms.length - 1];
    const submit = actionsOf(cardOf(form.activity)).find((a) => a.verb === 'incident.submit')!;
    const res = await tina.invoke('incident.submit', { date: todayInOslo(), location: 'classroom', types: 'physical', severity: 'minor', description: 'Dyttet i gangen.', affected: P.per, clientRequestId: submit.data.clientRequestId }, form.activityId);
    const texts = textsOf(res.body.value);
    expect(texts).toContain('Velg et av alternativene.');
    expect(inputsOf(res.body.value).description.value).toBe('Dyttet i gangen.');
    expect(await h.caseCount()).toBe(before);
  });
});
