/**
 * The statistics command (`statistikk` / `statistics`) and its card verb
 * (`insight.statistics` with `period` and optional `schoolId`). Who may see
 * which school comes from the directory; the card's data only says what was
 * asked for, and a refusal changes nothing.
 */
import { isKnownPerson } from '../core/directory';
import { messageView, type CardView, type OutboundMessage } from '../core/cards';
import type { Language } from '../core/i18n';
import type { Actor, Command, VerbAnswer, VerbHandler } from '../core/registry';
import { statisticsFor, type InsightDeps, type StatisticsRefusal, type StatisticsRequest } from './figures';
import { insightStrings } from './strings';
import { statisticsCard } from './views';

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
      run: async ({ actor }): Promise<OutboundMessage> => {
        const view = await statisticsAnswer(deps, actor, {});
        return typeof view === 'string' ? { text: view } : { card: view, summary: insightStrings(actor.language).command };
      },
    },
  ];
}
