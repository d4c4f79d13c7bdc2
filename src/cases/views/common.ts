/** What the case views share: the input, the note on top, the way back to a list, names of schools and measures. */
import { findSchool, nameOf, type Directory } from '../../core/directory';
import { formatDate } from '../../core/format';
import { fill, plural, type Language, type Plural } from '../../core/i18n';
import { seesReporterIdentity, type Viewer } from '../model/access';
import type { Case, Measure } from '../model/case';
import { shownStatus } from '../model/status';
import { casesStrings } from '../strings';

/** Where a card opened from a list goes back to. */
export interface BackToList {
  scope: 'mine' | 'school';
  page: number;
}

export interface CaseViewInput {
  language: Language;
  directory: Directory;
  timeZone: string;
  case: Case;
  viewer: Viewer;
  viewerId: string;
  /** A line on top: what just happened, or why an action was refused. */
  note?: { text: string; tone: 'good' | 'attention' | 'accent' };
  back?: BackToList;
  /** Today where the school is: the earliest due date a new measure can have. */
  today?: string;
  /** Now, to tell planned check-ins from past ones. */
  now?: Date;
  /** The reporter's first sight of the case: the receipt. */
  fresh?: boolean;
  /** Text the person typed into the card, shown again after it was refused or warned about. */
  kept?: KeptInput;
  alreadyReported?: boolean;
  /** Which page of the history (the reporter side: of their own additions) to show; 0, the default, is the latest. */
  historyPage?: number;
  /** A smaller card: for when Teams refuses the full one as too large (413). */
  compact?: boolean;
}

/**
 * What a refused action carried comes back in its input (by input id), with "send anyway" when it only
 * seemed to name a pupil, and what is wrong with a field under it (`errors`, by input id, in the reader's words).
 */
export interface KeptInput {
  texts: Record<string, string>;
  warnNames: boolean;
  errors?: Record<string, string>;
}

/** The inputs of the case cards that are filled again, and the error under each. */
export interface KeptData {
  warnNames: boolean;
  comment: string;
  description: string;
  /** The measure's owner as chosen, when it is one of the choices. */
  owner: string;
  /** The due date as chosen, when it reads as a date (an Input.Date takes nothing else). */
  dueDate: string;
  summary: string;
  errors: { comment: string; description: string; owner: string; dueDate: string; summary: string };
}

export function keptData(kept: KeptInput | undefined, ownerChoices: { value: string }[] = []): KeptData {
  const t = kept?.texts ?? {};
  const e = kept?.errors ?? {};
  const owner = t.owner && ownerChoices.some((c) => c.value === t.owner) ? t.owner : '';
  const dueDate = t.dueDate && /^\d{4}-\d{2}-\d{2}$/.test(t.dueDate) ? t.dueDate : '';
  return {
    warnNames: kept?.warnNames ?? false,
    comment: t.comment ?? '',
    description: t.description ?? '',
    owner,
    dueDate,
    summary: t.summary ?? '',
    errors: { comment: e.comment ?? '', description: e.description ?? '', owner: e.owner ?? '', dueDate: e.dueDate ?? '', summary: e.summary ?? '' },
  };
}

export interface Fact {
  title: string;
  value: string;
}

export type NoteColor = 'Good' | 'Attention' | 'Accent';

export interface NoteData {
  note: string;
  noteColor: NoteColor;
}

export interface BackData {
  show: boolean;
  scope: BackToList['scope'];
  page: number;
}

const NOTE_COLOR = { good: 'Good', attention: 'Attention', accent: 'Accent' } as const;

/** The status as people read it (model/status.ts): "Tiltak gjennomført" once every approved measure is done. */
export function statusText(language: Language, c: Pick<Case, 'status' | 'measures'>): string {
  return casesStrings(language).status[shownStatus(c)];
}

export function schoolName(directory: Directory, schoolId: string): string {
  return findSchool(directory, schoolId)?.name ?? schoolId;
}

export function noteData(note: CaseViewInput['note']): NoteData {
  return { note: note?.text ?? '', noteColor: NOTE_COLOR[note?.tone ?? 'accent'] };
}

export function backData(back: BackToList | undefined): BackData {
  return back ? { show: true, scope: back.scope, page: back.page } : { show: false, scope: 'mine', page: 0 };
}

/**
 * How a person is named on a card. The owner's roles (leaders, chief safety
 * representatives) never see who reported or who was exposed: for them those
 * people are "den ansatte" / "the employee". `start`: at the start of a sentence.
 */
export function personLabel(
  input: Pick<CaseViewInput, 'language' | 'directory' | 'viewer'> & { case: Pick<Case, 'reporterId' | 'affectedIds'> },
  id: string | undefined,
  options: { start?: boolean } = {},
): string {
  const s = casesStrings(input.language);
  const c = input.case;
  const hidden = !seesReporterIdentity(input.viewer) && id !== undefined && (id === c.reporterId || c.affectedIds.includes(id));
  const label = hidden ? s.caseCard.theEmployee : nameOf(input.directory, id, s.caseCard.aStaffMember);
  return options.start ? label.charAt(0).toUpperCase() + label.slice(1) : label;
}

/** The history page a card's action asks for: a whole number from 0 (the latest). Navigation only, never access. */
export function historyPageOf(data: Record<string, unknown>): number {
  const page = Number(data.historyPage ?? 0);
  return Number.isFinite(page) && page > 0 ? Math.min(Math.floor(page), 10_000) : 0;
}

/** A page of entries shown newest first, and the way to the older and newer ones. */
export interface Paged<T> {
  items: T[];
  older: string;
  newer: string;
  olderPage: number;
  newerPage: number;
}

/** Page `page` (0: the latest) of `all` (oldest first), `size` to a page, newest first. */
export function pageNewestFirst<T>(language: Language, all: T[], size: number, page: number, texts: { older: Plural; newer: Plural }): Paged<T> {
  const pages = Math.max(1, Math.ceil(all.length / size));
  const p = Math.min(page, pages - 1);
  const end = all.length - p * size;
  const start = Math.max(0, end - size);
  const older = start;
  const newer = all.length - end;
  return {
    items: all.slice(start, end).reverse(),
    older: older > 0 ? plural(language, texts.older, older) : '',
    newer: newer > 0 ? plural(language, texts.newer, newer) : '',
    olderPage: older > 0 ? p + 1 : -1,
    newerPage: newer > 0 ? p - 1 : -1,
  };
}

/** A measure's owner, due date and state; on a case card the owner as the viewer may see them (personLabel). */
export function measureMeta(input: Pick<CaseViewInput, 'language' | 'directory'> & Partial<Pick<CaseViewInput, 'case' | 'viewer'>>, m: Measure): string {
  const { language, directory } = input;
  const s = casesStrings(language);
  const owner = (id: string) => (input.case && input.viewer ? personLabel({ language, directory, case: input.case, viewer: input.viewer }, id) : nameOf(directory, id, s.measures.noOwner));
  return fill(s.measures.meta, {
    owner: m.ownerId ? owner(m.ownerId) : s.measures.noOwner,
    due: formatDate(m.dueDate, language),
    state: s.measures.state[m.state],
  });
}

/**
 * "Utsatt": who was exposed, as this viewer may see them (the owner's roles
 * get a count, never names; a pupil is never named). Undefined for cases
 * reported before the form asked.
 */
export function exposedText(input: Pick<CaseViewInput, 'language' | 'directory' | 'viewer'> & { case: Pick<Case, 'reporterId' | 'affectedIds' | 'affectedCount' | 'report'> }): string | undefined {
  const c = input.case;
  const kinds = c.report.affected;
  if (!kinds) return undefined;
  const o = casesStrings(input.language).overview;
  const parts: string[] = [];
  const employees = c.affectedIds.length > 0 ? c.affectedIds.length : c.affectedCount ?? 0;
  if (seesReporterIdentity(input.viewer) && c.affectedIds.length > 0) parts.push(...c.affectedIds.map((id) => personLabel(input, id)));
  else if (employees > 0) parts.push(plural(input.language, o.exposedEmployees, employees));
  if (kinds.includes('pupil')) parts.push(o.exposedPupil);
  if (kinds.includes('other')) parts.push(o.exposedOther);
  if (parts.length === 0) return undefined;
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
