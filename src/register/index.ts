/**
 * The injury register (arbeidsmiljøloven § 5-1): the `eksport` command and
 * its card, the register as CSV and XLSX behind signed links, and in the tab
 * the list of cases a person may see with a read-only view of each. It reads
 * the cases feature's documents through its own projections (store.ts) and
 * a case through the case feature's `loadCaseFor`.
 */
import type { CasesFeature } from '../cases';
import type { CoreContext } from '../core/context';
import type { Feature } from '../core/registry';
import { registerCommands, registerDownload, registerTabSections, registerVerbs, type RegisterDeps } from './actions';
import { RegisterStore } from './store';

export { registerScope, registerGrant, registerTable, REGISTER_COLUMNS, type RegisterCase } from './model';
export { RegisterStore } from './store';

export interface RegisterFeature extends Feature {
  store: RegisterStore;
}

export function createRegister(core: CoreContext, cases: Pick<CasesFeature, 'loadCaseFor' | 'recordView'>): RegisterFeature {
  const deps: RegisterDeps = Object.assign(Object.create(core) as CoreContext, { store: new RegisterStore(core.containers.cases), cases });
  return {
    name: 'register',
    store: deps.store,
    commands: registerCommands(deps),
    verbs: registerVerbs(deps),
    downloads: [registerDownload(deps)],
    tab: registerTabSections(deps),
  };
}
