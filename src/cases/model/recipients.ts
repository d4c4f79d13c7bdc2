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

/**
 * Who the check-ins of a case go to (forskrift § 3A-6): the exposed
 * employees, the reporter only when they were exposed themselves; a witness
 * who reported for a colleague gets none.
 */
export function checkInRecipients(c: Pick<Case, 'affectedIds'>): string[] {
  return [...new Set(c.affectedIds)];
}

/**
 * The exposed colleagues told of a new case that names them (they see it as
 * the reporter does): everyone exposed but the reporter, and not those who
 * get the case card anyway as the school's leaders.
 */
export function exposedToTell(directory: Directory, c: Pick<Case, 'schoolId' | 'serious' | 'reporterId' | 'affectedIds'>): string[] {
  const told = new Set(recipientsOfNewCase(directory, c).map((r) => r.aadObjectId));
  return checkInRecipients(c).filter((id) => id !== c.reporterId && !told.has(id));
}
