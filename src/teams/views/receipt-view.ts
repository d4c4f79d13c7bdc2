/** What the reporter sees once the report is stored. */
import type { Case } from '../../domain/case';
import type { Directory } from '../../domain/directory';
import { fill, type Strings } from '../../i18n';
import { renderCard, type AdaptiveCardJson } from '../card-renderer';
import { schoolName } from './case-view';

export function receiptCard(s: Strings, directory: Directory, c: Case, viewerId: string, alreadyReported: boolean): AdaptiveCardJson {
  const school = schoolName(directory, c.schoolId);
  return renderCard('receipt', {
    t: s.receipt,
    incidentId: c.caseId,
    viewerId,
    notice: alreadyReported ? s.receipt.alreadyReported : '',
    reference: c.reference,
    status: s.status[c.status],
    school,
    next: fill(s.receipt.next, { school }),
    serious: c.serious,
  });
}
