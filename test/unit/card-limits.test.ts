/**
 * Cards stay within what Teams accepts and shows safely: people's text is
 * never read as Markdown (only in TextRuns; summaries escaped), and however
 * long a case grows, every card the bot sends or answers with stays well
 * under Teams' limit of about 100 KB counted as UTF-16. The largest card is
 * measured here (`npm run bench` prints the figure).
 */
import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import type { Viewer } from '../../src/cases/model/access';
import type { Case } from '../../src/cases/model/case';
import { caseCardFor, caseSummary } from '../../src/cases/views/case';
import { floodSummaryMessage } from '../../src/cases/views/flood';
import { caseMessageFor } from '../../src/cases/work';
import type { CardView } from '../../src/core/cards';
import type { Language } from '../../src/core/i18n';
import { checkinCard, clusterAlertCard } from '../../src/follow-up/views';
import { renderCard } from '../../src/teams/card-renderer';
import { toActivity } from '../../src/teams/messenger';
import { aCase } from '../support/cases';
import { P } from '../support/people';

const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const LANGUAGES: Language[] = ['nb', 'nn', 'en'];
const VIEWERS: [Viewer, string][] = [
  ['principal', P.rune],
  ['safetyRep', P.vera],
  ['leader', P.siri],
  ['chiefSafetyRep', P.hakon],
  ['reporter', P.tina],
  ['affected', P.eva],
  ['measureOwner', P.per],
];
/** What Teams counts: the activity's JSON as UTF-16, two bytes a code unit. */
const utf16Bytes = (value: unknown) => JSON.stringify(value).length * 2;
const LIMIT = 100 * 1024;

const LINK = '[Bekreft her](https://evil.example)';
/** Text as long as each field allows, with a link in Markdown and characters outside the BMP (two UTF-16 units each). */
const long = (n: number) => `${LINK} **viktig** ${'æøå😀'.repeat(n)}`.slice(0, n);

/** A case as long as the form and the verbs allow, with a long history. */
function longCase(): Case {
  const c = aCase({ severity: 'very-serious', seriousInjury: 'true', medicalTreatment: 'true', description: long(4000), immediateActions: long(2000) });
  const at = '2026-11-21T10:00:00Z';
  c.affectedIds = [P.tina, P.eva];
  c.status = 'measures';
  c.closingSummary = long(2000);
  for (let i = 0; i < 60; i++) c.history.push({ at, by: i % 2 ? P.tina : P.eva, action: 'commented', text: long(2000), fromReporterSide: true });
  for (let i = 0; i < 40; i++) c.history.push({ at, by: P.rune, action: 'commented', text: long(2000) });
  for (let i = 0; i < 80; i++) {
    c.measures.push({ id: `m${i + 1}`, description: long(500), dueDate: '2026-12-01', state: (['proposed', 'approved', 'rejected', 'done'] as const)[i % 4], proposedBy: P.vera, proposedAt: at, ownerId: P.per, rejectReason: long(500) });
  }
  for (const [j, personId] of [P.tina, P.eva].entries()) {
    for (let i = 0; i < 4; i++) c.followUps.push({ id: `f${j * 4 + i + 1}`, personId, index: i, dueAt: at, answer: 'bht', answeredAt: at, note: long(2000), shared: true });
  }
  for (let i = 0; i < 10; i++) c.unreachable.push({ recipientId: P.eva, at, what: 'checkin', toldInstead: [P.rune] });
  return c;
}

function everyCard(c: Case): { name: string; view: CardView; summary: string }[] {
  const out: { name: string; view: CardView; summary: string }[] = [];
  for (const language of LANGUAGES) {
    for (const [viewer, viewerId] of VIEWERS) {
      for (const historyPage of [0, 1, 5, 20]) {
        for (const compact of [false, true]) {
          const view = caseCardFor({ language, directory, timeZone: 'Europe/Oslo', case: c, viewer, viewerId, today: '2026-11-26', now: new Date('2026-11-26T10:00:00Z'), historyPage, compact, note: { text: `Påminnelse: fristen for tiltaket «${long(500)}» er 1. desember.`, tone: 'attention' } });
          out.push({ name: `${viewer} ${language} page ${historyPage}${compact ? ' smaller' : ''}`, view, summary: caseSummary(language, c, long(500)) });
        }
      }
    }
    out.push({ name: `check-in ${language}`, view: checkinCard({ language, case: c, followUp: c.followUps[0]! }), summary: '' });
    const summary = { caseId: c.caseId, reference: c.reference, schoolId: c.schoolId, status: c.status, severity: c.report.severity, seriousInjury: true, date: c.report.date, location: c.report.location, createdAt: c.createdAt };
    out.push({ name: `cluster alert ${language}`, view: clusterAlertCard(language, directory, 'nordby', Array(300).fill(summary), 30), summary: '' });
    const flood = floodSummaryMessage({ language, directory, viewer: 'principal', reporterId: P.tina, schoolId: 'nordby', total: 150, serious: 15 });
    out.push({ name: `flood summary ${language}`, view: flood.card, summary: flood.summary });
  }
  return out;
}

/** Where in a card strings containing `needle` sit: the element type and the key. */
function placesOf(node: unknown, needle: string, parent = 'card'): string[] {
  if (Array.isArray(node)) return node.flatMap((n) => placesOf(n, needle, parent));
  if (!node || typeof node !== 'object') return [];
  const n = node as Record<string, unknown>;
  const type = typeof n.type === 'string' ? n.type : parent;
  return Object.entries(n).flatMap(([key, value]) => (typeof value === 'string' ? (value.includes(needle) ? [`${type}.${key}`] : []) : placesOf(value, needle, type)));
}

describe('cards within what Teams accepts', () => {
  const cards = everyCard(longCase());

  it('show people’s text only in TextRuns, never where Teams reads Markdown, and escape it in the summary', () => {
    const places = new Set(cards.flatMap(({ view }) => placesOf(renderCard(view), 'evil.example')));
    expect([...places].sort()).toEqual(['TextRun.text']);
    for (const { summary } of cards) expect(summary).not.toContain(LINK);
  });

  it('send the measure reminder’s text as text: in a TextRun, escaped in activity.summary', () => {
    const c = aCase();
    c.measures.push({ id: 'm1', description: LINK, dueDate: '2026-12-01', state: 'approved', proposedBy: P.vera, proposedAt: c.createdAt, ownerId: P.tina });
    const to = { id: P.rune, language: 'nb' as const };
    const message = caseMessageFor({ directory, timeZone: 'Europe/Oslo', now: () => new Date('2026-11-26T10:00:00Z') }, to, c, { text: `Påminnelse: fristen for tiltaket «${LINK}» er 1. desember.`, tone: 'attention' })!;
    const activity = toActivity(message);
    expect(placesOf(activity.attachments, 'evil.example').sort()).toEqual(['TextRun.text', 'TextRun.text']);
    expect(activity.summary).toContain('\\[Bekreft her\\]\\(https://evil.example\\)');
    expect(activity.summary).not.toContain(LINK);
  });

  it('stay well under 100 KB counted as UTF-16, for every role, language and page of a case with a long history', () => {
    const sizes = cards.map(({ name, view, summary }) => ({ name, bytes: utf16Bytes({ type: 'message', summary, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: renderCard(view) }] }) }));
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    // The largest card, for the record: see docs/benchmarks.md.
    expect(largest.bytes).toBeLessThan(0.7 * LIMIT);
    // The smaller card (sent when Teams refuses one as too large) is much smaller.
    const smaller = sizes.filter((s) => s.name.endsWith('smaller')).reduce((a, b) => (b.bytes > a.bytes ? b : a));
    expect(smaller.bytes).toBeLessThan(0.6 * largest.bytes);
  });

  it('page through the history: the latest entries, "N eldre oppføringer", and buttons to the older and newer ones', () => {
    const c = longCase();
    const page = (historyPage: number) => renderCard(caseCardFor({ language: 'nb', directory, timeZone: 'Europe/Oslo', case: c, viewer: 'principal', viewerId: P.rune, historyPage }));
    const first = JSON.stringify(page(0));
    expect(first).toContain(`${c.history.length - 6} eldre oppføringer`);
    expect(first).toContain('"verb":"incident.view","title":"Vis eldre","associatedInputs":"none","data":{"incidentId":"case-00000000000000000000000000000001","historyPage":1}');
    expect(first).not.toContain('Vis nyere');
    const second = JSON.stringify(page(1));
    expect(second).toContain("6 nyere oppføringer");
    expect(second).toContain('"historyPage":0');
    expect(second).toContain('"historyPage":2');
    // The reporter pages through their own additions the same way.
    const reporter = JSON.stringify(renderCard(caseCardFor({ language: 'nb', directory, timeZone: 'Europe/Oslo', case: c, viewer: 'reporter', viewerId: P.tina })));
    expect(reporter).toContain('27 eldre oppføringer');
    expect(reporter).toContain('"historyPage":1');
  });
});
