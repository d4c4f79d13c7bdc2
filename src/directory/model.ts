/**
 * The directory feature's rules, pure: how Entra ID groups make the
 * directory (the mapping, the groups' members, the people's names and
 * languages), how Graph's delta changes apply, who lost a role between two
 * directories, and the gaps the law cares about.
 */
import { createHash } from 'node:crypto';
import type { Directory, Person } from '../core/directory';
import { mappingGroups, type DirectoryMapping } from '../core/directory-source';

/** A person as Graph describes them: display name and preferred language. */
export interface PersonDetails {
  name?: string;
  locale?: string;
}

/** What the directory is made of with the Graph source: each mapped group's user members, and those people's details. */
export interface GraphState {
  groups: Record<string, string[]>;
  people: Record<string, PersonDetails>;
}

/** One member change from a delta page. */
export interface MemberChange {
  groupId: string;
  userId: string;
  removed: boolean;
}

const LOCALE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
const NAME_MAX = 200;

/** A user object from Graph (`id`, `displayName`, `preferredLanguage`) as the directory keeps it; nynorsk kept when set. */
export function detailsOf(user: { displayName?: unknown; preferredLanguage?: unknown }): PersonDetails {
  const name = typeof user.displayName === 'string' ? user.displayName.trim().slice(0, NAME_MAX) : '';
  const locale = typeof user.preferredLanguage === 'string' ? user.preferredLanguage.trim() : '';
  return { ...(name ? { name } : {}), ...(LOCALE.test(locale) ? { locale } : {}) };
}

const normalise = (id: string) => id.toLowerCase();
const sortedUnion = (...lists: (string[] | undefined)[]) => [...new Set(lists.flatMap((l) => l ?? []).map(normalise))].sort();

/** The directory the mapping and the groups make. Lists are sorted, so the same groups always make the same directory. */
export function directoryFrom(mapping: DirectoryMapping, state: GraphState): Directory {
  const members = (groups: string[]) => sortedUnion(...groups.map((g) => state.groups[g]));
  const schools = mapping.schools.map((s) => ({
    id: s.id,
    name: s.name,
    principals: members(s.principalGroups),
    safetyReps: members(s.safetyRepGroups),
    members: members(s.staffGroups),
  }));
  const owner = {
    name: mapping.owner.name,
    leaders: members(mapping.owner.leaderGroups),
    chiefSafetyReps: members(mapping.owner.chiefSafetyRepGroups),
    ...(mapping.owner.supportContact ? { supportContact: mapping.owner.supportContact } : {}),
  };
  const everyone = sortedUnion(owner.leaders, owner.chiefSafetyReps, ...schools.flatMap((s) => [s.principals, s.safetyReps, s.members]));
  const people: Person[] = everyone.map((id) => ({ aadObjectId: id, ...(state.people[id] ?? {}) }));
  return { tenantId: mapping.tenantId, owner, schools, people };
}

/** Applies a delta page's member changes; a removed group (`@removed` on the group) empties it. */
export function applyChanges(state: GraphState, changes: MemberChange[], removedGroups: string[] = []): GraphState {
  const groups: Record<string, Set<string>> = Object.fromEntries(Object.entries(state.groups).map(([g, ids]) => [g, new Set(ids)]));
  for (const g of removedGroups) groups[g] = new Set();
  for (const c of changes) {
    const set = (groups[c.groupId] ??= new Set());
    if (c.removed) set.delete(normalise(c.userId));
    else set.add(normalise(c.userId));
  }
  return { groups: Object.fromEntries(Object.entries(groups).map(([g, ids]) => [g, [...ids].sort()])), people: state.people };
}

/** Everyone in any mapped group. */
export function membersOf(state: GraphState): Set<string> {
  return new Set(Object.values(state.groups).flat());
}

/** Keeps the details of people still in some group (nobody's name is kept after they leave). */
export function prunePeople(state: GraphState): GraphState {
  const present = membersOf(state);
  return { groups: state.groups, people: Object.fromEntries(Object.entries(state.people).filter(([id]) => present.has(id))) };
}

/** Groups of at most `size` (Graph's delta filter takes at most 50 ids). */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const DELTA_FILTER_MAX = 50;

/** The delta chains of a mapping: its groups, 50 to a chain. */
export function deltaChains(mapping: DirectoryMapping): string[][] {
  return chunk(mappingGroups(mapping), DELTA_FILTER_MAX);
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

export const directoryHash = (d: Directory): string => hashOf(d);
export const mappingHash = (m: DirectoryMapping): string => hashOf(m);

// ---------------------------------------------------------------- roles and their holders

/** Who holds the roles that owe reminders: each school's principals, and the owner's leaders. */
export interface RoleHolders {
  principals: Record<string, string[]>;
  leaders: string[];
}

export function roleHolders(d: Directory): RoleHolders {
  return { principals: Object.fromEntries(d.schools.map((s) => [s.id, [...s.principals]])), leaders: [...d.owner.leaders] };
}

/** People who held a principal's role at a school, or the leader's role, in `before` and no longer do. */
export function removedFromRoles(before: RoleHolders, after: RoleHolders): string[] {
  const out = new Set<string>();
  for (const [schoolId, ids] of Object.entries(before.principals)) {
    const now = new Set(after.principals[schoolId] ?? []);
    for (const id of ids) if (!now.has(id)) out.add(id);
  }
  const leaders = new Set(after.leaders);
  for (const id of before.leaders) if (!leaders.has(id)) out.add(id);
  return [...out].sort();
}

// ---------------------------------------------------------------- gaps

/** What the law cares about and the directory lacks (every workplace needs a principal and a safety representative, AML §6-1). */
export interface DirectoryGaps {
  schoolsWithoutPrincipal: string[];
  schoolsWithoutSafetyRep: string[];
  noLeader: boolean;
  /** People on the staff list of more than one school, with those schools. */
  inSeveralSchools: { personId: string; schoolIds: string[] }[];
}

export function directoryGaps(d: Directory): DirectoryGaps {
  const schoolsOf = new Map<string, string[]>();
  for (const s of d.schools) for (const id of s.members) schoolsOf.set(id, [...(schoolsOf.get(id) ?? []), s.id]);
  return {
    schoolsWithoutPrincipal: d.schools.filter((s) => s.principals.length === 0).map((s) => s.id),
    schoolsWithoutSafetyRep: d.schools.filter((s) => s.safetyReps.length === 0).map((s) => s.id),
    noLeader: d.owner.leaders.length === 0,
    inSeveralSchools: [...schoolsOf.entries()].filter(([, ids]) => ids.length > 1).map(([personId, schoolIds]) => ({ personId, schoolIds })),
  };
}

/** Everyone in a role the bot must be able to reach, with their roles: principals, safety representatives, the owner's roles. */
export function roleHoldersToReach(d: Directory): { personId: string; roles: ('principal' | 'safetyRep' | 'leader' | 'chiefSafetyRep')[]; schoolIds: string[] }[] {
  const byPerson = new Map<string, { roles: Set<'principal' | 'safetyRep' | 'leader' | 'chiefSafetyRep'>; schoolIds: Set<string> }>();
  const add = (id: string, role: 'principal' | 'safetyRep' | 'leader' | 'chiefSafetyRep', schoolId?: string) => {
    const entry = byPerson.get(id) ?? { roles: new Set(), schoolIds: new Set() };
    entry.roles.add(role);
    if (schoolId) entry.schoolIds.add(schoolId);
    byPerson.set(id, entry);
  };
  for (const s of d.schools) {
    for (const id of s.principals) add(id, 'principal', s.id);
    for (const id of s.safetyReps) add(id, 'safetyRep', s.id);
  }
  for (const id of d.owner.leaders) add(id, 'leader');
  for (const id of d.owner.chiefSafetyReps) add(id, 'chiefSafetyRep');
  return [...byPerson.entries()].map(([personId, e]) => ({ personId, roles: [...e.roles], schoolIds: [...e.schoolIds] }));
}
