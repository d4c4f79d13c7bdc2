/**
 * Who opened a case. Every time a case is shown to someone other than its
 * reporter (the card answered to `incident.view`, which Teams' `refresh` also
 * calls whenever a case card is on screen; the card answered to an action on
 * the case; the tab's case view) is an opening in the audit trail: who, which
 * case, as what, where and when, at most once per person, case and window
 * (core/audit.ts). The reporter's own looks at their report are not recorded;
 * nor are looks at an anonymised case, which names nobody any more.
 *
 * A failed write never hides the case from the person: core/audit.ts logs it
 * as an error instead (docs/privacy.md "Revisjonsspor" says why).
 */
import type { AuditChannel, ViewRecord } from '../core/audit';
import type { CoreContext } from '../core/context';
import type { Viewer } from './model/access';
import type { Case } from './model/case';

export async function recordView(
  deps: Pick<CoreContext, 'audit'>,
  input: { actorId: string; case: Pick<Case, 'caseId' | 'reference' | 'schoolId' | 'reporterId' | 'anonymisedAt'>; viewer: Viewer; channel: AuditChannel },
): Promise<ViewRecord | 'notRecorded'> {
  const { actorId, case: c, viewer, channel } = input;
  if (actorId === c.reporterId || c.anonymisedAt) return 'notRecorded';
  return deps.audit.caseViewed({ actorId, caseId: c.caseId, reference: c.reference, schoolId: c.schoolId, role: viewer, channel });
}
