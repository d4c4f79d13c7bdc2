/** A page of cases with a button to open each. */
import { cardView, type CardView } from '../../core/cards';
import type { Directory } from '../../core/directory';
import { formatDate } from '../../core/format';
import { fill, plural, type Language } from '../../core/i18n';
import { filterData, LIST_PERIODS, LIST_STATES, type ListFilter } from '../model/list-filter';
import type { Page } from '../model/order';
import { SEVERITIES } from '../model/report';
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
  /** A refused filter or reference, said on top. */
  note: string;
  /** "12 saker" under the filters of `saker`. */
  countText: string;
  /** The filters of `saker` (principals, safety representatives, the owner's roles), and what the paging buttons carry. */
  showFilters: boolean;
  filters: {
    title: string;
    state: string;
    period: string;
    severity: string;
    reference: string;
    stateChoices: { title: string; value: string }[];
    periodChoices: { title: string; value: string }[];
    severityChoices: { title: string; value: string }[];
    severityLabel: string;
    referenceLabel: string;
    referencePlaceholder: string;
    apply: string;
  };
  pageData: Record<string, string>;
}

export function caseListCard(
  language: Language,
  directory: Directory,
  scope: 'mine' | 'school',
  page: Page<CaseSummary>,
  total: number,
  options: { filter?: ListFilter; note?: string } = {},
): CardView<'case-list'> {
  const s = casesStrings(language);
  const o = s.overview;
  const filter = scope === 'school' ? options.filter : undefined;
  const found = filter?.reference;
  const empty = filter ? (found ? fill(o.filters.noMatch, { reference: found }) : filter.state === 'open' && filter.period === 'all' && !filter.severity ? s.lists.emptyCases : o.listEmpty[filter.state]) : scope === 'mine' ? s.lists.empty : s.lists.emptyCases;
  return cardView('case-list', {
    title: scope === 'mine' ? s.lists.myCases : filter ? o.listTitle[filter.state] : s.lists.cases,
    empty: total === 0 ? empty : '',
    note: options.note ?? '',
    countText: filter && total > 0 ? plural(language, o.count, total) : '',
    showFilters: filter !== undefined,
    filters: {
      title: o.filters.title,
      state: filter?.state ?? 'open',
      period: filter?.period ?? 'all',
      severity: filter?.severity ?? 'any',
      reference: filter?.reference ?? '',
      stateChoices: LIST_STATES.map((v) => ({ title: o.filters.state[v], value: v })),
      periodChoices: LIST_PERIODS.map((v) => ({ title: o.filters.period[v], value: v })),
      severityChoices: [{ title: o.filters.anySeverity, value: 'any' }, ...SEVERITIES.map((v) => ({ title: s.choices.severity[v], value: v }))],
      severityLabel: o.filters.severity,
      referenceLabel: o.filters.reference,
      referencePlaceholder: o.filters.referencePlaceholder,
      apply: o.filters.apply,
    },
    pageData: filter ? filterData(filter) : { state: '', period: '', severity: '', reference: '' },
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
