/**
 * The names Teams gave people (`from.name` on their own activities, kept
 * with their contact in src/core/contacts.ts), for people the directory has
 * no name for: someone on no staff list who reports, a member added to a
 * group before their profile is complete. Held in this process so the pure
 * views can read it through `displayName` (core/directory.ts); the contact
 * store is the source of truth, and reading a contact fills it again here.
 */
const KEPT = 50_000;
const book = new Map<string, string>();

export function rememberTeamsName(aadObjectId: string, name: string | undefined): void {
  const clean = name?.trim().slice(0, 200);
  if (!clean) return;
  if (book.size >= KEPT && !book.has(aadObjectId)) book.clear();
  book.set(aadObjectId, clean);
}

export function teamsNameOf(aadObjectId: string): string | undefined {
  return book.get(aadObjectId);
}

/** The role-neutral word for someone without a name anywhere: never their id. */
export const A_STAFF_MEMBER = { nb: 'en ansatt', nn: 'ein tilsett', en: 'a staff member' } as const;

/**
 * People to choose from (a measure's owner, a training's participants), by
 * name; those without one anywhere are "en ansatt 1", "en ansatt 2", ...
 * `nameOf` is the directory's (core/directory.ts), passed in to keep this
 * module free of it.
 */
export function personChoices(ids: string[], nameOf: (id: string) => string | undefined, language: keyof typeof A_STAFF_MEMBER): { title: string; value: string }[] {
  let n = 0;
  return ids.map((id) => ({ title: nameOf(id) || `${A_STAFF_MEMBER[language]} ${++n}`, value: id }));
}
