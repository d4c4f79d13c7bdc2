/**
 * Warns (never blocks) when a free text seems to name a pupil: the pupil's
 * case belongs in the pupil administration system, and a report about an
 * employee's injury is read by many. A national identity number is blocked
 * (national-id.ts); a name is only likely, so the writer is asked and may
 * send anyway.
 *
 * A name counts when a capitalised word stands where a pupil's name stands:
 * - right after a word for a pupil ("eleven Ola", "elev Nora", "gutten Ali",
 *   "jenta Emma", "the pupil Oliver"), whether or not the name is in the list
 *   (any capitalised word there is most likely a name; single letters such as
 *   "eleven A" and a few brand names are not);
 * - a listed first name before a class or stage ("Ola i 5B", "Emma på 7. trinn")
 *   or an age ("Jonas (9)", "Sofie, 8 år").
 * Capitalised words elsewhere (the start of a sentence, places, colleagues)
 * never count, and neither do the names of the school's own staff.
 */
import names from './data/first-names-no.json';
import { displayName, staffOf, type Directory } from './directory';

const CAP = String.raw`\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?`;
const PUPIL_WORDS = ['elev', 'eleven', 'elevane', 'elevene', 'eleva', 'elevar', 'gutt', 'gutten', 'guten', 'gutane', 'guttene', 'jente', 'jenta', 'jenten', 'jentene', 'ungen', 'barnet', 'pupil', 'student', 'boy', 'girl'];
// Lower case or capitalised at the start of a sentence ("Eleven Ola"); no `i` flag, which would make \p{Lu} match any letter.
const PUPIL_WORD = `(?:${PUPIL_WORDS.map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`).join('|')})`;
// Horizontal space only: a line break or punctuation ends the phrase ("eleven. Siri kom").
const SP = String.raw`[ \t\u00a0]+`;

const AFTER_PUPIL_WORD = new RegExp(String.raw`(?<![\p{L}\d])${PUPIL_WORD}${SP}(${CAP})(?![\p{L}\d])`, 'gu');
const BEFORE_CLASS = new RegExp(String.raw`(?<![\p{L}\d])(${CAP})${SP}(?:i|på|fra|frå|in|from)${SP}\d{1,2}\.?[ \t]?(?:\p{L}(?![\p{L}])|trinn|klasse|grade|class)`, 'gu');
const WITH_AGE = new RegExp(String.raw`(?<![\p{L}\d])(${CAP})(?:[ \t]*\(\d{1,2}(?:[ \t]*år)?\)|,[ \t]*\d{1,2}[ \t]*(?:år|years))`, 'gu');

/** Capitalised words after "eleven" that are not names. */
const NOT_NAMES = new Set(['teams', 'snapchat', 'tiktok', 'instagram', 'facebook', 'youtube', 'google', 'ipad', 'chromebook', 'messenger', 'discord', 'roblox', 'fortnite', 'minecraft', 'sfo', 'aks']);

const FIRST_NAMES: ReadonlySet<string> = new Set([...names.girls, ...names.boys].map((n) => n.toLocaleLowerCase('nb')));

export interface PupilNameOptions {
  /** First names of the school's staff: never taken for a pupil's ("jenta Kari snakket med" when Kari works there). */
  staffFirstNames?: Iterable<string>;
}

/** A person's first name from a display name: "Tina Berg" → "Tina". */
export function firstNameOf(displayName: string): string {
  return displayName.trim().split(/\s+/)[0] ?? '';
}

/** By directory (replaced whole, never changed in place) and schools: each report looks its staff's names up again otherwise, a scan of everyone per person. */
const firstNamesMemo = new WeakMap<Directory, Map<string, string[]>>();

/** The first names of these schools' staff and the owner's roles, as the directory has them. */
export function staffFirstNames(directory: Directory, schoolIds: string[]): string[] {
  const key = schoolIds.join('\n');
  let byKey = firstNamesMemo.get(directory);
  if (!byKey) firstNamesMemo.set(directory, (byKey = new Map()));
  let names = byKey.get(key);
  if (!names) byKey.set(key, (names = computeStaffFirstNames(directory, schoolIds)));
  return names;
}

function computeStaffFirstNames(directory: Directory, schoolIds: string[]): string[] {
  const ids = new Set([...schoolIds.flatMap((id) => staffOf(directory, id)), ...directory.owner.leaders, ...directory.owner.chiefSafetyReps]);
  const out = new Set<string>();
  for (const id of ids) {
    const name = displayName(directory, id);
    if (name) out.add(firstNameOf(name));
  }
  return [...out];
}

export function isCommonFirstName(word: string): boolean {
  return FIRST_NAMES.has(word.toLocaleLowerCase('nb'));
}

/** The words in the text that look like a pupil's name, in order, each once. */
export function pupilNamesIn(text: string, options: PupilNameOptions = {}): string[] {
  const staff = new Set([...(options.staffFirstNames ?? [])].map((n) => n.toLocaleLowerCase('nb')));
  const found: string[] = [];
  const add = (word: string) => {
    const key = word.toLocaleLowerCase('nb');
    // A hyphenated name is judged by its first part ("Anne-Lise").
    const first = key.split('-')[0]!;
    if (staff.has(key) || staff.has(first) || NOT_NAMES.has(key)) return;
    if (!found.some((f) => f.toLocaleLowerCase('nb') === key)) found.push(word);
  };
  for (const m of text.matchAll(AFTER_PUPIL_WORD)) add(m[1]!);
  for (const re of [BEFORE_CLASS, WITH_AGE]) {
    for (const m of text.matchAll(re)) if (isCommonFirstName(m[1]!.split('-')[0]!)) add(m[1]!);
  }
  return found;
}

export function looksLikePupilName(text: string, options: PupilNameOptions = {}): boolean {
  return pupilNamesIn(text, options).length > 0;
}
