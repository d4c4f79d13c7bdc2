/**
 * The case feature: reporting an incident, the case's life (acknowledge,
 * comment, measures, legal steps, close), who is told, and the cards that
 * show it. What other features may use is exported here; the rest is inside.
 */
import type { CoreContext } from '../core/context';
import type { Feature } from '../core/registry';
import { caseCardForActor, caseCommands, caseVerbs } from './actions';
import { actOnCase, loadCaseFor, recordUnreachable, type CasePlanner, type CasesDeps } from './changes';
import { recordView } from './reads';
import { CaseStore, CounterStore } from './store';
import { caseWorkHandlers, sendCaseCard } from './work';

export type { CaseChange, CasePlanner, CaseActionOutcome } from './changes';
export type { Case, FollowUp, Measure } from './model/case';
export type { CaseEvent } from './model/transitions';
export type { CaseEvidence, CaseSummary } from './store';
export { CaseStore } from './store';
export { caseIdOf } from './actions';
export { SEES_OPENINGS } from './model/permissions';
export { invalidText, refusalText } from './views/answers';
export { exposedText, measureMeta, noteData, schoolName, type NoteData } from './views/common';
export { historyEntryText } from './views/case';
export { legalDetail, legalStatus, legalStatusText } from './views/legal';
export { casesStrings } from './strings';

export interface CasesFeature extends Feature {
  /** Cases and the work they owe, for reading. */
  store: CaseStore;
  /** Another feature's part of what each change of a case owes. */
  addPlanner(planner: CasePlanner): void;
  actOnCase: (input: Parameters<typeof actOnCase>[1]) => ReturnType<typeof actOnCase>;
  loadCaseFor: (caseId: string, actorId: string) => ReturnType<typeof loadCaseFor>;
  /** The case shown to someone: an opening in the audit trail unless they reported it (reads.ts). */
  recordView: (input: Parameters<typeof recordView>[1]) => ReturnType<typeof recordView>;
  recordUnreachable: (item: Parameters<typeof recordUnreachable>[1]) => Promise<void>;
  sendCaseCard: (...args: Parameters<typeof sendCaseCard> extends [unknown, ...infer R] ? R : never) => ReturnType<typeof sendCaseCard>;
  /** The case card this person sees now, for a verb answered on it. */
  caseCardFor: (...args: Parameters<typeof caseCardForActor> extends [unknown, ...infer R] ? R : never) => ReturnType<typeof caseCardForActor>;
}

export function createCases(core: CoreContext): CasesFeature {
  // The core context is the prototype, not a copy: what it reads at use time (the directory) stays current.
  const deps: CasesDeps = Object.assign(Object.create(core) as CoreContext, {
    cases: new CaseStore(core.containers.cases),
    counters: new CounterStore(core.containers.counters),
    planners: [] as CasePlanner[],
  });
  const { commands, fallback } = caseCommands(deps);
  const unreachable = (item: Parameters<typeof recordUnreachable>[1]) => recordUnreachable(deps, item);
  return {
    name: 'cases',
    store: deps.cases,
    verbs: caseVerbs(deps),
    commands,
    fallback,
    work: caseWorkHandlers(deps, unreachable),
    addPlanner: (planner) => deps.planners.push(planner),
    actOnCase: (input) => actOnCase(deps, input),
    loadCaseFor: (caseId, actorId) => loadCaseFor(deps, caseId, actorId),
    recordView: (input) => recordView(deps, input),
    recordUnreachable: unreachable,
    sendCaseCard: (to, c, note) => sendCaseCard(deps, to, c, note),
    caseCardFor: (actor, c, viewer, extra) => caseCardForActor(deps, actor, c, viewer, extra),
  };
}
