import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import { newCase } from '../../src/cases/model/case';
import type { Viewer } from '../../src/cases/model/access';
import { validateReport } from '../../src/cases/model/report';
import { messageView } from '../../src/core/cards';
import type { Language } from '../../src/core/i18n';
import { caseCardFor } from '../../src/cases/views/case';
import type { CaseViewInput } from '../../src/cases/views/common';
import { reportFormCard } from '../../src/cases/views/report-form';
import { renderCard } from '../../src/teams/card-renderer';
import { P, TENANT } from '../support/people';

const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const LANGUAGES: Language[] = ['nb', 'nn', 'en'];
const VIEWERS: Viewer[] = ['principal', 'safetyRep', 'leader', 'chiefSafetyRep', 'reporter', 'affected', 'measureOwner'];

function caseCard(input: Omit<CaseViewInput, 'timeZone'>) {
  return renderCard(caseCardFor({ timeZone: 'Europe/Oslo', today: '2026-11-26', ...input }));
}
const messageCard = (text: string, options: { title?: string; attention?: boolean }) => renderCard(messageView(text, options));
const formCard = (language: Language, input: Parameters<typeof reportFormCard>[1]) => renderCard(reportFormCard(language, input));

function fullCase(description = 'Eleven slo meg. Teksten har ${template} og *markdown* i seg.') {
  const result = validateReport(
    {
      date: '2026-11-20',
      time: '10:15',
      location: 'sfo',
      types: 'physical,threat',
      severity: 'very-serious',
      perpetrator: 'pupil',
      pupilStage: '1-4',
      injury: 'both',
      seriousInjury: 'true',
      sickLeave: 'true',
      medicalTreatment: 'true',
      policeInvolved: 'true',
      physicalIntervention: 'true',
      riskFactors: 'alone,staffing,premises',
      description,
      immediateActions: 'Tilkalte hjelp.',
    },
    { today: '2026-11-26', nowTime: '12:00', schoolIds: ['nordby'], defaultSchoolId: 'nordby' },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return newCase({ caseId: 'case-0123456789abcdef0123456789abcdef', reference: 'VT-2026-0042', tenantId: TENANT, reporterId: P.tina, clientRequestId: 'x'.repeat(36), report: result.report, now: new Date('2026-11-26T11:00:00Z') });
}

/** Template expressions left in the card mean a value the view forgot to supply. */
function leftovers(card: unknown): string[] {
  return JSON.stringify(card).match(/\$\{(?!template\})[^}]*\}/g) ?? [];
}

describe('cards', () => {
  it.each(LANGUAGES)('the report form in %s is Adaptive Card 1.5 with every expression filled', (language) => {
    const card = formCard(language, { today: '2026-11-26', clientRequestId: 'abc-12345678', schools: directory.schools });
    expect(card.version).toBe('1.5');
    expect(leftovers(card)).toEqual([]);
  });

  it.each(LANGUAGES)('the form with every error in %s is filled', (language) => {
    const errors = { date: 'future', time: 'invalidTime', location: 'required', types: 'invalidChoice', severity: 'required', description: 'nationalId', immediateActions: 'tooLong', schoolId: 'required', seriousInjury: 'invalidToggle' } as const;
    const card = formCard(language, { today: '2026-11-26', clientRequestId: 'abc-12345678', schools: directory.schools, values: { description: 'x', immediateActions: 'y'.repeat(2100) }, errors });
    expect(leftovers(card)).toEqual([]);
  });

  it.each(LANGUAGES.flatMap((l) => VIEWERS.map((v) => [l, v] as const)))('the case card in %s for the %s is filled', (language, viewer) => {
    const card = caseCard({ language, directory, case: fullCase(), viewer, viewerId: P.rune });
    expect(card.version).toBe('1.5');
    expect(leftovers(card)).toEqual([]);
    expect((card.refresh as any).userIds).toEqual([P.rune]);
  });

  it.each(LANGUAGES)('the receipt and a message in %s are filled', (language) => {
    expect(leftovers(caseCard({ language, directory, case: fullCase(), viewer: 'reporter', viewerId: P.tina, fresh: true, alreadyReported: true }))).toEqual([]);
    expect(leftovers(messageCard('hei', { title: 'x', attention: true }))).toEqual([]);
  });

  it('sends no $schema, in the first card of a template and in the next', () => {
    const first = caseCard({ language: 'nb', directory, case: fullCase(), viewer: 'reporter', viewerId: P.tina, fresh: true });
    const again = caseCard({ language: 'nb', directory, case: fullCase(), viewer: 'reporter', viewerId: P.tina, fresh: true });
    for (const card of [first, again, messageCard('hei', {})]) expect(Object.keys(card)).not.toContain('$schema');
    expect(again).toEqual(first);
  });

  it('shows report text as plain text runs, never evaluated as template or markdown', () => {
    const card = caseCard({ language: 'nb', directory, case: fullCase(), viewer: 'principal', viewerId: P.rune });
    const json = JSON.stringify(card);
    expect(json).toContain('{"type":"TextRun","text":"Eleven slo meg. Teksten har ${template} og *markdown* i seg."}');
  });

  it('stays far below the 100 KB message limit with the longest texts the form allows', () => {
    const card = caseCard({ language: 'nb', directory, case: fullCase('æ'.repeat(4000)), viewer: 'principal', viewerId: P.rune });
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(25 * 1024);
    const form = formCard('nb', { today: '2026-11-26', clientRequestId: 'abc-12345678', schools: directory.schools, values: { description: 'æ'.repeat(100000) }, errors: { description: 'tooLong' } });
    expect(Buffer.byteLength(JSON.stringify(form))).toBeLessThan(60 * 1024);
  });

  it('stays under the limit however long the history grows: the latest entries shown, the rest counted', () => {
    const c = fullCase('æ'.repeat(4000));
    const long = 'ø'.repeat(2000);
    for (let i = 0; i < 400; i++) c.history.push({ at: '2026-11-21T10:00:00Z', by: P.rune, action: 'commented', text: long });
    for (let i = 0; i < 80; i++) c.measures.push({ id: `m${i + 1}`, description: 'å'.repeat(500), dueDate: '2026-12-01', state: i % 2 ? 'approved' : 'done', proposedBy: P.vera, proposedAt: '2026-11-21T10:00:00Z', ownerId: P.tina });
    for (const viewer of VIEWERS) {
      const card = caseCard({ language: 'nb', directory, case: c, viewer, viewerId: viewer === 'measureOwner' ? P.tina : P.rune });
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(60 * 1024);
      expect(leftovers(card)).toEqual([]);
    }
    const principal = JSON.stringify(caseCard({ language: 'nb', directory, case: c, viewer: 'principal', viewerId: P.rune }));
    expect(principal).toContain('395 eldre oppføringer vises ikke.');
    expect(principal).toContain('og 72 til');
  });

  it('shows the serious-injury duty with its legal reference to the school and owner roles, not to the reporter', () => {
    const forPrincipal = JSON.stringify(caseCard({ language: 'nn', directory, case: fullCase(), viewer: 'principal', viewerId: P.rune }));
    expect(forPrincipal).toContain('Alvorleg personskade: Arbeidstilsynet og politiet skal varslast straks, på raskaste måte (arbeidsmiljølova § 5-2).');
    const forReporter = JSON.stringify(caseCard({ language: 'nn', directory, case: fullCase(), viewer: 'reporter', viewerId: P.tina }));
    expect(forReporter).not.toContain('Arbeidstilsynet');
  });
});
