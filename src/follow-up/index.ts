/**
 * The follow-up feature: check-ins with the exposed employee, reminders and
 * escalation while things stay undone, and the school owner's alert when a
 * school gathers serious cases. It plugs into the case feature's changes.
 */
import type { CasesFeature } from '../cases';
import type { CoreContext } from '../core/context';
import type { Feature } from '../core/registry';
import { followUpVerbs } from './actions';
import { ClusterStore } from './store';
import { followUpPlanner, followUpWorkHandlers } from './work';

export function createFollowUp(core: CoreContext, cases: CasesFeature): Feature {
  cases.addPlanner(followUpPlanner(core));
  const deps = Object.assign(Object.create(core) as CoreContext, { cases, clusters: new ClusterStore(core.containers.cases) });
  return {
    name: 'follow-up',
    verbs: followUpVerbs({ cases, log: core.log }),
    work: followUpWorkHandlers(deps),
  };
}
