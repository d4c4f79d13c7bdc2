/**
 * Who may do what to a case (CONTRACT.md "Card actions"). The table is the
 * whole rule; the one addition is that a measure's owner may mark their own
 * measure done.
 */
import type { Viewer } from './access';

export type CaseVerb =
  | 'view'
  | 'acknowledge'
  | 'comment'
  | 'measure.propose'
  | 'measure.approve'
  | 'measure.reject'
  | 'measure.complete'
  | 'legal.mark'
  | 'reclassify'
  | 'close'
  | 'followup.answer'
  | 'followup.withdrawNote';

export const CASE_VERBS: CaseVerb[] = ['view', 'acknowledge', 'comment', 'measure.propose', 'measure.approve', 'measure.reject', 'measure.complete', 'legal.mark', 'reclassify', 'close', 'followup.answer', 'followup.withdrawNote'];

/** A check-in is the employee's own: its verbs are decided by who it was sent to (see `may`). */
const OWN_ONLY: ReadonlySet<CaseVerb> = new Set<CaseVerb>(['followup.answer', 'followup.withdrawNote']);
const ALL: CaseVerb[] = CASE_VERBS.filter((v) => !OWN_ONLY.has(v));

export const PERMISSIONS: Record<Viewer, ReadonlySet<CaseVerb>> = {
  principal: new Set(ALL),
  safetyRep: new Set<CaseVerb>(['view', 'comment', 'measure.propose']),
  leader: new Set<CaseVerb>(['view']),
  chiefSafetyRep: new Set<CaseVerb>(['view']),
  // "A way to add information": the reporter side comments.
  reporter: new Set<CaseVerb>(['view', 'comment']),
  affected: new Set<CaseVerb>(['view', 'comment']),
  // Any owner of a measure, whatever their role, may complete that measure (see `may`).
  measureOwner: new Set<CaseVerb>(['view', 'measure.complete']),
};

/**
 * Whether the viewer may use the verb. `owns` says the action is on their own
 * measure or their own check-in: a measure's owner may complete it, and only
 * the employee a check-in was sent to may answer it, whatever their role.
 */
export function may(viewer: Viewer, verb: CaseVerb, owns = false): boolean {
  if (OWN_ONLY.has(verb)) return owns;
  if (verb === 'measure.complete' && viewer !== 'principal') return owns;
  return PERMISSIONS[viewer].has(verb);
}

/**
 * Who may see who opened a case ("Sist åpnet av", src/privacy/): the school's
 * principals and safety representatives, and the owner's leaders (who never
 * see openings by the reporter or the exposed employees).
 */
export const SEES_OPENINGS: ReadonlySet<Viewer> = new Set<Viewer>(['principal', 'safetyRep', 'leader']);
