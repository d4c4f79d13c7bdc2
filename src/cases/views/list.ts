/** A page of cases with a button to open each. */
import type { Page } from '../model/order';
import type { Directory } from '../../core/directory';
import { fill, type Language, type Strings } from '../../core/i18n';
import type { CaseSummary } from '../store';
import { renderCard, type AdaptiveCardJson } from '../../teams/card-renderer';
import { schoolName } from './case';
import { formatDate } from '../../core/format';

export function caseListCard(s: Strings, language: Language, directory: Directory, scope: 'mine' | 'school', page: Page<CaseSummary>, total: number): AdaptiveCardJson {
  return renderCard('case-list', {
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
