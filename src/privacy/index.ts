/**
 * The privacy feature: the retention policy applied on the calendar (closed
 * cases anonymised when their time is up, with the audit entries of who
 * opened them; export entries after their years), the owner's leaders' view
 * of what it would change, "Sist åpnet av" for a case, and a person's own
 * data (GDPR art. 15) as JSON and PDF behind signed links. docs/privacy.md
 * is the data inventory it serves.
 */
import type { CasesFeature } from '../cases';
import type { CoreContext } from '../core/context';
import type { Feature } from '../core/registry';
import { openingsVerb, ownDataCommand, ownDataDownload, ownDataVerbs, retentionCommand, type OwnDataDeps } from './actions';
import { AuditRetentionStore, OwnDataStore, RetentionStore } from './store';
import { applyRetention, retentionJob, type RetentionDeps } from './work';

export type { RetentionResult, RetentionDeps } from './work';
export { applyRetention } from './work';
export { AuditRetentionStore, RetentionStore } from './store';
export { retentionText, loadOwnData } from './actions';
export type { OwnData } from './own-data';

export interface PrivacyFeature extends Feature {
  /** The retention walk; `dryRun` writes nothing (npm run retention -- --dry-run). */
  applyRetention: (options: { dryRun: boolean }) => ReturnType<typeof applyRetention>;
}

export function createPrivacy(core: CoreContext, cases: Pick<CasesFeature, 'loadCaseFor'>): PrivacyFeature {
  // The core context is the prototype: the directory and schedule are read when used.
  const deps: RetentionDeps & CoreContext = Object.assign(Object.create(core) as CoreContext, { retention: new RetentionStore(core.containers.cases), auditRetention: new AuditRetentionStore(core.containers.audit) });
  const own: OwnDataDeps & CoreContext = Object.assign(Object.create(core) as CoreContext, { ownData: new OwnDataStore(core.containers.cases) });
  return {
    name: 'privacy',
    commands: [retentionCommand(deps), ownDataCommand(own)],
    verbs: { 'incident.openedBy': openingsVerb(Object.assign(Object.create(core) as CoreContext, { cases })), ...ownDataVerbs(own) },
    downloads: [ownDataDownload(own)],
    jobs: [retentionJob(deps)],
    applyRetention: (options) => applyRetention(deps, options),
  };
}
