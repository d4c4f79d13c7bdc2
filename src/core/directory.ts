/** The organisation as the directory file describes it, and who holds which role. */
import { teamsNameOf } from './names';

export interface School {
  id: string;
  name: string;
  principals: string[];
  safetyReps: string[];
  members: string[];
  /** Extension: the school's routine for violence and threats (forskrift § 3A-4), as the directory file gives it. */
  routine?: SchoolRoutine;
}

export interface SchoolRoutine {
  text: string;
  /** Where the full routine is (the municipality's quality system, an intranet page). */
  url?: string;
}

export interface Person {
  aadObjectId: string;
  name?: string;
  locale?: string;
}

export interface Directory {
  tenantId: string;
  owner: {
    name: string;
    leaders: string[];
    chiefSafetyReps: string[];
    /** Extension: who a person who is not set up should contact, shown to them as given. */
    supportContact?: string;
  };
  schools: School[];
  people: Person[];
}

export type SchoolRole = 'principal' | 'safetyRep' | 'member';
export type OwnerRole = 'leader' | 'chiefSafetyRep';

export interface RolesOf {
  /** The person's roles per school id. */
  schools: Map<string, Set<SchoolRole>>;
  owner: Set<OwnerRole>;
}

/**
 * Lookups by id, made once per directory: a directory is replaced as a whole
 * when it changes, never changed in place (as `staffFirstNames` relies on
 * too), and a municipality's directory has thousands of people, looked up
 * several times in every turn.
 */
interface DirectoryIndex {
  schools: Map<string, School>;
  people: Map<string, Person>;
  /** Each person's roles by school, in the directory's order of schools. */
  roles: Map<string, [string, SchoolRole][]>;
  staff: Map<string, string[]>;
}

const indexes = new WeakMap<Directory, DirectoryIndex>();

function indexOf(directory: Directory): DirectoryIndex {
  let index = indexes.get(directory);
  if (index) return index;
  index = { schools: new Map(), people: new Map(), roles: new Map(), staff: new Map() };
  for (const person of directory.people) if (!index.people.has(person.aadObjectId)) index.people.set(person.aadObjectId, person);
  for (const school of directory.schools) {
    // The first school of an id is the one `find` would have given.
    if (index.schools.has(school.id)) continue;
    index.schools.set(school.id, school);
    index.staff.set(school.id, [...new Set([...school.principals, ...school.safetyReps, ...school.members])]);
    const add = (ids: string[], role: SchoolRole) => {
      for (const id of new Set(ids)) {
        const held = index!.roles.get(id);
        if (held) held.push([school.id, role]);
        else index!.roles.set(id, [[school.id, role]]);
      }
    };
    add(school.principals, 'principal');
    add(school.safetyReps, 'safetyRep');
    add(school.members, 'member');
  }
  indexes.set(directory, index);
  return index;
}

export function rolesOf(directory: Directory, aadObjectId: string): RolesOf {
  // Fresh sets each time: a caller may change what it is given.
  const schools = new Map<string, Set<SchoolRole>>();
  for (const [schoolId, role] of indexOf(directory).roles.get(aadObjectId) ?? []) {
    const roles = schools.get(schoolId);
    if (roles) roles.add(role);
    else schools.set(schoolId, new Set([role]));
  }
  const owner = new Set<OwnerRole>();
  if (directory.owner.leaders.includes(aadObjectId)) owner.add('leader');
  if (directory.owner.chiefSafetyReps.includes(aadObjectId)) owner.add('chiefSafetyRep');
  return { schools, owner };
}

/** Whether the directory names the person in any role or in `people`. */
export function isKnownPerson(directory: Directory, aadObjectId: string): boolean {
  const roles = rolesOf(directory, aadObjectId);
  return roles.schools.size > 0 || roles.owner.size > 0 || indexOf(directory).people.has(aadObjectId);
}

/**
 * Who may report: anyone in the directory's tenant (the Teams edge refuses
 * other tenants), named in the directory or not, while there is a school to
 * report to; someone on no school's staff list chooses the school.
 */
export function mayReport(directory: Directory, aadObjectId: string | undefined): aadObjectId is string {
  return !!aadObjectId && directory.schools.length > 0;
}

/** The schools a person works at in any role: the schools they may report for without choosing. */
export function schoolsOf(directory: Directory, aadObjectId: string): School[] {
  const roles = rolesOf(directory, aadObjectId);
  return directory.schools.filter((s) => roles.schools.has(s.id));
}

export function findSchool(directory: Directory, schoolId: string): School | undefined {
  return indexOf(directory).schools.get(schoolId);
}

export function findPerson(directory: Directory, aadObjectId: string): Person | undefined {
  return indexOf(directory).people.get(aadObjectId);
}

/** The directory's name for the person, else the one Teams gave them (core/names.ts). */
export function displayName(directory: Directory, aadObjectId: string): string | undefined {
  return findPerson(directory, aadObjectId)?.name || teamsNameOf(aadObjectId);
}

/** A person's name as people read it: from the directory, or the neutral word given. */
export function nameOf(directory: Directory, aadObjectId: string | undefined, fallback: string): string {
  return (aadObjectId && displayName(directory, aadObjectId)) || fallback;
}

/** Everyone who works at a school in any role: who may own a corrective measure there. */
export function staffOf(directory: Directory, schoolId: string): string[] {
  return [...(indexOf(directory).staff.get(schoolId) ?? [])];
}
