/**
 * The privacy feature: the retention policy applied on the calendar (closed
 * cases anonymised when their time is up), and the owner's leaders' view of
 * what it would change. docs/privacy.md is the data inventory it serves.
 */
import type { CoreContext } from '../core/context';
import type { Feature } from '../core/registry';
import { retentionCommand } from './actions';
import { RetentionStore } from './store';
import { applyRetention, retentionJob, type RetentionDeps } from './work';

export type { RetentionResult, RetentionDeps } from './work';
export { applyRetention } from './work';
export { RetentionStore } from './store';
export { retentionText } from './actions';

export interface PrivacyFeature extends Feature {
  /** The retention walk; `dryRun` writes nothing (npm run retention -- --dry-run). */
  applyRetention: (options: { dryRun: boolean }) => ReturnType<typeof applyRetention>;
}

export function createPrivacy(core: CoreContext): PrivacyFeature {
  // The core context is the prototype: the directory and schedule are read when used.
  const deps: RetentionDeps & CoreContext = Object.assign(Object.create(core) as CoreContext, { retention: new RetentionStore(core.containers.cases) });
  return {
    name: 'privacy',
    commands: [retentionCommand(deps)],
    jobs: [retentionJob(deps)],
    applyRetention: (options) => applyRetention(deps, options),
  };
}
