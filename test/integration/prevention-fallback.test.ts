/**
 * Prevention reminders that cannot reach the one they are for go to the next
 * role up, as case reminders do: a principal whose chat answers 403 (the app
 * removed), a measure owner whose chat is gone (404), a reminder that keeps
 * failing (late, still retried), and a school the directory left without a
 * principal. The clock is moved as in follow-up-calendar.test.ts.
 */
import { zonedToUtc } from '../../src/core/clock';
import type { Directory } from '../../src/core/directory';
import { cardOf, startHarness, textsOf, TravelClock, type Harness, type TeamsUser } from '../support/harness';
import { P } from '../support/people';

const OSLO = 'Europe/Oslo';

describe('prevention reminders when the principal cannot be reached', () => {
  const clock = new TravelClock(zonedToUtc('2026-08-17', '07:00', OSLO)); // a Monday before the school year
  let h: Harness;
  let rune: TeamsUser, vera: TeamsUser, siri: TeamsUser, tina: TeamsUser;

  /** The first text of each card a person got (the reminder's note), oldest first. */
  const notes = (user: TeamsUser) => h.teams.in(user.conversationId).filter((a) => a.op === 'send' && cardOf(a.activity)).map((a) => textsOf(cardOf(a.activity))[0]);
  const at = async (date: string, time: string) => {
    clock.setTo(new Date(zonedToUtc(date, time, OSLO).getTime() + 1000));
    // The day's look runs, then what it owes goes out, then what a failure owes.
    for (let i = 0; i < 3; i++) await h.bot.dispatcher.runOnce();
  };
  const workTo = async (recipientId: string, kind: string) => {
    const { resources } = await h.bot.containers.cases.items
      .query<{ state: string; insteadOf?: string; noPrincipal?: boolean }>({ query: 'SELECT * FROM c WHERE c.docType = "work" AND c.kind = @k AND c.recipientId = @r', parameters: [{ name: '@k', value: kind }, { name: '@r', value: recipientId }] })
      .fetchAll();
    return resources;
  };

  beforeAll(async () => {
    h = await startHarness({}, { clock: clock.now });
    rune = h.user(P.rune);
    vera = h.user(P.vera, { locale: 'nn-NO' });
    siri = h.user(P.siri, { locale: 'en-GB' });
    tina = h.user(P.tina);
    for (const u of [rune, vera, siri, tina]) await u.install();
    await at('2026-08-17', '08:00'); // the first look starts each school's staff record
  });
  afterAll(() => h.stop());

  it('gives the owner’s leader the review and drill reminders of a principal whose chat answers 403, and of a school with no principal', async () => {
    h.teams.fault = ({ method, conversationId }) => (method === 'POST' && conversationId === rune.conversationId ? { status: 403 } : undefined);
    // A synchronisation from Entra ID left Sørby without a principal.
    const directory: Directory = h.bot.directory.current;
    h.bot.directory.replace({ ...directory, schools: directory.schools.map((s) => (s.id === 'sorby' ? { ...s, principals: [] } : s)) }, {});

    await at('2026-08-18', '08:00');
    const review = 'The yearly review of the risk assessment is due by 01/09/2026. Set time aside with the safety representative.';
    await h.teams.waitFor('Rune’s review reminder, to Siri', () => notes(siri).includes(`TryggMeld could not deliver this message to Rune Haugen, so it comes to you. Please reach them another way. It said: “${review}”`));
    expect(notes(siri)).toContain(`Sørby skole has no principal in TryggMeld’s directory, so this message comes to you: “${review}”`);
    expect(notes(siri)).toContain('TryggMeld could not deliver this reminder to Rune Haugen, so it comes to you. Please reach them another way. It said: “No drill has been recorded at the school. Plan and record one.”');
    expect(notes(siri)).toContain('Sørby skole has no principal in TryggMeld’s directory, so this reminder comes to you: “No drill has been recorded at the school. Plan and record one.”');
    // The safety representative, reachable, gets her own invitation; nothing goes to Rune.
    expect(notes(vera)).toContain('Risikovurderinga for Nordby skole skal gåast gjennom innan 01.09.2026. Som verneombod blir du bede om å delta og kan kommentere ho her.');
    expect(notes(rune)).toEqual([]);
    expect((await workTo(P.rune, 'risk.notice')).map((w) => w.state)).toEqual(['undeliverable']);
    expect((await workTo(P.siri, 'risk.notice')).map((w) => [w.state, w.insteadOf ?? null, w.noPrincipal ?? null]).sort()).toEqual([['done', P.rune, null], ['done', null, true]].sort());

    // Once told, a look the next day owes nothing more to anyone.
    const count = notes(siri).length;
    await at('2026-08-19', '08:00');
    expect(notes(siri)).toHaveLength(count);
    h.bot.directory.replace(directory, {});
    h.teams.fault = undefined;
  });

  it('tells the principal when a measure’s owner cannot be reached (404), and when a reminder is late (still failing after minutes)', async () => {
    await rune.invoke('risk.add', { schoolId: 'nordby', situation: 'Alenearbeid i SFO', likelihood: '4', consequence: '4', location: 'sfo', clientRequestId: 'fallback-1' });
    await rune.invoke('risk.measure.propose', { schoolId: 'nordby', situationId: 's1', description: 'To voksne på SFO', owner: P.tina, dueDate: '2026-08-25' });
    h.teams.fault = ({ method, conversationId }) => (method === 'POST' && conversationId === tina.conversationId ? { status: 404 } : undefined);
    await rune.invoke('risk.measure.approve', { schoolId: 'nordby', situationId: 's1', measureId: 'm1' });
    await at('2026-08-19', '09:00');
    await h.teams.waitFor('the measure notice, to Rune', () =>
      notes(rune).includes('TryggMeld fikk ikke levert denne meldingen til Tina Berg, så den går til deg. Ta kontakt på annen måte. Den lød: «Du er ansvarlig for et tiltak i risikovurderingen for Nordby skole.»'),
    );

    // The day before the due date Tina's chat fails over and over (503): after some minutes Rune hears of it, while it is still tried.
    h.teams.fault = ({ method, conversationId }) => (method === 'POST' && conversationId === tina.conversationId ? { status: 503 } : undefined);
    await at('2026-08-25', '07:00');
    await at('2026-08-25', '07:07');
    await h.teams.waitFor('the late measure reminder, to Rune', () =>
      notes(rune).includes('TryggMeld fikk ikke levert denne meldingen til Tina Berg, så den går til deg. Ta kontakt på annen måte. Den lød: «Påminnelse: fristen for tiltaket «To voksne på SFO» i risikovurderingen er 25.08.2026.»'),
    );
    expect((await workTo(P.tina, 'risk.notice')).map((w) => w.state).sort()).toEqual(['open', 'undeliverable']);
    h.teams.fault = undefined;
  });

  it('sends a training reminder without the form when Teams finds the card too large (413), as for a school of hundreds of staff', async () => {
    const directory: Directory = h.bot.directory.current;
    h.bot.directory.replace({ ...directory, schools: directory.schools.map((s) => (s.id === 'nordby' ? { ...s, members: [...s.members, P.nina] } : s)) }, {});
    await at('2026-08-26', '08:00'); // Nina is first seen: new staff, to be trained within four weeks
    const from = h.teams.in(rune.conversationId).length;
    h.teams.fault = ({ method, conversationId, body }) => (method === 'POST' && conversationId === rune.conversationId && JSON.stringify(body).includes('"verb":"training.log"') ? { status: 413 } : undefined);
    await at('2026-09-09', '08:00');
    const sent = await h.teams.waitFor('the reminder of Nina’s training', () =>
      h.teams.in(rune.conversationId).slice(from).find((a) => a.op === 'send' && textsOf(cardOf(a.activity))[0] === 'Påminnelse: Nina Vik er ny ved skolen og skal ha opplæring innen 23.09.2026.'),
    );
    const card = cardOf(sent.activity);
    expect(JSON.stringify(card)).not.toContain('training.log');
    expect(textsOf(card).join(' ')).toContain('Opplæring og øvelser: Nordby skole');
    h.teams.fault = undefined;
    h.bot.directory.replace(directory, {});
  });

  it('hands a measure’s overdue reminder to the new principal when the principal changed while it waited', async () => {
    await rune.invoke('risk.measure.propose', { schoolId: 'nordby', situationId: 's1', description: 'Alarm på SFO', dueDate: '2026-09-15' });
    await rune.invoke('risk.measure.approve', { schoolId: 'nordby', situationId: 's1', measureId: 'm2' });
    const anne = h.user(P.anne);
    await anne.install();
    const directory: Directory = h.bot.directory.current;
    h.bot.directory.replace({ ...directory, schools: directory.schools.map((s) => (s.id === 'nordby' ? { ...s, principals: [P.anne] } : s)) }, {});
    const before = notes(rune).length;
    await at('2026-09-16', '07:01');
    const overdue = 'Fristen for tiltaket «Alarm på SFO» i risikovurderingen gikk ut 15.09.2026, og det er ikke markert som gjennomført.';
    await h.teams.waitFor('the overdue reminder, to Anne', () => notes(anne).includes(overdue));
    expect(notes(rune).slice(before)).not.toContain(overdue);
    expect((await workTo(P.anne, 'risk.notice')).map((w) => (w as { handedOverFrom?: string }).handedOverFrom)).toContain(P.rune);
    h.bot.directory.replace(directory, {});
  });
});
