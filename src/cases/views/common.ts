/** What the case views share: the input, the note on top, the way back to a list, names of schools and measures. */
import { findSchool, nameOf, type Directory } from '../../core/directory';
import { formatDate } from '../../core/format';
import { fill, type Language } from '../../core/i18n';
import type { Viewer } from '../model/access';
import type { Case, Measure } from '../model/case';
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
}

/** A refused free text comes back in its box (by input id), with "send anyway" when it only seemed to name a pupil. */
export interface KeptInput {
  texts: Record<string, string>;
  warnNames: boolean;
}

/** The free-text boxes of the case cards that are filled again. */
export interface KeptData {
  warnNames: boolean;
  comment: string;
  description: string;
  summary: string;
}

export function keptData(kept: KeptInput | undefined): KeptData {
  const t = kept?.texts ?? {};
  return { warnNames: kept?.warnNames ?? false, comment: t.comment ?? '', description: t.description ?? '', summary: t.summary ?? '' };
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

export function schoolName(directory: Directory, schoolId: string): string {
  return findSchool(directory, schoolId)?.name ?? schoolId;
}

export function noteData(note: CaseViewInput['note']): NoteData {
  return { note: note?.text ?? '', noteColor: NOTE_COLOR[note?.tone ?? 'accent'] };
}

export function backData(back: BackToList | undefined): BackData {
  return back ? { show: true, scope: back.scope, page: back.page } : { show: false, scope: 'mine', page: 0 };
}

export function measureMeta(input: Pick<CaseViewInput, 'language' | 'directory'>, m: Measure): string {
  const { language, directory } = input;
  const s = casesStrings(language);
  return fill(s.measures.meta, {
    owner: m.ownerId ? nameOf(directory, m.ownerId, s.measures.noOwner) : s.measures.noOwner,
    due: formatDate(m.dueDate, language),
    state: s.measures.state[m.state],
  });
}
