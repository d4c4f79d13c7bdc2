/**
 * Editing in the tab, through the real server and store. The risk assessment:
 * the principal saves several rows at once under the ETag they were read at;
 * the safety representative may comment but not edit; a teacher is refused;
 * a bad value or a stale version is refused with nothing stored. Each row
 * goes through the chat verbs' rules, and the save is audited as they are.
 * The training log: the principal logs an entry as `training.log` does.
 */
import { startHarness, type Harness } from '../support/harness';
import { P } from '../support/people';
import type { RiskAssessment } from '../../src/risk';

interface Form {
  etag: string;
  context: { schoolId: string };
  canAdd: boolean;
  columns: { key: string; editable: boolean }[];
  rows: { id: string; label: string; values: Record<string, string | string[]> }[];
}

describe('the risk assessment edited in the tab', () => {
  let h: Harness;
  const tokens: Record<string, string> = {};

  const call = (method: string, path: string, personId: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${h.bot.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[personId]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const form = async (personId: string) => {
    const res = await call('GET', '/api/tab/forms/risk?school=nordby', personId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Form;
    expect(res.headers.get('etag')).toBe(body.etag);
    return body;
  };
  const save = (personId: string, rows: unknown[], etag?: string) => call('POST', '/api/tab/forms/risk', personId, { schoolId: 'nordby', rows }, etag ? { 'if-match': etag } : {});
  const stored = async () => (await h.bot.containers.cases.item('risk-nordby', 'school:nordby').read<RiskAssessment>()).resource!;
  const situation = async (id: string) => (await stored()).situations.find((s) => s.id === id)!;

  beforeAll(async () => {
    h = await startHarness({}, { schedule: 'quietHours: null' });
    const rune = h.user(P.rune);
    await rune.install();
    await h.user(P.vera, { locale: 'nn-NO' }).install();
    await rune.invoke('risk.add', { schoolId: 'nordby', situation: 'Utagering i skolegården', likelihood: '3', consequence: '3', location: 'schoolyard', timeOfDay: 'breaks' });
    await rune.invoke('risk.add', { schoolId: 'nordby', situation: 'Alenearbeid i SFO', likelihood: '2', consequence: '4', location: 'sfo', factors: 'alone' });
    for (const person of [P.rune, P.vera, P.tina]) {
      const res = await fetch(`${h.bot.url}/api/tab/dev-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: person }) });
      tokens[person] = ((await res.json()) as { token: string }).token;
    }
  });
  afterAll(() => h.stop());

  let staleEtag = '';

  it('lets the principal save two rows at once, each through the chat verbs’ rules, audited as they are', async () => {
    const me = (await (await call('GET', '/api/tab/me', P.rune)).json()) as { sections: { id: string; form: boolean }[] };
    expect(me.sections.find((s) => s.id === 'risk')?.form).toBe(true);
    const before = await form(P.rune);
    expect(before.canAdd).toBe(true);
    expect(before.rows.map((r) => [r.id, r.label])).toEqual([
      ['s1', '9 · Gul'],
      ['s2', '8 · Gul'],
    ]);
    expect(before.columns.filter((c) => c.editable).map((c) => c.key)).toEqual(['situation', 'likelihood', 'consequence', 'location', 'timeOfDay', 'factors', 'barriers', 'comment']);
    const res = await save(
      P.rune,
      [
        { situationId: 's1', likelihood: '4', barriers: 'To voksne ute i storefri' },
        { situationId: 's2', consequence: '5', timeOfDay: 'sfo', factors: ['alone', 'staffing'] },
      ],
      before.etag,
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { message: string }).message).toBe('2 rader er lagret.');
    const s1 = await situation('s1');
    const s2 = await situation('s2');
    expect([s1.likelihood, s1.consequence, s1.barriers, s1.description]).toEqual([4, 3, 'To voksne ute i storefri', 'Utagering i skolegården']);
    expect([s2.consequence, s2.timeOfDay, s2.factors]).toEqual([5, 'sfo', ['alone', 'staffing']]);
    // Recorded as the chat's updates are: what changed, risk before and after, by whom; and the save in the log.
    const changes = (await stored()).changes.filter((c) => c.action === 'updated');
    expect(changes.map((c) => [c.situationId, c.fields, c.scoreBefore, c.scoreAfter, c.by])).toEqual([
      ['s1', ['likelihood', 'barriers'], 9, 12, P.rune],
      ['s2', ['consequence', 'timeOfDay', 'factors'], 8, 10, P.rune],
    ]);
    expect(h.logs.some((l) => l.includes('"risk.action"') && l.includes('"channel":"tab"') && l.includes('"outcome":"done"') && l.includes(P.rune))).toBe(true);
    const after = await form(P.rune);
    expect(after.etag).not.toBe(before.etag);
    expect(after.rows.map((r) => r.label)).toEqual(['12 · Rød', '10 · Gul']);
    staleEtag = before.etag;
  });

  it('refuses a stale version with a clear message, changing nothing', async () => {
    const before = await stored();
    const res = await save(P.rune, [{ situationId: 's1', likelihood: '1' }], staleEtag);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toContain('Noen andre har endret risikovurderingen siden du åpnet tabellen. Ingenting er lagret.');
    expect(await stored()).toEqual(before);
    // Without a version at all: asked for one, nothing stored.
    expect((await save(P.rune, [{ situationId: 's1', likelihood: '1' }])).status).toBe(428);
    expect((await situation('s1')).likelihood).toBe(4);
  });

  it('refuses a bad value in one row with a localised error for that row, storing none of the rows', async () => {
    const { etag } = await form(P.rune);
    const before = await stored();
    const res = await save(
      P.rune,
      [
        { situationId: 's1', likelihood: '2' },
        { situationId: 's2', likelihood: '7', location: 'moon' },
        { situation: 'Ny situasjon uten skala' },
      ],
      etag,
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string; rowErrors: { row: number; fields: Record<string, string> }[] };
    expect(body.message).toBe('Ingenting er lagret. Rett det som er merket i tabellen.');
    expect(body.rowErrors).toEqual([
      { row: 1, fields: { likelihood: 'Sannsynligheten må være fra 1 til 5', location: 'Stedet: velg et av alternativene' } },
      { row: 2, fields: { likelihood: 'Sannsynligheten må fylles ut', consequence: 'Konsekvensen må fylles ut' } },
    ]);
    expect(await stored()).toEqual(before);
    // A situation that does not exist is the rule's refusal, for its row.
    const missing = await save(P.rune, [{ situationId: 's1', likelihood: '2' }, { situationId: 's99', likelihood: '2' }], etag);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { rowErrors: unknown }).rowErrors).toEqual([{ row: 1, fields: { _row: 'Fant ikke situasjonen.' } }]);
    expect(await stored()).toEqual(before);
  });

  it('adds a new situation from a new row', async () => {
    const { etag } = await form(P.rune);
    const res = await save(P.rune, [{ situation: 'Foreldremøter om kvelden', likelihood: '2', consequence: '3', location: 'classroom', timeOfDay: 'afterSchool', factors: ['alone'], barriers: '' }], etag);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { message: string }).message).toBe('1 rad er lagret.');
    const s3 = await situation('s3');
    expect([s3.description, s3.likelihood, s3.consequence, s3.location, s3.timeOfDay, s3.factors, s3.createdBy]).toEqual(['Foreldremøter om kvelden', 2, 3, 'classroom', 'afterSchool', ['alone'], P.rune]);
  });

  it('lets the safety representative comment but not edit, in nynorsk', async () => {
    const f = await form(P.vera);
    expect(f.canAdd).toBe(false);
    expect(f.columns.filter((c) => c.editable).map((c) => c.key)).toEqual(['comment']);
    const before = await stored();
    const edit = await save(P.vera, [{ situationId: 's1', likelihood: '1', comment: 'Eg meiner risikoen er lågare.' }], f.etag);
    expect(edit.status).toBe(403);
    expect(((await edit.json()) as { message: string }).message).toBe('Berre rektor kan endre risikovurderinga.');
    expect(await stored()).toEqual(before);
    const added = await save(P.vera, [{ situationId: 's1', comment: 'Vi treng fleire vaksne ute i storefri.' }, { situationId: 's2', comment: 'SFO er ofte underbemanna.' }], f.etag);
    expect(added.status).toBe(200);
    expect(((await added.json()) as { message: string }).message).toBe('2 rader er lagra.');
    const after = await stored();
    expect(after.comments.map((c) => [c.by, c.situationId, c.text])).toEqual([
      [P.vera, 's1', 'Vi treng fleire vaksne ute i storefri.'],
      [P.vera, 's2', 'SFO er ofte underbemanna.'],
    ]);
    expect(after.situations.map((s) => s.likelihood)).toEqual(before.situations.map((s) => s.likelihood));
    // The principal is told once that the safety representative commented, as from the chat.
    const rune = h.user(P.rune);
    await h.teams.waitFor('the principal’s notice', () => h.teams.in(rune.conversationId).find((a) => JSON.stringify(a.activity).includes('har kommentert risikovurderingen')));
  });

  it('offers the tables only to who may use them', async () => {
    const forms = async (personId: string) => ((await (await call('GET', '/api/tab/me', personId)).json()) as { sections: { id: string; form: boolean }[] }).sections.filter((s) => s.form).map((s) => s.id);
    expect(await forms(P.rune)).toEqual(expect.arrayContaining(['risk', 'training']));
    expect(await forms(P.vera)).toEqual(['risk']);
    expect(await forms(P.tina)).toEqual([]);
  });

  it('refuses a teacher: the table is not theirs to read, and a save is refused with 403', async () => {
    expect((await call('GET', '/api/tab/forms/risk?school=nordby', P.tina)).status).toBe(404);
    const before = await stored();
    const { etag } = await form(P.rune);
    const res = await save(P.tina, [{ situationId: 's1', likelihood: '1' }], etag);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toBe('Bare rektor kan endre risikovurderingen.');
    // Sent as a form (not JSON), or without a sign-in: refused before anything is read.
    const asForm = await call('POST', '/api/tab/forms/risk', P.rune, undefined, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(asForm.status).toBe(415);
    const anonymous = await fetch(`${h.bot.url}/api/tab/forms/risk`, { method: 'POST', headers: { 'content-type': 'application/json', 'if-match': etag }, body: JSON.stringify({ schoolId: 'nordby', rows: [{ situationId: 's1', likelihood: '1' }] }) });
    expect(anonymous.status).toBe(401);
    expect(await stored()).toEqual(before);
  });

  describe('the training log', () => {
    interface TrainingForm { context: { schoolId: string; clientRequestId: string }; columns: { key: string; options?: { value: string }[] }[] }
    const entries = async () => {
      const { resources } = await h.bot.containers.cases.items.query({ query: 'SELECT * FROM c WHERE c.caseId = "school:nordby" AND c.docType = "trainingEntry"' }, { partitionKey: 'school:nordby' }).fetchAll();
      return resources;
    };
    const saveEntry = (personId: string, context: Record<string, string>, row: Record<string, unknown>) => call('POST', '/api/tab/forms/training', personId, { ...context, rows: [row] });

    it('logs a drill from the tab through the rules of training.log, once per form', async () => {
      const res = await call('GET', '/api/tab/forms/training?school=nordby', P.rune);
      expect(res.status).toBe(200);
      const f = (await res.json()) as TrainingForm;
      expect(f.columns.find((c) => c.key === 'participants')!.options!.map((o) => o.value)).toEqual(expect.arrayContaining([P.tina, P.vera]));
      const today = new Date().toISOString().slice(0, 10);
      const bad = await saveEntry(P.rune, f.context, { date: '2999-01-01', kind: 'drill', topic: 'Brannøvelse', participants: [P.tina, P.per] });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { rowErrors: unknown }).rowErrors).toEqual([{ row: 0, fields: { date: 'Datoen kan ikke være fram i tid', participants: 'Deltakerne: bare ansatte ved skolen kan velges' } }]);
      expect(await entries()).toHaveLength(0);
      const row = { date: today, kind: 'drill', topic: 'Utagering i skolegården', participants: [P.tina, P.vera], situationId: 's1', durationMinutes: '45' };
      const ok = await saveEntry(P.rune, f.context, row);
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { message: string }).message).toContain('2 deltakere');
      const again = await saveEntry(P.rune, f.context, row);
      expect(((await again.json()) as { saved: number }).saved).toBe(0);
      const stored = await entries();
      expect(stored.map((e) => [e.kind, e.topic, e.participants, e.situationId, e.durationMinutes, e.recordedBy])).toEqual([['drill', 'Utagering i skolegården', [P.tina, P.vera], 's1', 45, P.rune]]);
      expect(h.logs.some((l) => l.includes('"training.logged"') && l.includes('"channel":"tab"'))).toBe(true);
    });

    it('refuses the safety representative and a teacher', async () => {
      expect((await call('GET', '/api/tab/forms/training?school=nordby', P.vera)).status).toBe(404);
      const refused = await saveEntry(P.vera, { schoolId: 'nordby', clientRequestId: 'f-1' }, { date: '2026-01-01', kind: 'drill', topic: 'X', participants: [P.tina] });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { message: string }).message).toBe('Berre rektor kan registrere opplæring og øvingar.');
      expect((await saveEntry(P.tina, { schoolId: 'nordby', clientRequestId: 'f-2' }, { date: '2026-01-01', kind: 'drill', topic: 'X', participants: [P.tina] })).status).toBe(403);
      expect(await entries()).toHaveLength(1);
    });
  });
});
