/** Who must be told about a new case (CONTRACT.md "Who is told what", AML §6-2). */
import type { Case } from './case';
import { findSchool, type Directory } from '../../core/directory';

/** Why someone is told of a new case. */
export type RecipientRole = 'principal' | 'safetyRep' | 'chiefSafetyRep' | 'leader';

export interface NewCaseRecipient {
  aadObjectId: string;
  role: RecipientRole;
}

/**
 * The school's principals (the owner's leaders when it has none) and safety
 * representatives always; for a serious case also the owner's chief safety representatives and leaders. One entry
 * per person, with their closest role to the school.
 */
export function recipientsOfNewCase(directory: Directory, c: Pick<Case, 'schoolId' | 'serious'>): NewCaseRecipient[] {
  const school = findSchool(directory, c.schoolId);
  const candidates: NewCaseRecipient[] = [];
  for (const id of school?.principals ?? []) candidates.push({ aadObjectId: id, role: 'principal' });
  // A school without a principal (a gap the Graph source can have): the owner's leaders are told instead.
  if (school && school.principals.length === 0) for (const id of directory.owner.leaders) candidates.push({ aadObjectId: id, role: 'leader' });
  for (const id of school?.safetyReps ?? []) candidates.push({ aadObjectId: id, role: 'safetyRep' });
  if (c.serious) {
    for (const id of directory.owner.chiefSafetyReps) candidates.push({ aadObjectId: id, role: 'chiefSafetyRep' });
    for (const id of directory.owner.leaders) candidates.push({ aadObjectId: id, role: 'leader' });
  }
  const seen = new Set<string>();
  return candidates.filter((r) => (seen.has(r.aadObjectId) ? false : (seen.add(r.aadObjectId), true)));
}
