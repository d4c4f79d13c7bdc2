/**
 * Actions on an existing case. The case id comes from the card; who may do
 * what comes from the directory and the case (src/domain/permissions.ts).
 */
import type { Application } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { CaseInputError, CaseInputField } from '../../cases/model/input';
import { COMMENT_MAX, MEASURE_MAX, REASON_MAX, SUMMARY_MAX } from '../../cases/model/input';
import { PERMISSION_OF, type CaseCommand, type Refusal } from '../../cases/model/transitions';
import { actOnCase, loadCaseFor, type CaseActionOutcome } from '../../cases/act-on-case';
import { fill, type Strings } from '../../core/i18n';
import { actorOf, type Actor } from '../actor';
import { caseCardForActor } from '../case-card';
import type { TeamsDeps } from '../deps';
import { respondWithCard } from '../invoke-response';
import { checkinCard } from '../../follow-up/views/checkin';
import { messageCard } from '../message-view';
import { listScopeOf } from './list-routes';

const CASE_ID = /^case-[0-9a-f]{32}$/;

/** Card verbs (CONTRACT.md) and the case commands they carry. */
const ACTION_VERBS: Record<string, CaseCommand['verb']> = {
  'incident.acknowledge': 'acknowledge',
  'incident.comment': 'comment',
  'measure.propose': 'measure.propose',
  'measure.approve': 'measure.approve',
  'measure.reject': 'measure.reject',
  'measure.complete': 'measure.complete',
  'legal.mark': 'legal.mark',
  'incident.close': 'close',
  'followup.answer': 'followup.answer',
};

export function registerCaseRoutes(app: Application, deps: TeamsDeps): void {
  app.adaptiveCards.actionExecute<Record<string, unknown>>('incident.view', async (context, _state, data) => {
    await view(context, deps, data);
    return '';
  });
  for (const [cardVerb, verb] of Object.entries(ACTION_VERBS)) {
    app.adaptiveCards.actionExecute<Record<string, unknown>>(cardVerb, async (context, _state, data) => {
      await act(context, deps, verb, data);
      return '';
    });
  }
}

function caseIdOf(data: Record<string, unknown>): string | undefined {
  return typeof data.incidentId === 'string' && CASE_ID.test(data.incidentId) ? data.incidentId : undefined;
}

async function view(context: TurnContext, deps: TeamsDeps, data: Record<string, unknown>): Promise<void> {
  const actor = actorOf(context, deps.directory);
  const caseId = caseIdOf(data);
  const loaded = caseId && actor.aadObjectId ? await loadCaseFor(deps, caseId, actor.aadObjectId) : undefined;
  if (!loaded || !actor.aadObjectId) {
    deps.log.info('case.view_refused', { caseId: caseId ?? null, by: actor.aadObjectId ?? null });
    await respondWithCard(context, messageCard(actor.strings.refusals.notAllowed.view, { attention: true }));
    return;
  }
  // Who read which case is part of the audit trail.
  deps.log.info('case.viewed', { caseId: loaded.case.caseId, by: actor.aadObjectId, as: loaded.viewer });
  const back = listScopeOf(data);
  await respondWithCard(context, caseCardForActor(deps, { ...actor, aadObjectId: actor.aadObjectId }, loaded.case, loaded.viewer, { back }));
}

async function act(context: TurnContext, deps: TeamsDeps, verb: CaseCommand['verb'], data: Record<string, unknown>): Promise<void> {
  const actor = actorOf(context, deps.directory);
  const s = actor.strings;
  const caseId = caseIdOf(data);
  if (!caseId || !actor.aadObjectId) {
    await respondWithCard(context, messageCard(s.refusals.notAllowed.view, { attention: true }));
    return;
  }
  const outcome = await actOnCase(deps, { actorId: actor.aadObjectId, caseId, verb, data });
  const who = { ...actor, aadObjectId: actor.aadObjectId } as Actor & { aadObjectId: string };
  deps.log.info('case.action', { caseId, verb, by: actor.aadObjectId, outcome: outcome.kind, ...(outcome.kind === 'refused' ? { refusal: outcome.refusal.code } : {}) });
  if (verb === 'followup.answer' && outcome.kind !== 'notFound') {
    await respondToCheckin(context, who, outcome, data, s);
    return;
  }
  switch (outcome.kind) {
    case 'notFound':
      await respondWithCard(context, messageCard(s.refusals.notAllowed.view, { attention: true }));
      return;
    case 'invalid':
      await respondWithCard(context, caseCardForActor(deps, who, outcome.case, outcome.viewer, { note: { text: invalidText(s, outcome.errors), tone: 'attention' } }));
      return;
    case 'refused':
      await respondWithCard(context, caseCardForActor(deps, who, outcome.case, outcome.viewer, { note: { text: refusalText(s, verb, outcome.refusal), tone: 'attention' } }));
      return;
    case 'conflict':
      await respondWithCard(context, caseCardForActor(deps, who, outcome.case, outcome.viewer, { note: { text: s.refusals.conflict, tone: 'attention' } }));
      return;
    case 'done': {
      const fromReporterSide = outcome.viewer === 'reporter' || outcome.viewer === 'affected';
      const text = verb === 'comment' && fromReporterSide ? s.results.commentReporter : s.results[verb];
      await respondWithCard(context, caseCardForActor(deps, who, outcome.case, outcome.viewer, { note: { text, tone: 'good' } }));
    }
  }
}

/** A check-in's answer is answered with the check-in: the employee's own words stay on their card. */
async function respondToCheckin(context: TurnContext, who: Actor & { aadObjectId: string }, outcome: Exclude<CaseActionOutcome, { kind: 'notFound' }>, data: Record<string, unknown>, s: Strings): Promise<void> {
  const followUp = outcome.case.followUps.find((f) => f.id === data.followUpId && f.personId === who.aadObjectId);
  if (!followUp) {
    await respondWithCard(context, messageCard(s.refusals.followUpNotFound, { attention: true }));
    return;
  }
  const note =
    outcome.kind === 'done'
      ? undefined
      : {
          text:
            outcome.kind === 'invalid' ? invalidText(s, outcome.errors) : outcome.kind === 'refused' ? refusalText(s, 'followup.answer', outcome.refusal) : s.refusals.conflict,
          tone: 'attention' as const,
        };
  await respondWithCard(context, checkinCard({ strings: s, language: who.language, case: outcome.case, followUp, note }));
}

export function refusalText(s: Strings, verb: CaseCommand['verb'], refusal: Refusal): string {
  const r = s.refusals;
  switch (refusal.code) {
    case 'notAllowed':
      return r.notAllowed[PERMISSION_OF[verb]];
    case 'outstanding': {
      const parts: string[] = [];
      if (refusal.openMeasures > 0) parts.push(fill(r.openMeasures, { count: refusal.openMeasures }));
      if (refusal.undecidedMeasures > 0) parts.push(fill(r.undecidedMeasures, { count: refusal.undecidedMeasures }));
      if (refusal.legal.length > 0) parts.push(fill(r.legalOutstanding, { items: refusal.legal.map((i) => s.legalSteps[i]).join('; ') }));
      return fill(r.outstanding, { list: parts.join('; ') });
    }
    default:
      return r[refusal.code];
  }
}

const MAX_OF: Partial<Record<CaseInputField, number>> = { comment: COMMENT_MAX, description: MEASURE_MAX, reason: REASON_MAX, summary: SUMMARY_MAX };

function invalidText(s: Strings, errors: Partial<Record<CaseInputField, CaseInputError>>): string {
  const problems = (Object.entries(errors) as [CaseInputField, CaseInputError][]).map(([field, code]) =>
    fill(s.caseErrors[code], { field: s.caseErrors.fields[field], max: MAX_OF[field] ?? '' }),
  );
  return fill(s.refusals.invalid, { problems: problems.join('; ') });
}
