/**
 * Information and routines (forskrift § 3A-4): each school's routine for
 * violence and threats, shown on `rutiner` and, through `routinesFor`, on the
 * first-contact card.
 */
import type { CoreContext } from '../core/context';
import type { Language } from '../core/i18n';
import { findSchool } from '../core/directory';
import type { Feature } from '../core/registry';
import { routineOf } from './model';
import { routineText } from './views';
import { routineCommands, routinesFor, routineVerbs, type RoutinesDeps } from './actions';
import { RoutineStore } from './store';
import type { RoutineText } from './views';

export type { RoutineText } from './views';

export interface RoutinesFeature extends Feature {
  /** The routine of each of the person's schools (or the product's own for someone in none), ready to show. */
  routinesFor(personId: string, language: Language): Promise<RoutineText[]>;
  /** One school's routine, ready to show; undefined for an unknown school. */
  routinesForSchool(schoolId: string, language: Language): Promise<RoutineText | undefined>;
}

export function createRoutines(core: CoreContext): RoutinesFeature {
  const deps: RoutinesDeps = Object.assign(Object.create(core) as CoreContext, { routines: new RoutineStore(core.containers.cases) });
  return {
    name: 'routines',
    verbs: routineVerbs(deps),
    commands: routineCommands(deps),
    routinesFor: (personId, language) => routinesFor(deps, personId, language),
    routinesForSchool: async (schoolId, language) => {
      const school = findSchool(core.directory, schoolId);
      return school ? routineText(language, core.directory, core.timeZone, routineOf(school, await deps.routines.get(schoolId))) : undefined;
    },
  };
}
