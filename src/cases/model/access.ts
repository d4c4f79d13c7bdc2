/**
 * Who sees a case, and as what. Decided from the directory and the case only,
 * never from anything a card sends.
 */
import type { Case } from './case';
import { findSchool, type Directory } from '../../core/directory';

export type Viewer = 'principal' | 'safetyRep' | 'leader' | 'chiefSafetyRep' | 'reporter' | 'affected' | 'measureOwner';

/**
 * The person's closest relation to the case, or null if they may not see it.
 * The school's leaders come first: a principal who reported a case still has
 * to lead it. Someone who only owns a corrective measure sees that measure.
 */
export function viewerOf(
  directory: Directory,
  c: Pick<Case, 'schoolId' | 'reporterId' | 'affectedIds' | 'tenantId'> & { measures?: Case['measures'] },
  aadObjectId: string,
): Viewer | null {
  if (c.tenantId !== directory.tenantId) return null;
  const school = findSchool(directory, c.schoolId);
  if (school?.principals.includes(aadObjectId)) return 'principal';
  if (school?.safetyReps.includes(aadObjectId)) return 'safetyRep';
  if (directory.owner.leaders.includes(aadObjectId)) return 'leader';
  if (directory.owner.chiefSafetyReps.includes(aadObjectId)) return 'chiefSafetyRep';
  if (c.reporterId === aadObjectId) return 'reporter';
  if (c.affectedIds.includes(aadObjectId)) return 'affected';
  if (c.measures?.some((m) => m.ownerId === aadObjectId && m.state !== 'proposed' && m.state !== 'rejected')) return 'measureOwner';
  return null;
}

/** Whether this viewer is shown who reported: the school's own leaders and the reporter side, not the owner's roles. */
export function seesReporterIdentity(viewer: Viewer): boolean {
  return viewer === 'principal' || viewer === 'safetyRep' || viewer === 'reporter' || viewer === 'affected';
}

/** The reporter side sees their case, not the school's internal follow-up. */
export function isReporterSide(viewer: Viewer): boolean {
  return viewer === 'reporter' || viewer === 'affected';
}
