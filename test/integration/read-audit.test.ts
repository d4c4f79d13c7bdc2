/**
 * Reads of cases in the audit trail, on the real server: every opening of a
 * case by someone other than its reporter (in chat, through Teams' refresh,
 * as the answer to an action, in the tab) is stored with who, which case,
 * as which role, where and when, once per person, case and window; the
 * principal and the safety representative see "Sist åpnet av"; the owner's
 * leader sees the list without the reporter side; a teacher is refused;
 * a failed write never hides the case.
 */
import { formatInstant } from '../../src/core/format';
import { report, type Reported } from '../support/case-flow';
import { startHarness, textsOf, TravelClock, type Harness, type TeamsUser } from '../support/harness';
import { P } from '../support/people';

describe('who opened a case', () => {
  let h: Harness;
  // A minute into a quarter of an hour (the opening window), today: the report form's date is today.
  const QUARTER = 15 * 60_000;
  const start = Math.floor(Date.now() / QUARTER) * QUARTER + 60_000;
  const clock = new TravelClock(new Date(start));
  const at = (ms: number, language: 'nb' | 'nn' | 'en' = 'nb') => formatInstant(new Date(ms).toISOString(), 'Europe/Oslo', language);
  let tina: TeamsUser, rune: TeamsUser, vera: TeamsUser, siri: TeamsUser, per: TeamsUser;
  let reported: Reported;
  const views = () => h.bot.audit.ofCase(reported.caseId, { action: 'case.view' });

  async function tabToken(personId: string): Promise<string> {
    const res = await fetch(`${h.bot.url}/api/tab/dev-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId }) });
    return ((await res.json()) as { token: string }).token;
  }

  beforeAll(async () => {
    h = await startHarness({}, { clock: clock.now });
    [tina, rune, vera, siri, per] = [P.tina, P.rune, P.vera, P.siri, P.per].map((id) => h.user(id));
    reported = await report(h, tina, { severity: 'very-serious', description: 'Eleven slo meg.' });
  });
  afterAll(() => h.stop());

  it("stores the principal's opening (who, role, case, when, where), once per window however often Teams refreshes", async () => {
    const opened = await rune.invoke('incident.view', { incidentId: reported.caseId });
    expect(textsOf(opened.body.value)).toContain('Eleven slo meg.');
    await rune.invoke('incident.view', { incidentId: reported.caseId });
    await rune.invoke('incident.view', { incidentId: reported.caseId });
    const [entry, ...more] = await views();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actorId: P.rune,
      action: 'case.view',
      roles: ['principal'],
      schoolIds: ['nordby'],
      channel: 'chat',
      caseIds: [reported.caseId],
      reference: reported.reference,
      count: 1,
    });
    expect(Math.abs(new Date(entry!.at).getTime() - clock.now().getTime())).toBeLessThan(60_000);
    // The log keeps its events as before.
    expect(h.logs.filter((l) => l.includes('"event":"case.viewed"') && l.includes(P.rune))).toHaveLength(3);

    // The next quarter of an hour is a new opening.
    clock.setTo(new Date(start + QUARTER));
    await rune.invoke('incident.view', { incidentId: reported.caseId });
    expect((await views()).filter((e) => e.actorId === P.rune)).toHaveLength(2);
  });

  it("does not store the reporter's own looks, and stores openings through actions and the tab", async () => {
    await tina.invoke('incident.view', { incidentId: reported.caseId });
    expect((await views()).some((e) => e.actorId === P.tina)).toBe(false);

    // The safety representative comments: the card answered shows the case.
    await vera.invoke('incident.comment', { incidentId: reported.caseId, comment: 'Jeg tar kontakt med Tina.' });
    // The owner's leader opens the case in the tab.
    const res = await fetch(`${h.bot.url}/api/tab/sections/cases/${reported.caseId}`, { headers: { authorization: `Bearer ${await tabToken(P.siri)}` } });
    expect(res.status).toBe(200);
    const byPerson = Object.fromEntries((await views()).map((e) => [e.actorId, e]));
    expect(byPerson[P.vera]).toMatchObject({ roles: ['safetyRep'], channel: 'chat' });
    expect(byPerson[P.siri]).toMatchObject({ roles: ['leader'], channel: 'tab' });
  });

  it('shows the principal and the safety representative "Sist åpnet av": names, roles, when', async () => {
    const card = (await rune.invoke('incident.view', { incidentId: reported.caseId })).body.value;
    expect(JSON.stringify(card)).toContain('"verb":"incident.openedBy"');
    const texts = textsOf((await rune.invoke('incident.openedBy', { incidentId: reported.caseId })).body.value);
    expect(texts[0]).toBe(`Sist åpnet av: ${reported.reference}`);
    const names = ['Siri Dahl', 'Vera Nilsen', 'Rune Haugen'];
    expect(texts.filter((t) => names.includes(t))).toEqual(names);
    const last = async (personId: string) => new Date((await views()).find((e) => e.actorId === personId)!.at).getTime();
    expect(texts).toContain(`skoleeierens leder · sist ${at(await last(P.siri))} (1 gang)`);
    expect(texts).toContain(`rektor · sist ${at(await last(P.rune))} (2 ganger)`);
    expect(texts).not.toContain('Tina Berg');
    expect(texts).toContain('Tilbake til saken');

    const nynorsk = textsOf((await vera.invoke('incident.openedBy', { incidentId: reported.caseId })).body.value);
    expect(nynorsk[0]).toBe(`Sist opna av: ${reported.reference}`);
    expect(nynorsk).toContain(`verneombod · sist ${at(await last(P.vera), 'nn')} (1 gong)`);
  });

  it("lists for the owner's leader who opened the case, never the reporter side", async () => {
    // Eva is named as exposed too (as a colleague's report would), and opens the case.
    const { resource } = await h.bot.containers.cases.item(reported.caseId, reported.caseId).read();
    await h.bot.containers.cases.item(reported.caseId, reported.caseId).replace({ ...resource, affectedIds: [...resource.affectedIds, P.eva] });
    await h.user(P.eva).invoke('incident.view', { incidentId: reported.caseId });
    expect((await views()).find((e) => e.actorId === P.eva)).toMatchObject({ roles: ['affected'] });

    const leader = textsOf((await siri.invoke('incident.openedBy', { incidentId: reported.caseId })).body.value);
    expect(leader[0]).toBe(`Last opened by: ${reported.reference}`);
    expect(leader).toContain('Whoever reported or was exposed is not shown to the school owner.');
    expect(leader).toEqual(expect.arrayContaining(['Rune Haugen', 'Vera Nilsen', 'Siri Dahl']));
    expect(leader).not.toContain('Eva Strand');
    expect(leader).not.toContain('Tina Berg');
    // The principal sees her.
    expect(textsOf((await rune.invoke('incident.openedBy', { incidentId: reported.caseId })).body.value)).toContain('Eva Strand');
  });

  it('refuses a teacher, the chief safety representative and another school', async () => {
    const teacher = textsOf((await tina.invoke('incident.openedBy', { incidentId: reported.caseId })).body.value);
    expect(teacher).toEqual(['Bare rektor og verneombud ved skolen, og skoleeierens ledere, kan se hvem som har åpnet saken.']);
    const chief = textsOf((await h.user(P.hakon).invoke('incident.openedBy', { incidentId: reported.caseId })).body.value);
    expect(chief).toEqual(['Bare rektor og verneombud ved skolen, og skoleeierens ledere, kan se hvem som har åpnet saken.']);
    expect(textsOf((await per.invoke('incident.openedBy', { incidentId: reported.caseId })).body.value)).toEqual(['Du har ikke tilgang til denne saken.']);
    // No button for them either.
    expect(JSON.stringify((await h.user(P.hakon).invoke('incident.view', { incidentId: reported.caseId })).body.value)).not.toContain('incident.openedBy');
  });

  it('shows the case when the audit trail cannot be written, and logs the opening as an error', async () => {
    // The last test: the audit container is gone.
    await h.bot.containers.audit.delete();
    clock.setTo(new Date(start + 2 * QUARTER));
    const opened = await rune.invoke('incident.view', { incidentId: reported.caseId });
    expect(textsOf(opened.body.value)).toContain('Eleven slo meg.');
    const failed = h.logs.find((l) => l.includes('"event":"audit.failed"'));
    expect(failed).toBeDefined();
    expect(JSON.parse(failed!)).toMatchObject({ level: 'error', action: 'case.view', by: P.rune, caseId: reported.caseId, as: 'principal', channel: 'chat' });
  });
});
