/**
 * The injury register (arbeidsmiljøloven § 5-1): one row per case, the
 * columns the issue lists, labels in the reader's language. Pure: the cases,
 * the directory and the time zone come in, a table goes out. No names of who
 * reported or was exposed and no follow-up notes are ever read here, so none
 * can reach a file: the row is built from the fields below only.
 */
import type { Case } from '../cases';
import { casesStrings, legalStatusText } from '../cases';
import { LEGAL_STEPS, requiredLegalSteps } from '../cases/model/legal-steps';
import { shownStatus } from '../cases/model/status';
import { localDateTime } from '../core/clock';
import { findSchool, rolesOf, type Directory } from '../core/directory';
import type { DownloadGrant } from '../core/downloads';
import { fill, type Language } from '../core/i18n';
import type { DateRange } from '../core/period';
import { dateCellText, type Table, type TableCell } from '../core/table-files';
import { registerStrings } from './strings';

/** What the register reads of a case: the store projects exactly these fields. */
export type RegisterCase = Pick<Case, 'caseId' | 'reference' | 'tenantId' | 'schoolId' | 'status' | 'acknowledgedAt' | 'closedAt' | 'legal'> & {
  report: Pick<
    Case['report'],
    'date' | 'time' | 'location' | 'types' | 'severity' | 'perpetrator' | 'pupilStage' | 'description' | 'riskFactors' | 'injury' | 'seriousInjury' | 'sickLeave' | 'medicalTreatment'
  >;
  measures: Pick<Case['measures'][number], 'description' | 'ownerId' | 'dueDate' | 'state'>[];
};

export const REGISTER_COLUMNS = [
  'reference',
  'dateTime',
  'school',
  'place',
  'types',
  'severity',
  'perpetrator',
  'pupilStage',
  'description',
  'riskFactors',
  'injury',
  'sickLeave',
  'medicalTreatment',
  'legalSteps',
  'measures',
  'status',
  'acknowledged',
  'closed',
] as const;
export type RegisterColumn = (typeof REGISTER_COLUMNS)[number];

const WIDTHS: Partial<Record<RegisterColumn, number>> = { reference: 14, dateTime: 17, school: 18, types: 24, description: 60, riskFactors: 26, legalSteps: 36, measures: 50, acknowledged: 13, closed: 13 };
const WRAPPED: RegisterColumn[] = ['types', 'description', 'riskFactors', 'legalSteps', 'measures'];

/** What the person may take out of the register: schools by their role there, every school for the owner's roles. */
export interface RegisterScope {
  schoolIds: string[];
  /** The owner's roles: every school, and "all schools" in one file. */
  all: boolean;
}

export function registerScope(directory: Directory, personId: string): RegisterScope {
  const roles = rolesOf(directory, personId);
  if (roles.owner.size > 0) return { schoolIds: directory.schools.map((s) => s.id), all: true };
  return { schoolIds: [...roles.schools.entries()].filter(([, r]) => r.has('principal') || r.has('safetyRep')).map(([id]) => id), all: false };
}

/** `school`: a school id or 'all'. Null: the person may not have it (a teacher; another school's principal). */
export function registerGrant(directory: Directory, personId: string, school: string): DownloadGrant | null {
  const roles = rolesOf(directory, personId);
  const owner = [...roles.owner];
  if (school === 'all') return owner.length > 0 ? { roles: owner, schoolIds: directory.schools.map((s) => s.id) } : null;
  if (!findSchool(directory, school)) return null;
  const here = [...(roles.schools.get(school) ?? [])].filter((r) => r === 'principal' || r === 'safetyRep');
  const granted = [...here, ...owner];
  return granted.length > 0 ? { roles: granted, schoolIds: [school] } : null;
}

export type OwnerRole = keyof ReturnType<typeof registerStrings>['ownerRole'];

/** A measure's owner as a role at the school, never a name. */
export function ownerRoleOf(directory: Directory, schoolId: string, ownerId: string | undefined): OwnerRole {
  if (!ownerId) return 'none';
  const roles = rolesOf(directory, ownerId);
  const here = roles.schools.get(schoolId);
  if (here?.has('principal')) return 'principal';
  if (here?.has('safetyRep')) return 'safetyRep';
  if (roles.owner.has('leader')) return 'leader';
  if (roles.owner.has('chiefSafetyRep')) return 'chiefSafetyRep';
  if (here?.has('member')) return 'member';
  return 'other';
}

export interface RegisterContext {
  language: Language;
  directory: Directory;
  timeZone: string;
}

const localDate = (iso: string | undefined, timeZone: string): TableCell => (iso ? { date: localDateTime(new Date(iso), timeZone).date } : null);

export function registerRow(c: RegisterCase, ctx: RegisterContext): Record<RegisterColumn, TableCell> {
  const { language, directory, timeZone } = ctx;
  const s = registerStrings(language);
  const cs = casesStrings(language);
  const r = c.report;
  const yesNo = (v: boolean) => (v ? s.yes : s.no);
  const injury = [r.injury ? cs.choices.injury[r.injury] : '', r.seriousInjury ? cs.caseCard.consequence.seriousInjury : ''].filter((x) => x !== '').join(', ');
  const required = requiredLegalSteps(r);
  // Each step as the case card says it, without who marked it: the register names no one.
  const legal = LEGAL_STEPS.filter(({ item }) => required.includes(item) || c.legal[item])
    .map(({ item }) => `${s.legal[item]}: ${legalStatusText(language, timeZone, c.legal[item])}`)
    .join('\n');
  const measures = c.measures
    .map((m) =>
      fill(s.measureLine, {
        description: m.description,
        role: s.ownerRole[ownerRoleOf(directory, c.schoolId, m.ownerId)],
        due: fill(s.due, { date: dateCellText({ date: m.dueDate }, language) }),
        state: cs.measures.state[m.state].toLowerCase(),
      }),
    )
    .join('\n');
  return {
    reference: c.reference,
    dateTime: r.time ? { date: r.date, time: r.time } : { date: r.date },
    school: findSchool(directory, c.schoolId)?.name ?? c.schoolId,
    place: cs.choices.location[r.location],
    types: r.types.map((t) => cs.choices.types[t]).join(', '),
    severity: cs.choices.severity[r.severity],
    perpetrator: r.perpetrator ? cs.choices.perpetrator[r.perpetrator] : '',
    pupilStage: r.perpetrator === 'pupil' && r.pupilStage ? cs.choices.pupilStage[r.pupilStage] : '',
    description: r.description,
    riskFactors: r.riskFactors.map((f) => cs.choices.riskFactors[f]).join(', '),
    injury,
    sickLeave: yesNo(r.sickLeave),
    medicalTreatment: yesNo(r.medicalTreatment),
    legalSteps: legal,
    measures,
    status: cs.status[shownStatus(c)],
    acknowledged: localDate(c.acknowledgedAt, timeZone),
    closed: localDate(c.closedAt, timeZone),
  };
}

/** Oldest first, as a register is read: by the incident's date and time, then the reference. */
export function byIncidentTime(a: Pick<RegisterCase, 'report' | 'reference'>, b: Pick<RegisterCase, 'report' | 'reference'>): number {
  const ka = `${a.report.date} ${a.report.time ?? ''}`;
  const kb = `${b.report.date} ${b.report.time ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0;
}

export function registerTable(cases: RegisterCase[], ctx: RegisterContext): Table {
  const s = registerStrings(ctx.language);
  return {
    title: s.sheetTitle,
    columns: REGISTER_COLUMNS.map((key) => ({ header: s.columns[key], width: WIDTHS[key], wrap: WRAPPED.includes(key) })),
    rows: [...cases].sort(byIncidentTime).map((c) => {
      const row = registerRow(c, ctx);
      return REGISTER_COLUMNS.map((key) => row[key]);
    }),
  };
}

/** The file's name: prefix, school (or all) and the dates, in characters every system keeps. */
export function registerFilename(language: Language, school: string, range: DateRange): string {
  const safe =
    school
      .replace(/[øØ]/g, 'o')
      .replace(/[æÆ]/g, 'ae')
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'skole';
  return `${registerStrings(language).filePrefix}-${school === 'all' ? (language === 'en' ? 'all' : 'alle') : safe}-${range.from}-${range.to}`;
}
