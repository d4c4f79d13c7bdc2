/**
 * The injury register (AML § 5-1): known cases in, exact rows out; who may
 * have which school's register; the CSV and XLSX files as a spreadsheet
 * reads them; the periods people choose.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Viewer } from '../../src/cases/model/access';
import type { Case } from '../../src/cases/model/case';
import { applyCommand, type CaseCommand } from '../../src/cases/model/transitions';
import { loadDirectory } from '../../src/config/directory-file';
import { checkRange, periodRange, schoolYearStart } from '../../src/core/period';
import { cellText, tableToCsv, tableToXlsx } from '../../src/core/table-files';
import { caseDetailContent } from '../../src/register/views';
import { ownerRoleOf, registerFilename, registerGrant, registerScope, registerTable, REGISTER_COLUMNS } from '../../src/register/model';
import { aCase } from '../support/cases';
import { P } from '../support/people';

const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const ctx = { language: 'nb' as const, directory, timeZone: 'Europe/Oslo' };

function run(c: Case, at: string, ...steps: [CaseCommand, string, Viewer][]): Case {
  return steps.reduce((acc, [cmd, id, viewer]) => {
    const result = applyCommand(acc, cmd, { id, viewer }, new Date(at));
    if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refusal)}`);
    return result.case;
  }, c);
}

/** A very serious case with an injury, half-way through; and a minor one, closed, whose text tries a formula. */
function knownCases(): Case[] {
  let a = aCase({
    date: '2026-11-20',
    time: '10:15',
    location: 'classroom',
    types: 'physical,threat',
    severity: 'very-serious',
    perpetrator: 'pupil',
    pupilStage: '5-7',
    injury: 'physical',
    seriousInjury: 'true',
    sickLeave: 'true',
    medicalTreatment: 'true',
    riskFactors: 'alone,staffing',
    description: 'Eleven kastet en stol; jeg ble truffet i skulderen.',
    immediateActions: 'Tina Berg ringte rektor.',
  });
  a = { ...a, affectedIds: [P.tina, P.eva] };
  a = run(a, '2026-11-20T12:00:00Z', [{ verb: 'acknowledge' }, P.rune, 'principal']);
  a = run(a, '2026-11-20T13:00:00Z', [{ verb: 'legal.mark', item: 'arbeidstilsynet' }, P.rune, 'principal']);
  a = run(
    a,
    '2026-11-21T08:00:00Z',
    [{ verb: 'measure.propose', description: 'Alarmknapp i klasserommet', ownerId: P.tina, dueDate: '2026-12-01' }, P.vera, 'safetyRep'],
    [{ verb: 'measure.approve', measureId: 'm1' }, P.rune, 'principal'],
    [{ verb: 'measure.propose', description: 'To voksne i timen', ownerId: P.rune, dueDate: '2026-12-15' }, P.vera, 'safetyRep'],
    [{ verb: 'comment', text: 'Følg opp Tina Berg i morgen.' }, P.rune, 'principal'],
  );
  let b = aCase({ date: '2026-09-02', location: 'corridor', types: 'harassment', severity: 'minor', perpetrator: 'guardian', description: '=HYPERLINK("http://x";"klikk")' }, P.eva);
  b = { ...b, caseId: 'case-00000000000000000000000000000002', id: 'case-00000000000000000000000000000002', reference: 'VT-2026-0002' };
  b = run(b, '2026-09-03T07:30:00Z', [{ verb: 'acknowledge' }, P.rune, 'principal'], [{ verb: 'close', summary: 'Samtale med foresatte.' }, P.rune, 'principal']);
  return [a, b];
}

describe('the register rows', () => {
  it('has the columns the issue lists, in that order, labelled in the reader\'s language', () => {
    const table = registerTable([], ctx);
    expect(table.columns.map((c) => c.header)).toEqual([
      'Saksnummer',
      'Dato og klokkeslett',
      'Skole',
      'Sted',
      'Type',
      'Alvorlighetsgrad',
      'Hvem sto bak',
      'Elevens trinn',
      'Hva skjedde',
      'Medvirkende forhold',
      'Skade',
      'Sykmeldt',
      'Legebehandling',
      'Lovpålagte steg, og når de ble gjort',
      'Tiltak (ansvarlig, frist, status)',
      'Status',
      'Mottatt av rektor',
      'Avsluttet',
    ]);
    expect(registerTable([], { ...ctx, language: 'en' }).columns.map((c) => c.header).slice(0, 3)).toEqual(['Reference', 'Date and time', 'School']);
    expect(registerTable([], { ...ctx, language: 'nn' }).columns.map((c) => c.header).slice(2, 9)).toEqual(['Skule', 'Stad', 'Type', 'Alvorsgrad', 'Kven stod bak', 'Trinnet til eleven', 'Kva skjedde']);
    expect(REGISTER_COLUMNS).toHaveLength(18);
  });

  it('gives one row per case, oldest first, with exactly these values', () => {
    const table = registerTable(knownCases(), ctx);
    expect(table.rows.map((row) => row.map((cell) => cellText(cell, 'nb')))).toEqual([
      [
        'VT-2026-0002',
        '02.09.2026',
        'Nordby skole',
        'Gang/korridor',
        'Trakassering',
        'Lite alvorlig',
        'Foresatt',
        '',
        '=HYPERLINK("http://x";"klikk")',
        '',
        '',
        'Nei',
        'Nei',
        '',
        '',
        'Avsluttet',
        '03.09.2026',
        '03.09.2026',
      ],
      [
        'VT-2026-0001',
        '20.11.2026 10:15',
        'Nordby skole',
        'Klasserom',
        'Fysisk vold, Trussel (muntlig, skriftlig, med gjenstand eller våpen)',
        'Svært alvorlig',
        'Elev',
        '5.–7. trinn',
        'Eleven kastet en stol; jeg ble truffet i skulderen.',
        'Alenearbeid, Bemanning',
        'Fysisk skade, alvorlig personskade',
        'Ja',
        'Ja',
        'Arbeidstilsynet varslet: Gjort 20.11.2026 kl. 14:00\nPolitiet varslet: Ikke gjort\nSkriftlig bekreftelse sendt: Ikke gjort\nSkademelding til NAV: Ikke gjort',
        'Alarmknapp i klasserommet (ansatt, frist 01.12.2026, godkjent)\nTo voksne i timen (rektor, frist 15.12.2026, foreslått)',
        'Tiltak pågår',
        '20.11.2026',
        '',
      ],
    ]);
  });

  it('holds no names of who reported or was exposed, no follow-up notes, no internal comments', () => {
    const cases = knownCases();
    // A step marked not applicable says why, and still not by whom.
    cases[0] = run(cases[0]!, '2026-11-21T09:00:00Z', [{ verb: 'legal.notApplicable', item: 'police', reason: 'Politiet var på stedet.' }, P.rune, 'principal']);
    expect(registerTable(cases, ctx).rows[1]!.map((c) => cellText(c, 'nb'))[13]).toContain('Politiet varslet: Ikke aktuelt, markert 21.11.2026 kl. 10:00: Politiet var på stedet.');
    cases[1]!.followUps.push({ id: 'f1', personId: P.eva, index: 0, dueAt: '2026-09-03T10:00:00Z', answer: 'talk', answeredAt: '2026-09-03T11:00:00Z', note: 'Jeg sover dårlig', shared: true });
    for (const language of ['nb', 'nn', 'en'] as const) {
      const text = tableToCsv(registerTable(cases, { ...ctx, language }), language);
      for (const person of directory.people) expect(text).not.toContain(person.name!);
      for (const id of [P.tina, P.eva, P.rune, P.vera]) expect(text).not.toContain(id);
      expect(text).not.toContain('sover');
      expect(text).not.toContain('Følg opp');
      expect(text).not.toContain('ringte rektor');
    }
  });

  it('names a measure\'s owner by role at the school', () => {
    expect(ownerRoleOf(directory, 'nordby', P.rune)).toBe('principal');
    expect(ownerRoleOf(directory, 'nordby', P.vera)).toBe('safetyRep');
    expect(ownerRoleOf(directory, 'nordby', P.tina)).toBe('member');
    expect(ownerRoleOf(directory, 'nordby', P.siri)).toBe('leader');
    expect(ownerRoleOf(directory, 'nordby', P.per)).toBe('other');
    expect(ownerRoleOf(directory, 'nordby', undefined)).toBe('none');
  });

  it('reads in English too', () => {
    const row = registerTable(knownCases(), { ...ctx, language: 'en' }).rows[1]!.map((c) => cellText(c, 'en'));
    expect(row.slice(0, 7)).toEqual(['VT-2026-0001', '20/11/2026 10:15', 'Nordby skole', 'Classroom', 'Physical violence, Threat (spoken, written, with an object or weapon)', 'Very serious', 'Pupil']);
    expect(row[11]).toBe('Yes');
    expect(row[13]!.split('\n')[0]).toBe('Labour Inspection notified: Done 20/11/2026, 14:00');
  });
});

describe('a case in the tab', () => {
  // Two colleagues and a pupil exposed; the police step marked not applicable with a reason.
  const known = () => {
    const [a] = knownCases();
    const c = { ...a!, report: { ...a!.report, affected: ['colleague' as const, 'pupil' as const] } };
    return run(c, '2026-11-21T09:00:00Z', [{ verb: 'legal.notApplicable', item: 'police', reason: 'Politiet var allerede på stedet.' }, P.rune, 'principal']);
  };
  const view = (viewer: Viewer, viewerId: string) => JSON.stringify(caseDetailContent({ ...ctx, case: known(), viewer, viewerId }));

  it('writes a legal step and its history line as the case card does, the reason for "ikke aktuelt" included', () => {
    const content = caseDetailContent({ ...ctx, case: known(), viewer: 'principal', viewerId: P.rune });
    const tables = content.blocks.filter((b): b is Extract<typeof b, { type: 'table' }> => b.type === 'table');
    const legal = tables.find((t) => t.title === 'Lovpålagte steg')!;
    expect(legal.rows.map((r) => r.cells[1])).toEqual(expect.arrayContaining(['Ikke aktuelt, markert 21.11.2026 kl. 10:00 av Rune Haugen: Politiet var allerede på stedet.']));
    const history = tables.at(-1)!;
    expect(history.rows[0]!.cells[3]).toBe('Politiet var allerede på stedet.');
  });

  it('says who was exposed as the card does: names for the school, a count for the owner’s roles, never a pupil’s name', () => {
    expect(view('principal', P.rune)).toContain('{"title":"Utsatt","value":"Tina Berg, Eva Strand, en elev"}');
    const leader = view('leader', P.siri);
    expect(leader).toContain('{"title":"Utsatt","value":"2 ansatte, en elev"}');
    // (The fixture's own free texts name Tina; Eva is named nowhere but as exposed.)
    expect(leader).not.toContain('Eva Strand');
    expect(view('chiefSafetyRep', P.hakon)).toContain('{"title":"Utsatt","value":"2 ansatte, en elev"}');
  });
});

describe('who may have the register', () => {
  it('gives a principal and a safety representative their own school, as that role', () => {
    expect(registerGrant(directory, P.rune, 'nordby')).toEqual({ roles: ['principal'], schoolIds: ['nordby'] });
    expect(registerGrant(directory, P.vera, 'nordby')).toEqual({ roles: ['safetyRep'], schoolIds: ['nordby'] });
    expect(registerScope(directory, P.rune)).toEqual({ schoolIds: ['nordby'], all: false });
  });

  it('gives a teacher none', () => {
    expect(registerScope(directory, P.tina)).toEqual({ schoolIds: [], all: false });
    expect(registerGrant(directory, P.tina, 'nordby')).toBeNull();
    expect(registerGrant(directory, P.eva, 'sorby')).toBeNull();
    expect(registerGrant(directory, P.stranger, 'nordby')).toBeNull();
  });

  it("gives another school's principal none of this school's, and no principal all schools", () => {
    expect(registerGrant(directory, P.ola, 'nordby')).toBeNull();
    expect(registerGrant(directory, P.kari, 'nordby')).toBeNull();
    expect(registerGrant(directory, P.rune, 'sorby')).toBeNull();
    expect(registerGrant(directory, P.rune, 'all')).toBeNull();
    expect(registerGrant(directory, P.rune, 'nowhere')).toBeNull();
  });

  it("gives the owner's roles every school, one by one or all at once", () => {
    expect(registerGrant(directory, P.siri, 'all')).toEqual({ roles: ['leader'], schoolIds: ['nordby', 'sorby'] });
    expect(registerGrant(directory, P.hakon, 'sorby')).toEqual({ roles: ['chiefSafetyRep'], schoolIds: ['sorby'] });
    expect(registerScope(directory, P.hakon)).toEqual({ schoolIds: ['nordby', 'sorby'], all: true });
  });

  it('names the file by school and dates, in characters every system keeps', () => {
    expect(registerFilename('nb', 'nordby', { from: '2026-08-01', to: '2026-11-26' })).toBe('skaderegister-nordby-2026-08-01-2026-11-26');
    expect(registerFilename('en', 'all', { from: '2026-08-01', to: '2026-11-26' })).toBe('injury-register-all-2026-08-01-2026-11-26');
    expect(registerFilename('nn', 'sør by', { from: '2026-08-01', to: '2026-11-26' })).toBe('skaderegister-sor-by-2026-08-01-2026-11-26');
  });
});

describe('the files', () => {
  it('writes CSV as Norwegian Excel reads it: BOM, semicolons, CRLF, quotes, and no formula', () => {
    const csv = tableToCsv(registerTable(knownCases(), ctx), 'nb');
    expect(csv.startsWith('\uFEFFSaksnummer;Dato og klokkeslett;Skole;')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4); // header, two rows, and the empty string after the last CRLF
    expect(lines[1]).toBe(`VT-2026-0002;02.09.2026;Nordby skole;Gang/korridor;Trakassering;Lite alvorlig;Foresatt;;"'=HYPERLINK(""http://x"";""klikk"")";;;Nei;Nei;;;Avsluttet;03.09.2026;03.09.2026`);
    // A field with ';' or a line break is quoted; the line break inside stays a bare LF.
    expect(lines[2]).toContain('"Eleven kastet en stol; jeg ble truffet i skulderen."');
    expect(lines[2]).toContain('"Arbeidstilsynet varslet: Gjort 20.11.2026 kl. 14:00\nPolitiet varslet: Ikke gjort');
  });

  it('writes XLSX with real dates, a bold frozen header and text that stays text', async () => {
    const buffer = await tableToXlsx(registerTable(knownCases(), ctx), 'nb');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Skaderegister')!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).getCell(1).value).toBe('Saksnummer');
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe('VT-2026-0002');
    expect((first.getCell(2).value as Date).toISOString()).toBe('2026-09-02T00:00:00.000Z');
    expect(first.getCell(2).numFmt).toBe('dd.mm.yyyy');
    expect(first.getCell(9).value).toBe('=HYPERLINK("http://x";"klikk")');
    expect(first.getCell(9).formula).toBeUndefined();
    const second = sheet.getRow(3);
    expect((second.getCell(2).value as Date).toISOString()).toBe('2026-11-20T10:15:00.000Z');
    expect(second.getCell(2).numFmt).toBe('dd.mm.yyyy hh:mm');
    expect(second.getCell(18).value).toBeNull();
  });
});

describe('periods', () => {
  it('starts the school year on 1 August', () => {
    expect(schoolYearStart('2026-11-26')).toBe('2026-08-01');
    expect(schoolYearStart('2026-08-01')).toBe('2026-08-01');
    expect(schoolYearStart('2026-07-31')).toBe('2025-08-01');
    expect(periodRange('schoolYear', '2026-02-10')).toEqual({ from: '2025-08-01', to: '2026-02-10' });
    expect(periodRange('previousSchoolYear', '2026-02-10')).toEqual({ from: '2024-08-01', to: '2025-07-31' });
  });

  it('counts the last 30 days and the last 12 months up to and including today', () => {
    expect(periodRange('last30Days', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(periodRange('last12Months', '2026-11-26')).toEqual({ from: '2025-11-27', to: '2026-11-26' });
    expect(periodRange('last12Months', '2028-02-29')).toEqual({ from: '2027-03-02', to: '2028-02-29' });
  });

  it('checks a range given as dates', () => {
    expect(checkRange('2026-01-01', '2026-01-31')).toEqual({ ok: true, range: { from: '2026-01-01', to: '2026-01-31' } });
    expect(checkRange('2026-02-30', '2026-03-01')).toEqual({ ok: false, problem: 'invalidDate' });
    expect(checkRange('2026-03-01', '2026-02-01')).toEqual({ ok: false, problem: 'reversed' });
    expect(checkRange('2016-01-01', '2026-01-01')).toEqual({ ok: false, problem: 'tooLong' });
    expect(checkRange(undefined, '2026-01-01')).toEqual({ ok: false, problem: 'invalidDate' });
  });
});
