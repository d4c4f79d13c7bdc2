/** Who is told instead when the bot cannot reach someone: the next role up. */
import type { Case } from './case';
import { findSchool, type Directory } from '../../core/directory';

/**
 * - an employee (reporter, exposed, measure owner): the school's principals;
 * - a safety representative: the chief safety representatives, else the principals;
 * - a principal or a chief safety representative: the owner's leaders;
 * - a leader: nobody above; it stays recorded on the case.
 */
export function nextRoleUp(directory: Directory, c: Pick<Case, 'schoolId'>, recipientId: string): string[] {
  const school = findSchool(directory, c.schoolId);
  const principals = school?.principals ?? [];
  let up: string[];
  if (directory.owner.leaders.includes(recipientId)) up = [];
  else if (principals.includes(recipientId) || directory.owner.chiefSafetyReps.includes(recipientId)) up = directory.owner.leaders;
  else if (school?.safetyReps.includes(recipientId)) up = directory.owner.chiefSafetyReps.length > 0 ? directory.owner.chiefSafetyReps : principals;
  else up = principals;
  return [...new Set(up)].filter((id) => id !== recipientId);
}
