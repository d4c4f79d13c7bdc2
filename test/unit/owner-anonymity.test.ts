/**
 * The school owner's roles (leaders, chief safety representatives) never see
 * who reported or who was exposed, in any view; the school's principals and
 * safety representatives do. Each view is rendered for each role and
 * language and searched for the names.
 */
import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import type { Viewer } from '../../src/cases/model/access';
import type { Case } from '../../src/cases/model/case';
import { caseCardFor } from '../../src/cases/views/case';
import { floodSummaryMessage } from '../../src/cases/views/flood';
import { clusterAlertCard } from '../../src/follow-up/views';
import type { Language } from '../../src/core/i18n';
import { renderCard } from '../../src/teams/card-renderer';
import { aCase } from '../support/cases';
import { P } from '../support/people';

const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const LANGUAGES: Language[] = ['nb', 'nn', 'en'];
const OWNER: Viewer[] = ['leader', 'chiefSafetyRep'];
/** Tina reported and was exposed; Eva was exposed too. */
const NAMES = ['Tina', 'Berg', 'Eva', 'Strand'];

/** A very serious case with everything that names the reporter side: answers, an addition, a stop, someone unreachable, a measure. */
function namedCase(): Case {
  const c = aCase({ severity: 'very-serious', seriousInjury: 'true' });
  const at = '2026-11-21T10:00:00Z';
  return {
    ...c,
    affectedIds: [P.tina, P.eva],
    status: 'measures',
    followUps: [
      { id: 'f1', personId: P.tina, index: 0, dueAt: at, answer: 'bht', answeredAt: at, note: 'Jeg sover dårlig.', shared: true },
      { id: 'f2', personId: P.tina, index: 1, dueAt: '2099-01-01T10:00:00Z' },
      { id: 'f3', personId: P.eva, index: 0, dueAt: at, answer: 'talk', answeredAt: at },
    ],
    followUpsStoppedBy: [P.eva],
    unreachable: [
      { recipientId: P.eva, at, what: 'checkin', toldInstead: [P.rune] },
      { recipientId: P.rune, at, what: 'case.new', toldInstead: [P.siri] },
    ],
    history: [
      ...c.history,
      { at, by: P.rune, action: 'acknowledged' },
      { at, by: P.tina, action: 'commented', text: 'Det var to elever.', fromReporterSide: true },
      { at, by: P.eva, action: 'followUpAnswered' },
      { at, by: P.rune, action: 'legalMarked', item: 'police' },
    ],
    measures: [{ id: 'm1', description: 'Alarmknapp', ownerId: P.eva, dueDate: '2026-12-01', state: 'approved', proposedBy: P.vera, proposedAt: at }],
    legal: { police: { by: P.rune, at } },
  };
}

const render = (c: Case, viewer: Viewer, language: Language, viewerId: string) =>
  JSON.stringify(renderCard(caseCardFor({ language, directory, timeZone: 'Europe/Oslo', case: c, viewer, viewerId, today: '2026-11-26', now: new Date('2026-11-26T10:00:00Z') })));

describe("the owner's roles never see who reported or who was exposed", () => {
  it.each(LANGUAGES.flatMap((l) => OWNER.map((v) => [l, v] as const)))('on the case card in %s for the %s', (language, viewer) => {
    const card = render(namedCase(), viewer, language, viewer === 'leader' ? P.siri : P.hakon);
    for (const name of NAMES) expect(card).not.toContain(name);
    // Said in role-neutral words instead, in the follow-up, the history and the unreachable section.
    expect(card).toContain({ nb: 'Den ansatte', nn: 'Den tilsette', en: 'The employee' }[language]);
    // A note shared with the principal is the principal's to read only.
    expect(card).not.toContain('sover dårlig');
    // Other people keep their names: the principal acted.
    expect(card).toContain('Rune Haugen');
  });

  it.each(LANGUAGES)('while the principal and the safety representative see the names (%s)', (language) => {
    for (const [viewer, id] of [['principal', P.rune], ['safetyRep', P.vera]] as const) {
      const card = render(namedCase(), viewer, language, id);
      expect(card).toContain('Tina Berg');
      expect(card).toContain('Eva Strand');
    }
  });

  it('on every page of the history and on the smaller card', () => {
    const c = namedCase();
    for (let i = 0; i < 30; i++) c.history.push({ at: '2026-11-22T10:00:00Z', by: i % 2 ? P.tina : P.eva, action: 'commented', text: `Tillegg ${i}`, fromReporterSide: true });
    for (const historyPage of [0, 1, 2, 3, 4]) {
      const card = JSON.stringify(renderCard(caseCardFor({ language: 'nb', directory, timeZone: 'Europe/Oslo', case: c, viewer: 'leader', viewerId: P.siri, historyPage })));
      for (const name of NAMES) expect(card).not.toContain(name);
    }
    const smaller = JSON.stringify(renderCard(caseCardFor({ language: 'nb', directory, timeZone: 'Europe/Oslo', case: c, viewer: 'chiefSafetyRep', viewerId: P.hakon, compact: true })));
    for (const name of NAMES) expect(smaller).not.toContain(name);
  });

  it('in the cluster alert', () => {
    const c = namedCase();
    const summary = { caseId: c.caseId, reference: c.reference, schoolId: c.schoolId, status: c.status, severity: c.report.severity, seriousInjury: true, date: c.report.date, location: c.report.location, createdAt: c.createdAt };
    for (const language of LANGUAGES) {
      const card = JSON.stringify(renderCard(clusterAlertCard(language, directory, 'nordby', [summary, summary, summary], 30)));
      for (const name of NAMES) expect(card).not.toContain(name);
    }
  });

  it("in the summary of one person's many reports", () => {
    for (const language of LANGUAGES) {
      const forOwner = floodSummaryMessage({ language, directory, viewer: 'leader', reporterId: P.tina, schoolId: 'nordby', total: 40, serious: 4 });
      for (const name of NAMES) expect(JSON.stringify(renderCard(forOwner.card)) + forOwner.summary).not.toContain(name);
      const forPrincipal = floodSummaryMessage({ language, directory, viewer: 'principal', reporterId: P.tina, schoolId: 'nordby', total: 40, serious: 4 });
      expect(forPrincipal.summary).toContain('Tina Berg');
    }
    expect(floodSummaryMessage({ language: 'nb', directory, viewer: 'principal', reporterId: P.tina, schoolId: 'nordby', total: 40, serious: 0 }).summary).toBe('Tina Berg har meldt 40 hendelser den siste timen');
  });
});
