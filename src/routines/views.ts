/** The routine card: each of the person's schools' routine, and for its principal a box to change it. */
import { noteData, schoolName, type NoteData } from '../cases';
import { cardView, type CardView } from '../core/cards';
import { nameOf, type Directory } from '../core/directory';
import { formatInstant, formatLegalRef } from '../core/format';
import { fill, type Language } from '../core/i18n';
import type { Routine } from './model';
import { routineStrings, type RoutineStrings } from './strings';

declare module '../core/cards' {
  interface CardTypes {
    routine: RoutineCardData;
  }
}

/** What the first-contact card shows of a school's routine, in the reader's language. */
export interface RoutineText {
  schoolId: string;
  title: string;
  text: string;
  url: string;
  source: string;
}

export interface RoutineCardData extends NoteData {
  intro: string;
  routines: (RoutineText & { canEdit: boolean; editText: string; editUrl: string; canClear: boolean })[];
  t: RoutineStrings;
}

export function routineText(language: Language, directory: Directory, timeZone: string, r: Routine | undefined): RoutineText {
  const s = routineStrings(language);
  if (!r) return { schoolId: '', title: s.titleNoSchool, text: s.defaultText, url: '', source: s.source.default };
  const source =
    r.source === 'principal'
      ? fill(s.source.principal, { name: nameOf(directory, r.setBy, ''), date: formatInstant(r.setAt!, timeZone, language) })
      : r.source === 'directory'
        ? fill(s.source.directory, { owner: directory.owner.name })
        : s.source.default;
  return { schoolId: r.schoolId, title: fill(s.title, { school: schoolName(directory, r.schoolId) }), text: r.text ?? s.defaultText, url: r.url ?? '', source };
}

export function routineCard(input: {
  language: Language;
  directory: Directory;
  timeZone: string;
  routines: { routine?: Routine; canEdit: boolean; hasDirectoryRoutine: boolean }[];
  note?: { text: string; tone: 'good' | 'attention' | 'accent' };
}): CardView<'routine'> {
  const s = routineStrings(input.language);
  return cardView('routine', {
    ...noteData(input.note),
    intro: fill(s.intro, { ref: formatLegalRef(input.language, 'forskrift-3a-4') }),
    routines: input.routines.map(({ routine, canEdit, hasDirectoryRoutine }) => ({
      ...routineText(input.language, input.directory, input.timeZone, routine),
      canEdit,
      editText: routine?.source === 'principal' ? (routine.text ?? '') : '',
      editUrl: routine?.source === 'principal' ? (routine.url ?? '') : '',
      canClear: canEdit && routine?.source === 'principal' && hasDirectoryRoutine,
    })),
    t: s,
  });
}
