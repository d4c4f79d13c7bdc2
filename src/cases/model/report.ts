/**
 * The report form's fields (CONTRACT.md "Report fields") and their validation.
 * Values arrive as Adaptive Card inputs send them: strings, comma-separated
 * multi-selects, toggles as "true"/"false". Errors are codes per field; the
 * edge turns them into words in the user's language.
 */
// zod's v4 API (shipped in the zod package): a report is checked on every submit, and v4 checks this
// form in a fifth of v3's time with the same answers; the configuration files keep the v3 API.
import { z } from 'zod/v4';
import { isRealCalendarDate } from '../../core/clock';
import { containsNationalIdNumber } from '../../core/national-id';
import { looksLikePupilName } from '../../core/pupil-names';
import { withoutUndefined } from '../../core/objects';

export const LOCATIONS = ['classroom', 'corridor', 'schoolyard', 'gym', 'sfo', 'trip', 'transport', 'digital', 'other'] as const;
export const INCIDENT_TYPES = ['physical', 'threat', 'harassment', 'digital', 'property', 'other'] as const;
export const SEVERITIES = ['minor', 'serious', 'very-serious'] as const;
export const PERPETRATORS = ['pupil', 'guardian', 'colleague', 'other', 'unknown'] as const;
export const PUPIL_STAGES = ['1-4', '5-7', '8-10', 'vg'] as const;
export const INJURIES = ['none', 'physical', 'psychological', 'both'] as const;
export const RISK_FACTORS = ['alone', 'worktime', 'staffing', 'competence', 'premises', 'other'] as const;
export const TOGGLES = ['seriousInjury', 'sickLeave', 'medicalTreatment', 'policeInvolved', 'physicalIntervention'] as const;
/** Who was exposed besides named colleagues (CONTRACT.md v2 "Report fields" `affected`): no pupil is ever named. */
export const AFFECTED_KINDS = ['me', 'colleague', 'pupil', 'other'] as const;
/** At most this many colleagues named in one report. */
export const AFFECTED_COLLEAGUES_MAX = 20;

export const DESCRIPTION_MAX = 4000;
export const IMMEDIATE_ACTIONS_MAX = 2000;

export type Location = (typeof LOCATIONS)[number];
export type IncidentType = (typeof INCIDENT_TYPES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Perpetrator = (typeof PERPETRATORS)[number];
export type PupilStage = (typeof PUPIL_STAGES)[number];
export type Injury = (typeof INJURIES)[number];
export type RiskFactor = (typeof RISK_FACTORS)[number];
export type AffectedKind = (typeof AFFECTED_KINDS)[number];

export interface Report {
  date: string;
  time?: string;
  location: Location;
  types: IncidentType[];
  severity: Severity;
  perpetrator?: Perpetrator;
  pupilStage?: PupilStage;
  injury?: Injury;
  seriousInjury: boolean;
  sickLeave: boolean;
  medicalTreatment: boolean;
  policeInvolved: boolean;
  physicalIntervention: boolean;
  riskFactors: RiskFactor[];
  description: string;
  immediateActions?: string;
  reporterIsAffected: boolean;
  /** Who was exposed, by kind; the colleagues' ids are the case's `affectedIds`, never in the report. Absent on cases reported before it was asked. */
  affected?: AffectedKind[];
  schoolId: string;
}

export type ReportField = keyof Report;
export type ReportErrorCode =
  | 'required'
  | 'invalidChoice'
  | 'invalidDate'
  | 'invalidTime'
  | 'future'
  | 'tooLong'
  | 'nationalId'
  | 'invalidToggle'
  /** A warning, not a rule: the text seems to name a pupil; sent again with `confirmNoNames` it passes. */
  | 'pupilName';
export type ReportErrors = Partial<Record<ReportField, ReportErrorCode>>;

export interface ReportContext {
  /** Today's date where the school is, YYYY-MM-DD. */
  today: string;
  /** The time of day where the school is, HH:mm. */
  nowTime: string;
  /** The schools the reporter may report for. */
  schoolIds: string[];
  /** The school used when the reporter works at exactly one. */
  defaultSchoolId?: string;
  /** First names of the school's staff, never taken for a pupil's (core/pupil-names.ts). */
  staffFirstNames?: string[];
  /** Who reports: choosing oneself among the colleagues means "me". */
  reporterId?: string;
  /** The school's staff (directory) the exposed colleagues are chosen from. */
  staffOf?: (schoolId: string) => string[];
}

/** `colleagueIds`: the exposed colleagues besides the reporter, each on the chosen school's staff. */
export type ReportResult = { ok: true; report: Report; colleagueIds: string[] } | { ok: false; errors: ReportErrors };

/** Empty strings and absent values both mean "not given". */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blankToUndefined, z.enum(values, { message: 'invalidChoice' }).optional());

const requiredChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blankToUndefined, z.enum(values, { error: (issue) => (issue.input === undefined ? 'required' : 'invalidChoice') }));

const multiChoice = <T extends readonly [string, ...string[]]>(values: T, required: boolean) =>
  z.preprocess(
    (v) => {
      if (Array.isArray(v)) return v;
      if (typeof v !== 'string') return v;
      return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
    },
    z
      .array(z.enum(values, { message: 'invalidChoice' }), { message: 'invalidChoice' })
      .optional()
      .transform((list, ctx) => {
        const unique = [...new Set(list ?? [])];
        if (required && unique.length === 0) ctx.addIssue({ code: 'custom', message: 'required' });
        return unique;
      }),
  );

const toggle = (defaultValue: boolean) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? defaultValue : v === 'true' || v === true ? true : v === 'false' || v === false ? false : v),
    z.boolean({ message: 'invalidToggle' }),
  );

const freeText = (max: number, required: boolean) =>
  z.preprocess(
    (v) => blankToUndefined(trimmed(v)),
    (required ? z.string({ message: 'required' }) : z.string({ message: 'invalidChoice' }).optional()).superRefine((s, ctx) => {
      if (s === undefined) return;
      if ([...s].length > max) ctx.addIssue({ code: 'custom', message: 'tooLong' });
      else if (containsNationalIdNumber(s)) ctx.addIssue({ code: 'custom', message: 'nationalId' });
    }),
  );

const reportInput = z.object({
  date: z.preprocess(blankToUndefined, z.string({ message: 'required' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'invalidDate')),
  time: z.preprocess(blankToUndefined, z.string({ message: 'invalidTime' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'invalidTime').optional()),
  location: requiredChoice(LOCATIONS),
  types: multiChoice(INCIDENT_TYPES, true),
  severity: requiredChoice(SEVERITIES),
  perpetrator: optionalChoice(PERPETRATORS),
  pupilStage: optionalChoice(PUPIL_STAGES),
  injury: optionalChoice(INJURIES),
  seriousInjury: toggle(false),
  sickLeave: toggle(false),
  medicalTreatment: toggle(false),
  policeInvolved: toggle(false),
  physicalIntervention: toggle(false),
  riskFactors: multiChoice(RISK_FACTORS, false),
  description: freeText(DESCRIPTION_MAX, true),
  immediateActions: freeText(IMMEDIATE_ACTIONS_MAX, false),
  reporterIsAffected: toggle(true),
  schoolId: z.preprocess(blankToUndefined, z.string({ message: 'required' }).optional()),
});

/** Validates the form's values; on success the report holds only what the form allows. */
export function validateReport(input: Record<string, unknown>, ctx: ReportContext): ReportResult {
  const errors: ReportErrors = {};
  const parsed = reportInput.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as ReportField;
      if (field && !errors[field]) errors[field] = issue.message as ReportErrorCode;
    }
  }
  const values = parsed.success ? parsed.data : undefined;

  // Checks that need the clock or the directory come after the shape is right.
  const date = typeof input.date === 'string' ? input.date : undefined;
  if (!errors.date && date) {
    if (!isRealCalendarDate(date)) errors.date = 'invalidDate';
    else if (date > ctx.today) errors.date = 'future';
  }
  const time = typeof input.time === 'string' ? input.time : undefined;
  if (!errors.date && !errors.time && date === ctx.today && time && time > ctx.nowTime) errors.time = 'future';

  const schoolId = typeof input.schoolId === 'string' && input.schoolId.trim() !== '' ? input.schoolId.trim() : ctx.defaultSchoolId;
  if (!schoolId) errors.schoolId = 'required';
  else if (!ctx.schoolIds.includes(schoolId)) errors.schoolId = 'invalidChoice';

  const affected = parseAffected(input, schoolId && !errors.schoolId ? schoolId : undefined, ctx);
  if ('error' in affected) errors.affected = affected.error;

  warnPupilNames(input, values, ctx, errors);
  if (!values || Object.keys(errors).length > 0 || 'error' in affected) return { ok: false, errors };

  const all: Report = {
    ...values,
    description: values.description as string,
    // The pupil's stage only says something when a pupil did it.
    pupilStage: values.perpetrator === 'pupil' ? values.pupilStage : undefined,
    reporterIsAffected: affected.kinds.includes('me'),
    affected: affected.kinds,
    schoolId: schoolId as string,
  };
  // The fields given, in the same order (a copy: deleting the others would make every case written a slow dictionary object).
  return { ok: true, report: withoutUndefined(all), colleagueIds: affected.colleagueIds };
}

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * "Hvem ble utsatt?": `me`, colleagues by their Entra object id, `pupil`,
 * `other`, comma-separated. Absent (an older form, another client): the
 * `reporterIsAffected` toggle decides between `me` and a witness who named
 * nobody. A colleague must be on the chosen school's staff in the directory;
 * anything else is refused and nothing is stored.
 */
function parseAffected(input: Record<string, unknown>, schoolId: string | undefined, ctx: ReportContext): { kinds: AffectedKind[]; colleagueIds: string[] } | { error: ReportErrorCode } {
  const raw = input.affected;
  const tokens = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : raw === undefined || raw === null ? [] : undefined;
  if (!tokens || tokens.some((t) => typeof t !== 'string')) return { error: 'invalidChoice' };
  const values = (tokens as string[]).map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  if (values.length === 0) {
    const toggle = input.reporterIsAffected;
    if (toggle !== undefined && toggle !== '' && toggle !== 'true' && toggle !== 'false' && typeof toggle !== 'boolean') return { kinds: [], colleagueIds: [] };
    return { kinds: toggle === 'false' || toggle === false ? [] : ['me'], colleagueIds: [] };
  }
  const kinds = new Set<AffectedKind>();
  const colleagueIds: string[] = [];
  const staff = schoolId && ctx.staffOf ? new Set(ctx.staffOf(schoolId)) : new Set<string>();
  for (const v of values) {
    if (v === 'me' || (ctx.reporterId && v === ctx.reporterId)) kinds.add('me');
    else if (v === 'pupil' || v === 'other') kinds.add(v);
    else if (OBJECT_ID.test(v) && staff.has(v)) {
      if (!colleagueIds.includes(v)) colleagueIds.push(v);
      kinds.add('colleague');
    } else return { error: 'invalidChoice' };
  }
  if (colleagueIds.length > AFFECTED_COLLEAGUES_MAX) return { error: 'invalidChoice' };
  return { kinds: AFFECTED_KINDS.filter((k) => kinds.has(k)), colleagueIds };
}

/** The report's free texts that are checked for pupils' names. */
export const NAME_CHECKED_FIELDS = ['description', 'immediateActions'] as const;

/** The form's "send anyway": the reporter has seen the name warning and says the text names no pupil. */
export const CONFIRM_NO_NAMES = 'confirmNoNames';

/** A text that seems to name a pupil comes back with a warning, unless the reporter confirmed it names none. */
function warnPupilNames(input: Record<string, unknown>, values: { description?: unknown; immediateActions?: unknown } | undefined, ctx: ReportContext, errors: ReportErrors): void {
  if (input[CONFIRM_NO_NAMES] === true || input[CONFIRM_NO_NAMES] === 'true') return;
  for (const field of NAME_CHECKED_FIELDS) {
    const text = values?.[field] ?? input[field];
    if (!errors[field] && typeof text === 'string' && looksLikePupilName(text, { staffFirstNames: ctx.staffFirstNames })) errors[field] = 'pupilName';
  }
}

/** A report that the law treats as serious: the AML §5-2 duties and the owner's roles apply. */
export function isSerious(report: Pick<Report, 'severity' | 'seriousInjury'>): boolean {
  return report.severity === 'very-serious' || report.seriousInjury;
}
