/** The report form's data: choices in the user's language, their values kept, errors next to fields. */
import { cardView, type CardView } from '../../core/cards';
import type { School } from '../../core/directory';
import { fill, type Language } from '../../core/i18n';
import {
  DESCRIPTION_MAX,
  IMMEDIATE_ACTIONS_MAX,
  INCIDENT_TYPES,
  INJURIES,
  LOCATIONS,
  PERPETRATORS,
  PUPIL_STAGES,
  RISK_FACTORS,
  SEVERITIES,
  TOGGLES,
  CONFIRM_NO_NAMES,
  type ReportErrors,
  type ReportField,
} from '../model/report';
import { casesStrings, type CasesStrings } from '../strings';

declare module '../../core/cards' {
  interface CardTypes {
    'report-form': ReportFormCardData;
  }
}

type Choice = { title: string; value: string };

export interface ReportFormCardData {
  t: CasesStrings['form'] & { required: string; affected: string; affectedPlaceholder: string; affectedHint: string };
  notice: string;
  hasErrors: boolean;
  /** A free text seems to name a pupil: the form offers to send anyway (CONFIRM_NO_NAMES). */
  warnNames: boolean;
  errors: Record<string, string>;
  form: Record<string, string>;
  today: string;
  clientRequestId: string;
  showSchool: boolean;
  showMore: boolean;
  choices: Record<'schools' | 'affected' | 'location' | 'types' | 'severity' | 'perpetrator' | 'pupilStage' | 'injury' | 'riskFactors', Choice[]>;
}

/** The form's inputs as the card sends them back. */
export const FORM_FIELDS = [
  'schoolId',
  'affected',
  'date',
  'time',
  'location',
  'types',
  'severity',
  'description',
  'perpetrator',
  'pupilStage',
  'injury',
  'seriousInjury',
  'medicalTreatment',
  'sickLeave',
  'policeInvolved',
  'physicalIntervention',
  'riskFactors',
  'immediateActions',
  CONFIRM_NO_NAMES,
] as const;

const OPTIONAL_SECTION: ReadonlyArray<string> = [
  'perpetrator',
  'pupilStage',
  'injury',
  'seriousInjury',
  'medicalTreatment',
  'sickLeave',
  'policeInvolved',
  'physicalIntervention',
  'riskFactors',
  'immediateActions',
];

// Echoed text is capped so that a huge paste cannot push the card past Teams' size limit.
const ECHO_MAX = 3 * DESCRIPTION_MAX;

export interface ReportFormInput {
  today: string;
  clientRequestId: string;
  /** Null hides the school choice (the reporter has exactly one school). */
  schools: School[] | null;
  /** The colleagues the reporter may name as exposed: the staff of their schools, by name. */
  colleagues?: { id: string; name: string }[];
  values?: Record<string, unknown>;
  errors?: ReportErrors;
  notice?: string;
}

const options = <K extends string>(keys: readonly K[], titles: Record<K, string>) => keys.map((value) => ({ title: titles[value], value }));

function errorText(s: CasesStrings, field: ReportField, code: NonNullable<ReportErrors[ReportField]>, value: unknown): string {
  switch (code) {
    case 'future':
      return field === 'time' ? s.fieldErrors.futureTime : s.fieldErrors.futureDate;
    case 'tooLong':
      return fill(s.fieldErrors.tooLong, {
        max: field === 'immediateActions' ? IMMEDIATE_ACTIONS_MAX : DESCRIPTION_MAX,
        length: typeof value === 'string' ? [...value.trim()].length : 0,
      });
    default:
      return s.fieldErrors[code];
  }
}

export function reportFormCard(language: Language, input: ReportFormInput): CardView<'report-form'> {
  const s = casesStrings(language);
  const values = input.values ?? {};
  const errors = input.errors ?? {};
  const form: Record<string, string> = {};
  for (const field of FORM_FIELDS) {
    const v = values[field];
    form[field] = typeof v === 'string' ? v.slice(0, ECHO_MAX) : typeof v === 'boolean' ? String(v) : '';
  }
  if (!form.date) form.date = input.today;
  for (const toggle of TOGGLES) if (!form[toggle]) form[toggle] = 'false';
  // "Hvem ble utsatt?" starts at "Meg"; an older client's "not me" toggle is read as a witness who named nobody.
  if (!form.affected) form.affected = values.reporterIsAffected === 'false' ? '' : 'me';
  if (form[CONFIRM_NO_NAMES] !== 'true') form[CONFIRM_NO_NAMES] = 'false';

  const errorTexts: Record<string, string> = {};
  for (const [field, code] of Object.entries(errors) as [ReportField, NonNullable<ReportErrors[ReportField]>][]) {
    errorTexts[field] = errorText(s, field, code, values[field]);
  }
  // The optional section opens by itself when it holds something the user should see again.
  const optionalTouched = OPTIONAL_SECTION.some((f) => f in errorTexts || (form[f] !== '' && form[f] !== 'false'));
  const { choices } = s;
  const o = s.overview;

  return cardView('report-form', {
    t: { ...s.form, required: s.fieldErrors.required, affected: o.affected, affectedPlaceholder: o.affectedPlaceholder, affectedHint: o.affectedHint },
    notice: input.notice ?? '',
    hasErrors: Object.keys(errorTexts).length > 0,
    warnNames: Object.values(errors).includes('pupilName') || form[CONFIRM_NO_NAMES] === 'true',
    errors: errorTexts,
    form,
    today: input.today,
    clientRequestId: input.clientRequestId,
    showSchool: input.schools !== null,
    showMore: optionalTouched,
    choices: {
      schools: (input.schools ?? []).map((sc) => ({ title: sc.name, value: sc.id })),
      affected: [
        { title: o.affectedChoices.me, value: 'me' },
        ...(input.colleagues ?? []).map((p) => ({ title: p.name, value: p.id })),
        { title: o.affectedChoices.pupil, value: 'pupil' },
        { title: o.affectedChoices.other, value: 'other' },
      ],
      location: options(LOCATIONS, choices.location),
      types: options(INCIDENT_TYPES, choices.types),
      severity: options(SEVERITIES, choices.severity),
      perpetrator: options(PERPETRATORS, choices.perpetrator),
      pupilStage: options(PUPIL_STAGES, choices.pupilStage),
      injury: options(INJURIES, choices.injury),
      riskFactors: options(RISK_FACTORS, choices.riskFactors),
    },
  });
}
