/**
 * The routines' command (`rutiner`, for everyone) and the principal's verb to
 * set the school's own routine (`routine.set`); `routinesFor` is what the
 * first-contact card shows.
 */
import { messageView, type CardView, type OutboundMessage } from '../core/cards';
import type { CoreContext } from '../core/context';
import { findSchool, schoolsOf } from '../core/directory';
import { fill, type Language } from '../core/i18n';
import type { Actor, Command, VerbAnswer, VerbHandler, VerbInput } from '../core/registry';
import { newRoutineDoc, parseRoutine, routineOf, type Routine } from './model';
import type { RoutineStore } from './store';
import { routineStrings } from './strings';
import { routineCard, routineText, type RoutineText } from './views';

export interface RoutinesDeps extends CoreContext {
  routines: RoutineStore;
}

/** The routine of each school the person works at; someone in no school gets the product's own. */
export async function routinesOf(deps: RoutinesDeps, personId: string): Promise<(Routine | undefined)[]> {
  const schools = schoolsOf(deps.directory, personId);
  if (schools.length === 0) return [undefined];
  return Promise.all(schools.map(async (s) => routineOf(s, await deps.routines.get(s.id))));
}

/** The routines as the first-contact card shows them, in the reader's language. */
export async function routinesFor(deps: RoutinesDeps, personId: string, language: Language): Promise<RoutineText[]> {
  return (await routinesOf(deps, personId)).map((r) => routineText(language, deps.directory, deps.timeZone, r));
}

const isPrincipal = (deps: Pick<CoreContext, 'directory'>, schoolId: string, id: string) => findSchool(deps.directory, schoolId)?.principals.includes(id) ?? false;

async function card(deps: RoutinesDeps, actor: Actor, note?: { text: string; tone: 'good' | 'attention' }): Promise<CardView> {
  const routines = actor.id ? await routinesOf(deps, actor.id) : [undefined];
  return routineCard({
    language: actor.language,
    directory: deps.directory,
    timeZone: deps.timeZone,
    routines: routines.map((routine) => ({
      routine,
      canEdit: Boolean(routine && actor.id && isPrincipal(deps, routine.schoolId, actor.id)),
      hasDirectoryRoutine: Boolean(routine && findSchool(deps.directory, routine.schoolId)?.routine),
    })),
    note,
  });
}

async function set(deps: RoutinesDeps, { actor, data }: VerbInput): Promise<VerbAnswer> {
  const s = routineStrings(actor.language);
  const schoolId = typeof data.schoolId === 'string' ? data.schoolId : '';
  if (!actor.id || !isPrincipal(deps, schoolId, actor.id)) return { card: await card(deps, actor, { text: s.notAllowed, tone: 'attention' }) };
  const parsed = parseRoutine({ clear: data.clear, text: data.text ?? data[`text-${schoolId}`], url: data.url ?? data[`url-${schoolId}`] });
  if (!parsed.ok) {
    const problems = Object.values(parsed.errors).map((code) => s.errors[code!]).join('; ');
    return { card: await card(deps, actor, { text: fill(s.invalid, { problems }), tone: 'attention' }) };
  }
  if (parsed.command.clear) await deps.routines.clear(schoolId);
  else await deps.routines.set(newRoutineDoc(schoolId, parsed.command.text, parsed.command.url, actor.id, deps.now()));
  deps.log.info('routine.set', { schoolId, by: actor.id, cleared: parsed.command.clear });
  return { card: await card(deps, actor, { text: parsed.command.clear ? s.cleared : s.saved, tone: 'good' }) };
}

export function routineVerbs(deps: RoutinesDeps): Record<string, VerbHandler> {
  return {
    'routine.view': async ({ actor }) => ({ card: actor.id ? await card(deps, actor) : messageView(routineStrings(actor.language).defaultText) }),
    'routine.set': (input) => set(deps, input),
  };
}

export function routineCommands(deps: RoutinesDeps): Command[] {
  return [
    {
      name: 'routines',
      words: ['rutiner', 'rutinar', 'rutine', 'rutinen', 'routines', 'routine'],
      help: { label: { nb: 'Rutiner', nn: 'Rutinar', en: 'Routines' }, audience: 'everyone' },
      run: async ({ actor }): Promise<OutboundMessage> => ({ card: await card(deps, actor), summary: routineStrings(actor.language).summary }),
    },
  ];
}
