/**
 * `mine data` on the real server: a person gets a card with links to
 * everything the bot holds about them, as JSON and as a PDF (read back with
 * pdftotext, Norwegian letters and all), and nobody else's data: two people
 * exposed in one case each get only their own check-in notes, the school's
 * internal comments are not in the reporter's file, others appear by role.
 * The links are the signed, short-lived, one-person links of every
 * download: changed, expired and another person's links are refused, and
 * every link and download is in the audit trail.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { inDays, report, type Reported } from '../support/case-flow';
import { actionsOf, cardOf, startHarness, textsOf, TravelClock, type Harness, type TeamsUser } from '../support/harness';
import { P } from '../support/people';

const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');
const DESCRIPTION = 'Eleven slo meg i gymsalen. Blåbærsyltetøy på gulvet – æøå ÆØÅ «sitat».';

describe('mine data', () => {
  let h: Harness;
  const clock = new TravelClock();
  let tina: TeamsUser, rune: TeamsUser, eva: TeamsUser;
  let reported: Reported;
  const tokens: Record<string, string> = {};
  const links: Record<string, { pdf: string; json: string }> = {};

  /** The bot's answer to what the person wrote: the card with the links (or a text), not a notice about the case that arrived meanwhile. */
  async function answerTo(user: TeamsUser, text: string) {
    const before = h.teams.in(user.conversationId).length;
    await user.say(text);
    const isAnswer = (a: Record<string, any>) => (cardOf(a) ? JSON.stringify(cardOf(a)).includes('mydata.links') : Boolean(a.text));
    return (await h.teams.waitFor(`the answer to "${text}"`, () => h.teams.in(user.conversationId).slice(before).find((a) => a.op === 'send' && isAnswer(a.activity)))).activity;
  }
  const openUrls = (card: unknown): { title: string; url: string }[] => {
    const found: { title: string; url: string }[] = [];
    JSON.stringify(card, (_key, value) => {
      if (value && typeof value === 'object' && value.type === 'Action.OpenUrl') found.push({ title: value.title, url: value.url });
      return value;
    });
    return found;
  };
  async function linksOf(user: TeamsUser, text = 'mine data') {
    const card = cardOf(await answerTo(user, text))!;
    const [pdf, json] = openUrls(card);
    return { card, pdf: pdf!.url, json: json!.url };
  }
  const jsonOf = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { headers });
    expect(res.status).toBe(200);
    return { res, data: (await res.json()) as any };
  };

  beforeAll(async () => {
    h = await startHarness({}, { clock: clock.now });
    [tina, rune, eva] = [h.user(P.tina), h.user(P.rune), h.user(P.eva)];
    reported = await report(h, tina, { description: DESCRIPTION, immediateActions: 'Jeg ropte på hjelp.' });
    // Eva was exposed too (as a colleague's report names her), with her own check-in.
    const item = h.bot.containers.cases.item(reported.caseId, reported.caseId);
    const { resource } = await item.read();
    const first = resource.followUps[0];
    await item.replace({ ...resource, affectedIds: [P.tina, P.eva], followUps: [...resource.followUps, { ...first, id: 'f9', personId: P.eva }] });

    await tina.invoke('followup.answer', { incidentId: reported.caseId, followUpId: first.id, answer: 'talk', note: 'Tinas notat: jeg sover dårlig.', share: 'false' });
    await eva.invoke('followup.answer', { incidentId: reported.caseId, followUpId: 'f9', answer: 'ok', note: 'Evas notat om helsa.', share: 'true' });
    await rune.invoke('incident.acknowledge', { incidentId: reported.caseId });
    await rune.invoke('incident.comment', { incidentId: reported.caseId, comment: 'Intern kommentar: snakket med foreldrene.' });
    await rune.invoke('measure.propose', { incidentId: reported.caseId, description: 'Ekstra voksen i gymtimen', owner: P.eva, dueDate: inDays(7) });
    await h.user(P.vera).invoke('incident.view', { incidentId: reported.caseId });
    for (const person of [P.tina, P.eva]) {
      const res = await fetch(`${h.bot.url}/api/tab/dev-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: person }) });
      tokens[person] = ((await res.json()) as { token: string }).token;
    }
  });
  afterAll(() => h.stop());

  it('answers "mine data" with a card of links to a PDF and a JSON file, made for this person', async () => {
    const { card, pdf, json } = await linksOf(tina);
    links.tina = { pdf, json };
    const texts = textsOf(card);
    expect(texts[0]).toBe('Dine data i TryggMeld');
    expect(openUrls(card).map((l) => l.title)).toEqual(['Last ned PDF', 'Last ned JSON (maskinlesbar)']);
    expect(new URL(pdf).pathname).toMatch(/\/tryggmeld-mine-data-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(new URL(json).pathname).toMatch(/\/tryggmeld-mine-data-\d{4}-\d{2}-\d{2}\.json$/);
    expect(texts).toEqual(expect.arrayContaining(['Saker du har meldt eller ble rammet i', '1', 'Lenkene virker i 10 minutter og bare for deg. Skriv «mine data» eller trykk «Lag nye lenker» for nye.']));
    expect(JSON.stringify(card)).toContain('"verb":"mydata.links"');
  });

  it("gives the reporter her report, her additions and her own check-in note, and nobody else's data", async () => {
    const { res, data } = await jsonOf(links.tina!.json);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(data).toMatchObject({ format: 'tryggmeld.own-data/1', person: { id: P.tina, name: 'Tina Berg', schools: [{ id: 'nordby', roles: ['member'] }] } });
    const [c, ...others] = data.cases;
    expect(others).toEqual([]);
    expect(c).toMatchObject({ reference: reported.reference, parts: ['reporter', 'affected', 'actor'], reportedBy: 'you', othersExposed: 1, report: { description: DESCRIPTION, immediateActions: 'Jeg ropte på hjelp.' } });
    expect(c.checkIns.filter((f: any) => f.answer)).toEqual([expect.objectContaining({ answer: 'talk', note: 'Tinas notat: jeg sover dårlig.', shared: false })]);
    expect(c.measures).toEqual([expect.objectContaining({ description: 'Ekstra voksen i gymtimen', state: 'approved', owner: 'role:affected', proposedBy: 'role:principal', decidedBy: 'role:principal' })]);
    expect(c.openedBy.map((o: any) => o.role)).toEqual(expect.arrayContaining(['principal', 'safetyRep']));
    expect(c.toldAboutYou).toEqual([expect.objectContaining({ to: 'role:principal', notice: 'talkRequested' })]);
    expect(c.messagesToYou.map((m: any) => m.kind)).toContain('checkin');
    const text = JSON.stringify(data);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'mine-data.json'), JSON.stringify(data, null, 2));
    for (const hidden of ['Evas notat', 'Intern kommentar', 'Rune Haugen', 'Eva Strand', 'Vera Nilsen', P.rune, P.eva, P.vera]) expect(text).not.toContain(hidden);
    // Her own trail: the two links she made for this.
    expect(data.audit.filter((e: any) => e.action === 'export.link' && e.kind === 'mydata')).toHaveLength(2);
  });

  it("gives the other exposed employee only her own note, and the measure she owns as hers", async () => {
    const { json } = await linksOf(eva, 'my data');
    const { data } = await jsonOf(json);
    const [c] = data.cases;
    expect(c).toMatchObject({ parts: ['affected', 'measureOwner', 'actor'], reportedBy: 'role:reporter', othersExposed: 1 });
    expect(c.checkIns).toEqual([expect.objectContaining({ answer: 'ok', note: 'Evas notat om helsa.', shared: true })]);
    expect(c.measures).toEqual([expect.objectContaining({ description: 'Ekstra voksen i gymtimen', owner: 'you' })]);
    const text = JSON.stringify(data);
    for (const hidden of ['Tinas notat', 'Intern kommentar', 'Tina Berg', 'Rune Haugen', P.tina, P.rune]) expect(text).not.toContain(hidden);
  });

  it('gives the principal what he did and wrote, and what he opened, without the report or the notes', async () => {
    const { json } = await linksOf(rune);
    const { data } = await jsonOf(json);
    const [c] = data.cases;
    expect(c.parts).toEqual(['actor']);
    expect(c.report).toBeUndefined();
    expect(c.yourEntries.map((e: any) => e.action)).toEqual(['acknowledged', 'commented', 'measureProposed', 'measureApproved']);
    expect(c.yourEntries[1].text).toBe('Intern kommentar: snakket med foreldrene.');
    expect(c.measures).toEqual([expect.objectContaining({ description: 'Ekstra voksen i gymtimen', proposedBy: 'you', owner: 'role:affected' })]);
    expect(data.audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'case.view', reference: reported.reference, roles: ['principal'], caseIds: [reported.caseId] })]));
    const text = JSON.stringify(data);
    for (const hidden of [DESCRIPTION, 'Tinas notat', 'Evas notat', P.tina, P.eva]) expect(text).not.toContain(hidden);
  });

  it('gives the training she took part in from the school’s log, and none of it to someone it does not name', async () => {
    const card = await rune.invoke('training.view', { schoolId: 'nordby' });
    const submit = actionsOf(card.body.value).find((a) => a.verb === 'training.log')!;
    await rune.invoke('training.log', { ...submit.data, date: inDays(-1), kind: 'drill', topic: 'Alarmøvelse i gymsalen', participants: P.tina, notes: 'Rektors notat om øvelsen.' });
    const { data } = await jsonOf((await linksOf(tina)).json);
    expect(data.prevention).toEqual([expect.objectContaining({ schoolId: 'nordby', school: 'Nordby skole', training: [expect.objectContaining({ kind: 'drill', topic: 'Alarmøvelse i gymsalen', parts: ['participant'] })] })]);
    expect(JSON.stringify(data.prevention)).not.toContain('Rektors notat');
    const { data: evas } = await jsonOf((await linksOf(eva, 'my data')).json);
    expect(JSON.stringify(evas.prevention)).not.toContain('Alarmøvelse');
    const { data: runes } = await jsonOf((await linksOf(rune)).json);
    expect(runes.prevention[0].training[0]).toMatchObject({ parts: ['recorded'], notes: 'Rektors notat om øvelsen.' });
  });

  it('gives a readable PDF with the Norwegian letters as written', async () => {
    const res = await fetch(links.tina!.pdf);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    // Kept for a reader beside the other tests' artifacts.
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'mine-data.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const shown of ['Dine data i TryggMeld', 'Tina Berg', 'Saker du har meldt eller ble rammet i', reported.reference, 'Blåbærsyltetøy på gulvet – æøå ÆØÅ «sitat»', 'Tinas notat: jeg sover dårlig.', 'Hvem som har åpnet saken', 'verneombud', 'Det som ikke er med']) {
      expect(text).toContain(shown);
    }
    for (const hidden of ['Evas notat', 'Intern kommentar', 'Rune Haugen', 'Eva Strand']) expect(text).not.toContain(hidden);
  });

  it("refuses a changed link, another person's link and an expired link, each saying how to get a new one", async () => {
    const url = new URL(links.tina!.json);
    const [, , token, name] = url.pathname.split('/');
    const changed = await fetch(`${h.bot.url}/downloads/${token!.slice(0, -3)}xyz/${name}`);
    expect(changed.status).toBe(401);
    expect(await changed.text()).toContain('Lenken er ugyldig. Lag en ny: skriv «mine data» i chatten med TryggMeld, eller bruk Oversikt.');
    expect((await fetch(`${h.bot.url}/downloads/${token}/${name!.replace('.json', '.pdf')}`)).status).toBe(401);

    const other = await fetch(links.tina!.json, { headers: { authorization: `Bearer ${tokens[P.eva]}` } });
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('Lenken ble laget for en annen person. Lag en ny: skriv «mine data»');
    expect((await fetch(links.tina!.json, { headers: { authorization: `Bearer ${tokens[P.tina]}` } })).status).toBe(200);

    clock.setTo(new Date(Date.now() + 11 * 60_000));
    try {
      const late = await fetch(links.tina!.pdf);
      expect(late.status).toBe(401);
      expect(await late.text()).toContain('Lenken er utløpt. Lag en ny: skriv «mine data»');
    } finally {
      clock.setTo(new Date());
    }
  });

  it('records every download of it in the audit trail, as the person themself, with the cases in it', async () => {
    const trail = await h.bot.audit.ofActor(P.tina);
    const downloads = trail.filter((e) => e.action === 'export.download' && e.kind === 'mydata');
    expect(downloads.length).toBeGreaterThanOrEqual(3);
    for (const e of downloads) expect(e).toMatchObject({ roles: ['self'], schoolIds: ['nordby'], channel: 'link', caseIds: [reported.caseId], count: 1 });
    expect(downloads.map((e) => e.format)).toEqual(expect.arrayContaining(['json', 'pdf']));
    expect((await h.bot.audit.ofActor(P.eva)).filter((e) => e.action === 'export.refused')).toEqual([expect.objectContaining({ reason: 'otherPerson', kind: 'mydata' })]);
  });

  it('is in the tab for everyone, for their own data only', async () => {
    const made = await fetch(`${h.bot.url}/api/tab/downloads`, { method: 'POST', headers: { authorization: `Bearer ${tokens[P.eva]}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'mydata', format: 'json', personId: P.tina, schoolId: 'nordby' }) });
    expect(made.status).toBe(200);
    const { url } = (await made.json()) as { url: string };
    const { data } = await jsonOf(url, { authorization: `Bearer ${tokens[P.eva]}` });
    expect(data.person.id).toBe(P.eva);
  });

  it('answers in English, and someone of the tenant the directory does not name (who may report) too', async () => {
    const { card } = await linksOf(h.user(P.siri), 'my data');
    expect(textsOf(card)[0]).toBe('Your data in TryggMeld');
    const stranger = await linksOf(h.user(P.stranger));
    const { data } = await jsonOf(stranger.json);
    expect(data).toMatchObject({ person: { id: P.stranger, ownerRoles: [], schools: [] }, cases: [] });
    expect(JSON.stringify(data)).not.toContain(P.tina);
  });
});
