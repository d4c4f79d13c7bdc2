/** Who is offered which command on the greeting and the `hjelp` card: from the directory, as the commands decide themselves. */
import { rolesOf, type Directory } from '../core/directory';
import type { Command, CommandAudience } from '../core/registry';

export function isOffered(directory: Directory, personId: string | undefined, audience: CommandAudience): boolean {
  if (audience === 'everyone') return true;
  if (!personId) return false;
  const roles = rolesOf(directory, personId);
  const school = [...roles.schools.values()];
  const principal = school.some((r) => r.has('principal'));
  const schoolLeader = principal || school.some((r) => r.has('safetyRep'));
  const owner = roles.owner.size > 0;
  switch (audience) {
    case 'handlers':
      return schoolLeader || owner;
    case 'schoolLeaders':
      return schoolLeader;
    case 'principalsAndOwner':
      return principal || owner;
    case 'ownerLeaders':
      return roles.owner.has('leader');
  }
}

/** A command's button label: its own, or its first word (a feature that declares no help still appears). */
export function commandLabel(command: Command, language: 'nb' | 'nn' | 'en'): string {
  const label = command.help?.label[language] ?? command.words[0] ?? command.name;
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** The commands offered to this person, in the order the features registered them. */
export function offeredCommands(commands: Command[], directory: Directory, personId: string | undefined): Command[] {
  return commands.filter((c) => !c.help?.hidden && isOffered(directory, personId, c.help?.audience ?? 'everyone'));
}
