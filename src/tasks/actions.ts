/** `mine oppgaver` / `my tasks`, and the card's refresh (`tasks.list`): what waits for the person now. */
import { localDateTime } from '../core/clock';
import { messageView, type CardView } from '../core/cards';
import type { Actor, Command, VerbHandler } from '../core/registry';
import { tasksStrings } from './strings';
import { tasksMessage } from './views';
import { tasksOf, type TasksDeps } from './work';

async function listing(deps: TasksDeps, actor: Actor): Promise<{ card: CardView; summary: string }> {
  if (!actor.id) return { card: messageView(tasksStrings(actor.language).notForYou), summary: tasksStrings(actor.language).notForYou };
  const tasks = await tasksOf(deps, actor.id, localDateTime(deps.now(), deps.timeZone).date);
  return tasksMessage({ language: actor.language, directory: deps.directory, timeZone: deps.timeZone, tasks });
}

export function tasksCommands(deps: TasksDeps): Command[] {
  return [{ name: 'myTasks', words: ['mine oppgaver', 'mine oppgåver', 'oppgaver', 'oppgåver', 'my tasks', 'tasks'], help: { label: { nb: 'Mine oppgaver', nn: 'Mine oppgåver', en: 'My tasks' }, audience: 'schoolLeaders' }, run: ({ actor }) => listing(deps, actor) }];
}

export function tasksVerbs(deps: TasksDeps): Record<string, VerbHandler> {
  return { 'tasks.list': async ({ actor }) => ({ card: (await listing(deps, actor)).card }) };
}
