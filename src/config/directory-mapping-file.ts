/**
 * The Graph source's mapping file (DIRECTORY_MAPPING_FILE, YAML or JSON):
 * which Entra ID groups hold each school's staff, principals and safety
 * representatives, and the owner's leaders and chief safety representatives.
 * The people themselves, their names and languages come from Microsoft Graph.
 */
import { z } from 'zod';
import type { DirectoryMapping } from '../core/directory-source';
import { guid, schoolId, text } from './directory-file';
import { readDataFile } from './read-data-file';

/** One group id or a list of them; `atLeastOne` says why none is not enough. */
const groups = (atLeastOne: string | null) => {
  const list = z.array(guid, { invalid_type_error: 'must be an Entra group id (GUID) or a list of them', required_error: 'is required' });
  const value = z.preprocess((v) => (typeof v === 'string' ? [v] : v), atLeastOne ? list.min(1, atLeastOne) : list);
  return atLeastOne ? value : value.default([]);
};

const schoolSchema = z
  .object({
    id: schoolId,
    name: text,
    staffGroups: groups('needs the group of the school\'s staff'),
    principalGroups: groups('needs the group of the school\'s principals (rektor)'),
    safetyRepGroups: groups('needs the group of the school\'s safety representatives (verneombud): AML §6-2'),
  })
  .strict();

export const mappingSchema = z
  .object({
    tenantId: guid,
    owner: z
      .object({
        name: text,
        supportContact: text.optional(),
        leaderGroups: groups('needs the group of the school owner\'s leaders: escalations would reach nobody'),
        chiefSafetyRepGroups: groups(null),
      })
      .strict(),
    schools: z.array(schoolSchema, { required_error: 'is required', invalid_type_error: 'must be a list of schools' }).min(1, 'needs at least one school'),
  })
  .strict()
  .superRefine((m, ctx) => {
    const seen = new Map<string, number>();
    m.schools.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['schools', i, 'id'], message: `duplicates the id of schools[${seen.get(s.id)}]` });
      else seen.set(s.id, i);
    });
  })
  .transform((m): DirectoryMapping => ({
    tenantId: m.tenantId,
    owner: { name: m.owner.name, ...(m.owner.supportContact ? { supportContact: m.owner.supportContact } : {}), leaderGroups: dedupe(m.owner.leaderGroups), chiefSafetyRepGroups: dedupe(m.owner.chiefSafetyRepGroups) },
    schools: m.schools.map((s) => ({ id: s.id, name: s.name, staffGroups: dedupe(s.staffGroups), principalGroups: dedupe(s.principalGroups), safetyRepGroups: dedupe(s.safetyRepGroups) })),
  }));

const dedupe = (ids: string[]) => [...new Set(ids)];

export function loadDirectoryMapping(file: string): DirectoryMapping {
  return readDataFile('DIRECTORY_MAPPING_FILE', file, mappingSchema);
}
