/** Why an action on a case was refused or what was wrong with its data, in the person's words. */
import { fill, plural, type Language } from '../../core/i18n';
import { COMMENT_MAX, MEASURE_MAX, REASON_MAX, REFERENCE_MAX, SUMMARY_MAX, type CaseInputError, type CaseInputField } from '../model/input';
import type { Case, LegalItem } from '../model/case';
import { requiredLegalSteps } from '../model/legal-steps';
import { PERMISSION_OF, type CaseCommand, type Refusal } from '../model/transitions';
import { casesStrings } from '../strings';

export function refusalText(language: Language, verb: CaseCommand['verb'], refusal: Refusal): string {
  const s = casesStrings(language);
  // The legal checklist's own refusals live in its block of the strings.
  const r = { ...s.refusals, ...s.legalChecklist.refusals, notAllowed: { ...s.refusals.notAllowed, ...s.legalChecklist.notAllowed } };
  switch (refusal.code) {
    case 'notAllowed':
      return r.notAllowed[PERMISSION_OF[verb]];
    case 'outstanding': {
      const parts: string[] = [];
      if (refusal.openMeasures > 0) parts.push(plural(language, r.openMeasures, refusal.openMeasures));
      if (refusal.undecidedMeasures > 0) parts.push(plural(language, r.undecidedMeasures, refusal.undecidedMeasures));
      // Each step as something to do, in the sentence: "… før dette er gjort: varsle politiet straks; …".
      const step = (label: string) => label.charAt(0).toLocaleLowerCase(language) + label.slice(1);
      if (refusal.legal.length > 0) parts.push(fill(r.legalOutstanding, { items: refusal.legal.map((i) => step(s.legalSteps[i])).join('; ') }));
      return fill(r.outstanding, { list: parts.join('; ') });
    }
    default:
      return r[refusal.code];
  }
}

/**
 * What undoing a tick did: the step is open again with its reminders, or, when a corrected
 * classification no longer requires it, nothing is owed and nothing resumes.
 */
export function undoneText(language: Language, c: Pick<Case, 'report'>, item: unknown): string {
  const t = casesStrings(language).legalChecklist.results;
  return requiredLegalSteps(c.report).some((i: LegalItem) => i === item) ? t['legal.undo'] : t.undoNotOwed;
}

const MAX_OF: Partial<Record<CaseInputField, number>> = { comment: COMMENT_MAX, description: MEASURE_MAX, reason: REASON_MAX, summary: SUMMARY_MAX, reference: REFERENCE_MAX };

export function invalidText(language: Language, errors: Partial<Record<CaseInputField, CaseInputError>>): string {
  const s = casesStrings(language);
  // Only a name warning: say what to do, the text is kept and may be sent anyway.
  const codes = Object.values(errors);
  if (codes.length > 0 && codes.every((c) => c === 'pupilName')) return s.fieldErrors.pupilName;
  const problems = (Object.entries(errors) as [CaseInputField, CaseInputError][]).map(([field, code]) => problemText(language, field, code));
  return fill(s.refusals.invalid, { problems: problems.join('; ') });
}

/** What is wrong with one field, as the note on top lists it and the card shows it under the field. */
export function fieldErrorText(language: Language, field: CaseInputField, code: CaseInputError): string {
  const s = casesStrings(language);
  if (code === 'pupilName') return s.fieldErrors.pupilName;
  if (code === 'nationalId') return s.fieldErrors.nationalId;
  const text = problemText(language, field, code);
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function problemText(language: Language, field: CaseInputField, code: CaseInputError): string {
  const s = casesStrings(language);
  // The legal checklist's fields and errors are its own (s.legalChecklist).
  const texts = { ...s.caseErrors, ...s.legalChecklist.caseErrors };
  const fields = { ...s.caseErrors.fields, ...s.legalChecklist.fields };
  return fill(texts[code], { field: fields[field], max: MAX_OF[field] ?? '' });
}
