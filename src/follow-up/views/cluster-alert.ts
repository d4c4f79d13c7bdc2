/** The owner's alert about a school gathering serious cases. */
import type { Directory } from '../../core/directory';
import { fill, type Language, type Strings } from '../../core/i18n';
import type { CaseSummary } from '../../cases/store';
import { renderCard, type AdaptiveCardJson } from '../../teams/card-renderer';
import { schoolName } from '../../cases/views/case';
import { formatDate, formatLegalRef } from '../../core/format';

export function clusterAlertCard(s: Strings, language: Language, directory: Directory, schoolId: string, cases: CaseSummary[], windowDays: number): AdaptiveCardJson {
  const school = schoolName(directory, schoolId);
  return renderCard('cluster-alert', {
    title: fill(s.cluster.title, { school }),
    text: fill(s.cluster.text, { count: cases.length, school, days: windowDays }),
    why: s.cluster.why,
    advice: fill(s.cluster.advice, { ref: formatLegalRef(s, 'forskrift-3a-2') }),
    openLabel: s.cluster.open,
    cases: cases.map((c) => ({
      incidentId: c.caseId,
      line: fill(s.cluster.caseLine, { reference: c.reference, severity: s.choices.severity[c.severity], status: s.status[c.status], date: formatDate(c.date, language) }),
    })),
  });
}
