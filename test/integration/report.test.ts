/**
 * Reporting an incident end to end through the real server: the form, the
 * receipt, who is told, idempotent resubmission and refused input.
 */
import { cardOf, actionsOf, inputsOf, startHarness, textsOf, type Harness, type TeamsUser } from '../support/harness';
import { P } from '../support/people';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());

function validReport(overrides: Record<string, string> = {}) {
  return { date: today(), location: 'classroom', types: 'physical', severity: 'serious', description: 'Eleven slo meg i armen da jeg skulle skille to elever.', ...overrides };
}

/** Gets the form by writing to the bot, as a person does. */
async function openForm(h: Harness, user: TeamsUser): Promise<{ card: any; activityId: string; clientRequestId: string }> {
  const before = h.teams.in(user.conversationId).length;
  const res = await user.say('meld');
  expect(res.status).toBe(200);
  const sent = await h.teams.waitFor('the form', () => h.teams.in(user.conversationId).slice(before).find((a) => cardOf(a.activity)));
  const card = cardOf(sent.activity)!;
  const submit = actionsOf(card).find((a) => a.verb === 'incident.submit')!;
  return { card, activityId: sent.activityId, clientRequestId: submit.data.clientRequestId };
}

/**
 * The case cards a person has received so far, wherever they landed. A case card keeps itself current (its
 * `refresh` asks for the case); other cards (a cluster alert, which goes out
 * at once in working hours and waits for quiet hours to end at night) do not.
 */
function caseCardsFor(h: Harness, aadObjectId: string, conversationId?: string) {
  const created = h.teams.conversationCreatedFor(aadObjectId)?.id;
  return h.teams.activities.filter((a) => (a.conversationId === conversationId || a.conversationId === created) && a.op === 'send' && isCaseCard(cardOf(a.activity)));
}

function isCaseCard(card: unknown): boolean {
  return (card as { refresh?: { action?: { verb?: string } } } | undefined)?.refresh?.action?.verb === 'incident.view';
}

describe('reporting an incident', () => {
  let h: Harness;
  let tina: TeamsUser, rune: TeamsUser;

  beforeAll(async () => {
    h = await startHarness();
    tina = h.user(P.tina);
    rune = h.user(P.rune);
    // Tina and Rune have the app; Vera and everybody else have never opened it.
    expect((await tina.install()).status).toBe(200);
    expect((await rune.install()).status).toBe(200);
  });
  afterAll(() => h.stop());

  it('answers liveness and readiness', async () => {
    expect(await (await fetch(`${h.bot.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${h.bot.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('gives a teacher the report form, in bokmål, for anything she writes', async () => {
    const { card, clientRequestId } = await openForm(h, tina);
    expect(card.version).toBe('1.5');
    expect(textsOf(card)).toContain('Meld hendelse: vold og trusler');
    const inputs = inputsOf(card);
    expect(Object.keys(inputs)).toEqual(
      expect.arrayContaining(['date', 'time', 'location', 'types', 'severity', 'description', 'perpetrator', 'pupilStage', 'injury', 'seriousInjury', 'sickLeave', 'medicalTreatment', 'policeInvolved', 'physicalIntervention', 'riskFactors', 'immediateActions', 'affected']),
    );
    // Only the five fields that make a report are required; the school is not asked of a teacher with one school.
    expect(Object.values(inputs).filter((i) => i.isRequired).map((i) => i.id).sort()).toEqual(['date', 'description', 'location', 'severity', 'types']);
    expect(inputs.schoolId).toBeUndefined();
    expect(inputs.date.value).toBe(today());
    expect(clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stores the report, answers with a receipt, and tells the principal and the safety representative once each', async () => {
    const { clientRequestId, activityId } = await openForm(h, tina);
    const res = await tina.invoke('incident.submit', { ...validReport(), clientRequestId }, activityId);
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const receipt = res.body.value;
    const texts = textsOf(receipt);
    expect(texts).toContain('Takk. Hendelsen er meldt.');
    const reference = texts.find((t) => /^VT-\d{4}-\d{4}$/.test(t));
    expect(reference).toBeDefined();
    expect(texts).toContain('Meldt');
    expect(texts.join(' ')).toContain('Rektor og verneombud ved Nordby skole har fått beskjed nå.');

    // The form message itself became the receipt, so another device cannot send it again.
    const update = h.teams.in(tina.conversationId).find((a) => a.op === 'update' && a.activityId === activityId);
    expect(cardOf(update!.activity)).toEqual(receipt);

    // Rune had the app: his card lands in his chat. Vera never opened it: the bot opens a 1:1 chat with her.
    const runeCard = await h.teams.waitFor('the principal’s card', () => caseCardsFor(h, P.rune, rune.conversationId)[0]);
    const veraCard = await h.teams.waitFor('the safety representative’s card', () => caseCardsFor(h, P.vera)[0]);
    expect(textsOf(cardOf(runeCard.activity))).toEqual(expect.arrayContaining([`Sak ${reference}: Alvorlig`, 'Ny hendelse meldt ved Nordby skole.', 'Du er rektor: ta kontakt med den ansatte i dag, og følg opp saken.', 'Tina Berg']));
    // Vera's directory locale is nynorsk.
    expect(textsOf(cardOf(veraCard.activity))).toEqual(expect.arrayContaining([`Sak ${reference}: Alvorleg`, 'Ny hending meldt ved Nordby skole.', 'Du er verneombod og blir halden orientert om saka.', 'Skildring']));
    expect(h.teams.conversationCreatedFor(P.vera)!.tenantId).toBe('5e1c5c4a-9c7e-4a52-9f1e-2f0b7a1d0001');
    expect(runeCard.activity.summary).toContain(reference);

    await h.bot.dispatcher.runOnce();
    expect(caseCardsFor(h, P.rune, rune.conversationId)).toHaveLength(1);
    expect(caseCardsFor(h, P.vera)).toHaveLength(1);
    // Not serious: the owner's roles are not told, nor is the other school.
    for (const other of [P.hakon, P.siri, P.ola, P.kari, P.per]) expect(caseCardsFor(h, other, `a:personal-${other}`)).toHaveLength(0);
  });

  it('returns the same case for the same submission and sends nothing new', async () => {
    const { clientRequestId } = await openForm(h, tina);
    const first = await tina.invoke('incident.submit', { ...validReport(), clientRequestId });
    const reference = textsOf(first.body.value).find((t) => /^VT-/.test(t));
    await h.teams.waitFor('the new case’s notifications', () => caseCardsFor(h, P.rune, rune.conversationId).length === 2 && caseCardsFor(h, P.vera).length === 2);
    const cases = await h.caseCount();
    const activities = h.teams.activities.length;

    const again = await tina.invoke('incident.submit', { ...validReport({ description: 'Changed text on the second click' }), clientRequestId });
    const texts = textsOf(again.body.value);
    expect(texts).toContain(reference);
    expect(texts).toContain('Denne meldingen var allerede sendt. Her er saken.');
    await h.bot.dispatcher.runOnce();
    expect(await h.caseCount()).toBe(cases);
    expect(h.teams.activities.filter((a) => a.op === 'send').length).toBe(h.teams.activities.slice(0, activities).filter((a) => a.op === 'send').length);
  });

  it('answers invalid input with the form, values kept and problems at their fields, and stores nothing', async () => {
    const { clientRequestId } = await openForm(h, tina);
    const cases = await h.caseCount();
    const sends = h.teams.activities.filter((a) => a.op === 'send').length;
    const tomorrow = new Date(Date.now() + 36 * 3600 * 1000);
    const future = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(tomorrow);
    const res = await tina.invoke('incident.submit', {
      ...validReport({ date: future, description: 'Eleven, fnr 150765 00565, sparket meg.', severity: '', perpetrator: 'pupil' }),
      clientRequestId,
    });
    const card = res.body.value;
    const texts = textsOf(card);
    expect(texts).toContain('Noe mangler eller er feil. Se merknadene under.');
    expect(texts).toContain('Datoen kan ikke være fram i tid.');
    expect(texts).toContain('Må fylles ut.');
    expect(texts).toContain('Teksten ser ut til å inneholde et fødselsnummer. Fjern det – eleven skal ikke kunne identifiseres i meldingen.');
    const inputs = inputsOf(card);
    expect(inputs.description.value).toBe('Eleven, fnr 150765 00565, sparket meg.');
    expect(inputs.date.value).toBe(future);
    expect(inputs.location.value).toBe('classroom');
    expect(inputs.perpetrator.value).toBe('pupil');
    // The same submission id: fixing the form and sending it cannot make two cases.
    expect(actionsOf(card).find((a) => a.verb === 'incident.submit')!.data.clientRequestId).toBe(clientRequestId);
    // Each error sits right after its field.
    const body = JSON.stringify(card);
    expect(body.indexOf('Datoen kan ikke være fram i tid.')).toBeGreaterThan(body.indexOf('"id":"date"'));
    expect(body.indexOf('Datoen kan ikke være fram i tid.')).toBeLessThan(body.indexOf('"id":"time"'));

    await h.bot.dispatcher.runOnce();
    expect(await h.caseCount()).toBe(cases);
    expect(h.teams.activities.filter((a) => a.op === 'send').length).toBe(sends);
  });

  it('warns when the text seems to name a pupil, keeps it, and sends it when the reporter says it names none', async () => {
    const { clientRequestId } = await openForm(h, tina);
    const cases = await h.caseCount();
    const description = 'Eleven Jonas slo meg i armen. Rune kom og hjalp.';
    const warned = await tina.invoke('incident.submit', { ...validReport({ description }), clientRequestId });
    const card = warned.body.value;
    expect(textsOf(card)).toContain("Det ser ut som et navn. Bruk 'eleven' i stedet for navnet.");
    const inputs = inputsOf(card);
    expect(inputs.description.value).toBe(description);
    expect(inputs.confirmNoNames).toMatchObject({ type: 'Input.Toggle', value: 'false', valueOn: 'true' });
    expect(await h.caseCount()).toBe(cases);

    // The reporter ticks "send anyway": the same form goes through as it is.
    const sent = await tina.invoke('incident.submit', { ...validReport({ description }), confirmNoNames: 'true', clientRequestId });
    expect(textsOf(sent.body.value).some((t) => /^VT-\d{4}-\d{4}$/.test(t))).toBe(true);
    expect(await h.caseCount()).toBe(cases + 1);
  });

  it('refuses a description over 4000 characters, saying how long it is', async () => {
    const { clientRequestId } = await openForm(h, tina);
    const res = await tina.invoke('incident.submit', { ...validReport({ description: 'x'.repeat(4100) }), clientRequestId });
    expect(textsOf(res.body.value)).toContain('Teksten er for lang: høyst 4000 tegn, du har skrevet 4100.');
  });

  it('tells the owner’s chief safety representative and leader about a very serious incident, each in their language', async () => {
    const { clientRequestId } = await openForm(h, tina);
    const res = await tina.invoke('incident.submit', { ...validReport({ severity: 'very-serious', seriousInjury: 'true' }), clientRequestId });
    expect(textsOf(res.body.value).join(' ')).toContain('har også hovedverneombudet og skoleeier fått beskjed');
    const hakon = await h.teams.waitFor('the chief safety rep’s card', () => caseCardsFor(h, P.hakon)[0]);
    const siri = await h.teams.waitFor('the leader’s card', () => caseCardsFor(h, P.siri)[0]);
    const siriTexts = textsOf(cardOf(siri.activity));
    expect(siriTexts).toContain("Serious incident: you receive this as the school owner's representative.");
    expect(siriTexts.join(' ')).toContain('the Labour Inspection Authority and the police must be notified at once');
    // The owner's roles see the case, not who reported it.
    expect(siriTexts).toContain('a staff member');
    expect(siriTexts).not.toContain('Tina Berg');
    expect(textsOf(cardOf(hakon.activity)).join(' ')).toContain('arbeidsmiljøloven § 5-2');
  });

  it('asks a person in no school to choose the school, and sends the case to that school', async () => {
    const nina = h.user(P.nina);
    const { card, clientRequestId } = await openForm(h, nina);
    expect(textsOf(card)).toContain('Du er ikke knyttet til en skole i TryggMeld. Velg skolen hendelsen gjelder i skjemaet.');
    expect(inputsOf(card).schoolId.choices.map((c: any) => c.value)).toEqual(['nordby', 'sorby']);

    const missing = await nina.invoke('incident.submit', { ...validReport(), clientRequestId });
    expect(inputsOf(missing.body.value).schoolId).toBeDefined();
    expect(textsOf(missing.body.value)).toContain('Må fylles ut.');

    const ok = await nina.invoke('incident.submit', { ...validReport({ schoolId: 'sorby' }), clientRequestId });
    expect(textsOf(ok.body.value).join(' ')).toContain('Rektor og verneombud ved Sørby skole har fått beskjed nå.');
    await h.teams.waitFor('Sørby’s principal’s card', () => caseCardsFor(h, P.ola)[0]);
    await h.teams.waitFor('Sørby’s safety rep’s card', () => caseCardsFor(h, P.kari)[0]);
  });

  it('lets a teacher of two schools choose only between them, in English from her directory locale', async () => {
    const eva = h.user(P.eva, { locale: 'nb-NO' });
    const { card } = await openForm(h, eva);
    expect(textsOf(card)).toContain('Report an incident: violence and threats');
    expect(inputsOf(card).schoolId.choices.map((c: any) => c.value)).toEqual(['nordby', 'sorby']);
  });

  it('lets anyone in the tenant report: on no staff list they choose the school, its principal sees it, and the choice is remembered', async () => {
    const stranger = h.user(P.stranger, { locale: 'en-US' });
    await stranger.install();
    const { card, clientRequestId } = await openForm(h, stranger);
    expect(textsOf(card)).toContain('You are not linked to a school in TryggMeld. Choose the school the incident concerns in the form.');
    expect(inputsOf(card).schoolId.value).toBe('');
    const ok = await stranger.invoke('incident.submit', { ...validReport({ schoolId: 'sorby' }), clientRequestId });
    const caseId = ok.body.value.refresh.action.data.incidentId;
    const ola = await h.teams.waitFor('Sørby’s principal’s card', () => caseCardsFor(h, P.ola).find((a) => JSON.stringify(cardOf(a.activity)).includes(caseId)));
    const facts = (textsOf(cardOf(ola.activity)) as string[]).join(' | ');
    // Not in the directory, so no name: the principal still sees that the reporter is not on the staff list.
    expect(facts).toContain('Meldt av | en ansatt (står ikke på skolens ansattliste)');
    // Next time the form starts with the school chosen.
    const again = await openForm(h, stranger);
    expect(inputsOf(again.card).schoolId.value).toBe('sorby');
  });

  it('does not mark a reporter on the school’s staff list', async () => {
    const { clientRequestId } = await openForm(h, tina);
    const ok = await tina.invoke('incident.submit', { ...validReport(), clientRequestId });
    const caseId = ok.body.value.refresh.action.data.incidentId;
    const card = await h.teams.waitFor('the principal’s card', () => caseCardsFor(h, P.rune, rune.conversationId).find((a) => JSON.stringify(cardOf(a.activity)).includes(caseId)));
    expect(JSON.stringify(cardOf(card.activity))).not.toContain('ansattliste');
  });

  it('refuses activities from another tenant', async () => {
    const outsider = h.user(P.tina, { tenantId: '00000000-0000-4000-8000-000000000000' });
    const cases = await h.caseCount();
    const res = await outsider.invoke('incident.submit', { ...validReport(), clientRequestId: '9f1c0d7e-1111-4222-8333-444455550000' });
    expect(textsOf(res.body.value)).toContain('Denne TryggMeld-installasjonen hører til en annen organisasjon.');
    expect(await h.caseCount()).toBe(cases);
  });

  it('answers a submission without a request id with a fresh form, storing nothing', async () => {
    const cases = await h.caseCount();
    const res = await tina.invoke('incident.submit', validReport());
    const submit = actionsOf(res.body.value).find((a) => a.verb === 'incident.submit')!;
    expect(submit.data.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await h.caseCount()).toBe(cases);
  });

  it('survives malformed requests and card data with a clear answer and nothing stored', async () => {
    const cases = await h.caseCount();
    const raw = (body: string) => fetch(`${h.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await raw('{not json')).status).toBe(400);
    expect((await raw('[1,2]')).status).toBe(400);
    expect((await raw('{"text":"no type"}')).status).toBe(400);
    for (const data of [{ clientRequestId: { $gt: '' } }, { ...validReport(), types: ['physical', { evil: true }], clientRequestId: '9f1c0d7e-1111-4222-8333-4444555500aa' }, { ...validReport(), description: 42, clientRequestId: '9f1c0d7e-1111-4222-8333-4444555500ab' }]) {
      const res = await tina.invoke('incident.submit', data as Record<string, unknown>);
      expect(res.status).toBe(200);
      expect(actionsOf(res.body.value).some((a) => a.verb === 'incident.submit')).toBe(true);
    }
    const unknownVerb = await tina.invoke('incident.explode', {});
    expect(textsOf(unknownVerb.body.value)).toContain('Denne handlingen kjenner ikke TryggMeld.');
    const forgedView = await tina.invoke('incident.view', { incidentId: '../../dbs' });
    expect(textsOf(forgedView.body.value)).toContain('Du har ikke tilgang til denne saken.');
    expect(await h.caseCount()).toBe(cases);
    expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(200);
  });

  it('shows a case to its principal on refresh, and refuses the other school’s principal', async () => {
    const { clientRequestId } = await openForm(h, tina);
    const res = await tina.invoke('incident.submit', { ...validReport(), clientRequestId });
    const refresh = res.body.value.refresh.action;
    expect(refresh.verb).toBe('incident.view');
    const asRune = await rune.invoke('incident.view', refresh.data);
    expect(textsOf(asRune.body.value)).toContain('Du er rektor: ta kontakt med den ansatte i dag, og følg opp saken.');
    const asOla = await h.user(P.ola).invoke('incident.view', refresh.data);
    expect(textsOf(asOla.body.value)).toContain('Du har ikke tilgang til denne saken.');
    expect(JSON.stringify(asOla.body.value)).not.toContain('Eleven slo meg');
    const asTina = await tina.invoke('incident.view', refresh.data);
    expect(textsOf(asTina.body.value)).toContain('Meldt');
  });

  it('writes logs as JSON lines without names or report text', () => {
    expect(h.logs.length).toBeGreaterThan(0);
    for (const line of h.logs) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toMatch(/Tina Berg|Rune Haugen|Vera Nilsen|slo meg|sparket|15076500565/);
    }
  });
});
