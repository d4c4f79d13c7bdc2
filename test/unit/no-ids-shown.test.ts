/**
 * Nobody is shown as an id: every card, rendered for every role and
 * language, shows no GUID-shaped string as visible text, also when the
 * directory has no name for the people of a case; then the name Teams gave
 * them is used, else a role-neutral word.
 */
import { caseCardFor } from '../../src/cases/views/case';
import { caseListCard } from '../../src/cases/views/list';
import { reportFormCard } from '../../src/cases/views/report-form';
import { colleaguesOf } from '../../src/cases/actions';
import type { CardView } from '../../src/core/cards';
import type { Directory } from '../../src/core/directory';
import { LANGUAGES } from '../../src/core/i18n';
import { rememberTeamsName } from '../../src/core/names';
import { renderCard } from '../../src/teams/card-renderer';
import { helpCard, welcomeCard } from '../../src/welcome/views';
import { directory as named, everyCard, longCase } from '../support/long-case';
import { P } from '../support/people';

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** Keys whose strings a person reads; `value` only where it is shown (a fact, a text box). */
const VISIBLE = new Set(['text', 'title', 'label', 'placeholder', 'altText', 'errorMessage', 'fallbackText']);
const HIDDEN_SUBTREES = new Set(['data', 'refresh', 'userIds', 'verb', 'id', 'url', 'targetElements']);

/** Every visible string of a rendered card, with where it is. */
export function visibleTexts(node: unknown, parent = 'card'): string[] {
  if (Array.isArray(node)) return node.flatMap((n) => visibleTexts(n, parent));
  if (!node || typeof node !== 'object') return [];
  const n = node as Record<string, unknown>;
  const type = typeof n.type === 'string' ? n.type : parent;
  return Object.entries(n).flatMap(([key, value]) => {
    if (HIDDEN_SUBTREES.has(key)) return [];
    if (typeof value === 'string') return VISIBLE.has(key) || (key === 'value' && (type === 'FactSet' || type === 'Input.Text')) ? [value] : [];
    return visibleTexts(value, type);
  });
}

const UNNAMED = { reporter: 'b1b2c3d4-0000-4000-8000-000000000071', colleague: 'b1b2c3d4-0000-4000-8000-000000000072', owner: 'b1b2c3d4-0000-4000-8000-000000000073', teams: 'b1b2c3d4-0000-4000-8000-000000000074' };
/** The fixture's directory with staff at Nordby it has no names for. */
const directory: Directory = {
  ...named,
  schools: named.schools.map((s) => (s.id === 'nordby' ? { ...s, members: [...s.members, UNNAMED.colleague, UNNAMED.owner, UNNAMED.teams] } : s)),
};

function caseOfUnnamedPeople() {
  const c = longCase();
  c.reporterId = UNNAMED.reporter;
  c.reporterNotOnStaff = true;
  c.affectedIds = [UNNAMED.reporter, UNNAMED.colleague, UNNAMED.teams];
  c.report = { ...c.report, affected: ['me', 'colleague', 'pupil'] };
  c.history = c.history.map((e, i) => ({ ...e, by: i % 3 === 0 ? UNNAMED.reporter : i % 3 === 1 ? UNNAMED.colleague : e.by }));
  c.measures = c.measures.map((m, i) => ({ ...m, ownerId: i % 2 ? UNNAMED.owner : m.ownerId, proposedBy: i % 3 ? m.proposedBy : UNNAMED.colleague }));
  c.followUps = c.followUps.map((f, i) => ({ ...f, personId: i % 2 ? UNNAMED.colleague : UNNAMED.reporter }));
  c.unreachable = c.unreachable.map((u) => ({ ...u, recipientId: UNNAMED.colleague }));
  return c;
}

const VIEWERS = [
  ['principal', P.rune],
  ['safetyRep', P.vera],
  ['leader', P.siri],
  ['chiefSafetyRep', P.hakon],
  ['reporter', UNNAMED.reporter],
  ['affected', UNNAMED.colleague],
  ['measureOwner', UNNAMED.owner],
] as const;

function everyView(): { name: string; view: CardView }[] {
  const c = caseOfUnnamedPeople();
  const out: { name: string; view: CardView }[] = everyCard(longCase()).map(({ name, view }) => ({ name, view }));
  for (const language of LANGUAGES) {
    for (const [viewer, viewerId] of VIEWERS) {
      for (const compact of [false, true]) {
        out.push({ name: `${viewer} ${language}${compact ? ' smaller' : ''}`, view: caseCardFor({ language, directory, timeZone: 'Europe/Oslo', case: c, viewer, viewerId, today: '2026-11-26', now: new Date('2026-11-26T10:00:00Z'), compact }) });
      }
    }
    out.push({ name: `form ${language}`, view: reportFormCard(language, { today: '2026-11-26', clientRequestId: 'req-00000001', schools: directory.schools, colleagues: colleaguesOf(directory, P.tina), values: { affected: UNNAMED.colleague } }) });
    const summary = { caseId: c.caseId, reference: c.reference, schoolId: c.schoolId, status: c.status, severity: c.report.severity, seriousInjury: true, date: c.report.date, location: c.report.location, createdAt: c.createdAt };
    out.push({ name: `list ${language}`, view: caseListCard(language, directory, 'school', { items: [summary], page: 0, pages: 1 }, 1, { filter: { state: 'open', period: 'all' } }) });
    out.push({ name: `welcome ${language}`, view: welcomeCard(language, { handler: true, casesCommand: 'cases', routines: [{ schoolId: 'nordby', title: 'Nordby skole', text: 'Meld samme dag.', url: '', source: '' }] }) });
    out.push({ name: `help ${language}`, view: helpCard(language, [{ command: 'cases', label: 'Åpne saker', word: 'saker' }]) });
  }
  return out;
}

describe('nobody is shown as an id', () => {
  it('shows no GUID as visible text on any card, for any role and language', () => {
    const shown = everyView().flatMap(({ name, view }) => visibleTexts(renderCard(view)).filter((t) => GUID.test(t)).map((t) => `${name}: ${t.slice(0, 120)}`));
    expect(shown).toEqual([]);
  });

  it('uses the name Teams gave a person the directory does not name, else "en ansatt"', () => {
    const c = caseOfUnnamedPeople();
    const facts = () => JSON.stringify(renderCard(caseCardFor({ language: 'nb', directory, timeZone: 'Europe/Oslo', case: c, viewer: 'principal', viewerId: P.rune, today: '2026-11-26' })));
    expect(facts()).toContain('"title":"Meldt av","value":"en ansatt (står ikke på skolens ansattliste)"');
    rememberTeamsName(UNNAMED.reporter, 'Ståle Vikar');
    expect(facts()).toContain('"title":"Meldt av","value":"Ståle Vikar (står ikke på skolens ansattliste)"');
    // The owner's roles still never see who.
    expect(JSON.stringify(renderCard(caseCardFor({ language: 'nb', directory, timeZone: 'Europe/Oslo', case: c, viewer: 'leader', viewerId: P.siri, today: '2026-11-26' })))).not.toContain('Ståle Vikar');
  });

  it('offers measure owners without a name in the directory as "en ansatt 1", "en ansatt 2"', () => {
    const c = caseOfUnnamedPeople();
    const card = caseCardFor({ language: 'nb', directory, timeZone: 'Europe/Oslo', case: c, viewer: 'principal', viewerId: P.rune, today: '2026-11-26' });
    const titles = (card.data as { ownerChoices: { title: string }[] }).ownerChoices.map((o) => o.title);
    expect(titles.filter((t) => t.startsWith('en ansatt'))).toEqual(['en ansatt 1', 'en ansatt 2', 'en ansatt 3']);
  });
});
