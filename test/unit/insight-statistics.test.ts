/**
 * Statistics from known reports: every breakdown, the trend, the medians, the
 * period boundaries in Europe/Oslo, the "færre enn 3" rule, who may see what,
 * and the card (FactSets with the form's labels, charts with alt text, size).
 */
import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import { localDateTime } from '../../src/core/clock';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import type { Language } from '../../src/core/i18n';
import { audienceFor, scopeFor, statisticsAccess } from '../../src/insight/model/access';
import type { Cell } from '../../src/insight/model/cells';
import { median } from '../../src/insight/model/cells';
import { periodRange } from '../../src/core/period';
import { PERIODS, periodFor, type Period } from '../../src/insight/model/period';
import { schoolTable } from '../../src/insight/model/schools';
import { computeStatistics, type CaseRow, type ComparisonRow, type StatisticsFigures } from '../../src/insight/model/statistics';
import type { OpenRow } from '../../src/insight/model/open-cases';
import { chartImages, statisticsCard } from '../../src/insight/views';
import { renderCard } from '../../src/teams/card-renderer';
import { P } from '../support/people';

const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const OSLO = 'Europe/Oslo';
const schoolDay = DEFAULT_SCHEDULE.schoolDay;

const base = { schoolId: 'nordby', status: 'reported' as const, seriousInjury: false, sickLeave: false, medicalTreatment: false, riskFactors: [] };
const at = (iso: string, hours: number) => new Date(new Date(iso).getTime() + hours * 3_600_000).toISOString();

function row(fields: Partial<CaseRow> & Pick<CaseRow, 'date' | 'location' | 'types' | 'severity'>, ack?: number, close?: number): CaseRow {
  const createdAt = `${fields.date}T12:00:00.000Z`;
  return {
    ...base,
    createdAt,
    ...(ack !== undefined ? { acknowledgedAt: at(createdAt, ack), status: 'acknowledged' as const } : {}),
    ...(close !== undefined ? { closedAt: at(createdAt, close), status: 'closed' as const } : {}),
    ...fields,
  };
}

/** Seven cases of the school year 2026/27 and one from the year before it. */
const ROWS: CaseRow[] = [
  row({ date: '2026-08-03', time: '09:00', location: 'classroom', types: ['physical'], severity: 'minor', perpetrator: 'pupil', pupilStage: '1-4', injury: 'none', riskFactors: ['staffing'] }, 2, 48),
  row({ date: '2026-09-15', time: '10:05', location: 'schoolyard', types: ['physical', 'threat'], severity: 'serious', perpetrator: 'pupil', pupilStage: '5-7', injury: 'physical', medicalTreatment: true, riskFactors: ['alone', 'staffing'] }, 5, 72),
  row({ date: '2026-09-16', time: '12:30', location: 'classroom', types: ['threat'], severity: 'minor', perpetrator: 'guardian' }, 1, 30),
  row({ date: '2026-10-01', time: '15:00', location: 'sfo', types: ['harassment'], severity: 'minor', perpetrator: 'pupil', injury: 'psychological', sickLeave: true, riskFactors: ['competence'] }),
  row({ date: '2026-10-05', time: '07:45', location: 'corridor', types: ['physical'], severity: 'very-serious', perpetrator: 'pupil', pupilStage: '8-10', injury: 'both', seriousInjury: true, sickLeave: true, medicalTreatment: true, riskFactors: ['alone', 'premises'] }, 24),
  row({ date: '2026-11-20', location: 'classroom', types: ['digital'], severity: 'serious', perpetrator: 'unknown', riskFactors: ['other'] }),
  row({ date: '2026-11-30', time: '16:45', location: 'gym', types: ['physical'], severity: 'minor', perpetrator: 'colleague', injury: 'none' }),
  row({ date: '2026-07-31', time: '09:00', location: 'classroom', types: ['physical'], severity: 'minor' }),
];
const COMPARISON: ComparisonRow[] = [
  { schoolId: 'nordby', date: '2025-09-10', severity: 'minor', types: ['physical'] },
  { schoolId: 'nordby', date: '2025-09-20', severity: 'serious', types: ['threat'] },
  { schoolId: 'nordby', date: '2025-11-02', severity: 'minor', types: ['physical'] },
  { schoolId: 'nordby', date: '2025-07-15', severity: 'minor', types: ['physical'] },
];

const TODAY = '2026-12-01';
const schoolYear = periodFor('schoolYear', TODAY);
const stats = (audience: 'school' | 'owner' = 'school', period: Period = schoolYear, filter = {}) => computeStatistics({ rows: ROWS, comparison: COMPARISON, period, schoolDay, audience, filter });

/** A breakdown as key → count, hidden cells as 'hidden', empty ones left out. */
function counts(cells: Cell[]): Record<string, number | 'hidden'> {
  return Object.fromEntries(cells.filter((c) => c.masked || c.count > 0).map((c) => [c.key, c.masked ? 'hidden' : c.count]));
}

describe('periods in Europe/Oslo', () => {
  it('begins the school year on 1 August, by the date in Oslo', () => {
    // 31 July 23:59 in Oslo is 21:59 UTC (summer time): still the school year 2026/27.
    const lastEvening = localDateTime(new Date('2027-07-31T21:59:00Z'), OSLO).date;
    expect(periodFor('schoolYear', lastEvening)).toMatchObject({ from: '2026-08-01', to: '2027-07-31', schoolYear: 2026 });
    // Half past midnight on 1 August in Oslo is still 31 July in UTC: the new school year has begun.
    const firstMorning = localDateTime(new Date('2027-07-31T22:30:00Z'), OSLO).date;
    expect(firstMorning).toBe('2027-08-01');
    expect(periodFor('schoolYear', firstMorning)).toMatchObject({ from: '2027-08-01', to: '2027-08-01', schoolYear: 2027 });
  });

  it('has the four periods and the same dates a year before', () => {
    expect(periodFor('schoolYear', TODAY)).toEqual({ key: 'schoolYear', from: '2026-08-01', to: '2026-12-01', comparison: { from: '2025-08-01', to: '2025-12-01' }, schoolYear: 2026 });
    expect(periodFor('last30Days', TODAY)).toEqual({ key: 'last30Days', from: '2026-11-02', to: '2026-12-01', comparison: { from: '2025-11-02', to: '2025-12-01' } });
    expect(periodFor('last12Months', TODAY)).toEqual({ key: 'last12Months', from: '2025-12-02', to: '2026-12-01', comparison: { from: '2024-12-02', to: '2025-12-01' } });
    expect(periodFor('previousSchoolYear', TODAY)).toEqual({ key: 'previousSchoolYear', from: '2025-08-01', to: '2026-07-31', comparison: { from: '2024-08-01', to: '2025-07-31' }, schoolYear: 2025 });
    expect(periodFor('last30Days', '2028-02-29').comparison).toEqual({ from: '2027-01-31', to: '2027-02-28' });
  });

  it('are the same periods as the register’s and the tab’s (core/period.ts)', () => {
    for (const today of ['2026-12-01', '2027-08-01', '2027-07-31', '2028-02-29'])
      for (const key of PERIODS) expect(periodFor(key, today)).toMatchObject(periodRange(key, today));
  });

  it('counts an incident on the first day and leaves out the day before', () => {
    const rows = [row({ date: '2026-08-01', location: 'gym', types: ['other'], severity: 'minor' }), row({ date: '2026-07-31', location: 'gym', types: ['other'], severity: 'minor' })];
    expect(computeStatistics({ rows, comparison: [], period: schoolYear, schoolDay, audience: 'school' }).total).toBe(1);
    const previous = periodFor('previousSchoolYear', TODAY);
    expect(computeStatistics({ rows, comparison: [], period: previous, schoolDay, audience: 'school' }).total).toBe(1);
  });
});

describe('the figures from known reports', () => {
  const f = stats();

  it('counts the cases of the period and their severity', () => {
    expect(f.total).toBe(7);
    expect(counts(f.severity)).toEqual({ minor: 4, serious: 2, 'very-serious': 1 });
    expect(f.serious).toMatchObject({ count: 3 });
  });

  it('counts every breakdown', () => {
    const b = f.breakdowns;
    expect(counts(b.location)).toEqual({ classroom: 3, schoolyard: 1, sfo: 1, corridor: 1, gym: 1 });
    expect(counts(b.type)).toEqual({ physical: 4, threat: 2, harassment: 1, digital: 1 });
    expect(counts(b.weekday)).toEqual({ '1': 3, '2': 1, '3': 1, '4': 1, '5': 1 });
    expect(counts(b.timeOfDay)).toEqual({ beforeSchool: 1, lessons: 2, breaks: 1, sfo: 1, afterSchool: 1, unknown: 1 });
    expect(counts(b.perpetrator)).toEqual({ pupil: 4, guardian: 1, colleague: 1, unknown: 1 });
    expect(counts(b.pupilStage)).toEqual({ '1-4': 1, '5-7': 1, '8-10': 1, notGiven: 1 });
    expect(counts(b.riskFactor)).toEqual({ alone: 2, staffing: 2, competence: 1, premises: 1, other: 1 });
    expect(counts(b.consequence)).toEqual({ physicalInjury: 2, psychologicalInjury: 2, noInjury: 2, seriousInjury: 1, sickLeave: 2, medicalTreatment: 2 });
    // Shares are of the period's cases; the pupil's stage of the cases a pupil was behind.
    expect(b.location.find((c) => c.key === 'classroom')).toEqual({ key: 'classroom', count: 3, share: 3 / 7 });
    expect(b.pupilStage.find((c) => c.key === '1-4')).toEqual({ key: '1-4', count: 1, share: 1 / 4 });
  });

  it('gives the trend by month against the same months a year before', () => {
    expect(f.trend.months.map((m) => [m.month, (m.current as { count: number }).count, (m.previous as { count: number }).count])).toEqual([
      ['2026-08', 1, 0],
      ['2026-09', 2, 2],
      ['2026-10', 2, 0],
      ['2026-11', 2, 1],
      ['2026-12', 0, 0],
    ]);
    expect(f.trend).toMatchObject({ total: 7, previousTotal: 3 });
  });

  it('gives the median hours to acknowledge and to close', () => {
    expect(f.medians).toEqual({ acknowledgeHours: 3.5, acknowledged: 4, closeHours: 48, closed: 3 });
    expect(median([])).toBeUndefined();
    expect(median([5])).toBe(5);
  });

  it('filters by severity and type as the tab asks', () => {
    expect(stats('school', schoolYear, { severities: ['serious', 'very-serious'] }).total).toBe(3);
    const threats = stats('school', schoolYear, { types: ['threat'] });
    expect(threats.total).toBe(2);
    expect(threats.trend.previousTotal).toBe(1);
  });

  it('shows 1 or 2 as "fewer than 3" to the owner, per cell finer than school and period', () => {
    const o = stats('owner');
    expect(o.total).toBe(7);
    expect(counts(o.breakdowns.location)).toEqual({ classroom: 3, schoolyard: 'hidden', sfo: 'hidden', corridor: 'hidden', gym: 'hidden' });
    expect(counts(o.severity)).toEqual({ minor: 4, serious: 'hidden', 'very-serious': 'hidden' });
    expect(o.serious).toMatchObject({ count: 3 });
    expect(counts(o.breakdowns.type)).toEqual({ physical: 4, threat: 'hidden', harassment: 'hidden', digital: 'hidden' });
    expect(o.trend.months.map((m) => m.current.masked ?? false)).toEqual([true, true, true, true, false]);
    // Nothing of a hidden cell is left in the figures.
    expect(JSON.stringify(o.breakdowns.location.find((c) => c.key === 'gym'))).toBe('{"key":"gym","masked":true}');
    // Zero stays zero.
    expect(o.breakdowns.location.find((c) => c.key === 'digital')).toMatchObject({ count: 0 });
  });
});

describe('who sees which statistics', () => {
  it('gives a teacher none, and a principal only their own school', () => {
    expect(statisticsAccess(directory, P.tina)).toBeUndefined();
    expect(statisticsAccess(directory, P.nina)).toBeUndefined();
    const ola = statisticsAccess(directory, P.ola)!;
    expect(ola.schoolIds).toEqual(['sorby']);
    expect(scopeFor(ola, 'nordby')).toBeUndefined();
    expect(scopeFor(ola, 'no-such-school')).toBeUndefined();
    expect(scopeFor(ola, undefined)).toEqual({ kind: 'school', schoolId: 'sorby' });
    expect(audienceFor(ola, { kind: 'school', schoolId: 'sorby' })).toBe('school');
    expect(statisticsAccess(directory, P.vera)!.schoolIds).toEqual(['nordby']);
  });

  it('gives the owner’s roles every school, together or one by one, with small cells hidden', () => {
    for (const person of [P.siri, P.hakon]) {
      const access = statisticsAccess(directory, person)!;
      expect(access.owner).toBe(true);
      expect(scopeFor(access, undefined)).toEqual({ kind: 'all', schoolIds: ['nordby', 'sorby'] });
      expect(audienceFor(access, scopeFor(access, 'nordby')!)).toBe('owner');
      expect(audienceFor(access, scopeFor(access, undefined)!)).toBe('owner');
    }
  });
});

describe('the owner’s table of schools', () => {
  const open = (schoolId: string, approved: { id: string; dueDate: string }[] = []): OpenRow => ({
    caseId: `c-${schoolId}-${approved.length}`,
    reference: 'VT-2026-0001',
    schoolId,
    status: 'acknowledged',
    createdAt: '2026-11-01T10:00:00Z',
    severity: 'minor',
    seriousInjury: false,
    sickLeave: false,
    medicalTreatment: false,
    legalDone: [],
    approved,
  });

  it('counts cases, serious cases, open cases and overdue measures, the most serious first', () => {
    const rows = [
      { schoolId: 'nordby', severity: 'minor' as const },
      { schoolId: 'sorby', severity: 'serious' as const },
      { schoolId: 'sorby', severity: 'very-serious' as const },
      { schoolId: 'sorby', severity: 'serious' as const },
    ];
    const table = schoolTable({
      schoolIds: ['nordby', 'sorby'],
      rows,
      open: [open('nordby', [{ id: 'm1', dueDate: '2026-11-30' }, { id: 'm2', dueDate: '2026-12-01' }]), open('sorby')],
      today: '2026-12-01',
      audience: 'owner',
      lastRiskReview: new Map([['sorby', '2026-09-01']]),
    });
    expect(table).toEqual([
      { schoolId: 'sorby', cases: 3, serious: { key: 'serious', count: 3, share: 1 }, open: 1, overdueMeasures: 0, lastRiskReview: '2026-09-01' },
      { schoolId: 'nordby', cases: 1, serious: { key: 'serious', count: 0, share: 0 }, open: 1, overdueMeasures: 1 },
    ]);
  });
});

// ---------------------------------------------------------------- the card

type Json = Record<string, any>;
function walk(node: unknown, visit: (n: Json) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Json);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}
const ofType = (card: unknown, type: string) => {
  const out: Json[] = [];
  walk(card, (n) => n.type === type && out.push(n));
  return out;
};
/** The FactSet that follows a heading in the card. */
function factsUnder(card: unknown, heading: string): Record<string, string> {
  let found: Record<string, string> | undefined;
  walk(card, (n) => {
    if (n.type !== 'Container' || !Array.isArray(n.items) || n.items[0]?.text !== heading) return;
    const [facts] = ofType(n, 'FactSet');
    found = Object.fromEntries(facts.facts.map((f: Json) => [f.title, f.value]));
  });
  if (!found) throw new Error(`no section ${heading}`);
  return found;
}
const leftovers = (card: unknown) => JSON.stringify(card).match(/\$\{[^}]*\}/g) ?? [];
const utf16Bytes = (card: unknown) => JSON.stringify(card).length * 2;

function card(figures: StatisticsFigures, language: Language = 'nb', extra: Partial<Parameters<typeof statisticsCard>[0]> = {}) {
  return renderCard(statisticsCard({ language, directory, figures, schoolId: 'nordby', choices: ['nordby'], allowAll: false, ...extra }));
}

describe('the statistics card', () => {
  const principal = card(stats());

  it('is Adaptive Card 1.5 with every expression filled', () => {
    expect(principal.version).toBe('1.5');
    expect(leftovers(principal)).toEqual([]);
  });

  it('shows each breakdown as a FactSet with the form’s labels and the count first', () => {
    expect(factsUnder(principal, 'Hvor')).toEqual({ Klasserom: '3 (43 %)', Skolegård: '1 (14 %)', 'SFO/AKS': '1 (14 %)', 'Gang/korridor': '1 (14 %)', Gymsal: '1 (14 %)' });
    expect(factsUnder(principal, 'Når på dagen')).toEqual({
      'Før skolestart': '1 (14 %)',
      'I undervisningen': '2 (29 %)',
      'I friminuttet': '1 (14 %)',
      'SFO/AKS-tid': '1 (14 %)',
      'Etter skoletid': '1 (14 %)',
      'Tidspunkt ikke oppgitt': '1 (14 %)',
    });
    expect(factsUnder(principal, 'Hva skjedde')).toMatchObject({ 'Fysisk vold': '4 (57 %)', 'Trussel (muntlig, skriftlig, med gjenstand eller våpen)': '2 (29 %)' });
    expect(factsUnder(principal, 'Ukedag')).toEqual({ Mandag: '3 (43 %)', Tirsdag: '1 (14 %)', Onsdag: '1 (14 %)', Torsdag: '1 (14 %)', Fredag: '1 (14 %)' });
    expect(factsUnder(principal, 'Hvem sto bak')).toEqual({ Elev: '4 (57 %)', Foresatt: '1 (14 %)', Kollega: '1 (14 %)', Ukjent: '1 (14 %)' });
    expect(factsUnder(principal, 'Elevens trinn (når en elev sto bak)')).toEqual({ '1.–4. trinn': '1 (25 %)', '5.–7. trinn': '1 (25 %)', '8.–10. trinn': '1 (25 %)', 'Ikke oppgitt': '1 (25 %)' });
    expect(factsUnder(principal, 'Medvirkende forhold (forskrift om utførelse av arbeid § 3A-2 (tidligere § 23A-1))')).toEqual({
      Alenearbeid: '2 (29 %)',
      Bemanning: '2 (29 %)',
      Kompetanse: '1 (14 %)',
      'Lokaler og tekniske løsninger': '1 (14 %)',
      Annet: '1 (14 %)',
    });
    expect(factsUnder(principal, 'Konsekvenser')).toMatchObject({ 'Fysisk skade': '2 (29 %)', 'Alvorlig personskade': '1 (14 %)', Sykmelding: '2 (29 %)', Legebehandling: '2 (29 %)' });
    expect(factsUnder(principal, 'Utvikling per måned')).toEqual({
      aug: '1 (året før: 0)',
      sep: '2 (året før: 2)',
      okt: '2 (året før: 0)',
      nov: '2 (året før: 1)',
      des: '0 (året før: 0)',
      'I alt': '7 (året før: 3)',
    });
  });

  it('shows the totals and the medians on top', () => {
    const [headline] = ofType(principal, 'FactSet');
    expect(Object.fromEntries(headline.facts.map((f: Json) => [f.title, f.value]))).toEqual({
      Saker: '7',
      'Alvorlig eller svært alvorlig': '3 (43 %)',
      'Lite alvorlig': '4 (57 %)',
      Alvorlig: '2 (29 %)',
      'Svært alvorlig': '1 (14 %)',
      'Tid til mottatt (median)': '4 timer (4 saker)',
      'Tid til avsluttet (median)': '2 dager (3 saker)',
    });
  });

  it('puts a chart beside breakdowns, a PNG on white with alt text saying the same', () => {
    const images = ofType(principal, 'Image');
    expect(images.length).toBeGreaterThanOrEqual(5);
    for (const image of images) {
      expect(image.url).toMatch(/^data:image\/png;base64,/);
      const png = Buffer.from(image.url.split(',')[1], 'base64');
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeLessThan(6000);
      expect(image.altText.length).toBeGreaterThan(10);
    }
    expect(images[0].altText).toBe('Hvor: Klasserom 3, Gang/korridor 1, Skolegård 1, Gymsal 1, SFO/AKS 1.');
    expect(images.map((i) => i.altText)).toContainEqual(expect.stringMatching(/^Utvikling per måned: aug 1, sep 2, okt 2, nov 2, des 0\. Året før: aug 0, sep 2, okt 0, nov 1, des 0\.$/));
  });

  it('gives a channel with room every chart as PNG bytes with its alt text', () => {
    const images = chartImages(stats(), 'en');
    expect(images.map((i) => i.key)).toEqual(['location', 'timeOfDay', 'trend', 'type', 'weekday', 'perpetrator', 'riskFactor', 'consequence', 'pupilStage']);
    for (const image of images) expect(image.png.subarray(1, 4).toString()).toBe('PNG');
    expect(images[0]).toMatchObject({ title: 'Where', altText: 'Where: Classroom 3, Corridor 1, Schoolyard 1, Gym 1, After-school programme (SFO/AKS) 1.' });
  });

  it('offers the four periods and, to the owner, the schools', () => {
    const verbs = ofType(principal, 'Action.Execute').filter((a) => a.verb === 'insight.statistics');
    expect(verbs.map((a) => a.data.period)).toEqual(['schoolYear', 'last30Days', 'last12Months', 'previousSchoolYear']);
    expect(verbs[0].style).toBe('positive');
    expect(ofType(principal, 'Input.ChoiceSet')).toEqual([]);
    const owner = card(stats('owner'), 'en', { schoolId: undefined, choices: ['nordby', 'sorby'], allowAll: true, schools: [], openNow: 2 });
    const [choice] = ofType(owner, 'Input.ChoiceSet');
    expect(choice.id).toBe('schoolId');
    expect(choice.choices.map((c: Json) => c.title)).toEqual(['All schools', 'Nordby skole', 'Sørby skole']);
    expect(JSON.stringify(owner)).toContain('Figures of 1 or 2 are shown as “fewer than 3”');
    expect(factsUnder(owner, 'Where')).toEqual({ Classroom: '3 (43%)', Schoolyard: 'fewer than 3', 'After-school programme (SFO/AKS)': 'fewer than 3', Corridor: 'fewer than 3', Gym: 'fewer than 3' });
  });

  it.each(['nb', 'nn', 'en'] as Language[])('is filled in %s, also with no cases', (language) => {
    const empty = computeStatistics({ rows: [], comparison: [], period: schoolYear, schoolDay, audience: 'school' });
    const c = card(empty, language);
    expect(leftovers(c)).toEqual([]);
    expect(ofType(c, 'Image')).toEqual([]);
    expect(leftovers(card(stats('owner'), language))).toEqual([]);
  });

  it('stays well under Teams’ limit counted as UTF-16, charts included, for the biggest card', () => {
    // Every place, type, time, factor and month filled, at all schools, with a long table of schools.
    const many: CaseRow[] = [];
    const locations = ['classroom', 'corridor', 'schoolyard', 'gym', 'sfo', 'trip', 'transport', 'digital', 'other'] as const;
    for (let i = 0; i < 900; i++) {
      many.push(
        row({
          date: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
          time: `${String(7 + (i % 10)).padStart(2, '0')}:15`,
          location: locations[i % 9],
          types: [(['physical', 'threat', 'harassment', 'digital', 'property', 'other'] as const)[i % 6]],
          severity: (['minor', 'serious', 'very-serious'] as const)[i % 3],
          perpetrator: (['pupil', 'guardian', 'colleague', 'other', 'unknown'] as const)[i % 5],
          pupilStage: (['1-4', '5-7', '8-10', 'vg'] as const)[i % 4],
          injury: (['none', 'physical', 'psychological', 'both'] as const)[i % 4],
          riskFactors: [(['alone', 'worktime', 'staffing', 'competence', 'premises', 'other'] as const)[i % 6]],
        }),
      );
    }
    const year = periodFor('last12Months', TODAY);
    const figures = computeStatistics({ rows: many, comparison: many.map((r) => ({ ...r, date: `2025${r.date.slice(4)}` })), period: year, schoolDay, audience: 'owner' });
    const schools = Array.from({ length: 174 }, (_, i) => ({ schoolId: `school-${i}`, cases: 100, serious: { key: 'serious' as const, count: 30, share: 0.3 }, open: 12, overdueMeasures: 3 }));
    const biggest = card(figures, 'nn', { schoolId: undefined, choices: schools.map((s) => s.schoolId), allowAll: true, schools, openNow: 2088, tabUrl: 'https://teams.microsoft.com/l/entity/x/oversikt' });
    expect(leftovers(biggest)).toEqual([]);
    expect(ofType(biggest, 'Image').length).toBeGreaterThanOrEqual(4);
    expect(utf16Bytes(biggest)).toBeLessThan(80 * 1024);
    expect(utf16Bytes(principal)).toBeLessThan(80 * 1024);
  });
});
