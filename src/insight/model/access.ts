/**
 * Who sees which statistics, from the directory only (never from card data):
 * a school's principals and safety representatives see their own schools; the
 * school owner's leaders and chief safety representatives see every school,
 * one by one or all together. A teacher sees none, and another school's
 * principal none of this school's.
 */
import { rolesOf, type Directory } from '../../core/directory';
import type { Audience } from './cells';

export interface StatisticsAccess {
  /** The schools the person may see, in directory order. */
  schoolIds: string[];
  /** The owner's roles: may see all schools together. */
  owner: boolean;
  /** The schools the person leads as principal or safety representative (their own leadership). */
  leads: string[];
}

export function statisticsAccess(directory: Directory, personId: string): StatisticsAccess | undefined {
  const roles = rolesOf(directory, personId);
  const leads = directory.schools.filter((s) => roles.schools.get(s.id)?.has('principal') || roles.schools.get(s.id)?.has('safetyRep')).map((s) => s.id);
  const owner = roles.owner.size > 0;
  if (owner) return { schoolIds: directory.schools.map((s) => s.id), owner, leads };
  if (leads.length > 0) return { schoolIds: leads, owner, leads };
  return undefined;
}

/** What the person asked to see: one school, or all (owner only). */
export type StatisticsScope = { kind: 'school'; schoolId: string } | { kind: 'all'; schoolIds: string[] };

/**
 * The scope for a request: the school asked for, if the person may see it
 * (else undefined: refused, whether or not the school exists); without one,
 * all schools for the owner's roles, else the person's first school.
 */
export function scopeFor(access: StatisticsAccess, requestedSchoolId: string | undefined): StatisticsScope | undefined {
  if (requestedSchoolId) return access.schoolIds.includes(requestedSchoolId) ? { kind: 'school', schoolId: requestedSchoolId } : undefined;
  if (access.owner) return { kind: 'all', schoolIds: access.schoolIds };
  return { kind: 'school', schoolId: access.schoolIds[0] };
}

export function schoolIdsOf(scope: StatisticsScope): string[] {
  return scope.kind === 'school' ? [scope.schoolId] : scope.schoolIds;
}

/** Figures stay within the school's leadership only for the schools the person leads; otherwise small cells are hidden. */
export function audienceFor(access: StatisticsAccess, scope: StatisticsScope): Audience {
  return scope.kind === 'school' && access.leads.includes(scope.schoolId) ? 'school' : 'owner';
}
