/** The status as people read it, which says a little more than the stored one. */
import type { Case, CaseStatus, Measure } from './case';

export type ShownStatus = CaseStatus | 'measuresDone';

/**
 * "Tiltak gjennomført" once every approved measure is carried out (at least one, none left to do
 * and none still waiting for a decision),
 * though the case stays open until the principal closes it; otherwise the stored status.
 */
export function shownStatus(c: Pick<Case, 'status'> & { measures: readonly Pick<Measure, 'state'>[] }): ShownStatus {
  const allDone = c.status === 'measures' && c.measures.some((m) => m.state === 'done') && !c.measures.some((m) => m.state === 'approved' || m.state === 'proposed');
  return allDone ? 'measuresDone' : c.status;
}
