/** The case card each person gets, shaped by their relation to the case. */
import { seesReporterIdentity, type Viewer } from '../../domain/access';
import type { Case } from '../../domain/case';
import { displayName, findSchool, type Directory } from '../../domain/directory';
import { TOGGLES } from '../../domain/report';
import { fill, type Language, type Strings } from '../../i18n';
import { renderCard, type AdaptiveCardJson } from '../card-renderer';
import { formatDateTime, formatLegalRef, joinList } from './format';

export interface CaseViewInput {
  strings: Strings;
  language: Language;
  directory: Directory;
  case: Case;
  viewer: Viewer;
  viewerId: string;
}

const HEADER_STYLE = { minor: 'emphasis', serious: 'warning', 'very-serious': 'attention' } as const;

export function schoolName(directory: Directory, schoolId: string): string {
  return findSchool(directory, schoolId)?.name ?? schoolId;
}

export function caseFacts(input: CaseViewInput): { title: string; value: string }[] {
  const { strings: s, language, directory, case: c, viewer } = input;
  const r = c.report;
  const labels = s.caseCard;
  const facts: { title: string; value: string }[] = [
    { title: labels.reference, value: c.reference },
    { title: labels.status, value: s.status[c.status] },
    { title: labels.school, value: schoolName(directory, c.schoolId) },
    { title: labels.when, value: formatDateTime(r.date, r.time, language) },
    { title: labels.where, value: s.choices.location[r.location] },
    { title: labels.types, value: joinList(r.types.map((t) => s.choices.types[t])) },
    { title: labels.severity, value: s.choices.severity[r.severity] },
  ];
  if (r.perpetrator) {
    const stage = r.pupilStage ? ` (${s.choices.pupilStage[r.pupilStage]})` : '';
    facts.push({ title: labels.perpetrator, value: s.choices.perpetrator[r.perpetrator] + stage });
  }
  if (r.injury) facts.push({ title: labels.injury, value: s.choices.injury[r.injury] });
  const consequences = TOGGLES.filter((t) => r[t]).map((t) => labels.consequence[t]);
  if (consequences.length > 0) facts.push({ title: labels.consequences, value: joinList(consequences) });
  if (r.riskFactors.length > 0) facts.push({ title: labels.riskFactors, value: joinList(r.riskFactors.map((f) => s.choices.riskFactors[f])) });
  const reporter = seesReporterIdentity(viewer) ? (displayName(directory, c.reporterId) ?? labels.aStaffMember) : labels.aStaffMember;
  facts.push({ title: labels.reportedBy, value: r.reporterIsAffected ? reporter : `${reporter} ${labels.witness}` });
  return facts;
}

export function caseCard(input: CaseViewInput): AdaptiveCardJson {
  const { strings: s, directory, case: c, viewer } = input;
  const r = c.report;
  const texts = [{ label: s.caseCard.description, text: r.description }];
  if (r.immediateActions) texts.push({ label: s.caseCard.immediateActions, text: r.immediateActions });
  return renderCard('case', {
    incidentId: c.caseId,
    viewerId: input.viewerId,
    headerStyle: HEADER_STYLE[r.severity],
    title: `${s.caseCard.titleNew}: ${s.choices.severity[r.severity]}`,
    subtitle: `${c.reference} · ${schoolName(directory, c.schoolId)}`,
    roleIntro: s.caseCard.roleIntro[viewer],
    legalNotice: r.seriousInjury && viewer !== 'reporter' && viewer !== 'affected' ? fill(s.caseCard.legalSeriousInjury, { ref: formatLegalRef(s, 'aml-5-2') }) : '',
    facts: caseFacts(input),
    texts,
  });
}

/** The text Teams shows in the notification and chat list for a case card. */
export function caseSummary(s: Strings, c: Case): string {
  return `${s.caseCard.titleNew}: ${c.reference} (${s.choices.severity[c.report.severity]})`;
}
