/**
 * The prevention cards in every language and role: Adaptive Card 1.5, every
 * expression filled, people's text as text runs, and far below Teams' message
 * size limit for a large school.
 */
import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import type { CaseEvidence } from '../../src/cases/model/case';
import type { Directory } from '../../src/core/directory';
import type { Language } from '../../src/core/i18n';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import { ownerReportRow } from '../../src/inspection/model';
import { inspectionCard, ownerReportCard } from '../../src/inspection/views';
import { applyRiskCommand, emptyAssessment, parseRiskCommand, withPrompt, type RiskAssessment, type RiskCommand, type RiskRole } from '../../src/risk/model';
import { linkCard, riskCard, situationCard, type RiskViewInput } from '../../src/risk/views';
import { routineCard } from '../../src/routines/views';
import { newTrainingEntry, parseTrainingEntry } from '../../src/training/model';
import { trainingCard } from '../../src/training/views';
import { renderCard } from '../../src/teams/card-renderer';
import { P } from '../support/people';

const LANGUAGES: Language[] = ['nb', 'nn', 'en'];
const ROLES: RiskRole[] = ['principal', 'safetyRep', 'owner', 'member'];
const fixture = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const now = new Date('2026-11-20T10:00:00Z');
const TEMPLATE_TEXT = 'Elev ${slo} *hardt* i <b>gangen</b>';

/** Template expressions left in the card mean a value the view forgot to supply. */
const leftovers = (card: unknown) => JSON.stringify(card).match(/\$\{(?!slo\})[^}]*\}/g) ?? [];
const size = (card: unknown) => Buffer.byteLength(JSON.stringify(card));

/** Nordby with 150 staff, as a large school has. */
function largeSchool(): Directory {
  const extra = Array.from({ length: 146 }, (_, i) => `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  return {
    ...fixture,
    schools: fixture.schools.map((s) => (s.id === 'nordby' ? { ...s, members: [...s.members, ...extra] } : s)),
    people: [...fixture.people, ...extra.map((id, i) => ({ aadObjectId: id, name: `Ansatt Åsmund Ødegård ${i}` }))],
  };
}

function act(a: RiskAssessment, verb: RiskCommand["verb"], data: Record<string, unknown>, by: string = P.rune, role: RiskRole = "principal"): RiskAssessment {
  const parsed = parseRiskCommand(verb, data, { today: '2026-11-20', possibleOwners: [P.rune, P.vera, P.tina] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const r = applyRiskCommand(a, parsed.command, { id: by, role }, now, { plan: DEFAULT_SCHEDULE.riskReview, timeZone: 'Europe/Oslo', safetyReps: [P.vera], safetyRepsAsked: [] });
  if (!r.ok) throw new Error(r.refusal.code);
  return r.assessment;
}

function fullAssessment(situations: number, text = 'Utagering i skolegården'): RiskAssessment {
  let a = emptyAssessment('nordby', now);
  for (let i = 1; i <= situations; i++) {
    a = act(a, 'add', { situation: i === 1 ? TEMPLATE_TEXT : `${text} ${i}`.slice(0, 300), likelihood: String((i % 5) + 1), consequence: String(((i * 3) % 5) + 1), location: 'schoolyard', timeOfDay: 'breaks', types: 'physical', factors: 'staffing,alone', barriers: 'ø'.repeat(1000) });
    for (let m = 1; m <= (situations > 5 ? 20 : 2); m++) a = act(a, 'measure.propose', { situationId: `s${i}`, description: 'å'.repeat(500), owner: P.tina, dueDate: '2026-12-01' });
    a = act(a, 'measure.approve', { situationId: `s${i}`, measureId: 'm1' });
    a = act(a, 'measure.complete', { situationId: `s${i}`, measureId: 'm1' });
    a = act(a, 'measure.evaluate', { situationId: `s${i}`, measureId: 'm1', effect: 'partly', note: TEMPLATE_TEXT });
    a = act(a, 'measure.reject', { situationId: `s${i}`, measureId: 'm2', reason: 'For dyrt' });
  }
  a = act(a, 'comment', { comment: TEMPLATE_TEXT, situationId: 's1' }, P.vera, 'safetyRep');
  return withPrompt(a, { at: now.toISOString(), reason: 'cluster', alertNumber: 1, caseIds: [] }, now)!;
}

const evidence: CaseEvidence[] = Array.from({ length: 40 }, (_, i) => ({
  caseId: `case-${String(i).padStart(32, '0')}`,
  reference: `VT-2026-${String(i).padStart(4, '0')}`,
  schoolId: 'nordby',
  status: 'reported',
  createdAt: '2026-10-01T10:00:00Z',
  report: { date: '2026-10-01', time: '10:05', location: i % 2 ? 'corridor' : 'schoolyard', types: ['physical'], severity: 'serious', seriousInjury: false, sickLeave: false, medicalTreatment: false, policeInvolved: false, physicalIntervention: false, riskFactors: [] },
}));

function input(language: Language, role: RiskRole, a: RiskAssessment, directory: Directory = fixture): RiskViewInput {
  const viewerId = { principal: P.rune, safetyRep: P.vera, owner: P.siri, member: P.tina }[role];
  return { language, directory, schedule: DEFAULT_SCHEDULE, timeZone: 'Europe/Oslo', now, schoolId: 'nordby', assessment: a, role, viewerId, evidence, reviews: [], schools: ['nordby', 'sorby'], clientRequestId: 'abc-12345678', tabUrl: 'https://teams.microsoft.com/l/entity/x/risk', note: { text: 'Lagret', tone: 'good' } };
}

describe('prevention cards', () => {
  const small = fullAssessment(3);

  it.each(LANGUAGES.flatMap((l) => ROLES.map((r) => [l, r] as const)))('the risk assessment and a situation in %s for the %s are filled', (language, role) => {
    for (const card of [renderCard(riskCard(input(language, role, small))), renderCard(situationCard({ ...input(language, role, small), situation: small.situations[0] }))]) {
      expect(card.version).toBe('1.5');
      expect(leftovers(card)).toEqual([]);
    }
  });

  it.each(LANGUAGES)('the link, training, routine and owner cards in %s are filled', (language) => {
    expect(leftovers(renderCard(linkCard({ language, assessment: small, caseId: 'case-x', reference: 'VT-2026-0001' })))).toEqual([]);
    const drill = parseTrainingEntry({ date: '2026-11-19', kind: 'drill', topic: TEMPLATE_TEXT, participants: P.tina, notes: TEMPLATE_TEXT, clientRequestId: 'abcdefgh-1' }, { today: '2026-11-20', staff: [P.tina], situationIds: [] });
    if (!drill.ok) throw new Error();
    const training = renderCard(
      trainingCard({ language, directory: fixture, plan: DEFAULT_SCHEDULE.trainingPlan, timeZone: 'Europe/Oslo', now, schoolId: 'nordby', viewerId: P.rune, canLog: true, entries: [newTrainingEntry('nordby', drill.fields, P.rune, now)], since: '2025-11-20', situations: [{ id: 's1', description: 'x' }], schools: ['nordby', 'sorby'], clientRequestId: 'abc-12345678' }),
    );
    expect(leftovers(training)).toEqual([]);
    const routine = renderCard(routineCard({ language, directory: fixture, timeZone: 'Europe/Oslo', routines: [{ routine: { schoolId: 'nordby', text: TEMPLATE_TEXT, url: 'https://x.no', source: 'principal', setBy: P.rune, setAt: now.toISOString() }, canEdit: true, hasDirectoryRoutine: true }, { canEdit: false, hasDirectoryRoutine: false }] }));
    expect(leftovers(routine)).toEqual([]);
    const row = ownerReportRow({ schoolId: 'nordby', entries: [], staff: [P.tina], evidence }, DEFAULT_SCHEDULE, now, '2026-11-20', 'Europe/Oslo');
    expect(leftovers(renderCard(ownerReportCard(language, fixture, 'Europe/Oslo', [row])))).toEqual([]);
    const links = renderCard(inspectionCard({ language, directory: fixture, schoolId: 'nordby', folderUrl: 'https://x/downloads/t/f.pdf', ownerUrl: 'https://x/downloads/t/o.pdf', minutes: 10, schools: ['nordby', 'sorby'] }));
    expect(leftovers(links)).toEqual([]);
    expect(JSON.stringify(links).match(/Action.OpenUrl/g)).toHaveLength(2);
  });

  it('shows what people wrote as plain text runs, never evaluated', () => {
    const json = JSON.stringify(renderCard(situationCard({ ...input('nb', 'principal', small), situation: small.situations[0] })));
    expect(json).toContain(`{"type":"TextRun","text":"${TEMPLATE_TEXT}"`);
    expect(JSON.stringify(renderCard(riskCard(input('nb', 'principal', small))))).toContain(`{"type":"TextRun","text":"${TEMPLATE_TEXT}"}`);
  });

  it('gives the owner’s roles and other staff no editing, and other staff no cases', () => {
    const owner = renderCard(riskCard(input('en', 'owner', small)));
    expect(JSON.stringify(owner)).not.toMatch(/"verb":"risk\.(add|review|update)"/);
    const member = renderCard(situationCard({ ...input('nb', 'member', small), situation: small.situations[0] }));
    expect(JSON.stringify(member)).not.toContain('VT-2026-');
    expect(JSON.stringify(member)).not.toMatch(/"verb":"risk\.(update|measure\.approve)"/);
  });

  it('stays far below the message size limit for a large school with a full assessment', () => {
    const large = largeSchool();
    const full = fullAssessment(60, 'æ'.repeat(300));
    const assessment = renderCard(riskCard(input('nb', 'principal', full, large)));
    const situation = renderCard(situationCard({ ...input('nb', 'principal', full, large), situation: full.situations[1] }));
    expect(size(assessment)).toBeLessThan(60 * 1024);
    expect(size(situation)).toBeLessThan(60 * 1024);
    expect(JSON.stringify(assessment).includes('og 35 situasjoner til (se fanen)')).toBe(true);
    expect(JSON.stringify(situation).includes('og 8 tiltak til (se fanen)')).toBe(true);
    const entries = Array.from({ length: 200 }, (_, i) => {
      const parsed = parseTrainingEntry({ date: '2026-11-19', kind: 'course', topic: 'ø'.repeat(200), participants: large.schools[0].members.slice(0, 100).join(','), notes: 'å'.repeat(2000), clientRequestId: `abcdefgh-${i}` }, { today: '2026-11-20', staff: [...large.schools[0].members, ...large.schools[0].principals, ...large.schools[0].safetyReps], situationIds: [] });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      return newTrainingEntry('nordby', parsed.fields, P.rune, now);
    });
    const training = renderCard(trainingCard({ language: 'nb', directory: large, plan: DEFAULT_SCHEDULE.trainingPlan, timeZone: 'Europe/Oslo', now, schoolId: 'nordby', viewerId: P.rune, canLog: true, entries, since: '2025-11-20', situations: full.situations.map((s) => ({ id: s.id, description: s.description })), schools: ['nordby'], clientRequestId: 'abc-12345678' }));
    expect(size(training)).toBeLessThan(60 * 1024);
  });
});
