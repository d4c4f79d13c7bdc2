/**
 * The statistics command (`statistikk` / `statistics`) and its card verb
 * (`insight.statistics` with `period` and optional `schoolId`). Who may see
 * which school comes from the directory; the card's data only says what was
 * asked for, and a refusal changes nothing.
 */
import { isKnownPerson } from '../core/directory';
import type { TabBlock, TabContent, TabSection } from '../core/tab';
import { statisticsAccess } from './model/access';
import { BREAKDOWN_KEYS } from './model/statistics';
import { messageView, type CardView, type OutboundMessage } from '../core/cards';
import type { Language } from '../core/i18n';
import type { Actor, Command, VerbAnswer, VerbHandler } from '../core/registry';
import { statisticsFor, type InsightDeps, type StatisticsRefusal, type StatisticsRequest } from './figures';
import { insightStrings } from './strings';
import { chartImages, factsOf, schoolTableRows, sectionTitle, statisticsCard, statisticsHeadline, trendFacts } from './views';

export interface InsightActionDeps extends InsightDeps {
  /** The Teams deep link to the "Oversikt" tab, when the app's id is known. */
  tabUrl?: string;
}

function refusalText(language: Language, refusal: StatisticsRefusal | 'notSetUp' | 'privateChatOnly'): string {
  const s = insightStrings(language);
  switch (refusal) {
    case 'notSetUp':
      return s.notSetUp;
    case 'notAllowed':
      return s.notForYou;
    case 'schoolNotAllowed':
      return s.schoolNotAllowed;
    case 'badPeriod':
    case 'badFilter':
      return s.badPeriod;
    case 'privateChatOnly':
      return s.privateChatOnly;
  }
}

/** The statistics card for this person, or the text that says why not. */
export async function statisticsAnswer(deps: InsightActionDeps, actor: Actor, request: StatisticsRequest): Promise<CardView | string> {
  if (!actor.personalChat) return refusalText(actor.language, 'privateChatOnly');
  if (!actor.id || !isKnownPerson(deps.directory, actor.id)) return refusalText(actor.language, 'notSetUp');
  const started = Date.now();
  const result = await statisticsFor(deps, actor.id, request);
  if (result.kind === 'refused') {
    deps.log.info('insight.statistics_refused', { by: actor.id, refusal: result.refusal });
    return refusalText(actor.language, result.refusal);
  }
  const card = statisticsCard({
    language: actor.language,
    directory: deps.directory,
    figures: result.figures,
    schoolId: result.scope.kind === 'school' ? result.scope.schoolId : undefined,
    choices: result.access.schoolIds,
    allowAll: result.access.owner,
    schools: result.schools,
    openNow: result.openNow,
    tabUrl: deps.tabUrl,
  });
  // Who looked at which figures is part of the audit trail; ids and counts only.
  deps.log.info('insight.statistics', {
    by: actor.id,
    scope: result.scope.kind === 'school' ? result.scope.schoolId : 'all',
    period: result.figures.period.key,
    audience: result.figures.audience,
    cases: result.figures.total,
    queries: result.meter.queries,
    requests: result.meter.requests,
    requestCharge: result.meter.requestCharge,
    ms: Date.now() - started,
  });
  return card;
}

const asAnswer = (view: CardView | string): VerbAnswer => ({ card: typeof view === 'string' ? messageView(view, { attention: true }) : view });

export function insightVerbs(deps: InsightActionDeps): Record<string, VerbHandler> {
  return {
    'insight.statistics': async ({ actor, data }) => asAnswer(await statisticsAnswer(deps, actor, { period: data.period, schoolId: data.schoolId })),
  };
}

export function insightCommands(deps: InsightActionDeps): Command[] {
  return [
    {
      name: 'statistics',
      words: ['statistikk', 'statistics', 'stats'],
      help: { label: { nb: 'Statistikk', nn: 'Statistikk', en: 'Statistics' }, audience: 'handlers' },
      run: async ({ actor }): Promise<OutboundMessage> => {
        const view = await statisticsAnswer(deps, actor, {});
        return typeof view === 'string' ? { text: view } : { card: view, summary: insightStrings(actor.language).command };
      },
    },
  ];
}

// ---------------------------------------------------------------- the tab

/**
 * The statistics as a section of the tab "Oversikt": the same figures as the
 * card, from `statisticsFor` with the tab's filters (school, period,
 * severity, type), every breakdown as facts with its chart beside (the tab
 * has room for all of them), and the owner's table of schools.
 */
export function insightTabSections(deps: InsightActionDeps): TabSection[] {
  return [
    {
      id: 'statistics',
      order: 10,
      visible: (personId) => statisticsAccess(deps.directory, personId) !== undefined,
      title: (language) => insightStrings(language).command,
      async load({ personId, language, filters }): Promise<TabContent> {
        const s = insightStrings(language);
        const result = await statisticsFor(deps, personId, {
          period: filters.period,
          schoolId: filters.schoolId === 'all' ? undefined : filters.schoolId,
          severities: filters.severity ? [filters.severity] : undefined,
          types: filters.type ? [filters.type] : undefined,
        });
        if (result.kind === 'refused') return { title: s.command, blocks: [{ type: 'text', text: refusalText(language, result.refusal), tone: 'attention' }] };
        const { figures } = result;
        deps.log.info('insight.statistics', { by: personId, channel: 'tab', scope: result.scope.kind === 'school' ? result.scope.schoolId : 'all', period: figures.period.key, audience: figures.audience, cases: figures.total, requests: result.meter.requests, requestCharge: result.meter.requestCharge });
        const charts = new Map(chartImages(figures, language).map((c) => [c.key, c]));
        const image = (key: Parameters<typeof sectionTitle>[0]): TabBlock[] => {
          const chart = charts.get(key);
          return chart ? [{ type: 'image', src: `data:image/png;base64,${chart.png.toString('base64')}`, alt: chart.altText }] : [];
        };
        const blocks: TabBlock[] = [
          { type: 'facts', facts: statisticsHeadline(figures, language, result.openNow) },
          ...(figures.total === 0 ? [{ type: 'text' as const, text: s.none, tone: 'subtle' as const }] : []),
        ];
        if (figures.total > 0 || figures.trend.previousTotal > 0) {
          for (const key of BREAKDOWN_KEYS) blocks.push({ type: 'facts', title: sectionTitle(key, language), facts: factsOf(key, figures.breakdowns[key], language) }, ...image(key));
          blocks.push({ type: 'facts', title: sectionTitle('trend', language), facts: trendFacts(figures, language) }, ...image('trend'));
        }
        if (result.schools?.length) {
          const table = schoolTableRows(deps.directory, result.schools, language);
          blocks.push({ type: 'table', title: s.schoolsTitle, columns: table.header, rows: table.rows.map((r) => ({ cells: r.cells })) });
        }
        if (figures.audience === 'owner') blocks.push({ type: 'text', text: s.maskedNote, tone: 'subtle' });
        return { title: s.command, blocks };
      },
    },
  ];
}
