/**
 * The case's follow-up runs by itself, with a schedule of seconds instead of
 * days: check-ins, answers that reach the principal, reminders, escalation,
 * legal reminders, the cluster alert and the fallback when someone cannot be
 * reached. The last block moves the bot's clock through days and quiet hours.
 */
import { actionsOf, cardOf, startHarness, textsOf, until, type Harness, type TeamsUser } from '../support/harness';
import { messagesAbout, newMessagesAbout, report, settled, stored } from '../support/case-flow';
import type { RecordedActivity } from '../support/fake-teams';
import { P } from '../support/people';

const SECONDS = `
# Each case's check-ins on their own: these tests count them per case (test/integration/checkins-together.test.ts joins them).
checkInsTogetherWithin: PT0S
followUpCheckIns: [PT1S, PT2S, PT3S]
acknowledgeWithin: PT2S
escalateAfter: PT3S
notifyReminderEvery: PT1S
navReminderEvery: PT2S
quietHours: null
clusterAlert: { window: P30D, severeCount: 2 }
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function checkinsOf(h: Harness, aad: string, caseId: string): RecordedActivity[] {
  return newMessagesAbout(h, aad, caseId).filter((a) => actionsOf(cardOf(a.activity)).some((x) => x.verb === 'followup.answer'));
}

function withNote(h: Harness, aad: string, caseId: string, note: string): RecordedActivity[] {
  return newMessagesAbout(h, aad, caseId).filter((a) => textsOf(cardOf(a.activity))[0] === note);
}

describe('follow-up on a schedule of seconds', () => {
  let h: Harness;
  let tina: TeamsUser, rune: TeamsUser;

  beforeAll(async () => {
    h = await startHarness({}, { schedule: SECONDS });
    tina = h.user(P.tina);
    rune = h.user(P.rune);
    for (const u of [tina, rune]) await u.install();
  });
  afterAll(() => h.stop());

  it('sends the check-ins in order, and passes on a wish for help without the private note', async () => {
    const { caseId } = await report(h, tina);
    const checkins = await h.teams.waitFor('three check-ins', () => {
      const found = checkinsOf(h, P.tina, caseId);
      return found.length >= 3 ? found : undefined;
    });
    expect(checkins.map((a) => actionsOf(cardOf(a.activity))[0].data.followUpId)).toEqual(['f1', 'f2', 'f3']);
    expect(textsOf(cardOf(checkins[0].activity))).toEqual(expect.arrayContaining(['Hvordan har du det nå?', 'Jeg vil gjerne ha en samtale']));

    const talk = await tina.invoke('followup.answer', { incidentId: caseId, followUpId: 'f2', answer: 'talk', note: 'Jeg sover dårlig etter dette.', share: 'false', noMore: 'false' }, checkins[1].activityId);
    expect(textsOf(talk.body.value)).toEqual(expect.arrayContaining(['Takk for svaret.', 'Ditt svar: Jeg vil gjerne ha en samtale', 'Rektor har fått beskjed og tar kontakt med deg.']));
    const [notice] = await h.teams.waitFor('the principal’s notice', () => {
      const n = withNote(h, P.rune, caseId, 'Tina Berg ønsker en samtale etter hendelsen. Ta kontakt.');
      return n.length ? n : undefined;
    });
    expect(JSON.stringify(cardOf(notice.activity))).not.toContain('sover dårlig');
    expect(textsOf(cardOf(notice.activity)).some((t) => /^Tina Berg svarte .*: ønsker en samtale$/.test(t))).toBe(true);

    await tina.invoke('followup.answer', { incidentId: caseId, followUpId: 'f3', answer: 'bht', note: 'Gjerne samtale med BHT.', share: 'true', noMore: 'false' });
    await h.teams.waitFor('the BHT notice', () => withNote(h, P.rune, caseId, 'Tina Berg ønsker hjelp fra bedriftshelsetjenesten (BHT). Sørg for at det blir ordnet.')[0]);
    const runeView = JSON.stringify((await rune.invoke('incident.view', { incidentId: caseId })).body.value);
    expect(runeView).toContain('Delt av den ansatte: Gjerne samtale med BHT.');
    expect(runeView).not.toContain('sover dårlig');
    // Tina sees her own answers, notes and all.
    const tinaView = textsOf((await tina.invoke('incident.view', { incidentId: caseId })).body.value).join(' ');
    expect(tinaView).toContain('Jeg sover dårlig etter dette.');
    // Someone else cannot answer her check-in.
    const forged = await rune.invoke('followup.answer', { incidentId: caseId, followUpId: 'f1', answer: 'ok' });
    expect(textsOf(forged.body.value)).toContain('Fant ikke oppfølgingsmeldingen.');
    expect((await stored(h, caseId)).case.followUps[0].answer).toBeUndefined();
  });

  it('lets the employee withdraw a note she wrote: gone from the store and every view, the history says a note was withdrawn', async () => {
    const { caseId } = await report(h, tina);
    const [first] = await h.teams.waitFor('the first check-in', () => {
      const found = checkinsOf(h, P.tina, caseId);
      return found.length >= 1 ? found : undefined;
    });
    // A note that seems to name a pupil comes back, kept, with "send anyway".
    const warned = await tina.invoke('followup.answer', { incidentId: caseId, followUpId: 'f1', answer: 'talk', note: 'Eleven Jonas skremte meg.', share: 'true' }, first.activityId);
    expect(textsOf(warned.body.value)).toContain("Det ser ut som et navn. Bruk 'eleven' i stedet for navnet.");
    expect(JSON.stringify(warned.body.value)).toContain('"value":"Eleven Jonas skremte meg."');
    expect(JSON.stringify(warned.body.value)).toContain('"id":"confirmNoNames"');
    expect((await stored(h, caseId)).case.followUps[0].answer).toBeUndefined();
    const answered = await tina.invoke('followup.answer', { incidentId: caseId, followUpId: 'f1', answer: 'talk', note: 'Eleven Jonas skremte meg.', share: 'true', confirmNoNames: 'true' }, first.activityId);
    const withdraw = actionsOf(answered.body.value).find((a) => a.verb === 'followup.withdrawNote');
    expect(withdraw?.data).toEqual({ incidentId: caseId, followUpId: 'f1' });
    expect(JSON.stringify((await rune.invoke('incident.view', { incidentId: caseId })).body.value)).toContain('Eleven Jonas skremte meg.');

    // Nobody else can withdraw it.
    expect(textsOf((await rune.invoke('followup.withdrawNote', { incidentId: caseId, followUpId: 'f1' })).body.value)).toContain('Fant ikke oppfølgingsmeldingen.');
    const done = await tina.invoke('followup.withdrawNote', withdraw!.data);
    expect(textsOf(done.body.value)).toEqual(expect.arrayContaining(['Det du skrev, er fjernet. Historikken viser bare at en kommentar ble trukket tilbake.', 'Du trakk tilbake det du skrev. Det er slettet.']));
    const after = await stored(h, caseId);
    expect(JSON.stringify(after)).not.toContain('Jonas');
    expect(after.case.followUps[0]).toMatchObject({ answer: 'talk' });
    expect(after.case.history.at(-1)).toMatchObject({ by: P.tina, action: 'noteWithdrawn' });
    const runeView = textsOf((await rune.invoke('incident.view', { incidentId: caseId })).body.value).join(' ');
    expect(runeView).not.toContain('Jonas');
    expect(runeView).toContain('trakk tilbake kommentaren sin til en oppfølgingsmelding');
    const again = await tina.invoke('followup.withdrawNote', withdraw!.data);
    expect(textsOf(again.body.value)).toContain('Det er ingen kommentar å trekke tilbake.');
  });

  it('keeps a comment that seems to name a pupil in its box, and stores it when the writer says it names none', async () => {
    const { caseId } = await report(h, tina);
    const warned = await rune.invoke('incident.comment', { incidentId: caseId, comment: 'Snakket med gutten Filip etterpå.' });
    const body = JSON.stringify(warned.body.value);
    expect(textsOf(warned.body.value)[0]).toBe("Det ser ut som et navn. Bruk 'eleven' i stedet for navnet.");
    expect(body).toContain('"value":"Snakket med gutten Filip etterpå."');
    expect(body).toContain('"id":"confirmNoNames"');
    expect((await stored(h, caseId)).case.history.some((e) => e.action === 'commented')).toBe(false);
    await rune.invoke('incident.comment', { incidentId: caseId, comment: 'Snakket med gutten Filip etterpå.', confirmNoNames: 'true' });
    expect((await stored(h, caseId)).case.history.at(-1)).toMatchObject({ action: 'commented', text: 'Snakket med gutten Filip etterpå.' });
  });

  it('stops the check-ins when the employee says she needs no more', async () => {
    const { caseId } = await report(h, tina);
    const first = await h.teams.waitFor('the first check-in', () => checkinsOf(h, P.tina, caseId)[0]);
    const res = await tina.invoke('followup.answer', { incidentId: caseId, followUpId: 'f1', answer: 'ok', noMore: 'true' }, first.activityId);
    const answeredAt = new Date().toISOString();
    expect(textsOf(res.body.value)).toContain('Du får ikke flere slike meldinger om denne saken.');
    // Every check-in due in the next 3.5 s carried out or skipped, however slow the machine.
    await settled(h, caseId, new Date(Date.now() + 3500));
    const { work } = await stored(h, caseId);
    const checkinWork = work.filter((w) => w.kind === 'checkin');
    // Every check-in that fell due after her answer was skipped; only those sent before it reached her.
    const later = checkinWork.filter((w) => (w.doneAt ?? '') > answeredAt && w.followUpId !== 'f1');
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((w) => w.state === 'done' && w.skipped)).toBe(true);
    expect(checkinsOf(h, P.tina, caseId)).toHaveLength(checkinWork.filter((w) => !w.skipped).length);
  });

  it('reminds the principal, then tells the school owner, when nobody acknowledges', async () => {
    const { caseId } = await report(h, tina);
    const reminder = await h.teams.waitFor('the reminder', () => withNote(h, P.rune, caseId, 'Påminnelse: saken er ikke bekreftet mottatt ennå. Den ansatte venter på at du tar kontakt.')[0]);
    const escalation = await h.teams.waitFor('the escalation', () =>
      withNote(h, P.siri, caseId, 'The principal has not acknowledged the case in time, so it goes to the school owner.')[0],
    );
    // When each falls due is the plan's (unit-tested); here both arrive, by themselves.
    expect(escalation.activity.summary).toContain('The principal has not acknowledged the case in time');
    expect(actionsOf(cardOf(reminder.activity)).map((a) => a.verb)).toEqual(['incident.view', 'incident.acknowledge', 'followup.snooze']);
    // The notice is short: no report text, no history; its button opens the case.
    expect(JSON.stringify(cardOf(reminder.activity))).not.toContain('Eleven slo meg');
    const opened = await rune.invoke('incident.view', { incidentId: caseId }, reminder.activityId);
    expect(JSON.stringify(opened.body.value)).toContain('Eleven slo meg i armen.');
  });

  it('puts a reminder off to the next school day for the person it is for, in the case history', async () => {
    const { caseId } = await report(h, tina);
    const reminder = await h.teams.waitFor('the reminder', () => withNote(h, P.rune, caseId, 'Påminnelse: saken er ikke bekreftet mottatt ennå. Den ansatte venter på at du tar kontakt.')[0]);
    const snooze = actionsOf(cardOf(reminder.activity)).find((a) => a.verb === 'followup.snooze')!;
    // Seen in Teams a moment before the send is settled: put off once it is (while it is being sent, snooze says so).
    await until('the reminder settled', async () => !(await stored(h, caseId)).work.some((w) => w.kind === 'reminder' && w.recipientId === P.rune && w.reminder === 'acknowledge' && w.leaseOwner));
    // Someone else cannot put Rune's reminder off.
    const forged = await h.user(P.eva).invoke('followup.snooze', snooze.data);
    expect(textsOf(forged.body.value)).toContain('This reminder no longer exists, or it is not for you.');
    const res = await rune.invoke('followup.snooze', snooze.data, reminder.activityId);
    expect(textsOf(res.body.value).some((t) => /^Utsatt til .* kl\. \d\d:\d\d\. Du får påminnelsen igjen da/.test(t))).toBe(true);
    expect(actionsOf(res.body.value).map((a) => a.verb)).not.toContain('followup.snooze');
    const { case: c, work } = await stored(h, caseId);
    expect(c.history.at(-1)).toMatchObject({ by: P.rune, action: 'reminderSnoozed' });
    const item = work.find((w) => w.kind === 'reminder' && w.recipientId === P.rune && w.reminder === 'acknowledge')!;
    expect(item).toMatchObject({ state: 'open', snoozedUntil: item.dueAt });
    expect(new Date(item.dueAt!).getTime()).toBeGreaterThan(Date.now() + 3600_000);
    const view = textsOf((await rune.invoke('incident.view', { incidentId: caseId })).body.value).join(' ');
    expect(view).toContain('utsatte en påminnelse til neste skoledag');

    // Rune is no longer principal (Nina took over): his old card puts nothing off, and the case and the reminder stay as they were.
    const directory = h.bot.directory.current;
    h.bot.directory.replace({ ...directory, schools: directory.schools.map((x) => (x.id === 'nordby' ? { ...x, principals: [P.nina] } : x)) }, {});
    try {
      const before = await stored(h, caseId);
      const former = await rune.invoke('followup.snooze', snooze.data, reminder.activityId);
      expect(textsOf(former.body.value)).toContain('Denne påminnelsen finnes ikke lenger, eller den er ikke til deg.');
      const after = await stored(h, caseId);
      expect(after.case.revision).toBe(before.case.revision);
      expect(after.work.find((w) => w.id === item.id)).toEqual(before.work.find((w) => w.id === item.id));
    } finally {
      h.bot.directory.replace(directory, {});
    }
  });

  it('sends no reminder or escalation for a case acknowledged in time', async () => {
    const { caseId } = await report(h, tina);
    await rune.invoke('incident.acknowledge', { incidentId: caseId });
    // The reminder and the escalation fall due within 4 s: waited for until both are settled, not for a fixed time.
    await settled(h, caseId, new Date(Date.now() + 4000));
    expect(withNote(h, P.rune, caseId, 'Påminnelse: saken er ikke bekreftet mottatt ennå. Den ansatte venter på at du tar kontakt.')).toEqual([]);
    expect(messagesAbout(h, P.siri, caseId)).toEqual([]);
    const reminders = (await stored(h, caseId)).work.filter((w) => w.kind === 'reminder');
    expect(reminders.every((w) => w.state === 'done' && w.skipped)).toBe(true);
  });

  it('repeats the legal reminder until the steps are marked done', async () => {
    const { caseId } = await report(h, tina, { seriousInjury: 'true' });
    const note = 'Påminnelse: de lovpålagte varslene er ikke markert som gjort ennå.';
    // One short notice, rewritten in place each time it goes again, not a new full case card each time.
    const rewrites = () => messagesAbout(h, P.rune, caseId).filter((a) => a.op === 'update' && textsOf(cardOf(a.activity))[0] === note);
    await h.teams.waitFor('the legal reminder, repeated', () => rewrites().length >= 1);
    const [first] = withNote(h, P.rune, caseId, note);
    expect(withNote(h, P.rune, caseId, note)).toHaveLength(1);
    expect(rewrites().every((a) => a.activityId === first.activityId)).toBe(true);
    const card = cardOf(rewrites().at(-1)!.activity)!;
    expect(textsOf(card)).toEqual(expect.arrayContaining([expect.stringMatching(/^Påminnet \d+ ganger, sist /), 'Åpne saken']));
    expect(textsOf(card).some((t) => /^Meldt .* · VT-\d{4}-\d{4}$/.test(t))).toBe(true);
    expect(actionsOf(card).map((a) => a.verb)).toEqual(['incident.view']); // the § 5-2 notifications cannot be put off
    expect(JSON.stringify(card)).not.toContain('Eleven slo meg');
    for (const item of ['arbeidstilsynet', 'police', 'confirmation']) await rune.invoke('legal.mark', { incidentId: caseId, item, done: true });
    // The repeating reminder stops for good the next time it falls due (nothing it is about is outstanding): wait for that.
    await until('the legal reminder stopped', async () => (await stored(h, caseId)).work.filter((w) => w.kind === 'reminder' && w.reminder === 'legal').every((w) => w.state === 'done'));
    const count = messagesAbout(h, P.rune, caseId).filter((a) => textsOf(cardOf(a.activity))[0] === note).length;
    await sleep(2500);
    expect(messagesAbout(h, P.rune, caseId).filter((a) => textsOf(cardOf(a.activity))[0] === note).length).toBe(count);
  });

  it('alerts the owner once about a school gathering serious cases', async () => {
    const per = h.user(P.per);
    const alertsTo = (aad: string) => h.teams.activities.filter((a) => a.op === 'send' && textsOf(cardOf(a.activity) ?? {})[0] === (aad === P.siri ? 'Many serious incidents at Sørby skole' : 'Mange alvorlige hendelser ved Sørby skole'));
    const first = await report(h, per, { severity: 'very-serious' });
    await sleep(800);
    expect(alertsTo(P.siri)).toHaveLength(0);
    const second = await report(h, per, { severity: 'serious' });
    await h.teams.waitFor('the alerts', () => alertsTo(P.siri).length === 1 && alertsTo(P.hakon).length === 1);
    const card = cardOf(alertsTo(P.hakon)[0].activity)!;
    expect(textsOf(card).join(' ')).toContain('2 alvorlige eller svært alvorlige saker ved Sørby skole er åpne og meldt de siste 30 dagene.');
    expect(actionsOf(card).map((a) => a.data.incidentId).sort()).toEqual([first.caseId, second.caseId].sort());
    expect(textsOf(card).join(' ')).toContain('forskrift om utførelse av arbeid § 3A-2 (tidligere § 23A-1)');
    // The same cluster growing is not alerted again.
    await report(h, per, { severity: 'serious' });
    await sleep(1500);
    expect(alertsTo(P.siri)).toHaveLength(1);
    expect(alertsTo(P.hakon)).toHaveLength(1);
  });

  it('records someone the bot cannot reach on the case, and tells the next role up', async () => {
    // Teams refuses every message to Vera: the app is blocked for her.
    const veraChat = h.teams.conversationCreatedFor(P.vera)?.id;
    h.teams.fault = ({ path, conversationId, body }) =>
      (veraChat && conversationId === veraChat) || (path === '/v3/conversations' && body.members?.some((m: { id: string }) => m.id === P.vera)) ? { status: 403 } : undefined;
    // Eva reports this one: Tina's sixth case within the hour would reach Vera in a summary of Tina's reports instead.
    const { caseId } = await report(h, h.user(P.eva), { schoolId: 'nordby' });
    await h.teams.waitFor('the notice to the chief safety representative', () =>
      withNote(h, P.hakon, caseId, 'TryggMeld fikk ikke levert en melding om denne saken til Vera Nilsen. Ta kontakt på annen måte.')[0],
    );
    const { case: c, work } = await stored(h, caseId);
    expect(c.unreachable).toEqual([expect.objectContaining({ recipientId: P.vera, what: 'case.new', toldInstead: [P.hakon] })]);
    expect(work.find((w) => w.recipientId === P.vera && w.kind === 'case.new')?.state).toBe('undeliverable');
    const runeView = textsOf((await rune.invoke('incident.view', { incidentId: caseId })).body.value);
    expect(runeView).toContain('Kunne ikke nås');
    expect(runeView.some((t) => /^Vera Nilsen, .*: melding om ny sak\. Fikk beskjed i stedet: Håkon Lie\.$/.test(t))).toBe(true);
    h.teams.fault = undefined;
  });
});
