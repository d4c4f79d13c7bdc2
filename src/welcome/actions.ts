/**
 * First contact and `hjelp`: the greeting (what TryggMeld is for, "Meld
 * hendelse", for those who handle cases "Åpne saker", the school's routine)
 * and the card of buttons for the commands of the person's role, built from
 * the registry so that a new feature's command appears by itself.
 */
import { messageView, type OutboundMessage } from '../core/cards';
import type { CoreContext } from '../core/context';
import { displayName } from '../core/directory';
import type { Actor, Command, Registry, VerbAnswer, VerbHandler } from '../core/registry';
import type { RoutinesFeature } from '../routines';
import { commandLabel, isOffered, offeredCommands } from './model';
import { welcomeStrings } from './strings';
import { helpCard, welcomeCard } from './views';

export interface WelcomeDeps extends CoreContext {
  /** Read at use time: every feature is registered by then. */
  registry: Registry;
  routines?: Pick<RoutinesFeature, 'routinesFor'>;
}

/** The command `saker` is, found by name: the greeting's "Åpne saker". */
const CASES_COMMAND = 'cases';
/** The word to type for a command in the reader's language: the one its label reads as, else its first. */
const typedWord = (command: Command, language: Actor['language']) => command.words.find((w) => w === command.help?.label[language].toLowerCase()) ?? command.words[0];

export async function greeting(deps: WelcomeDeps, actor: Actor): Promise<OutboundMessage> {
  const s = welcomeStrings(actor.language).greeting;
  const cases = deps.registry.commandNamed(CASES_COMMAND);
  const handler = Boolean(cases && isOffered(deps.directory, actor.id, cases.help?.audience ?? 'everyone'));
  const routines = actor.id && deps.routines ? await deps.routines.routinesFor(actor.id, actor.language).catch(() => []) : [];
  const card = welcomeCard(actor.language, { name: actor.id ? displayName(deps.directory, actor.id) : undefined, handler, casesCommand: cases?.name, routines });
  return { card, summary: s.summary };
}

export function helpMessage(deps: WelcomeDeps, actor: Actor): OutboundMessage {
  const offered = offeredCommands(deps.registry.commands, deps.directory, actor.id);
  const buttons = offered.map((c) => ({ command: c.name, label: commandLabel(c, actor.language), word: typedWord(c, actor.language) }));
  return { card: helpCard(actor.language, buttons), summary: welcomeStrings(actor.language).help.summary };
}

/** A help or greeting button: the command run as if typed; who may see what is still the command's own decision. */
async function run(deps: WelcomeDeps, actor: Actor, data: Record<string, unknown>): Promise<VerbAnswer> {
  const command = typeof data.command === 'string' ? deps.registry.commandNamed(data.command) : undefined;
  if (!command) return { card: messageView(welcomeStrings(actor.language).help.unknown, { attention: true }) };
  const answer = await command.run({ actor, text: command.words[0] ?? '' });
  return { card: 'card' in answer ? answer.card : messageView(answer.text) };
}

export function welcomeVerbs(deps: WelcomeDeps): Record<string, VerbHandler> {
  return {
    'welcome.help': async ({ actor }) => {
      const message = helpMessage(deps, actor);
      return { card: 'card' in message ? message.card : messageView(message.text) };
    },
    'welcome.run': ({ actor, data }) => run(deps, actor, data),
  };
}
