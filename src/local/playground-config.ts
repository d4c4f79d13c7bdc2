/**
 * One Agents Playground per role, each with that person as its current user.
 * The mock tenant is described once, in .m365agentsplayground.yml (which the
 * Agents Toolkit also reads): its current user and its five users are the six
 * people of the demo. A role's file is that one with the role's person as
 * `currentUser`, the other five as `users` (the Playground wants exactly five),
 * and a 1:1 chat id of its own.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { PROJECT_ROOT } from '../config/project-root';
import { readDataFile } from '../config/read-data-file';
import type { PersonContact } from '../core/contacts';
import type { Directory } from '../core/directory';
import type { StoreSnapshot } from './saved-store';

export const PLAYGROUND_SOURCE = join(PROJECT_ROOT, '.m365agentsplayground.yml');

const user = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    aadObjectId: z.string().min(1),
  })
  .passthrough();
export type PlaygroundUser = z.infer<typeof user>;

const sourceSchema = z
  .object({
    version: z.string(),
    tenantId: z.string(),
    currentUser: user,
    users: z.array(user).length(5, 'the Agents Playground wants exactly five users besides the current user'),
    personalChat: z.object({ id: z.string().min(1) }).passthrough(),
  })
  .passthrough();
export type PlaygroundSource = z.infer<typeof sourceSchema>;

export function readPlaygroundSource(file = PLAYGROUND_SOURCE): PlaygroundSource {
  return readDataFile('Agents Playground config', file, sourceSchema);
}

export type Role = 'teacher' | 'principal' | 'safetyRep' | 'leader';
export const ROLES: Role[] = ['teacher', 'principal', 'safetyRep', 'leader'];

/** The ports of `npm run local`: the teacher's window where it always was, the others next to it. */
export const DEFAULT_PORTS: Record<Role, number> = { teacher: 56150, principal: 56151, safetyRep: 56152, leader: 56153 };

/** What the README and the start-up text call each window. */
export const ROLE_TITLES: Record<Role, string> = {
  teacher: 'teacher (lærer)',
  principal: 'principal (rektor)',
  safetyRep: 'safety representative (verneombud)',
  leader: "school owner's leader (skoleeier)",
};

export interface RoleWindow {
  role: Role;
  user: PlaygroundUser;
  /** The school the person holds the role at; absent for the owner's leader. */
  schoolName?: string;
  /** The Playground's config for this window. */
  config: PlaygroundSource;
}

/**
 * The person of each role: of the first school with a member, principal and
 * safety representative among the Playground's people, and the first of the
 * owner's leaders among them. A role nobody in the Playground holds has no
 * window (a directory of one's own, DIRECTORY_FILE, may not match it).
 */
export function roleWindows(directory: Directory, source: PlaygroundSource): RoleWindow[] {
  const people = [source.currentUser, ...source.users];
  const byId = new Map(people.map((p) => [p.aadObjectId.toLowerCase(), p]));
  const find = (ids: string[]) => ids.map((id) => byId.get(id.toLowerCase())).find(Boolean);
  const school =
    directory.schools.find((s) => find(s.members) && find(s.principals) && find(s.safetyReps)) ??
    directory.schools.find((s) => find(s.members) || find(s.principals) || find(s.safetyReps));
  const chosen: Array<[Role, PlaygroundUser | undefined]> = [
    ['teacher', school && find(school.members)],
    ['principal', school && find(school.principals)],
    ['safetyRep', school && find(school.safetyReps)],
    ['leader', find(directory.owner.leaders)],
  ];
  const windows: RoleWindow[] = [];
  for (const [role, person] of chosen) {
    if (!person || windows.some((w) => w.user === person)) continue;
    windows.push({ role, user: person, schoolName: role === 'leader' ? undefined : school?.name, config: configFor(source, person) });
  }
  return windows;
}

/** The source with `person` as the current user and everyone else as the five users. */
export function configFor(source: PlaygroundSource, person: PlaygroundUser): PlaygroundSource {
  const people = [source.currentUser, ...source.users];
  if (!people.includes(person)) throw new ConfigError([`Agents Playground config: ${person.aadObjectId} is not one of its users`]);
  return {
    ...source,
    currentUser: person,
    users: people.filter((p) => p !== person),
    // The bot keeps one 1:1 conversation per person; each window's is its own.
    personalChat: { ...source.personalChat, id: person === source.currentUser ? source.personalChat.id : `personal-chat-${slug(person.name)}` },
  };
}

/** Writes the window's config file (and is the Playground's working directory, for its log). */
export function writePlaygroundConfig(dir: string, window: RoleWindow): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '.m365agentsplayground.yml');
  const header = [
    '# yaml-language-server: $schema=https://aka.ms/teams-app-test-tool-config/0.1.1/config.schema.json',
    `# Written by \`npm run local\` from .m365agentsplayground.yml: the ${ROLE_TITLES[window.role]}, ${window.user.name}, is the current user.`,
    '# Edit the source file, not this one.',
  ].join('\n');
  writeFileSync(file, `${header}\n${stringify(window.config)}`);
  return file;
}

/**
 * The Playgrounds keep their chats in memory: a 1:1 chat the bot opened in one
 * (with someone who has no window, such as the chief safety representative)
 * is gone after a restart, and a card sent there would fail as "not found" and
 * mark the person unreachable. So the saved references are forgotten, except
 * each window's own 1:1 chat, which comes back with the same id; the bot opens
 * a new chat when it next writes to the others.
 */
export function forgetPlaygroundChats(snapshot: StoreSnapshot, windows: RoleWindow[]): StoreSnapshot {
  const kept = new Set(windows.map((w) => `${w.user.aadObjectId.toLowerCase()}|${w.config.personalChat.id}`));
  const conversations = (snapshot.containers.conversations ?? []).map((doc) => {
    const person = doc as Partial<PersonContact>;
    if (person.docType !== 'person' || !person.reference || kept.has(`${person.userId}|${person.reference.conversationId}`)) return doc;
    const { reference: _forgotten, ...rest } = person;
    return rest;
  });
  return { ...snapshot, containers: { ...snapshot.containers, conversations } };
}

function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/æ/gi, 'ae')
      .replace(/ø/gi, 'o')
      .replace(/å/gi, 'a')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'user'
  );
}
