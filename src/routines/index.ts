/**
 * Information and routines (forskrift § 3A-4): each school's routine for
 * violence and threats, shown on `rutiner` and, through `routinesFor`, on the
 * first-contact card.
 */
import type { CoreContext } from '../core/context';
import type { Language } from '../core/i18n';
import type { Feature } from '../core/registry';
import { routineCommands, routinesFor, routineVerbs, type RoutinesDeps } from './actions';
import { RoutineStore } from './store';
import type { RoutineText } from './views';

export type { RoutineText } from './views';

export interface RoutinesFeature extends Feature {
  /** The routine of each of the person's schools (or the product's own for someone in none), ready to show. */
  routinesFor(personId: string, language: Language): Promise<RoutineText[]>;
}

export function createRoutines(core: CoreContext): RoutinesFeature {
  const deps: RoutinesDeps = Object.assign(Object.create(core) as CoreContext, { routines: new RoutineStore(core.containers.cases) });
  return {
    name: 'routines',
    verbs: routineVerbs(deps),
    commands: routineCommands(deps),
    routinesFor: (personId, language) => routinesFor(deps, personId, language),
  };
}
