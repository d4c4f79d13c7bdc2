/**
 * The case feature's consequence table: for each change, who is told in
 * their chat (notices) and which of the messages showing the case are
 * rewritten. The work a change schedules later (reminders, check-ins) is the
 * follow-up feature's table (src/follow-up/model.ts).
 */
import type { Case } from './case';
import type { CaseEvent } from './transitions';
import { findSchool, type Directory } from '../../core/directory';

export type NoticeKind =
  | 'acknowledged'
  | 'measureProposed'
  | 'measureDecided'
  /** The principal's own measure, approved as it was proposed. */
  | 'measureAdded'
  | 'measureAssigned'
  | 'infoAdded'
  | 'talkRequested'
  | 'bhtRequested'
  | 'unreachable'
  | 'closed'
  /** To a colleague the reporter named as exposed, when the case is reported. */
  | 'exposed';

export interface Notice {
  recipientId: string;
  notice: NoticeKind;
  /** Whom the notice is about, when it names someone (who asked for help). */
  about?: { recipientId: string; what: string };
}

/**
 * - acknowledged: the reporter and the affected employees;
 * - a measure proposed by the safety representative: the principals, who decide;
 * - a measure approved or rejected: the safety representatives (of the principal's own measure, that it
 *   was added); an approved one also its owner;
 * - information added by the reporter side: the principals;
 * - a check-in answered with a wish for a talk or for BHT: the principals (that help was asked for, not the note);
 * - closed: the reporter, the affected employees and the safety representatives.
 * Nobody is told of their own action.
 */
export function noticesFor(directory: Directory, c: Case, events: CaseEvent[], actorId: string): Notice[] {
  const school = findSchool(directory, c.schoolId);
  const principals = school?.principals ?? [];
  const safetyReps = school?.safetyReps ?? [];
  const reporterSide = [c.reporterId, ...c.affectedIds];
  const out: Notice[] = [];
  const tell = (ids: string[], notice: NoticeKind, about?: Notice['about']) => ids.forEach((recipientId) => out.push({ recipientId, notice, ...(about ? { about } : {}) }));

  for (const e of events) {
    switch (e.type) {
      case 'acknowledged':
        tell(reporterSide, 'acknowledged');
        break;
      case 'measureProposed':
        if (e.byRole !== 'principal') tell(principals, 'measureProposed');
        break;
      case 'measureApproved': {
        const m = c.measures.find((x) => x.id === e.measureId);
        tell(safetyReps, m?.decidedBy && m.decidedBy === m.proposedBy ? 'measureAdded' : 'measureDecided');
        if (m?.ownerId) tell([m.ownerId], 'measureAssigned');
        break;
      }
      case 'measureRejected':
        tell(safetyReps, 'measureDecided');
        break;
      case 'commented':
        if (e.fromReporterSide) tell(principals, 'infoAdded');
        break;
      case 'followUpAnswered':
        if (e.answer === 'talk') tell(principals, 'talkRequested', { recipientId: e.personId, what: 'talk' });
        if (e.answer === 'bht') tell(principals, 'bhtRequested', { recipientId: e.personId, what: 'bht' });
        break;
      case 'closed':
        tell([...reporterSide, ...safetyReps], 'closed');
        break;
      case 'reported': // the exposed colleagues are told with the new case (changes.ts newCaseNotices)
      case 'measureDone':
      case 'legalMarked':
      case 'legalNotApplicable':
      case 'legalUndone':
      case 'reclassified':
        break;
    }
  }
  const seen = new Set<string>();
  return out.filter((n) => {
    const key = `${n.recipientId}\n${n.notice}`;
    if (n.recipientId === actorId || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** How many of a person's messages about a case are kept current; older ones refresh when viewed in Teams. */
export const CARDS_KEPT_CURRENT_PER_PERSON = 3;

/** The latest `keep` messages of each person, in their order: the ones a change rewrites. */
export function cardsToRefresh<T extends { recipientId: string }>(messages: T[], keep = CARDS_KEPT_CURRENT_PER_PERSON): T[] {
  const count = new Map<string, number>();
  const kept: T[] = [];
  for (const m of [...messages].reverse()) {
    const n = count.get(m.recipientId) ?? 0;
    if (n < keep) kept.push(m);
    count.set(m.recipientId, n + 1);
  }
  return kept.reverse();
}
