/** A page of cases with a button to open each. */
import { cardView, type CardView } from '../../core/cards';
import type { Directory } from '../../core/directory';
import { formatDate } from '../../core/format';
import { fill, type Language } from '../../core/i18n';
import type { Page } from '../model/order';
import type { CaseSummary } from '../store';
import { casesStrings } from '../strings';
import { schoolName } from './common';

declare module '../../core/cards' {
  interface CardTypes {
    'case-list': CaseListCardData;
  }
}

export interface CaseListCardData {
  title: string;
  empty: string;
  entries: { incidentId: string; line: string; detail: string; color: 'Attention' | 'Default' }[];
  openLabel: string;
  scope: 'mine' | 'school';
  page: number;
  pageText: string;
  hasPrevious: boolean;
  hasNext: boolean;
  previousLabel: string;
  nextLabel: string;
}

export function caseListCard(language: Language, directory: Directory, scope: 'mine' | 'school', page: Page<CaseSummary>, total: number): CardView<'case-list'> {
  const s = casesStrings(language);
  return cardView('case-list', {
    title: scope === 'mine' ? s.lists.myCases : s.lists.cases,
    empty: total === 0 ? (scope === 'mine' ? s.lists.empty : s.lists.emptyCases) : '',
    entries: page.items.map((c) => ({
      incidentId: c.caseId,
      line: fill(s.lists.entry, { reference: c.reference, severity: s.choices.severity[c.severity], status: s.status[c.status] }),
      detail: fill(s.lists.entryDetail, { school: schoolName(directory, c.schoolId), date: formatDate(c.date, language), where: s.choices.location[c.location] }),
      color: c.status === 'reported' || c.severity === 'very-serious' ? 'Attention' : 'Default',
    })),
    openLabel: s.lists.open,
    scope,
    page: page.page,
    pageText: page.pages > 1 ? fill(s.lists.page, { page: page.page + 1, pages: page.pages }) : '',
    hasPrevious: page.page > 0,
    hasNext: page.page < page.pages - 1,
    previousLabel: s.lists.previous,
    nextLabel: s.lists.next,
  });
}
