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

export function loadDirectory(file: string): Directory {
  return readDataFile('DIRECTORY_FILE', file, directorySchema);
}
