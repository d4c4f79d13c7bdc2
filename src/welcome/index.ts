/**
 * First contact and help: the greeting a person gets when they install the
 * app or first write, and the `hjelp` card with buttons for the commands of
 * their role, read from the registry (src/core/registry.ts) at use time.
 */
import type { CoreContext } from '../core/context';
import type { Feature, Registry } from '../core/registry';
import type { RoutinesFeature } from '../routines';
import { greeting, helpMessage, welcomeVerbs, type WelcomeDeps } from './actions';

/** The words of `hjelp`; the Teams edge answers them in text where cards about cases do not belong (group chats). */
export const HELP_WORDS = ['hjelp', 'help', '?', 'hva kan du', 'kva kan du'];

export function createWelcome(core: CoreContext, registry: Registry, routines?: Pick<RoutinesFeature, 'routinesFor'>): Feature {
  const deps: WelcomeDeps = Object.assign(Object.create(core) as CoreContext, { registry, routines });
  return {
    name: 'welcome',
    verbs: welcomeVerbs(deps),
    commands: [{ name: 'help', words: HELP_WORDS, help: { label: { nb: 'Hjelp', nn: 'Hjelp', en: 'Help' }, audience: 'everyone', hidden: true }, run: async ({ actor }) => helpMessage(deps, actor) }],
    firstContact: (actor) => greeting(deps, actor),
  };
}
