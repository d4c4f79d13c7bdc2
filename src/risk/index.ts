/**
 * The risk assessment feature: each school's living risk assessment
 * (forskrift § 3A-2, § 3A-3), fed by the school's cases, reviewed yearly and
 * when the owner's cluster alert fires, with the safety representative taking
 * part. What other features may use is exported here.
 */
import type { CasesFeature } from '../cases';
import type { CoreContext } from '../core/context';
import type { Language } from '../core/i18n';
import type { Feature } from '../core/registry';
import type { FollowUpFeature } from '../follow-up';
import { riskCardFor, riskCommands, riskVerbs, type RiskDeps } from './actions';
import { riskRoleOf, type RiskAssessment } from './model';
import { RiskStore } from './store';
import { riskTabSection } from './tab';
import { reviewCheckJob, riskClusterPlanner, riskWorkHandlers } from './work';

export type { RiskAssessment, RiskReview, Situation, RiskColour } from './model';
export { riskColour, riskScore, RISK_THRESHOLDS } from './model';
export { RiskStore } from './store';
export { riskStrings } from './strings';
export { whereAndWhen } from './views';

export interface RiskFeature extends Feature {
  store: RiskStore;
  /** A school's assessment as stored, if it has one. */
  assessmentOf(schoolId: string): Promise<RiskAssessment | undefined>;
}

export interface RiskOptions {
  /** A deep link to the school's assessment in the tab (the tab is built elsewhere); without it the card has no tab button. */
  tabUrl?: (schoolId: string) => string | undefined;
}

export function createRisk(core: CoreContext, deps: { cases: CasesFeature; followUp: FollowUpFeature }, options: RiskOptions = {}): RiskFeature {
  const store = new RiskStore(core.containers.cases);
  const risk: RiskDeps = Object.assign(Object.create(core) as CoreContext, { risk: store, cases: deps.cases, tabUrl: options.tabUrl });
  deps.followUp.addClusterPlanner(riskClusterPlanner());
  return {
    name: 'risk',
    store,
    verbs: riskVerbs(risk),
    commands: riskCommands(risk),
    work: riskWorkHandlers(
      Object.assign(Object.create(risk) as RiskDeps, {
        noticeCard: async (item: { schoolId: string; situationId?: string; recipientId: string; notice: string }, to: { id: string; language: Language }, note: string) => {
          if (!riskRoleOf(core.directory, item.schoolId, to.id)) return undefined;
          const view = await riskCardFor(risk, to, item.schoolId, { situationId: item.situationId, note: { text: note, tone: item.notice.startsWith('review') || item.notice === 'measureOverdue' ? 'attention' : 'accent' } });
          return view ? { card: view, summary: note } : undefined;
        },
      }),
    ),
    tab: [riskTabSection(risk)],
    jobs: [reviewCheckJob(Object.assign(Object.create(core) as CoreContext, { risk: store }))],
    assessmentOf: async (schoolId) => (await store.get(schoolId))?.value,
  };
}
