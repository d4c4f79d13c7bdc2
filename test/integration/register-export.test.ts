/**
 * The injury register over HTTP, on the real server: `eksport` in chat gives
 * a card with Action.OpenUrl links ending in .xlsx and .csv; the links serve
 * the school's register to the person they were made for, and refuse
 * changed, expired and other people's links; the tab's API lists the cases a
 * person may see, filters them, opens one for the person's role, and makes
 * the same downloads. Every export and download is in the audit trail.
 */
import ExcelJS from 'exceljs';
import { report, type Reported } from '../support/case-flow';
import { cardOf, startHarness, textsOf, TravelClock, type Harness, type TeamsUser } from '../support/harness';
import { P } from '../support/people';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('the injury register', () => {
  let h: Harness;
  let clock: TravelClock;
  let tina: TeamsUser, rune: TeamsUser, ola: TeamsUser;
  const nordby: Reported[] = [];
  let sorby: Reported;
  const tokens: Record<string, string> = {};

  async function answerTo(user: TeamsUser, text: string) {
    const before = h.teams.in(user.conversationId).length;
    await user.say(text);
    return (await h.teams.waitFor(`the answer to "${text}"`, () => h.teams.in(user.conversationId).slice(before).find((a) => a.op === 'send'))).activity;
  }
  const openUrls = (card: unknown): { title: string; url: string }[] => {
    const found: { title: string; url: string }[] = [];
    JSON.stringify(card, (_key, value) => {
      if (value && typeof value === 'object' && value.type === 'Action.OpenUrl') found.push({ title: value.title, url: value.url });
      return value;
    });
    return found;
  };
  const api = (path: string, personId: string, init: RequestInit = {}) =>
    fetch(`${h.bot.url}${path}`, { ...init, headers: { authorization: `Bearer ${tokens[personId]}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });

  beforeAll(async () => {
    clock = new TravelClock();
    h = await startHarness({}, { clock: clock.now });
    tina = h.user(P.tina);
    rune = h.user(P.rune);
    ola = h.user(P.ola);
    nordby.push(await report(h, tina, { severity: 'very-serious', types: 'physical,threat', injury: 'physical', sickLeave: 'true', description: 'Eleven slo meg; jeg måtte til legevakten.' }));
    nordby.push(await report(h, tina, { severity: 'minor', types: 'harassment', location: 'corridor', description: 'Kalt stygge ting i gangen.' }));
    sorby = await report(h, h.user(P.per), { severity: 'serious', description: 'Truet med en saks.' });
    for (const person of [P.rune, P.ola, P.siri, P.tina, P.per]) {
      const res = await fetch(`${h.bot.url}/api/tab/dev-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: person }) });
      tokens[person] = ((await res.json()) as { token: string }).token;
    }
  });
  afterAll(() => h.stop());

  describe('in chat', () => {
    let links: { title: string; url: string }[];

    it('answers "eksport" to a principal with XLSX and CSV links for this school year', async () => {
      const card = cardOf(await answerTo(rune, 'eksport'))!;
      const texts = textsOf(card);
      expect(texts[0]).toBe('Skaderegister (arbeidsmiljøloven § 5-1)');
      expect(texts).toContain('Nordby skole');
      expect(texts).toContain('2 saker');
      links = openUrls(card);
      expect(links.map((l) => l.title)).toEqual(['Last ned Excel (XLSX)', 'Last ned CSV']);
      expect(new URL(links[0]!.url).pathname).toMatch(/\.xlsx$/);
      expect(new URL(links[1]!.url).pathname).toMatch(/\.csv$/);
      expect(links[0]!.url.startsWith(h.bot.url)).toBe(true);
    });

    it('serves the register as XLSX, one row per case of the school, no names', async () => {
      const res = await fetch(links[0]!.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(XLSX);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="skaderegister-nordby-\d{4}-08-01-\d{4}-\d{2}-\d{2}\.xlsx"$/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
      const sheet = workbook.getWorksheet('Skaderegister')!;
      expect(sheet.rowCount).toBe(3);
      const references = [2, 3].map((r) => sheet.getRow(r).getCell(1).value);
      expect(references.sort()).toEqual(nordby.map((c) => c.reference).sort());
      const all = JSON.stringify(sheet.getSheetValues());
      expect(all).not.toContain(sorby.reference);
      expect(all).not.toContain('Tina Berg');
      expect(all).toContain('Eleven slo meg; jeg måtte til legevakten.');
    });

    it('serves the same as CSV for Excel', async () => {
      const res = await fetch(links[1]!.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      expect(text.startsWith('\uFEFFSaksnummer;Dato og klokkeslett;Skole;Sted;')).toBe(true);
      const lines = text.trim().split('\r\n');
      expect(lines).toHaveLength(3);
      expect(lines.some((l) => l.startsWith(`${nordby[0]!.reference};`) && l.includes(';Svært alvorlig;') && l.includes('"Eleven slo meg; jeg måtte til legevakten."'))).toBe(true);
      expect(text).not.toContain(sorby.reference);
    });

    it('records the links made and the downloads, with the role they were allowed as', async () => {
      const trail = await h.bot.audit.ofActor(P.rune);
      const downloads = trail.filter((e) => e.action === 'export.download');
      expect(downloads.map((e) => e.format).sort()).toEqual(['csv', 'xlsx']);
      for (const e of downloads) expect(e).toMatchObject({ kind: 'register', roles: ['principal'], schoolIds: ['nordby'], count: 2, channel: 'link' });
      expect(downloads[0]!.caseIds!.sort()).toEqual(nordby.map((c) => c.caseId).sort());
      expect(trail.filter((e) => e.action === 'export.link' && e.channel === 'chat')).toHaveLength(2);
      expect((await h.bot.audit.ofCase(nordby[0]!.caseId)).some((e) => e.actorId === P.rune && e.action === 'export.download')).toBe(true);
    });

    it('refuses a changed link with 401 and a page that says what to do', async () => {
      const url = new URL(links[0]!.url);
      const [, , token, name] = url.pathname.split('/');
      const changed = await fetch(`${h.bot.url}/downloads/${token!.slice(0, -3)}xyz/${name}`);
      expect(changed.status).toBe(401);
      expect(changed.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await changed.text()).toContain('Lenken er ugyldig. Lag en ny: skriv «eksport» i chatten med TryggMeld');
      expect((await fetch(`${h.bot.url}/downloads/${token}/${name!.replace('.xlsx', '.csv')}`)).status).toBe(401);
    });

    it("refuses another person's link with 403, and a link after its minutes with 401", async () => {
      const other = await fetch(links[1]!.url, { headers: { authorization: `Bearer ${tokens[P.ola]}` } });
      expect(other.status).toBe(403);
      expect(await other.text()).toContain('Lenken ble laget for en annen person.');
      expect((await fetch(links[1]!.url, { headers: { authorization: `Bearer ${tokens[P.rune]}` } })).status).toBe(200);
      expect((await fetch(links[1]!.url, { headers: { authorization: 'Bearer nonsense' } })).status).toBe(401);
      clock.setTo(new Date(Date.now() + 11 * 60_000));
      try {
        const late = await fetch(links[1]!.url);
        expect(late.status).toBe(401);
        expect(await late.text()).toContain('Lenken er utløpt.');
      } finally {
        clock.setTo(new Date());
      }
    });

    it('gives a teacher no export', async () => {
      const answer = await answerTo(tina, 'eksport');
      expect(cardOf(answer)).toBeUndefined();
      expect(answer.text).toBe('Skaderegisteret kan lastes ned av rektor og verneombud for sin skole, og av skoleeier og hovedverneombud.');
    });

    it("gives another school's principal none of this school's", async () => {
      const res = await ola.invoke('register.export', { schoolId: 'nordby', period: 'schoolYear' });
      const card = res.body.value;
      expect(textsOf(card)).toContain('Du har ikke tilgang til registeret for den skolen.');
      const [xlsx] = openUrls(card);
      expect(new URL(xlsx!.url).pathname).toMatch(/skaderegister-sorby-/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await (await fetch(xlsx!.url)).arrayBuffer()) as unknown as ExcelJS.Buffer);
      const references = JSON.stringify(workbook.getWorksheet('Skaderegister')!.getSheetValues());
      expect(references).toContain(sorby.reference);
      for (const c of nordby) expect(references).not.toContain(c.reference);
    });

    it("gives the owner's leader every school at once, in her language", async () => {
      const card = cardOf(await answerTo(h.user(P.siri, { locale: 'en-GB' }), 'export'))!;
      expect(textsOf(card)).toEqual(expect.arrayContaining(['Injury register (Working Environment Act § 5-1)', 'All schools', '3 cases']));
      expect(new URL(openUrls(card)[1]!.url).pathname).toMatch(/\/injury-register-all-.*\.csv$/);
    });
  });

  describe('in the tab', () => {
    const rows = async (personId: string, query = '') => {
      const res = await api(`/api/tab/sections/cases${query}`, personId);
      expect(res.status).toBe(200);
      const content = (await res.json()) as { blocks: { type: string; rows?: { cells: string[]; open?: string }[] }[] };
      return content.blocks.find((b) => b.type === 'table')!.rows!;
    };

    it('tells the page who is signed in, which schools, sections and downloads there are', async () => {
      const res = await api('/api/tab/me', P.rune);
      expect(res.status).toBe(200);
      const me = (await res.json()) as any;
      expect(me).toMatchObject({ personId: P.rune, language: 'nb', signedInAs: 'Logget inn som Rune Haugen', schools: [{ id: 'nordby', name: 'Nordby skole' }], allSchools: false });
      expect(me.sections.map((s: { id: string }) => s.id)).toContain('cases');
      expect(me.downloads).toContainEqual({ kind: 'register', label: 'Skaderegister', formats: ['csv', 'xlsx'] });
      const mine = { kind: 'mydata', label: 'Mine data', formats: ['pdf', 'json'] };
      expect(me.downloads).toContainEqual(mine);
      const teacher = (await (await api('/api/tab/me', P.tina)).json()) as any;
      // Everyone has their own data (src/privacy/); a teacher no register.
      expect(teacher.downloads).toEqual([mine]);
      expect(teacher.schools).toEqual([]);
    });

    it('shows the owner’s leader the directory, its schools and its gaps, as katalog does; nobody else', async () => {
      const res = await api('/api/tab/sections/directory', P.siri);
      expect(res.status).toBe(200);
      const content = (await res.json()) as { title: string; blocks: { type: string; title?: string; facts?: { title: string; value: string }[]; columns?: string[]; rows?: { cells: string[] }[] }[] };
      expect(content.title).toBe('The directory');
      const schools = content.blocks.find((b) => b.type === 'facts' && b.title === 'Staff per school')!;
      expect(schools.facts).toContainEqual({ title: 'Nordby skole', value: '4 employees · 1 principal · 1 safety representative' });
      const several = content.blocks.find((b) => b.type === 'table' && b.columns?.[0] === 'On the staff of several schools')!;
      expect(several.rows!.map((r) => r.cells[0])).toEqual(['Eva Strand: Nordby skole, Sørby skole']);
      expect(((await (await api('/api/tab/me', P.siri)).json()) as any).sections.map((x: { id: string }) => x.id)).toContain('directory');
      expect(((await (await api('/api/tab/me', P.rune)).json()) as any).sections.map((x: { id: string }) => x.id)).not.toContain('directory');
      expect((await api('/api/tab/sections/directory', P.rune)).status).toBe(404);
    });

    it('lists the school\'s cases, open and closed, filtered and searched', async () => {
      expect((await rune.invoke('incident.acknowledge', { incidentId: nordby[1]!.caseId })).status).toBe(200);
      expect((await rune.invoke('incident.close', { incidentId: nordby[1]!.caseId, summary: 'Snakket med klassen.' })).status).toBe(200);
      const listed = await rows(P.rune);
      expect(listed.map((r) => r.cells[0]).sort()).toEqual(nordby.map((c) => c.reference).sort());
      expect(listed.find((r) => r.cells[0] === nordby[1]!.reference)!.cells[6]).toBe('Avsluttet');
      expect(listed.find((r) => r.cells[0] === nordby[0]!.reference)!.open).toBe(nordby[0]!.caseId);
      expect((await rows(P.rune, '?severity=very-serious')).map((r) => r.cells[0])).toEqual([nordby[0]!.reference]);
      expect((await rows(P.rune, '?type=harassment')).map((r) => r.cells[0])).toEqual([nordby[1]!.reference]);
      expect((await rows(P.rune, `?q=${nordby[1]!.reference.slice(-4)}`)).map((r) => r.cells[0])).toEqual([nordby[1]!.reference]);
      expect((await rows(P.rune, '?period=previousSchoolYear')).length).toBe(0);
      expect((await rows(P.ola)).map((r) => r.cells[0])).toEqual([sorby.reference]);
      expect((await rows(P.siri)).length).toBe(3);
      expect((await rows(P.siri, '?school=sorby')).map((r) => r.cells[0])).toEqual([sorby.reference]);
      // A teacher sees her own.
      expect((await rows(P.tina)).map((r) => r.cells[0]).sort()).toEqual(nordby.map((c) => c.reference).sort());
      expect((await rows(P.per)).map((r) => r.cells[0])).toEqual([sorby.reference]);
      expect((await api('/api/tab/sections/cases?severity=awful', P.rune)).status).toBe(400);
    });

    it("opens a case read-only for the person's role: the owner's roles never see who reported or was exposed", async () => {
      const view = async (personId: string, caseId: string) => api(`/api/tab/sections/cases/${caseId}`, personId);
      const principal = JSON.stringify(await (await view(P.rune, nordby[0]!.caseId)).json());
      expect(principal).toContain('Tina Berg');
      expect(principal).toContain('Eleven slo meg; jeg måtte til legevakten.');
      const leader = await view(P.siri, nordby[0]!.caseId);
      expect(leader.status).toBe(200);
      const forLeader = JSON.stringify(await leader.json());
      expect(forLeader).not.toContain('Tina Berg');
      expect(forLeader).toContain('a staff member');
      expect(forLeader).toContain('Eleven slo meg; jeg måtte til legevakten.');
      expect((await view(P.per, nordby[0]!.caseId)).status).toBe(404);
      expect((await view(P.ola, nordby[0]!.caseId)).status).toBe(404);
      expect((await view(P.rune, 'case-0000000000000000000000000000dead')).status).toBe(404);
    });

    it('makes the same download links for the tab, for the chosen school and period', async () => {
      const res = await api('/api/tab/downloads', P.rune, { method: 'POST', body: JSON.stringify({ kind: 'register', format: 'xlsx', schoolId: '', period: 'schoolYear' }) });
      expect(res.status).toBe(200);
      const made = (await res.json()) as any;
      expect(made.path).toMatch(/^\/downloads\/.+\/skaderegister-nordby-.+\.xlsx$/);
      const file = await fetch(`${h.bot.url}${made.path}`, { headers: { authorization: `Bearer ${tokens[P.rune]}` } });
      expect(file.status).toBe(200);
      expect((await h.bot.audit.ofActor(P.rune)).some((e) => e.action === 'export.link' && e.channel === 'tab')).toBe(true);
      const refused = await api('/api/tab/downloads', P.tina, { method: 'POST', body: JSON.stringify({ kind: 'register', format: 'csv' }) });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as any).message).toBe('Velg hvilken skole du vil ha registeret for.');
      const other = await api('/api/tab/downloads', P.ola, { method: 'POST', body: JSON.stringify({ kind: 'register', format: 'csv', schoolId: 'nordby' }) });
      expect(other.status).toBe(400);
    });

    it('refuses calls without a sign-in, and serves the page and its local sign-in', async () => {
      expect((await fetch(`${h.bot.url}/api/tab/me`)).status).toBe(401);
      expect((await fetch(`${h.bot.url}/api/tab/me`, { headers: { authorization: 'Bearer a.b.c' } })).status).toBe(401);
      const page = await fetch(`${h.bot.url}/tab`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain('frame-ancestors');
      expect(page.headers.get('content-security-policy')).toContain('https://teams.microsoft.com');
      expect((await fetch(`${h.bot.url}/tab/dev`)).status).toBe(200);
      const inTeams = await (await fetch(`${h.bot.url}/tab?inTeams=1&locale=en-us`)).text();
      expect(inTeams).toContain('<script src="/tab/teams-js.js"></script>');
      expect(inTeams).toContain('<html lang="en">');
      const teamsJs = await fetch(`${h.bot.url}/tab/teams-js.js`);
      expect(teamsJs.status).toBe(200);
      expect((await teamsJs.text()).length).toBeGreaterThan(100_000);
      expect((await fetch(`${h.bot.url}/api/tab/dev-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: P.stranger }) })).status).toBe(400);
    });
  });
});
