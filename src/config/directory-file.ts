/** The organisation directory file (CONTRACT.md "Organisation directory"). */
import { z } from 'zod';
import type { Directory } from '../core/directory';
import { readDataFile } from './read-data-file';

// Entra object ids and tenant ids are GUIDs; anything else is a typo that would
// silently leave someone without their cases.
export const guid = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a text' })
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be an Entra object id (GUID)')
  .transform((s) => s.toLowerCase());

const idList = (atLeastOne: string | null) => {
  const list = z.array(guid, { invalid_type_error: 'must be a list of Entra object ids', required_error: 'is required' });
  return atLeastOne ? list.min(1, atLeastOne) : list.default([]);
};

export const text = z.string({ required_error: 'is required', invalid_type_error: 'must be a text' }).trim().min(1, 'must not be empty');

export const schoolId = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a text' })
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and hyphens (a-z, 0-9, -)');

const routineSchema = z
  .object({
    text: text.refine((t) => [...t].length <= 4000, 'must be at most 4000 characters'),
    url: z.string({ invalid_type_error: 'must be a text' }).url('must be a web address (https://...)').refine((u) => /^https?:\/\//i.test(u), 'must start with https:// or http://').optional(),
  })
  .strict();

const schoolSchema = z
  .object({
    id: schoolId,
    name: text,
    principals: idList('needs at least one principal (rektor): reports would reach nobody'),
    safetyReps: idList('needs at least one safety representative (verneombud): AML §6-2'),
    members: idList(null),
    routine: routineSchema.optional(),
  })
  .strict();

const personSchema = z
  .object({
    aadObjectId: guid,
    name: text.optional(),
    locale: z
      .string({ invalid_type_error: 'must be a text' })
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a language tag such as nb-NO, nn-NO or en-GB')
      .optional(),
  })
  .strict();

export const directorySchema = z
  .object({
    tenantId: guid,
    owner: z
      .object({
        name: text,
        leaders: idList('needs at least one leader: escalations would reach nobody'),
        chiefSafetyReps: idList(null),
        supportContact: text.optional(),
      })
      .strict(),
    schools: z.array(schoolSchema, { required_error: 'is required' }).min(1, 'needs at least one school'),
    people: z.array(personSchema).default([]),
  })
  .strict()
  .superRefine((d, ctx) => {
    const seen = new Map<string, number>();
    d.schools.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['schools', i, 'id'], message: `duplicates the id of schools[${seen.get(s.id)}]` });
      else seen.set(s.id, i);
    });
    const people = new Map<string, number>();
    d.people.forEach((p, i) => {
      if (people.has(p.aadObjectId))
        ctx.addIssue({ code: 'custom', path: ['people', i, 'aadObjectId'], message: `duplicates people[${people.get(p.aadObjectId)}]` });
      else people.set(p.aadObjectId, i);
    });
  });

/**
 * The same person twice in one list (`principals: [P, P]`, or the same id in
 * upper and lower case) would owe them every notice twice, and the batch that
 * stores a case with its work would fail on the repeated work id. Such a list
 * is read with each person once, and each repeat is reported with its path.
 * A person in two lists (a leader who is also chief safety representative) is
 * two roles, not a repeat.
 */
export function withoutRepeats(directory: Directory): { directory: Directory; repeats: { path: string; first: string }[] } {
  const repeats: { path: string; first: string }[] = [];
  const once = (ids: string[], path: string): string[] => {
    const seen = new Map<string, number>();
    return ids.filter((id, i) => {
      const first = seen.get(id);
      if (first !== undefined) {
        repeats.push({ path: `${path}[${i}]`, first: `${path}[${first}]` });
        return false;
      }
      seen.set(id, i);
      return true;
    });
  };
  return {
    directory: {
      ...directory,
      owner: { ...directory.owner, leaders: once(directory.owner.leaders, 'owner.leaders'), chiefSafetyReps: once(directory.owner.chiefSafetyReps, 'owner.chiefSafetyReps') },
      schools: directory.schools.map((s, i) => ({
        ...s,
        principals: once(s.principals, `schools[${i}].principals`),
        safetyReps: once(s.safetyReps, `schools[${i}].safetyReps`),
        members: once(s.members, `schools[${i}].members`),
      })),
    },
    repeats,
  };
}

/** Reads the directory; a person listed twice in one list is kept once and reported to `warn` with the file and path. */
export function loadDirectory(file: string, warn: (warning: string) => void = () => undefined): Directory {
  const { directory, repeats } = withoutRepeats(readDataFile('DIRECTORY_FILE', file, directorySchema));
  for (const r of repeats) warn(`DIRECTORY_FILE ${file}: ${r.path}: the same person as ${r.first} (ids are compared without case); listed once`);
  return directory;
}
