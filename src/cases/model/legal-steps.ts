/** Which legal steps a case owes, from what was reported (DOMAIN.md "Legal duties"). */
import type { Case, LegalItem } from './case';
import type { LegalRefId } from '../../core/legal';
import type { Report } from './report';

/** The steps in the order a principal takes them, with the provision behind each. */
export const LEGAL_STEPS: { item: LegalItem; ref: LegalRefId }[] = [
  { item: 'arbeidstilsynet', ref: 'aml-5-2' },
  { item: 'police', ref: 'aml-5-2' },
  { item: 'confirmation', ref: 'aml-5-2' },
  { item: 'nav', ref: 'fl-13-14' },
];

/**
 * A serious injury (physical or psychological) opens the AML §5-2 checklist:
 * notify Arbeidstilsynet and the police at once, then a written confirmation
 * with a copy to the safety representative. An injury that needed treatment
 * or sick leave owes NAV an injury report (folketrygdloven §13-14).
 */
export function requiredLegalSteps(report: Pick<Report, 'seriousInjury' | 'injury' | 'medicalTreatment' | 'sickLeave'>): LegalItem[] {
  const steps: LegalItem[] = [];
  if (report.seriousInjury) steps.push('arbeidstilsynet', 'police', 'confirmation');
  const injured = report.seriousInjury || (report.injury !== undefined && report.injury !== 'none');
  if (injured && (report.medicalTreatment || report.sickLeave)) steps.push('nav');
  return steps;
}

export function outstandingLegalSteps(c: Pick<Case, 'report' | 'legal'>): LegalItem[] {
  return requiredLegalSteps(c.report).filter((item) => !c.legal[item]);
}
