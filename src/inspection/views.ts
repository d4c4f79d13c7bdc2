/** The owner's half-year follow-up as a digest card: per school what to follow up, flagged schools first. */
import { cardView, type CardView } from '../core/cards';
import type { Directory } from '../core/directory';
import { fill, plural, type Language } from '../core/i18n';
import { ownerRowTexts } from './document';
import { isFlagged, type OwnerReportRow } from './model';
import { inspectionStrings } from './strings';

declare module '../core/cards' {
  interface CardTypes {
    'owner-report': OwnerReportCardData;
  }
}

export interface OwnerReportCardData {
  title: string;
  intro: string;
  flagged: string;
  why: string;
  schools: { line: string; detail: string; color: 'Attention' | 'Default' }[];
}

export function ownerReportCard(language: Language, directory: Directory, timeZone: string, rows: OwnerReportRow[]): CardView<'owner-report'> {
  const s = inspectionStrings(language).owner;
  return cardView('owner-report', {
    title: s.title,
    intro: fill(s.intro, { owner: directory.owner.name }),
    flagged: plural(language, s.flaggedCount, rows.filter(isFlagged).length, { total: rows.length }),
    why: s.why,
    schools: rows.map((r) => {
      const t = ownerRowTexts(language, directory, timeZone, r);
      return {
        line: fill(s.line, { school: t.school, flags: t.flags }),
        detail: fill(s.detail, { review: t.review, red: r.openRed, overdue: r.overdueMeasures, covered: r.coverage.covered, total: r.coverage.total, share: r.coverage.share, drill: t.drill, cases: r.cases, before: r.casesBefore }),
        color: isFlagged(r) ? 'Attention' : 'Default',
      };
    }),
  });
}
