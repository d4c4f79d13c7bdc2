/**
 * The longest case the form and the verbs allow, and every card the bot can
 * send or answer with about it: for test/unit/card-limits.test.ts and the
 * delivery bench (the largest card's size).
 */
import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import { PROJECT_ROOT } from '../../src/config/project-root';
import type { Viewer } from '../../src/cases/model/access';
import type { Case } from '../../src/cases/model/case';
import { caseCardFor, caseSummary } from '../../src/cases/views/case';
import { floodSummaryMessage } from '../../src/cases/views/flood';
import type { CardView } from '../../src/core/cards';
import type { Language } from '../../src/core/i18n';
import { checkinCard, clusterAlertCard } from '../../src/follow-up/views';
import { renderCard } from '../../src/teams/card-renderer';
import { aCase } from './cases';
import { P } from './people';

export const directory = loadDirectory(join(PROJECT_ROOT, 'test', 'fixtures', 'directory.yaml'));
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
export const utf16Bytes = (value: unknown) => JSON.stringify(value).length * 2;
export const LIMIT = 100 * 1024;

export const LINK = '[Bekreft her](https://evil.example)';
/** Text as long as each field allows, with a link in Markdown and characters outside the BMP (two UTF-16 units each). */
export const long = (n: number) => `${LINK} **viktig** ${'æøå😀'.repeat(n)}`.slice(0, n);

/** A case as long as the form and the verbs allow, with a long history. */
export function longCase(): Case {
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

export function everyCard(c: Case): { name: string; view: CardView; summary: string }[] {
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

/** The activity Teams receives for a card. */
export function activityOf(view: CardView, summary: string) {
  return { type: 'message', summary, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: renderCard(view) }] };
}
