/**
 * The inspection folder and the owner's half-year report as PDFs, parsed back
 * with pdftotext: the school's name, its situations (with Norwegian letters),
 * the three checkpoints, the register extract without names, the flags.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import type { CaseEvidence } from '../../src/cases/model/case';
import { zonedToUtc } from '../../src/core/clock';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import { inspectionDocument, ownerReportDocument } from '../../src/inspection/document';
import { byConcern, incidentStatistics, ownerReportRow } from '../../src/inspection/model';
import { renderPdf } from '../../src/core/pdf';
import { applyRiskCommand, emptyAssessment, parseRiskCommand, type RiskAssessment, type RiskCommand } from '../../src/risk/model';
import { newTrainingEntry, parseTrainingEntry } from '../../src/training/model';
import { P } from '../support/people';

const OSLO = 'Europe/Oslo';
const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const now = zonedToUtc('2026-11-20', '10:00', OSLO);
const staff = [P.rune, P.vera, P.tina, P.eva];

function act(a: RiskAssessment, verb: RiskCommand['verb'], data: Record<string, unknown>): RiskAssessment {
  const parsed = parseRiskCommand(verb, data, { today: '2026-11-20', possibleOwners: staff });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const r = applyRiskCommand(a, parsed.command, { id: P.rune, role: 'principal' }, now, { plan: DEFAULT_SCHEDULE.riskReview, timeZone: OSLO, safetyReps: [P.vera], safetyRepsAsked: [P.vera] });
  if (!r.ok) throw new Error(r.refusal.code);
  return r.assessment;
}

const evidence: CaseEvidence[] = [1, 2, 3].map((i) => ({
  caseId: `case-${String(i).padStart(32, '0')}`,
  reference: `VT-2026-000${i}`,
  schoolId: 'nordby',
  status: 'acknowledged',
  createdAt: `2026-10-0${i}T10:00:00Z`,
  report: { date: `2026-10-0${i}`, time: '10:05', location: 'schoolyard', types: ['physical'], severity: i === 3 ? 'very-serious' : 'serious', seriousInjury: i === 3, sickLeave: i === 3, medicalTreatment: false, policeInvolved: false, physicalIntervention: false, riskFactors: ['staffing'] },
}));

function pdfText(pdf: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tryggmeld-pdf-')), 'out.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('the inspection folder', () => {
  let a = act(emptyAssessment('nordby', now), 'add', { situation: 'Utagering i skolegården', likelihood: '4', consequence: '4', location: 'schoolyard', timeOfDay: 'breaks', factors: 'staffing', barriers: 'Én voksen ute' });
  a = act(a, 'add', { situation: 'Alenearbeid på SFO etter kl. 16', likelihood: '2', consequence: '4', location: 'sfo', factors: 'alone' });
  a = act(a, 'measure.propose', { situationId: 's1', description: 'To voksne i skolegården i storefri', owner: P.tina, dueDate: '2026-12-01' });
  a = act(a, 'measure.approve', { situationId: 's1', measureId: 'm1' });
  a = act(a, 'review', { note: 'Gjennomgått med verneombudet.', safetyRepTookPart: 'true' });
  const drill = parseTrainingEntry({ date: '2026-09-10', kind: 'drill', topic: 'Øvelse: elev med kniv', participants: `${P.tina},${P.eva}`, ledByName: 'BHT Øst', durationMinutes: '60', clientRequestId: 'drill-0001' }, { today: '2026-11-20', staff, situationIds: ['s1'] });
  if (!drill.ok) throw new Error(JSON.stringify(drill.errors));
  const entries = [newTrainingEntry('nordby', drill.fields, P.rune, zonedToUtc('2026-09-10', '15:00', OSLO))];

  it('holds the school, its situations, measures, reviews, training, routine, statistics and register, in Norwegian letters', async () => {
    const doc = inspectionDocument({
      language: 'nb',
      directory,
      schedule: DEFAULT_SCHEDULE,
      timeZone: OSLO,
      now,
      schoolId: 'nordby',
      assessment: a,
      reviews: [],
      evidence,
      entries,
      routine: { schoolId: 'nordby', title: 'Rutine', text: 'Meld i TryggMeld samme dag.', url: 'https://kvalitet.eksempel.kommune.no/vold', source: 'Satt av Rune Haugen.' },
    });
    const pdf = await renderPdf(doc);
    if (process.env.PDF_OUT) writeFileSync(process.env.PDF_OUT, pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const expected of [
      'Tilsynsmappe: Nordby skole',
      '1. Kartlegging og risikovurdering',
      'Utagering i skolegården',
      'Én voksen ute',
      'Alenearbeid på SFO etter kl. 16',
      '16 Rød',
      '8 Gul',
      'To voksne i skolegården i storefri',
      '2. Opplæring og øvelse',
      '2 av 4 ansatte (50 %) har deltatt i opplæring eller øvelse de siste 12 månedene.',
      'Øvelse: elev med kniv',
      'BHT Øst',
      '3. Informasjon og rutiner',
      'Meld i TryggMeld samme dag.',
      '3 hendelser meldt fra 20.11.2025 til 20.11.2026: 1 med alvorlig personskade, 1 med sykmelding.',
      'Utdrag av skaderegisteret (arbeidsmiljøloven § 5-1)',
      'VT-2026-0001',
      'VT-2026-0003',
      'forskrift om utførelse av arbeid § 3A-5 (tidligere § 23A-2)',
      'Side 1 av',
    ])
      expect(text).toContain(expected);
  });

  it('says what is missing in an empty folder, in English', async () => {
    const doc = inspectionDocument({ language: 'en', directory, schedule: DEFAULT_SCHEDULE, timeZone: OSLO, now, schoolId: 'sorby', reviews: [], evidence: [], entries: [], routine: { schoolId: 'sorby', title: '', text: 'Report here.', url: '', source: '' } });
    const text = pdfText(await renderPdf(doc)).replace(/\s+/g, ' ');
    expect(text).toContain('Inspection folder: Sørby skole');
    expect(text).toContain('No situations have been entered in the risk assessment.');
    expect(text).toContain('No training or drills recorded in the last 12 months.');
  });

  it('counts the incidents of the window by what the form asks', () => {
    const stats = incidentStatistics(evidence, DEFAULT_SCHEDULE.schoolDay, '2025-11-20', '2026-11-20');
    expect(stats).toMatchObject({ total: 3, bySeverity: [{ key: 'serious', count: 2 }, { key: 'very-serious', count: 1 }], byLocation: [{ key: 'schoolyard', count: 3 }], byTimeOfDay: [{ key: 'breaks', count: 3 }], seriousInjuries: 1 });
    expect(stats.byMonth).toHaveLength(13);
    expect(stats.byMonth.find((m) => m.key === '2026-10')!.count).toBe(3);
  });
});

describe('the owner’s half-year follow-up', () => {
  it('flags a school with no review in 12 months or no drill in 6, and lists it first', async () => {
    const today = '2026-11-20';
    const reviewed = act(act(emptyAssessment('nordby', now), 'add', { situation: 'Skolegård', likelihood: '4', consequence: '4' }), 'review', { note: 'OK' });
    const drill = parseTrainingEntry({ date: '2026-10-01', kind: 'drill', topic: 'Øvelse', participants: P.tina, clientRequestId: 'drill-0002' }, { today, staff, situationIds: [] });
    if (!drill.ok) throw new Error();
    const nordby = ownerReportRow({ schoolId: 'nordby', assessment: reviewed, entries: [newTrainingEntry('nordby', drill.fields, P.rune, now)], staff, evidence }, DEFAULT_SCHEDULE, now, today, OSLO);
    const sorby = ownerReportRow({ schoolId: 'sorby', entries: [], staff: [P.ola, P.anne, P.kari, P.per, P.eva], evidence: [] }, DEFAULT_SCHEDULE, now, today, OSLO);
    expect(nordby).toMatchObject({ openRed: 1, situations: 1, coverage: { covered: 1, total: 4, share: 25 }, lastDrill: '2026-10-01', cases: 3, casesBefore: 0, flags: { noReview: false, noDrill: false, noAssessment: false } });
    expect(sorby.flags).toEqual({ noReview: true, noDrill: true, noAssessment: true });
    const rows = [nordby, sorby].sort(byConcern);
    expect(rows.map((r) => r.schoolId)).toEqual(['sorby', 'nordby']);
    const text = pdfText(await renderPdf(ownerReportDocument({ language: 'nb', directory, timeZone: OSLO, now, rows }))).replace(/\s+/g, ' ');
    expect(text).toContain('Halvårsoppfølging av forebygging av vold og trusler: Eksempel kommune');
    expect(text).toContain('1 av 2 skoler har merknad.');
    expect(text).toContain('Sørby skole');
    expect(text).toContain('ikke gjennomgått på 12 måneder');
    expect(text).toContain('ingen øvelse på 6 måneder');
  });
});
