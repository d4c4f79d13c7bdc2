/**
 * Every change of a school's risk assessment, from a card or from the tab:
 * the rules (`applyRiskCommand`) applied to the stored assessment one command
 * after another, and the result stored with what it owes (notices,
 * reminders, a review version) in one ETag-guarded batch. A chat verb is one
 * command; the tab's table is several, and they are saved together or not at
 * all. Each save is logged as `risk.action`, as the chat verbs always were.
 */
import { findSchool } from '../core/directory';
import type { WorkItem } from '../core/work';
import type { RiskDeps } from './actions';
import { applyRiskCommand, emptyAssessment, type ReviewContext, type RiskActor, type RiskAssessment, type RiskCommand, type RiskEvent, type RiskRefusal, type RiskResult } from './model';
import { REVIEW_PROMPTS, workForRiskChange } from './work';

/** The version of a school that has no assessment stored yet, as the tab shows it. */
export const NO_ASSESSMENT_ETAG = '"none"';

export async function loadAssessment(deps: RiskDeps, schoolId: string): Promise<{ assessment: RiskAssessment; etag?: string }> {
  const found = await deps.risk.get(schoolId);
  return found ? { assessment: found.value, etag: found.etag } : { assessment: emptyAssessment(schoolId, deps.now()) };
}

/** Safety representatives sent a review prompt since the last review: asked to take part. */
async function safetyRepsAsked(deps: RiskDeps, a: RiskAssessment): Promise<string[]> {
  const reps = findSchool(deps.directory, a.schoolId)?.safetyReps ?? [];
  const since = a.lastReview?.at ?? '';
  const work = await deps.work.workOf(a.caseId);
  return work
    .filter((w) => w.kind === 'risk.notice' && REVIEW_PROMPTS.includes(w.notice) && w.state === 'done' && !w.skipped && w.createdAt > since && reps.includes(w.recipientId))
    .map((w) => (w as { recipientId: string }).recipientId);
}

export type RiskChangeOutcome =
  /** `saved` false: the commands changed nothing (the same values again). */
  | { ok: true; saved: boolean; before: RiskAssessment; assessment: RiskAssessment; events: RiskEvent[]; results: (RiskResult & { ok: true })[] }
  /** The command at `index` was refused; nothing was stored. */
  | { ok: false; reason: 'refused'; index: number; refusal: RiskRefusal; before: RiskAssessment }
  /** The assessment is not the version `ifMatch` names, or changed while this was applied; nothing was stored. */
  | { ok: false; reason: 'conflict' };

/**
 * Applies `commands` in order to the school's stored assessment and stores
 * the result, all or nothing. `ifMatch`: the version the person saw (the tab);
 * another one stored is a conflict before anything is applied.
 */
export async function changeAssessment(
  deps: RiskDeps,
  schoolId: string,
  actor: RiskActor,
  commands: RiskCommand[],
  options: { channel: 'chat' | 'tab'; verb: string; ifMatch?: string },
): Promise<RiskChangeOutcome> {
  const log = (outcome: string, extra: Record<string, unknown> = {}) =>
    deps.log.info('risk.action', { schoolId, verb: options.verb, by: actor.id, outcome, ...(options.channel === 'tab' ? { channel: 'tab', rows: commands.length } : {}), ...extra });
  const { assessment: before, etag } = await loadAssessment(deps, schoolId);
  if (options.ifMatch !== undefined && options.ifMatch !== (etag ?? NO_ASSESSMENT_ETAG)) {
    log('conflict', { stale: true });
    return { ok: false, reason: 'conflict' };
  }
  const now = deps.now();
  let current = before;
  const events: RiskEvent[] = [];
  const results: (RiskResult & { ok: true })[] = [];
  for (const [index, command] of commands.entries()) {
    let review: ReviewContext | undefined;
    if (command.verb === 'review') {
      review = { plan: deps.schedule.riskReview, timeZone: deps.timeZone, safetyReps: findSchool(deps.directory, schoolId)?.safetyReps ?? [], safetyRepsAsked: await safetyRepsAsked(deps, current) };
    }
    const result = applyRiskCommand(current, command, actor, now, review);
    if (!result.ok) {
      log('refused', { refusal: result.refusal.code, ...(commands.length > 1 ? { row: index } : {}) });
      return { ok: false, reason: 'refused', index, refusal: result.refusal, before };
    }
    current = result.assessment;
    events.push(...result.events);
    results.push(result);
  }
  if (current === before) {
    log('unchanged');
    return { ok: true, saved: false, before, assessment: before, events, results };
  }
  // Several comments in one save owe the principal one notice (the ids are the same): keep the first.
  const seen = new Set<string>();
  const work = workForRiskChange(current, events, actor.id, { directory: deps.directory, schedule: deps.schedule, timeZone: deps.timeZone, now }).filter((w: WorkItem) => !seen.has(w.id) && seen.add(w.id));
  const reviewed = events.find((e) => e.type === 'reviewed');
  const saved = await deps.risk.save(current, etag, work, reviewed?.type === 'reviewed' ? reviewed.review : undefined);
  if (saved === 'conflict') {
    log('conflict');
    return { ok: false, reason: 'conflict' };
  }
  deps.onWorkStored();
  log('done', { events: events.map((e) => e.type) });
  return { ok: true, saved: true, before, assessment: current, events, results };
}
