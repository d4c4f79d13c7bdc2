/** The owner's half-year follow-up as a digest card: per school what to follow up, flagged schools first. */
import { noteData, schoolName, type NoteData } from '../cases';
import { cardView, type CardView } from '../core/cards';
import type { Directory } from '../core/directory';
import { fill, plural, type Language } from '../core/i18n';
import { ownerRowTexts } from './document';
import { isFlagged, type OwnerReportRow } from './model';
import { inspectionStrings } from './strings';

declare module '../core/cards' {
  interface CardTypes {
    'owner-report': OwnerReportCardData;
    inspection: InspectionCardData;
  }
}

/** The inspection folder's (and for the owner, the half-year follow-up's) download links. */
export interface InspectionCardData extends NoteData {
  parts: { title: string; intro: string; label: string; url: string }[];
  expiry: string;
  schools: { show: boolean; title: string; open: string; current: string; items: { title: string; schoolId: string }[] };
}

export function inspectionCard(input: {
  language: Language;
  directory: Directory;
  schoolId?: string;
  folderUrl?: string;
  ownerUrl?: string;
  minutes: number;
  schools: string[];
  note?: { text: string; tone: 'good' | 'attention' | 'accent' };
}): CardView<'inspection'> {
  const { language, directory } = input;
  const s = inspectionStrings(language).card;
  const parts: InspectionCardData['parts'] = [];
  if (input.folderUrl && input.schoolId) parts.push({ title: fill(s.title, { school: schoolName(directory, input.schoolId) }), intro: s.intro, label: s.download, url: input.folderUrl });
  if (input.ownerUrl) parts.push({ title: fill(s.ownerTitle, { owner: directory.owner.name }), intro: s.ownerIntro, label: s.ownerDownload, url: input.ownerUrl });
  return cardView('inspection', {
    ...noteData(input.note),
    parts,
    expiry: plural(language, s.expiry, input.minutes),
    schools: {
      show: input.schools.length > 1,
      title: s.chooseSchool,
      open: s.show,
      current: input.schoolId ?? '',
      items: input.schools.map((id) => ({ title: schoolName(directory, id), schoolId: id })),
    },
  });
}

export interface OwnerReportCardData {
  title: string;
  intro: string;
  flagged: string;
  why: string;
  asPdf: string;
  schools: { line: string; detail: string; color: 'Attention' | 'Default' }[];
}

export function ownerReportCard(language: Language, directory: Directory, timeZone: string, rows: OwnerReportRow[]): CardView<'owner-report'> {
  const s = inspectionStrings(language).owner;
  return cardView('owner-report', {
    title: s.title,
    intro: fill(s.intro, { owner: directory.owner.name }),
    flagged: plural(language, s.flaggedCount, rows.filter(isFlagged).length, { total: rows.length }),
    why: s.why,
    asPdf: inspectionStrings(language).card.asPdf,
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
