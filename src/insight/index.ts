/**
 * The insight feature: statistics for principals, safety representatives and
 * the school owner (`statistikk`), and the weekly and monthly digests. It
 * reads cases, never changes them. Its section of the tab "Oversikt" is
 * `statistics`. What other features may use is exported here:
 * `statisticsFor` (the figures a person may see, channel-neutral), the chart
 * renderer, and a hook for the risk assessment's last review.
 */
import type { CasesFeature } from '../cases';
import { localDateTime } from '../core/clock';
import type { CoreContext } from '../core/context';
import type { Feature } from '../core/registry';
import { insightCommands, insightTabSections, insightVerbs, type InsightActionDeps } from './actions';
import { registerChartFont } from './charts';
import { statisticsFor, type RiskReviewSource, type StatisticsRequest, type StatisticsResult } from './figures';
import { InsightStore } from './store';
import { digestJobs, insightWorkHandlers, prepareDigests } from './work';

export { renderChart, renderChartCached, pngDataUri, type ChartSpec, type ChartSeries } from './charts';
export { chartImages, chartOf, cellText, factsOf, labelsFor, statisticsCard, CHART_PRIORITY, type ChartOf } from './views';
export type { StatisticsRequest, StatisticsResult, StatisticsRefusal, RiskReviewSource } from './figures';
export type { StatisticsFigures, Breakdowns, BreakdownKey, CaseRow } from './model/statistics';
export type { Cell } from './model/cells';
export type { PeriodKey, Period } from './model/period';
export type { SchoolRow } from './model/schools';
export type { DigestFigures } from './model/digest';
export { PERIODS } from './model/period';
export { InsightStore, type QueryMeter } from './store';

/** The tab the digests and the statistics card open; the web platform's manifest names its entity so. */
export const TAB_ENTITY_ID = 'oversikt';

/** Teams' deep link to a personal tab of the app. */
export function tabDeepLink(teamsAppId: string, entityId = TAB_ENTITY_ID): string {
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${encodeURIComponent(entityId)}`;
}

export interface InsightOptions {
  /** The Teams app's id (manifest `id`, TEAMS_APP_ID): the cards' button opens the tab in Teams. */
  teamsAppId?: string;
  /** Without an app id, locally: the tab in a browser (its dev sign-in). Neither: no button. */
  localTabUrl?: string;
  /** When a school's risk assessment was last reviewed (an ISO instant), from the risk feature: the owner's table shows it. */
  lastRiskReview?: (schoolId: string) => Promise<string | undefined>;
}

/** A few schools at a time: one point read each. */
function reviewSource(lastReview: (schoolId: string) => Promise<string | undefined>, timeZone: string): RiskReviewSource {
  return async (schoolIds) => {
    const out = new Map<string, string>();
    for (let i = 0; i < schoolIds.length; i += 8) {
      const batch = schoolIds.slice(i, i + 8);
      const found = await Promise.all(batch.map((id) => lastReview(id)));
      batch.forEach((id, j) => {
        const at = found[j];
        if (at) out.set(id, at.includes('T') ? localDateTime(new Date(at), timeZone).date : at);
      });
    }
    return out;
  };
}

export interface InsightFeature extends Feature {
  /** The figures this person may see for the scope and period asked for; refused as the chat card is. */
  statisticsFor(personId: string | undefined, request?: StatisticsRequest): Promise<StatisticsResult>;
  /** The risk-assessment feature tells when each school's assessment was last reviewed (the owner's table shows it). */
  setRiskReviewSource(source: RiskReviewSource): void;
  /** Puts together one occurrence of a digest now (tests, tools); the calendar does it by itself. */
  prepareDigests(kind: 'weekly' | 'monthly', occurrence: Date): Promise<{ digests: number; merged: number }>;
  store: InsightStore;
}

export function createInsight(core: CoreContext, _cases: CasesFeature, options: InsightOptions = {}): InsightFeature {
  // The font is registered at start, so no chart is drawn without it and the first card is not slower.
  registerChartFont();
  let riskReviews: RiskReviewSource | undefined = options.lastRiskReview ? reviewSource(options.lastRiskReview, core.timeZone) : undefined;
  const store = new InsightStore(core.containers.cases);
  const deps: InsightActionDeps = Object.assign(Object.create(core) as CoreContext, {
    insight: store,
    riskReviews: () => riskReviews,
    tabUrl: options.teamsAppId ? tabDeepLink(options.teamsAppId) : options.localTabUrl,
  });
  return {
    name: 'insight',
    verbs: insightVerbs(deps),
    verbsCheckingChat: ['insight.statistics'],
    commands: insightCommands(deps),
    work: insightWorkHandlers(deps),
    jobs: digestJobs(deps),
    tab: insightTabSections(deps),
    statisticsFor: (personId, request) => statisticsFor(deps, personId, request),
    setRiskReviewSource: (source) => {
      riskReviews = source;
    },
    prepareDigests: (kind, occurrence) => prepareDigests(deps, kind, occurrence),
    store,
  };
}
