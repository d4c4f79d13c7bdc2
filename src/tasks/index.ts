/**
 * What waits for a person: `mine oppgaver`, and the daily summary "Dette
 * venter på deg" that stands in for that day's separate reminders about what
 * it lists. It reads cases and reminders; it changes no case.
 */
import type { CoreContext } from '../core/context';
import type { Feature } from '../core/registry';
import type { WorkOf, WorkOutcome } from '../core/work';
import { tasksCommands, tasksVerbs } from './actions';
import { TaskStore } from './store';
import { reminderGate, summaryJobs, tasksWorkHandlers, type TasksDeps } from './work';

export interface TasksFeature extends Feature {
  /** Asked by a reminder as it falls due: wait for this morning's summary, or skip (it listed it), or undefined: go. */
  reminderGate(item: WorkOf<'reminder'>): Promise<WorkOutcome | undefined>;
}

export function createTasks(core: CoreContext): TasksFeature {
  const deps: TasksDeps = Object.assign(Object.create(core) as CoreContext, { tasks: new TaskStore(core.containers.cases) });
  return {
    name: 'tasks',
    commands: tasksCommands(deps),
    verbs: tasksVerbs(deps),
    work: tasksWorkHandlers(deps),
    jobs: summaryJobs(deps),
    reminderGate: (item) => reminderGate(deps, item),
  };
}
