/** Which legal steps a case owes, from what was reported (DOMAIN.md "Legal duties"). */
import type { Case, LegalItem, LegalStepDone } from './case';
import type { LegalRefId } from '../../core/legal';
import type { Report } from './report';

/** The steps in the order a principal takes them, with the provision behind each. */
export const LEGAL_STEPS: { item: LegalItem; ref: LegalRefId }[] = [
  { item: 'arbeidstilsynet', ref: 'aml-5-2' },
  { item: 'police', ref: 'aml-5-2' },
  { item: 'confirmation', ref: 'aml-5-2' },
  { item: 'nav', ref: 'fl-13-14' },
];

export const LEGAL_ITEMS: readonly LegalItem[] = LEGAL_STEPS.map((s) => s.item);

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

/** Required and neither done nor marked not applicable: what reminders and closing wait for. */
export function outstandingLegalSteps(c: Pick<Case, 'legal'> & { report: Parameters<typeof requiredLegalSteps>[0] }): LegalItem[] {
  return requiredLegalSteps(c.report).filter((item) => !c.legal[item]);
}

/** Done, as opposed to not applicable ("ikke aktuelt"). */
export function isLegalDone(entry: LegalStepDone | undefined): entry is LegalStepDone {
  return entry !== undefined && !entry.na;
}

/** The steps a case's checklist shows: those it owes and those recorded (a done step stays a fact after a reclassification). */
export function shownLegalSteps(c: Pick<Case, 'report' | 'legal'>): LegalItem[] {
  const required = requiredLegalSteps(c.report);
  return LEGAL_ITEMS.filter((item) => required.includes(item) || c.legal[item] !== undefined);
}

/**
 * The legal record after a reclassification to `report`. A step no longer
 * owed and not settled becomes "ikke aktuelt (omklassifisert)" rather than
 * disappearing: the checklist and the register then still show that it was
 * once owed and why it no longer is, and the history needs no second place
 * to tell it. A step owed again whose only record is such an automatic "not
 * applicable" is open again. Done steps and the principal's own "not
 * applicable" stay as they were.
 */
export function legalAfterReclassification(c: Pick<Case, 'report' | 'legal'>, report: Case['report'], by: string, at: string): Case['legal'] {
  const before = requiredLegalSteps(c.report);
  const after = requiredLegalSteps(report);
  const legal: Case['legal'] = { ...c.legal };
  for (const item of LEGAL_ITEMS) {
    const entry = legal[item];
    if (before.includes(item) && !after.includes(item) && !entry) legal[item] = { by, at, na: true, reclassified: true };
    if (after.includes(item) && entry?.reclassified) delete legal[item];
  }
  return legal;
}
