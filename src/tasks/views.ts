/** The card "Dette venter på deg": `mine oppgaver` and the daily summary. */
import { casesStrings, schoolName } from '../cases';
import { cardView, type CardView } from '../core/cards';
import type { Directory } from '../core/directory';
import { formatDate, formatInstant, joinList } from '../core/format';
import { fill, plural, type Language } from '../core/i18n';
import type { Task } from './model';
import { tasksStrings } from './strings';

declare module '../core/cards' {
  interface CardTypes {
    tasks: TasksCardData;
  }
}

export interface TasksCardData {
  title: string;
  count: string;
  empty: string;
  /** `line` may carry a measure's description (people's text): a text run. */
  entries: { incidentId: string; line: string; detail: string; color: 'Attention' | 'Default' }[];
  openLabel: string;
  more: string;
  replaces: string;
  refreshLabel: string;
}

/** Items shown on the card; the rest are counted (the card stays small however much waits). */
export const TASKS_SHOWN = 20;

export function tasksMessage(input: { language: Language; directory: Directory; timeZone: string; tasks: Task[]; folded?: number }): { card: CardView<'tasks'>; summary: string } {
  const { language, tasks } = input;
  const s = tasksStrings(language);
  const cs = casesStrings(language);
  const count = tasks.length === 0 ? '' : plural(language, s.count, tasks.length);
  const card = cardView('tasks', {
    title: s.title,
    count,
    empty: tasks.length === 0 ? s.empty : '',
    entries: tasks.slice(0, TASKS_SHOWN).map((t) => ({
      incidentId: t.caseId,
      line: fill(s.lines[t.kind], { measure: t.measure ?? '', date: t.dueDate ? formatDate(t.dueDate, language) : '', items: joinList((t.legal ?? []).map((i) => cs.legalSteps[i])) }),
      detail: fill(s.detail, { reference: t.reference, severity: cs.choices.severity[t.severity], school: schoolName(input.directory, t.schoolId), since: formatInstant(t.reportedAt, input.timeZone, language) }),
      color: t.kind === 'acknowledge' || t.kind === 'legal' || t.kind === 'measureOverdue' ? 'Attention' : 'Default',
    })),
    openLabel: s.open,
    more: tasks.length > TASKS_SHOWN ? fill(s.more, { count: tasks.length - TASKS_SHOWN }) : '',
    replaces: input.folded ? s.replaces : '',
    refreshLabel: s.refresh,
  });
  return { card, summary: count ? `${s.title}: ${count}` : s.title };
}
