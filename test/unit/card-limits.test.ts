/**
 * Cards stay within what Teams accepts and shows safely: people's text is
 * never read as Markdown (only in TextRuns; summaries escaped), and however
 * long a case grows, every card the bot sends or answers with stays well
 * under Teams' limit of about 100 KB counted as UTF-16. The largest card is
 * measured here (`npm run bench:delivery` writes the figure into docs/benchmarks.md).
 */
import { caseCardFor } from '../../src/cases/views/case';
import { caseMessageFor } from '../../src/cases/work';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CARDS_DIR } from '../../src/config/project-root';
import { messageView } from '../../src/core/cards';
import { asPlainText, renderCard } from '../../src/teams/card-renderer';
import { toActivity } from '../../src/teams/messenger';
import { aCase } from '../support/cases';
import { activityOf, directory, everyCard, LIMIT, LINK, longCase, utf16Bytes } from '../support/long-case';
import { P } from '../support/people';

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

  it('turn whatever reads as Markdown in a TextBlock into a TextRun, and escape it in a fact, in every template', () => {
    expect(placesOf(renderCard(messageView(LINK, { title: `**${LINK}**` })), 'evil.example').sort()).toEqual(['TextRun.text', 'TextRun.text']);
    // Every text a template binds, as if a feature had put people's text there.
    const bound = (node: unknown): unknown =>
      Array.isArray(node) ? node.map(bound) : node && typeof node === 'object' ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, typeof v === 'string' && /^\$\{.*\}$/.test(v) && k !== '$when' && k !== '$data' ? LINK : bound(v)])) : node;
    for (const file of readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json'))) {
      const given = bound(JSON.parse(readFileSync(join(CARDS_DIR, file), 'utf8')));
      const before = JSON.stringify(given);
      const card = asPlainText(given);
      // Only copies where it changes something: what it was given (perhaps a view's own data) stays as it was.
      expect(JSON.stringify(given)).toBe(before);
      const unsafe = placesOf(card, 'evil.example').filter((p) => p !== 'TextRun.text' && !p.startsWith('Input.') && !p.startsWith('Action.') && p !== 'card.url');
      const factSets: { facts: { title: string; value: string }[] }[] = [];
      const walk = (n: unknown): void => {
        if (Array.isArray(n)) n.forEach(walk);
        else if (n && typeof n === 'object') {
          if ((n as { type?: string }).type === 'FactSet') factSets.push(n as never);
          Object.values(n).forEach(walk);
        }
      };
      walk(card);
      const facts = factSets.flatMap((f) => f.facts).filter((f) => f.value?.includes(LINK) || f.title?.includes(LINK));
      expect([file, unsafe.filter((p) => p.startsWith('TextBlock')), facts]).toEqual([file, [], []]);
    }
  });

  it('stay well under 100 KB counted as UTF-16, for every role, language and page of a case with a long history', () => {
    const sizes = cards.map(({ name, view, summary }) => ({ name, bytes: utf16Bytes(activityOf(view, summary)) }));
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
    expect(first).toContain(`${c.history.length - 6} eldre oppføringer vises ikke.`);
    expect(first).toContain('"verb":"incident.view","title":"Vis eldre","associatedInputs":"none","data":{"incidentId":"case-00000000000000000000000000000001","historyPage":1}');
    expect(first).not.toContain('Vis nyere');
    const second = JSON.stringify(page(1));
    expect(second).toContain("6 nyere oppføringer");
    expect(second).toContain('"historyPage":0');
    expect(second).toContain('"historyPage":2');
    // The reporter pages through their own additions the same way.
    const reporter = JSON.stringify(renderCard(caseCardFor({ language: 'nb', directory, timeZone: 'Europe/Oslo', case: c, viewer: 'reporter', viewerId: P.tina })));
    expect(reporter).toContain('27 eldre oppføringer vises ikke.');
    expect(reporter).toContain('"historyPage":1');
  });
});
