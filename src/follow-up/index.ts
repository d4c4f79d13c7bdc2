/**
 * The follow-up feature: check-ins with the exposed employee, reminders and
 * escalation while things stay undone, and the school owner's alert when a
 * school gathers serious cases. It plugs into the case feature's changes.
 */
import type { CasesFeature } from '../cases';
import type { CoreContext } from '../core/context';
import type { Feature } from '../core/registry';
import { followUpVerbs } from './actions';
import { ClusterStore, ReminderStore } from './store';
import { followUpPlanner, followUpWorkHandlers, handOverReminders, type ClusterPlanner, type FollowUpWorkDeps, type ReminderGate } from './work';

export type { ClusterPlanner, ReminderGate } from './work';

export interface FollowUpFeature extends Feature {
  /** Another feature's part of what a cluster alert owes, stored with the alert. */
  addClusterPlanner(planner: ClusterPlanner): void;
  /** These people lost a principal's or leader's role: their open reminders go to who holds it now. */
  handOverReminders(personIds: string[]): Promise<number>;
  /** Another feature's say on a reminder as it falls due (the daily summary it waits for or was folded into). */
  setReminderGate(gate: ReminderGate): void;
}

export function createFollowUp(core: CoreContext, cases: CasesFeature): FollowUpFeature {
  cases.addPlanner(followUpPlanner(core));
  const clusterPlanners: ClusterPlanner[] = [];
  const deps: FollowUpWorkDeps = Object.assign(Object.create(core) as CoreContext, {
    cases,
    clusters: new ClusterStore(core.containers.cases),
    reminders: new ReminderStore(core.containers.cases),
    clusterPlanners,
  });
  return {
    name: 'follow-up',
    verbs: followUpVerbs(deps),
    work: followUpWorkHandlers(deps),
    addClusterPlanner: (planner) => clusterPlanners.push(planner),
    handOverReminders: (personIds) => handOverReminders(deps, personIds),
    setReminderGate: (gate) => void (deps.reminderGate = gate),
  };
}
