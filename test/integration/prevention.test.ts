/**
 * Prevention through the real server: a principal builds the school's risk
 * assessment from the chat, fed by the school's cases; the safety
 * representative takes part; a teacher may not edit; a case is linked from
 * the case card; a cluster alert asks for a review, which is kept as a
 * version; a drill is logged and counted; the school's routine is shown.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionsOf, cardOf, startHarness, textsOf, type Harness, type TeamsUser } from '../support/harness';
import { inDays, report, settled } from '../support/case-flow';
import { P } from '../support/people';
import type { RecordedActivity } from '../support/fake-teams';

describe('prevention', () => {
  let h: Harness;
  let tina: TeamsUser, rune: TeamsUser, vera: TeamsUser, siri: TeamsUser, per: TeamsUser;
  const yesterday = inDays(-1);
  const TEAMS_APP = '3f0c8a52-1b7e-4c2d-9a41-6e5b2d7c8f90';

  /** Cards a person got in their chat, newest last, optionally only those after `from`. */
  const cardsTo = (user: TeamsUser, from = 0) => h.teams.in(user.conversationId).slice(from).filter((a) => a.op === 'send' && cardOf(a.activity));
  const textOf = (a: RecordedActivity | { body: { value: unknown } }) => textsOf('activity' in a ? cardOf(a.activity) : a.body.value).join(' ');

  /** Writes a command and waits for the card it answers with (the reply to that message, not a notice that came meanwhile). */
  async function say(user: TeamsUser, text: string): Promise<unknown> {
    const message = user.activity({ type: 'message', text });
    await user.post(message);
    const reply = await h.teams.waitFor(`the answer to "${text}"`, () => cardsTo(user).find((a) => a.activity.replyToId === message.id));
    return cardOf(reply.activity);
  }

  const openUrls = (card: unknown): { title: string; url: string }[] => {
    const found: { title: string; url: string }[] = [];
    JSON.stringify(card, (_key, value) => {
      if (value && typeof value === 'object' && value.type === 'Action.OpenUrl') found.push({ title: value.title, url: value.url });
      return value;
    });
    return found;
  };

  /** Waits until a person got a card whose texts contain `text`. */
  const waitForCard = (user: TeamsUser, text: string) => h.teams.waitFor(`a card saying "${text}"`, () => cardsTo(user).find((a) => textOf(a).includes(text)));

  beforeAll(async () => {
    // Whatever the time of day the tests run, the review prompt goes at once.
    h = await startHarness({ TEAMS_APP_ID: TEAMS_APP }, { schedule: 'quietHours: null' });
    tina = h.user(P.tina);
    rune = h.user(P.rune);
    vera = h.user(P.vera, { locale: 'nn-NO' });
    siri = h.user(P.siri, { locale: 'en-GB' });
    per = h.user(P.per);
    for (const u of [tina, rune, vera, siri, per]) await u.install();
  });
  afterAll(() => h.stop());

  it('shows the risk assessment to the principal and refuses it to a teacher', async () => {
    expect(textsOf(await say(tina, 'risiko'))).toContain('Risikovurderingen er for rektor, verneombud og skoleeier.');
    const card = await say(rune, 'risiko');
    const texts = textsOf(card).join(' ');
    expect(texts).toContain('Risikovurdering: Nordby skole');
    expect(texts).toContain('Hvor, når og i hvilke situasjoner kan de ansatte bli utsatt for vold og trusler? (forskrift om utførelse av arbeid § 3A-2 (tidligere § 23A-1))');
    expect(texts).toContain('Ingen situasjoner er lagt inn ennå.');
    expect(actionsOf(card).map((a) => a.verb)).toEqual(expect.arrayContaining(['risk.add', 'risk.review']));
  });

  it('opens the tab in Teams from the risk and training cards, through a deep link made from TEAMS_APP_ID', async () => {
    const deepLink = `https://teams.microsoft.com/l/entity/${TEAMS_APP}/oversikt`;
    expect(openUrls(await say(rune, 'risiko'))).toEqual([{ title: 'Åpne i fanen', url: deepLink }]);
    expect(openUrls(await say(vera, 'opplæring'))).toEqual([{ title: 'Opne i fana', url: deepLink }]);
    expect(openUrls(await say(tina, 'opplæring'))).toEqual([]);
  });

  it('suggests a situation from the school’s cases, and adds it with one click, once', async () => {
    for (let i = 0; i < 3; i++) await report(h, tina, { date: yesterday, time: '10:05', location: 'schoolyard', riskFactors: 'staffing' });
    // Three serious cases are a cluster: the owner is alerted, and the school asked to review (below); wait until that is recorded.
    await waitForCard(rune, 'Skoleeier har fått varsel om mange alvorlige hendelser ved Nordby skole.');
    const card = await say(rune, 'risiko');
    const suggestion = textsOf(card).find((t) => t.startsWith('3 hendelser i skolegården i friminuttet siden '));
    expect(suggestion).toMatch(/ingen situasjon dekker det\.$/);
    const add = actionsOf(card).find((a) => a.verb === 'risk.add' && a.data.clientRequestId?.startsWith('suggestion:'))!;
    expect(add.data).toMatchObject({ schoolId: 'nordby', location: 'schoolyard', timeOfDay: 'breaks', factors: 'staffing', likelihood: '3', consequence: '3' });

    const added = await rune.invoke('risk.add', add.data);
    const texts = textOf(added);
    expect(texts).toContain('Situasjonen er lagt til.');
    expect(texts).toContain('Skolegård, i friminuttet');
    expect(textsOf(added.body.value).filter((t) => /^VT-\d{4}-\d{4} · /.test(t))).toHaveLength(3);
    expect(textOf(await rune.invoke('risk.add', add.data))).toContain('Situasjonen var allerede lagt til.');

    const after = await say(rune, 'risiko');
    expect(textsOf(after).join(' ')).toContain('9 · Gul');
    expect(textsOf(after).join(' ')).toContain('Skolegård · i friminuttet · 3 hendelser siste 12 måneder · ingen åpne tiltak');
    expect(textsOf(after).some((t) => t.startsWith('3 hendelser i skolegården'))).toBe(false);
    const stored = await h.bot.containers.cases.item('risk-nordby', 'school:nordby').read();
    expect(stored.resource.situations).toHaveLength(1);
  });

  it('adds a situation from the form, refusing bad input with a clear answer and storing nothing', async () => {
    const bad = await rune.invoke('risk.add', { schoolId: 'nordby', situation: 'Alenearbeid i SFO', likelihood: '7', consequence: '4', clientRequestId: 'form-1' });
    expect(textOf(bad)).toContain('Noe mangler eller er feil: Sannsynligheten må være fra 1 til 5');
    const ok = await rune.invoke('risk.add', { schoolId: 'nordby', situation: 'Alenearbeid i SFO', likelihood: '4', consequence: '4', location: 'sfo', factors: 'alone,staffing', clientRequestId: 'form-1' });
    expect(textOf(ok)).toContain('Risiko 16 (Rød) · Nordby skole');
    const card = await say(rune, 'risiko');
    // Sorted by risk: the red SFO situation above the yellow schoolyard one.
    const rows = textsOf(card).filter((t) => /^\d+ · (Rød|Gul|Grønn)$/.test(t));
    expect(rows).toEqual(['16 · Rød', '9 · Gul']);
  });

  it('lets the safety representative comment and propose, never edit; a teacher neither', async () => {
    const from = cardsTo(rune).length;
    const comment = await vera.invoke('risk.comment', { schoolId: 'nordby', comment: 'Vi treng fleire vaksne ute i storefri.' });
    expect(textOf(comment)).toContain('Kommentaren er lagra.');
    await h.teams.waitFor('the principal’s notice', () => cardsTo(rune, from).find((a) => textOf(a).includes('Vera Nilsen (verneombud) har kommentert risikovurderingen.')));
    expect(textOf(await vera.invoke('risk.update', { schoolId: 'nordby', situationId: 's1', likelihood: '1' }))).toContain('Berre rektor kan endre risikovurderinga.');
    expect(textOf(await vera.invoke('risk.review', { schoolId: 'nordby', note: 'Gjennomgått' }))).toContain('Berre rektor kan endre risikovurderinga.');
    expect(textOf(await tina.invoke('risk.update', { schoolId: 'nordby', situationId: 's1', likelihood: '1' }))).toContain('Bare rektor kan endre risikovurderingen.');
    expect(textOf(await tina.invoke('risk.comment', { schoolId: 'nordby', comment: 'Hei' }))).toContain('Bare rektor og verneombud kan kommentere risikovurderingen.');
    expect(textOf(await per.invoke('risk.view', { schoolId: 'nordby' }))).toContain('Risikovurderingen er for rektor, verneombud og skoleeier.');
    const stored = await h.bot.containers.cases.item('risk-nordby', 'school:nordby').read();
    expect(stored.resource.situations[0].likelihood).toBe(3);
    expect(stored.resource.comments).toHaveLength(1);
  });

  it('shows the owner’s roles the assessment in their language, to read only', async () => {
    const card = (await siri.invoke('risk.view', { schoolId: 'nordby' })).body.value;
    expect(textsOf(card).join(' ')).toContain('Risk assessment: Nordby skole');
    expect(actionsOf(card).map((a) => a.verb)).not.toContain('risk.add');
    expect(textOf(await siri.invoke('risk.add', { schoolId: 'nordby', situation: 'X', likelihood: '1', consequence: '1' }))).toContain('Only the principal can change the risk assessment.');
  });

  it('takes a measure from proposal to evaluated effect, telling its owner', async () => {
    const proposed = await rune.invoke('risk.measure.propose', { schoolId: 'nordby', situationId: 's1', description: 'To voksne i skolegården i storefri', owner: P.tina, dueDate: inDays(7) });
    expect(textOf(proposed)).toContain('Tiltaket er foreslått.');
    await rune.invoke('risk.measure.approve', { schoolId: 'nordby', situationId: 's1', measureId: 'm1' });
    const assigned = await waitForCard(tina, 'Du er ansvarlig for et tiltak i risikovurderingen for Nordby skole.');
    // The owner sees her measure, not the school's cases.
    const complete = actionsOf(cardOf(assigned.activity)).find((a) => a.verb === 'risk.measure.complete')!;
    expect(textOf(assigned)).not.toMatch(/VT-\d{4}/);
    expect(textOf(await tina.invoke(complete.verb, complete.data))).toContain('Tiltaket er markert som gjennomført.');
    const evaluated = await rune.invoke('risk.measure.evaluate', { schoolId: 'nordby', situationId: 's1', measureId: 'm1', 'effect-m1': 'effective', 'evaluation-m1': 'Færre hendelser' });
    expect(textOf(evaluated)).toContain('Effekt: Virket');
  });

  it('links a case to a situation from the case card', async () => {
    const { caseId, reference } = await report(h, tina, { date: yesterday, location: 'gym', severity: 'minor' });
    const caseCard = (await rune.invoke('incident.view', { incidentId: caseId })).body.value;
    const link = actionsOf(caseCard).find((a) => a.verb === 'risk.link')!;
    expect(link.data).toEqual({ incidentId: caseId });
    expect(actionsOf((await tina.invoke('incident.view', { incidentId: caseId })).body.value).map((a) => a.verb)).not.toContain('risk.link');

    const choose = await rune.invoke('risk.link', link.data);
    expect(textOf(choose)).toContain(`Sak ${reference}: velg situasjonen i risikovurderingen som hendelsen hører til.`);
    const linked = await rune.invoke('risk.link', { incidentId: caseId, situationId: 's1' });
    expect(textOf(linked)).toContain('Saken er knyttet til situasjonen.');
    expect(textOf(await vera.invoke('risk.link', { incidentId: caseId, situationId: 's1' }))).toContain('Berre rektor kan knyte ei sak til risikovurderinga.');
    const situation = await rune.invoke('risk.situation', { schoolId: 'nordby', situationId: 's1' });
    expect(textOf(situation)).toContain(`${reference} · `);
    expect(textOf(situation)).toContain('knyttet hit');
  });

  it('asks for a review when the owner is alerted to the cluster, and keeps the review as a version', async () => {
    // The three serious schoolyard cases made a cluster: the owner was alerted, and the school asked to review.
    await waitForCard(rune, 'Skoleeier har fått varsel om mange alvorlige hendelser ved Nordby skole. Gå gjennom risikovurderingen sammen med verneombudet (forskrift om utførelse av arbeid § 3A-2 (tidligere § 23A-1)).');
    await waitForCard(vera, 'som verneombod blir du bede om å delta');
    expect(textsOf(await say(rune, 'risiko')).join(' ')).toContain('varsel om mange alvorlige hendelser ved skolen');

    const reviewed = await rune.invoke('risk.review', { schoolId: 'nordby', note: 'Gikk gjennom skolegården med verneombudet.', safetyRepTookPart: 'true' });
    expect(textOf(reviewed)).toContain('Gjennomgangen er lagret som versjon 1.');
    expect(textOf(reviewed)).toContain('gjennomgang etter varsel om mange alvorlige hendelser');
    expect(textOf(reviewed)).toContain('Før: 0 røde, 0 gule, 0 grønne. Etter: 1 røde, 1 gule, 0 grønne. Verneombudet deltok.');
    await waitForCard(vera, 'Risikovurderinga for Nordby skole er gått gjennom (versjon 1).');
    const review = (await h.bot.containers.cases.item('risk-review-nordby-1', 'school:nordby').read()).resource;
    expect(review).toMatchObject({ no: 1, by: P.rune, reason: 'cluster', safetyRepTookPart: true, safetyRepsAsked: [P.vera], safetyRepsCommented: [P.vera] });
    expect(review.comments.map((c: { text: string }) => c.text)).toEqual(['Vi treng fleire vaksne ute i storefri.']);
    expect(review.changes.map((c: { action: string }) => c.action)).toEqual(expect.arrayContaining(['added', 'measureApproved', 'measureDone', 'measureEvaluated', 'linked']));
  });

  it('logs a drill and counts who took part', async () => {
    expect(textsOf(await say(tina, 'opplæring'))).toContain('Opplæringsloggen er for rektor, verneombud og skoleeier.');
    const card = await say(rune, 'opplæring');
    expect(textsOf(card)).toContain('0 av 4 ansatte (0 %) har deltatt i opplæring eller øvelse de siste 12 månedene.');
    const submit = actionsOf(card).find((a) => a.verb === 'training.log')!;
    const data = { ...submit.data, date: yesterday, kind: 'drill', topic: 'Utagering i skolegården', participants: `${P.tina},${P.eva}`, situationId: 's1', durationMinutes: '45', ledBy: P.rune };
    const logged = await rune.invoke('training.log', data);
    expect(textOf(logged)).toContain(`Registrert: øvelse ${yesterday}, 2 deltakere.`);
    expect(textOf(logged)).toContain('3 av 4 ansatte (75 %) har deltatt i opplæring eller øvelse de siste 12 månedene.');
    expect(textOf(logged)).toContain('Vera Nilsen');
    expect(textOf(logged)).toContain('2 deltakere · ledet av Rune Haugen · 45 min · situasjon: Skolegård, i friminuttet');
    expect(textOf(await rune.invoke('training.log', data))).toContain('Dette var allerede registrert.');
    expect(textOf(await rune.invoke('training.log', { ...data, clientRequestId: 'other-123456', participants: P.per }))).toContain('Deltakerne: bare ansatte ved skolen kan velges');
    expect(textOf(await vera.invoke('training.log', { ...data, clientRequestId: 'vera-1234567' }))).toContain('Berre rektor kan registrere opplæring og øvingar.');
    const { resources } = await h.bot.containers.cases.items.query('SELECT VALUE COUNT(1) FROM c WHERE c.docType = "trainingEntry"').fetchAll();
    expect(resources[0]).toBe(1);
  });

  it('shows each school’s routine: the principal’s own, the directory’s, or the product’s', async () => {
    expect(textsOf(await say(tina, 'rutiner')).join(' ')).toContain('TryggMelds standardrutine');
    const card = await say(rune, 'rutiner');
    expect(actionsOf(card).map((a) => a.verb)).toContain('routine.set');
    const set = await rune.invoke('routine.set', { schoolId: 'nordby', 'text-nordby': 'Meld i TryggMeld samme dag. Ring rektor ved alvorlige hendelser.', 'url-nordby': 'https://kvalitet.eksempel.kommune.no/vold' });
    expect(textOf(set)).toContain('Rutinen er lagret.');
    const seen = await say(tina, 'rutiner');
    expect(textsOf(seen).join(' ')).toContain('Meld i TryggMeld samme dag.');
    expect(JSON.stringify(seen)).toContain('https://kvalitet.eksempel.kommune.no/vold');
    expect(actionsOf(seen).map((a) => a.verb)).not.toContain('routine.set');
    expect(textOf(await tina.invoke('routine.set', { schoolId: 'nordby', text: 'Min rutine' }))).toContain('Bare rektor kan endre skolens rutine.');
    expect(textOf(await rune.invoke('routine.set', { schoolId: 'nordby', text: 'x', url: 'javascript:alert(1)' }))).toContain('lenken må være en nettadresse som begynner med https://');
    // Sørby's routine comes from the directory file.
    expect(textsOf(await say(per, 'rutiner')).join(' ')).toContain('Fra Eksempel kommune.');
    await settled(h, 'school:nordby');
  });

  describe('the inspection folder and the tab', () => {
    const pdfText = async (res: Response) => {
      const dir = mkdtempSync(join(tmpdir(), 'tryggmeld-folder-'));
      writeFileSync(join(dir, 'f.pdf'), Buffer.from(await res.arrayBuffer()));
      return execFileSync('pdftotext', [join(dir, 'f.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    };
    const tokens: Record<string, string> = {};
    const api = (path: string, personId: string) => fetch(`${h.bot.url}${path}`, { headers: { authorization: `Bearer ${tokens[personId]}` } });

    beforeAll(async () => {
      for (const person of [P.rune, P.tina, P.siri]) {
        const res = await fetch(`${h.bot.url}/api/tab/dev-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: person }) });
        tokens[person] = ((await res.json()) as { token: string }).token;
      }
    });

    it('gives the principal the school’s inspection folder as a PDF through a signed link', async () => {
      const links = openUrls(await say(rune, 'tilsynsmappe'));
      expect(links.map((l) => l.title)).toEqual(['Last ned tilsynsmappen (PDF)']);
      expect(new URL(links[0].url).pathname).toMatch(/\/tilsynsmappe-nordby-\d{4}-\d{2}-\d{2}\.pdf$/);
      const res = await fetch(links[0].url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const text = await pdfText(res);
      for (const expected of ['Tilsynsmappe: Nordby skole', 'Skolegård, i friminuttet', 'Alenearbeid i SFO', 'Utagering i skolegården', 'Meld i TryggMeld samme dag.', 'Utdrag av skaderegisteret']) expect(text).toContain(expected);
      // A changed link is refused.
      const tampered = links[0].url.replace(/\/downloads\/([^/]+)\//, (_m, token: string) => `/downloads/${token.slice(0, -2)}xx/`);
      expect((await fetch(tampered)).status).toBe(401);
    });

    it('refuses the folder to a teacher, a safety representative and another school’s principal', async () => {
      expect(textsOf(await say(tina, 'tilsynsmappe'))).toContain('Tilsynsmappen er for rektor og skoleeier.');
      expect(textsOf(await say(vera, 'tilsynsmappe'))).toContain('Tilsynsmappa er for rektor og skuleeigar.');
      const ola = h.user(P.ola);
      const answer = await ola.invoke('inspection.folder', { openSchoolId: 'nordby' });
      expect(textOf(answer)).toContain('Du kan bare laste ned tilsynsmappen for skolen du er rektor ved.');
      expect(openUrls(answer.body.value).every((l) => !l.url.includes('nordby'))).toBe(true);
    });

    it('gives the owner any school’s folder and the half-year follow-up', async () => {
      const card = (await siri.invoke('inspection.folder', { openSchoolId: 'nordby' })).body.value;
      const links = openUrls(card);
      expect(links.map((l) => l.title)).toEqual(['Download the inspection folder (PDF)', 'Download the half-year follow-up (PDF)']);
      const report = await pdfText(await fetch(links[1].url));
      expect(report).toContain('Half-year follow-up of preventing violence and threats: Eksempel kommune');
      expect(report).toContain('Nordby skole');
      expect(report).toContain('Sørby skole');
    });

    it('shows the risk assessment and the training log in the tab, with the folder to download', async () => {
      const me = (await (await api('/api/tab/me', P.rune)).json()) as { sections: { id: string }[]; downloads: { kind: string }[] };
      expect(me.sections.map((s) => s.id)).toEqual(expect.arrayContaining(['risk', 'training']));
      expect(me.downloads.map((d) => d.kind)).toContain('inspection-folder');
      const risk = (await (await api('/api/tab/sections/risk', P.rune)).json()) as { blocks: { type: string; rows?: { cells: string[]; open?: string }[] }[] };
      const rows = risk.blocks.find((b) => b.type === 'table')!.rows!;
      expect(rows.map((r) => r.cells[0])).toEqual(['16 · Rød', '9 · Gul']);
      const detail = await api(`/api/tab/sections/risk/${rows[1].open}`, P.rune);
      expect(JSON.stringify(await detail.json())).toContain('To voksne i skolegården i storefri');
      const training = JSON.stringify(await (await api('/api/tab/sections/training', P.rune)).json());
      expect(training).toContain('3 av 4 ansatte (75 %)');
      const tinasView = (await (await api('/api/tab/me', P.tina)).json()) as { sections: { id: string }[]; downloads: { kind: string }[] };
      expect(tinasView.sections.map((s) => s.id)).not.toContain('risk');
      expect(tinasView.downloads.map((d) => d.kind)).not.toContain('inspection-folder');
      expect((await api('/api/tab/sections/risk', P.tina)).status).toBe(404);
    });
  });
});
