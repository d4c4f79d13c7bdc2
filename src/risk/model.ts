/**
 * A school's living risk assessment (forskrift om utførelse av arbeid
 * § 3A-2, § 3A-3), as pure rules: situations ("where, when and in which
 * situations"), their score and colour, the measures against them (the case
 * feature's measure model and rules), matching cases and suggestions from
 * the school's cases, and reviews kept as versions. Every function takes
 * `now`; the tab reuses these rules for editing many rows at once.
 */
import { createHash } from 'node:crypto';
import type { Measure } from '../cases/model/case';
import { nextRoleUp } from '../cases/model/fallback';
import { parseCaseCommand, type CaseInputError } from '../cases/model/input';
import { may, type CaseVerb } from '../cases/model/permissions';
import { INCIDENT_TYPES, LOCATIONS, RISK_FACTORS, type IncidentType, type Location, type RiskFactor, type Severity } from '../cases/model/report';
import { TIMES_OF_DAY, timeOfDayOf, type TimeOfDay } from '../cases/model/time-of-day';
import type { CaseEvidence } from '../cases/model/case';
import { addDays, localDateTime, zonedToUtc } from '../core/clock';
import { findSchool, type Directory } from '../core/directory';
import { containsNationalIdNumber } from '../core/national-id';
import type { RiskReviewPlan, SchoolDay } from '../core/schedule';
import { addDuration, subtractDuration } from '../core/schedule-math';
import { schoolPartition } from '../core/work';

// ---------------------------------------------------------------- score and colour

export const SCALE = [1, 2, 3, 4, 5] as const;
export type RiskColour = 'green' | 'yellow' | 'red';

/**
 * Likelihood (1–5) times consequence (1–5) gives 1–25. Thresholds: green
 * 1–4 (acceptable, watch), yellow 5–10 (measures should be considered),
 * red 12–25 (measures needed). A very likely (5) but minor (2) situation is
 * yellow; likely (4) and serious (3) is red; unlikely (2) but very serious
 * (5) is yellow, which is why the consequence alone is also shown.
 */
export const RISK_THRESHOLDS = { yellowFrom: 5, redFrom: 12 } as const;

export function riskScore(likelihood: number, consequence: number): number {
  return likelihood * consequence;
}

export function riskColour(score: number): RiskColour {
  if (score >= RISK_THRESHOLDS.redFrom) return 'red';
  if (score >= RISK_THRESHOLDS.yellowFrom) return 'yellow';
  return 'green';
}

// ---------------------------------------------------------------- the assessment

export const EFFECTS = ['effective', 'partly', 'notEffective'] as const;
export type MeasureEffect = (typeof EFFECTS)[number];

/** The evaluation of a done measure's effect (§ 3A-2: "effect of measures"). */
export interface MeasureEvaluation {
  effect: MeasureEffect;
  note?: string;
  by: string;
  at: string;
}

/** A measure against a situation: the case feature's measure, plus its evaluated effect. */
export interface RiskMeasure extends Measure {
  evaluation?: MeasureEvaluation;
}

export interface LinkedCase {
  caseId: string;
  reference: string;
  by: string;
  at: string;
}

export interface Situation {
  /** s1, s2, ...: never reused, also after a situation is archived. */
  id: string;
  description: string;
  location?: Location;
  timeOfDay?: TimeOfDay;
  /** Incident types the situation is about; empty: any. */
  types: IncidentType[];
  likelihood: number;
  consequence: number;
  factors: RiskFactor[];
  /** Barriers already in place (alarms, two adults on duty, ...); '' when none. */
  barriers: string;
  measures: RiskMeasure[];
  /** Cases the principal linked to this situation from the case card. */
  linkedCases: LinkedCase[];
  status: 'active' | 'archived';
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  /** What it was added with (a form's request id, a suggestion's key): the same again adds nothing. */
  requestId?: string;
}

export interface RiskComment {
  id: string;
  by: string;
  at: string;
  text: string;
  situationId?: string;
}

export type RiskChangeAction =
  | 'added'
  | 'updated'
  | 'archived'
  | 'measureProposed'
  | 'measureApproved'
  | 'measureRejected'
  | 'measureDone'
  | 'measureEvaluated'
  | 'linked'
  | 'unlinked';

/** One change since the last review: what the review records as "what changed". */
export interface RiskChange {
  at: string;
  by: string;
  action: RiskChangeAction;
  situationId: string;
  measureId?: string;
  /** The fields an update changed. */
  fields?: string[];
  scoreBefore?: number;
  scoreAfter?: number;
}

/** A review prompt not yet answered by a review: the school owner's cluster alert fired. */
export interface ReviewPrompt {
  at: string;
  reason: 'cluster';
  alertNumber: number;
  caseIds: string[];
}

/** A situation as it stood at a review: the "risk before and after" of each version. */
export interface SnapshotRow {
  id: string;
  description: string;
  likelihood: number;
  consequence: number;
  score: number;
  colour: RiskColour;
  status: Situation['status'];
  openMeasures: number;
  doneMeasures: number;
}

export interface RiskAssessment {
  /** risk-<schoolId> */
  id: string;
  /** Partition key: `school:<id>`, with the school's other documents and the work they owe. */
  caseId: string;
  docType: 'riskAssessment';
  schoolId: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
  nextSituationNo: number;
  situations: Situation[];
  /** Comments since the last review; a review keeps them with its version. */
  comments: RiskComment[];
  /** Changes since the last review. */
  changes: RiskChange[];
  prompts: ReviewPrompt[];
  reviewCount: number;
  lastReview?: { no: number; at: string; by: string };
  /** The situations as the last review left them. */
  reviewedSnapshot: SnapshotRow[];
}

export type ReviewReason = 'yearly' | 'cluster' | 'manual';

/** One review, kept as a version: who, when, why, what changed, risk before and after, the safety representatives' part. */
export interface RiskReview {
  /** risk-review-<schoolId>-<no> */
  id: string;
  caseId: string;
  docType: 'riskReview';
  schoolId: string;
  no: number;
  at: string;
  by: string;
  reason: ReviewReason;
  note: string;
  safetyRepTookPart: boolean;
  /** Safety representatives asked to take part (sent the review prompt) since the last review. */
  safetyRepsAsked: string[];
  /** Safety representatives who commented since the last review. */
  safetyRepsCommented: string[];
  comments: RiskComment[];
  changes: RiskChange[];
  before: SnapshotRow[];
  after: SnapshotRow[];
  /** When the retention policy replaced its people by roles and removed its free text (src/privacy). */
  anonymisedAt?: string;
}

export const LIMITS = {
  description: 300,
  barriers: 1000,
  comment: 1000,
  note: 2000,
  activeSituations: 60,
  measuresPerSituation: 20,
  comments: 300,
  linkedCases: 200,
  changes: 1000,
} as const;

export function riskAssessmentId(schoolId: string): string {
  return `risk-${schoolId}`;
}

export function riskReviewId(schoolId: string, no: number): string {
  return `risk-review-${schoolId}-${no}`;
}

export function emptyAssessment(schoolId: string, now: Date): RiskAssessment {
  const at = now.toISOString();
  return {
    id: riskAssessmentId(schoolId),
    caseId: schoolPartition(schoolId),
    docType: 'riskAssessment',
    schoolId,
    revision: 0,
    createdAt: at,
    updatedAt: at,
    nextSituationNo: 1,
    situations: [],
    comments: [],
    changes: [],
    prompts: [],
    reviewCount: 0,
    reviewedSnapshot: [],
  };
}

export function scoreOf(s: Pick<Situation, 'likelihood' | 'consequence'>): number {
  return riskScore(s.likelihood, s.consequence);
}

export function activeSituations(a: Pick<RiskAssessment, 'situations'>): Situation[] {
  return a.situations.filter((s) => s.status === 'active');
}

/** Highest risk first; equal scores by consequence, then the oldest first. */
export function byRisk(a: Situation, b: Situation): number {
  return scoreOf(b) - scoreOf(a) || b.consequence - a.consequence || Number(a.id.slice(1)) - Number(b.id.slice(1));
}

export function openMeasures(s: Situation): RiskMeasure[] {
  return s.measures.filter((m) => m.state === 'proposed' || m.state === 'approved');
}

export function snapshotOf(a: Pick<RiskAssessment, 'situations'>): SnapshotRow[] {
  return a.situations.map((s) => ({
    id: s.id,
    description: s.description,
    likelihood: s.likelihood,
    consequence: s.consequence,
    score: scoreOf(s),
    colour: riskColour(scoreOf(s)),
    status: s.status,
    openMeasures: openMeasures(s).length,
    doneMeasures: s.measures.filter((m) => m.state === 'done').length,
  }));
}

export function colourCounts(rows: { colour: RiskColour; status?: Situation['status'] }[]): Record<RiskColour, number> {
  const counts = { red: 0, yellow: 0, green: 0 };
  for (const r of rows) if (r.status !== 'archived') counts[r.colour]++;
  return counts;
}

// ---------------------------------------------------------------- who may do what

/** A person's relation to a school's risk assessment, from the directory only. */
export type RiskRole = 'principal' | 'safetyRep' | 'owner' | 'member';

export type RiskVerb =
  | 'view'
  | 'add'
  | 'update'
  | 'review'
  | 'comment'
  | 'link'
  | 'measure.propose'
  | 'measure.approve'
  | 'measure.reject'
  | 'measure.complete'
  | 'measure.evaluate';

/**
 * The principal leads the assessment; the safety representative takes part
 * (comments, proposes measures) but does not decide; the owner's roles read
 * it; other staff see only a measure they own, and may mark it done.
 */
const RISK_PERMISSIONS: Record<RiskRole, ReadonlySet<RiskVerb>> = {
  principal: new Set<RiskVerb>(['view', 'add', 'update', 'review', 'comment', 'link', 'measure.propose', 'measure.approve', 'measure.reject', 'measure.complete', 'measure.evaluate']),
  safetyRep: new Set<RiskVerb>(['view', 'comment', 'measure.propose']),
  owner: new Set<RiskVerb>(['view']),
  member: new Set<RiskVerb>([]),
};

/** The case feature's viewer with the same measure rights: its rules decide measures here too. */
const MEASURE_VIEWER = { principal: 'principal', safetyRep: 'safetyRep', owner: 'leader', member: 'measureOwner' } as const;

export function riskRoleOf(directory: Directory, schoolId: string, aadObjectId: string): RiskRole | null {
  const school = findSchool(directory, schoolId);
  if (!school) return null;
  if (school.principals.includes(aadObjectId)) return 'principal';
  if (school.safetyReps.includes(aadObjectId)) return 'safetyRep';
  if (directory.owner.leaders.includes(aadObjectId) || directory.owner.chiefSafetyReps.includes(aadObjectId)) return 'owner';
  if (school.members.includes(aadObjectId)) return 'member';
  return null;
}

/** Whether the role may use the verb; `owns`: the measure is the person's own. */
export function mayRisk(role: RiskRole, verb: RiskVerb, owns = false): boolean {
  if (verb.startsWith('measure.') && verb !== 'measure.evaluate') {
    return may(MEASURE_VIEWER[role], verb as CaseVerb, owns) && (role !== 'member' || owns);
  }
  return RISK_PERMISSIONS[role].has(verb);
}

/**
 * Who a school's prevention reminders and notices for the principal go to:
 * its principals; a school with none in the directory, the owner's leaders
 * (the next role up), so that a review or a drill is never owed to nobody.
 */
export function principalsOrOwner(directory: Directory, schoolId: string): { ids: string[]; noPrincipal: boolean } {
  const principals = findSchool(directory, schoolId)?.principals ?? [];
  return principals.length > 0 ? { ids: principals, noPrincipal: false } : { ids: [...directory.owner.leaders], noPrincipal: true };
}

/**
 * Who is told instead when a prevention notice cannot reach its recipient
 * (Teams answered 403/404, or every try failed for a while): the case
 * feature's next role up (an employee: the principals; a safety
 * representative: the chief safety representatives, else the principals; a
 * principal: the owner's leaders), and the owner's leaders where a school
 * has no principal to tell.
 */
export function preventionFallback(directory: Directory, schoolId: string, recipientId: string): string[] {
  const up = nextRoleUp(directory, { schoolId }, recipientId);
  if (up.length > 0 || directory.owner.leaders.includes(recipientId)) return up;
  return directory.owner.leaders.filter((id) => id !== recipientId);
}

/** The schools whose assessment a person may open: as principal or safety representative, or all as the owner's role. */
export function riskSchoolsOf(directory: Directory, aadObjectId: string): string[] {
  return directory.schools.map((s) => s.id).filter((id) => {
    const role = riskRoleOf(directory, id, aadObjectId);
    return role === 'principal' || role === 'safetyRep' || role === 'owner';
  });
}

// ---------------------------------------------------------------- input

export type RiskField =
  | 'situation'
  | 'likelihood'
  | 'consequence'
  | 'location'
  | 'timeOfDay'
  | 'types'
  | 'factors'
  | 'barriers'
  | 'situationId'
  | 'comment'
  | 'note'
  | 'safetyRepTookPart'
  | 'incidentId'
  | 'description'
  | 'owner'
  | 'dueDate'
  | 'reason'
  | 'measureId'
  | 'effect';

export type RiskInputError = CaseInputError | 'invalidChoice' | 'outOfScale';
export type RiskInputErrors = Partial<Record<RiskField, RiskInputError>>;

export interface SituationFields {
  description: string;
  likelihood: number;
  consequence: number;
  location?: Location;
  timeOfDay?: TimeOfDay;
  types: IncidentType[];
  factors: RiskFactor[];
  barriers: string;
}

export type RiskCommand =
  | { verb: 'add'; fields: SituationFields; requestId?: string }
  | { verb: 'update'; situationId: string; fields: Partial<SituationFields>; archive: boolean }
  | { verb: 'review'; note: string; safetyRepTookPart: boolean }
  | { verb: 'comment'; text: string; situationId?: string }
  | { verb: 'link'; situationId: string; caseId: string; reference: string; unlink: boolean }
  | { verb: 'measure.propose'; situationId: string; description: string; ownerId?: string; dueDate: string }
  | { verb: 'measure.approve'; situationId: string; measureId: string }
  | { verb: 'measure.reject'; situationId: string; measureId: string; reason: string }
  | { verb: 'measure.complete'; situationId: string; measureId: string }
  | { verb: 'measure.evaluate'; situationId: string; measureId: string; effect: MeasureEffect; note?: string };

export type RiskInputResult = { ok: true; command: RiskCommand } | { ok: false; errors: RiskInputErrors };

export interface RiskInputContext {
  today: string;
  /** Who may own a measure: the school's people. */
  possibleOwners: string[];
  /** The case a `link` names, as the case feature let this person see it. */
  linkCase?: { caseId: string; reference: string };
}

const SITUATION_ID = /^s\d{1,4}$/;
const REQUEST_ID = /^[A-Za-z0-9:._|-]{1,80}$/;

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const yes = (v: unknown) => v === true || v === 'true';

function freeText(value: unknown, max: number, required: boolean): { value?: string; error?: RiskInputError } {
  if (value !== undefined && typeof value !== 'string') return { error: 'invalid' };
  const t = (value ?? '').trim();
  if (t === '') return required ? { error: 'required' } : { value: '' };
  if ([...t].length > max) return { error: 'tooLong' };
  if (containsNationalIdNumber(t)) return { error: 'nationalId' };
  return { value: t };
}

function scale(value: unknown): { value?: number; error?: RiskInputError } {
  if (isBlank(value)) return { error: 'required' };
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n)) return { error: 'invalid' };
  if (n < 1 || n > 5) return { error: 'outOfScale' };
  return { value: n };
}

function choice<T extends string>(value: unknown, values: readonly T[]): { value?: T; error?: RiskInputError } {
  if (isBlank(value)) return {};
  const found = values.find((v) => v === (typeof value === 'string' ? value.trim() : value));
  return found ? { value: found } : { error: 'invalidChoice' };
}

/** A multi-select as cards send it: comma-separated (or a list). */
function choices<T extends string>(value: unknown, values: readonly T[]): { value?: T[]; error?: RiskInputError } {
  if (isBlank(value)) return { value: [] };
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
  if (!list) return { error: 'invalidChoice' };
  const out: T[] = [];
  for (const raw of list) {
    const item = typeof raw === 'string' ? raw.trim() : raw;
    if (item === '') continue;
    const found = values.find((v) => v === item);
    if (!found) return { error: 'invalidChoice' };
    if (!out.includes(found)) out.push(found);
  }
  return { value: out };
}

/**
 * The situation's fields from a card. `partial`: only the fields present are
 * read (an update); a present but blank optional field clears it.
 */
function situationFields(data: Record<string, unknown>, errors: RiskInputErrors, partial: boolean): Partial<SituationFields> {
  const out: Partial<SituationFields> = {};
  const present = (key: string) => !partial || key in data;
  const take = <K extends keyof SituationFields>(field: RiskField, key: K, r: { value?: SituationFields[K]; error?: RiskInputError }, clearable = false) => {
    if (r.error) errors[field] = r.error;
    else if (r.value !== undefined) out[key] = r.value;
    else if (clearable && partial) out[key] = undefined;
  };
  if (present('situation')) take('situation', 'description', freeText(data.situation, LIMITS.description, true));
  if (present('likelihood')) take('likelihood', 'likelihood', scale(data.likelihood));
  if (present('consequence')) take('consequence', 'consequence', scale(data.consequence));
  if (present('location')) take('location', 'location', choice(data.location, LOCATIONS), true);
  if (present('timeOfDay')) take('timeOfDay', 'timeOfDay', choice(data.timeOfDay, TIMES_OF_DAY), true);
  if (present('types')) take('types', 'types', choices(data.types, INCIDENT_TYPES));
  if (present('factors')) take('factors', 'factors', choices(data.factors, RISK_FACTORS));
  if (present('barriers')) take('barriers', 'barriers', freeText(data.barriers, LIMITS.barriers, false));
  return out;
}

function situationId(data: Record<string, unknown>, errors: RiskInputErrors): string {
  const id = typeof data.situationId === 'string' ? data.situationId.trim() : '';
  if (!SITUATION_ID.test(id)) errors.situationId = isBlank(data.situationId) ? 'required' : 'invalid';
  return id;
}

/** The data of a risk verb, checked before anything changes; errors are codes per field. */
export function parseRiskCommand(verb: RiskCommand['verb'], data: Record<string, unknown>, ctx: RiskInputContext): RiskInputResult {
  const errors: RiskInputErrors = {};
  const done = (command: RiskCommand): RiskInputResult => (Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, command });

  switch (verb) {
    case 'add': {
      const fields = situationFields(data, errors, false) as SituationFields;
      const requestId = typeof data.clientRequestId === 'string' && REQUEST_ID.test(data.clientRequestId) ? data.clientRequestId : undefined;
      return done({ verb, fields: { ...fields, barriers: fields.barriers ?? '' }, ...(requestId ? { requestId } : {}) });
    }
    case 'update': {
      const id = situationId(data, errors);
      const fields = situationFields(data, errors, true);
      return done({ verb, situationId: id, fields, archive: yes(data.archive) });
    }
    case 'review': {
      const note = freeText(data.note, LIMITS.note, true);
      if (note.error) errors.note = note.error;
      if (!isBlank(data.safetyRepTookPart) && !['true', 'false', true, false].includes(data.safetyRepTookPart as string)) errors.safetyRepTookPart = 'invalid';
      return done({ verb, note: note.value ?? '', safetyRepTookPart: yes(data.safetyRepTookPart) });
    }
    case 'comment': {
      const text = freeText(data.comment, LIMITS.comment, true);
      if (text.error) errors.comment = text.error;
      const onSituation = !isBlank(data.situationId) ? situationId(data, errors) : undefined;
      return done({ verb, text: text.value ?? '', ...(onSituation ? { situationId: onSituation } : {}) });
    }
    case 'link': {
      const id = situationId(data, errors);
      if (!ctx.linkCase) errors.incidentId = 'invalid';
      return done({ verb, situationId: id, caseId: ctx.linkCase?.caseId ?? '', reference: ctx.linkCase?.reference ?? '', unlink: yes(data.unlink) });
    }
    case 'measure.evaluate': {
      const id = situationId(data, errors);
      const measureId = typeof data.measureId === 'string' && /^m\d{1,4}$/.test(data.measureId) ? data.measureId : '';
      if (!measureId) errors.measureId = 'invalid';
      // On the card each measure has its own boxes, named after it.
      const effect = choice(data.effect ?? data[`effect-${measureId}`], EFFECTS);
      if (effect.error || !effect.value) errors.effect = effect.error ?? 'required';
      const note = freeText(data.note ?? data[`evaluation-${measureId}`], LIMITS.comment, false);
      if (note.error) errors.note = note.error;
      return done({ verb, situationId: id, measureId, effect: effect.value ?? 'effective', ...(note.value ? { note: note.value } : {}) });
    }
    default: {
      // The measure verbs read their data as a case's measure does: the same fields, limits and errors.
      const id = situationId(data, errors);
      const parsed = parseCaseCommand(verb, data, { today: ctx.today, possibleOwners: ctx.possibleOwners });
      if (!parsed.ok) Object.assign(errors, parsed.errors);
      if (!parsed.ok) return { ok: false, errors };
      return done({ ...parsed.command, situationId: id } as RiskCommand);
    }
  }
}

// ---------------------------------------------------------------- changes

export type RiskRefusal =
  | { code: 'notAllowed' }
  | { code: 'situationNotFound' }
  | { code: 'situationArchived' }
  | { code: 'tooManySituations' }
  | { code: 'tooManyMeasures' }
  | { code: 'tooManyComments' }
  | { code: 'tooManyLinks' }
  | { code: 'measureNotFound' }
  | { code: 'measureAlreadyDecided' }
  | { code: 'measureNotApproved' }
  | { code: 'measureNotDone' }
  | { code: 'notLinked' };

export type RiskEvent =
  | { type: 'added'; situationId: string; existing: boolean }
  | { type: 'updated'; situationId: string }
  | { type: 'archived'; situationId: string }
  | { type: 'commented'; byRole: RiskRole; situationId?: string }
  | { type: 'reviewed'; review: RiskReview }
  | { type: 'linked'; situationId: string; caseId: string }
  | { type: 'unlinked'; situationId: string; caseId: string }
  | { type: 'measureProposed'; situationId: string; measureId: string; byRole: RiskRole }
  | { type: 'measureApproved'; situationId: string; measureId: string }
  | { type: 'measureRejected'; situationId: string; measureId: string }
  | { type: 'measureDone'; situationId: string; measureId: string }
  | { type: 'measureEvaluated'; situationId: string; measureId: string };

export type RiskResult = { ok: true; assessment: RiskAssessment; events: RiskEvent[] } | { ok: false; refusal: RiskRefusal };

export interface RiskActor {
  id: string;
  role: RiskRole;
}

/** What the review needs to know besides the assessment. */
export interface ReviewContext {
  plan: RiskReviewPlan;
  timeZone: string;
  /** Safety representatives who were sent a review prompt since the last review. */
  safetyRepsAsked: string[];
  /** The school's safety representatives now. */
  safetyReps: string[];
}

const PERMISSION_OF: Record<RiskCommand['verb'], RiskVerb> = {
  add: 'add',
  update: 'update',
  review: 'review',
  comment: 'comment',
  link: 'link',
  'measure.propose': 'measure.propose',
  'measure.approve': 'measure.approve',
  'measure.reject': 'measure.reject',
  'measure.complete': 'measure.complete',
  'measure.evaluate': 'measure.evaluate',
};

const refuse = (refusal: RiskRefusal): RiskResult => ({ ok: false, refusal });

const EDITABLE: (keyof SituationFields)[] = ['description', 'likelihood', 'consequence', 'location', 'timeOfDay', 'types', 'factors', 'barriers'];

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** A suggestion's key as a situation's request id: adding the same suggestion twice adds it once. */
export function suggestionRequestId(key: string): string {
  return `suggestion:${key}`;
}

/**
 * A command by someone on a school's assessment at a time: the changed
 * assessment and what happened, or a refusal that changes nothing. A review
 * also gives its version (in the `reviewed` event).
 */
export function applyRiskCommand(a: RiskAssessment, cmd: RiskCommand, actor: RiskActor, now: Date, review?: ReviewContext): RiskResult {
  const situation = 'situationId' in cmd && cmd.situationId ? a.situations.find((s) => s.id === cmd.situationId) : undefined;
  const measure = situation && 'measureId' in cmd ? situation.measures.find((m) => m.id === cmd.measureId) : undefined;
  const owns = measure?.ownerId === actor.id && measure.state !== 'proposed' && measure.state !== 'rejected';
  if (!mayRisk(actor.role, PERMISSION_OF[cmd.verb], owns)) return refuse({ code: 'notAllowed' });
  if ('situationId' in cmd && cmd.situationId && !situation) return refuse({ code: 'situationNotFound' });
  if ('measureId' in cmd && !measure) return refuse({ code: 'measureNotFound' });

  const at = now.toISOString();
  const change = (c: Omit<RiskChange, 'at' | 'by'>): RiskChange => ({ at, by: actor.id, ...c });
  const next = (changes: Partial<RiskAssessment>, logged: RiskChange[], events: RiskEvent[]): RiskResult => ({
    ok: true,
    assessment: { ...a, ...changes, revision: a.revision + 1, updatedAt: at, changes: [...a.changes, ...logged].slice(-LIMITS.changes) },
    events,
  });
  const withSituation = (s: Situation, changes: Partial<Situation>): Situation[] =>
    a.situations.map((x) => (x.id === s.id ? { ...x, ...changes, updatedAt: at, updatedBy: actor.id } : x));
  const withMeasure = (s: Situation, m: RiskMeasure, changes: Partial<RiskMeasure>): Situation[] =>
    withSituation(s, { measures: s.measures.map((x) => (x.id === m.id ? { ...x, ...changes } : x)) });
  const active = situation?.status === 'active';

  switch (cmd.verb) {
    case 'add': {
      const repeat = cmd.requestId ? a.situations.find((s) => s.requestId === cmd.requestId && s.status === 'active') : undefined;
      if (repeat) return { ok: true, assessment: a, events: [{ type: 'added', situationId: repeat.id, existing: true }] };
      if (activeSituations(a).length >= LIMITS.activeSituations) return refuse({ code: 'tooManySituations' });
      const id = `s${a.nextSituationNo}`;
      const s: Situation = {
        id,
        ...cmd.fields,
        measures: [],
        linkedCases: [],
        status: 'active',
        createdAt: at,
        createdBy: actor.id,
        updatedAt: at,
        updatedBy: actor.id,
        ...(cmd.requestId ? { requestId: cmd.requestId } : {}),
      };
      for (const key of Object.keys(s) as (keyof Situation)[]) if (s[key] === undefined) delete s[key];
      return next(
        { situations: [...a.situations, s], nextSituationNo: a.nextSituationNo + 1 },
        [change({ action: 'added', situationId: id, scoreAfter: scoreOf(s) })],
        [{ type: 'added', situationId: id, existing: false }],
      );
    }

    case 'update': {
      const s = situation!;
      if (!active) return refuse({ code: 'situationArchived' });
      if (cmd.archive) {
        return next({ situations: withSituation(s, { status: 'archived' }) }, [change({ action: 'archived', situationId: s.id, scoreBefore: scoreOf(s) })], [{ type: 'archived', situationId: s.id }]);
      }
      const changed = EDITABLE.filter((k) => k in cmd.fields && !sameValue(cmd.fields[k], s[k]));
      if (changed.length === 0) return { ok: true, assessment: a, events: [] };
      const updated: Situation = { ...s, ...cmd.fields };
      for (const key of EDITABLE) if (updated[key] === undefined) delete updated[key];
      return next(
        { situations: a.situations.map((x) => (x.id === s.id ? { ...updated, updatedAt: at, updatedBy: actor.id } : x)) },
        [change({ action: 'updated', situationId: s.id, fields: changed, scoreBefore: scoreOf(s), scoreAfter: scoreOf(updated) })],
        [{ type: 'updated', situationId: s.id }],
      );
    }

    case 'comment': {
      if (situation && !active) return refuse({ code: 'situationArchived' });
      if (a.comments.length >= LIMITS.comments) return refuse({ code: 'tooManyComments' });
      const id = `c${a.reviewCount + 1}-${a.comments.length + 1}`;
      const comment: RiskComment = { id, by: actor.id, at, text: cmd.text, ...(cmd.situationId ? { situationId: cmd.situationId } : {}) };
      return next({ comments: [...a.comments, comment] }, [], [{ type: 'commented', byRole: actor.role, ...(cmd.situationId ? { situationId: cmd.situationId } : {}) }]);
    }

    case 'link': {
      const s = situation!;
      if (!active) return refuse({ code: 'situationArchived' });
      const linked = s.linkedCases.some((l) => l.caseId === cmd.caseId);
      if (cmd.unlink) {
        if (!linked) return refuse({ code: 'notLinked' });
        return next(
          { situations: withSituation(s, { linkedCases: s.linkedCases.filter((l) => l.caseId !== cmd.caseId) }) },
          [change({ action: 'unlinked', situationId: s.id })],
          [{ type: 'unlinked', situationId: s.id, caseId: cmd.caseId }],
        );
      }
      if (linked) return { ok: true, assessment: a, events: [] };
      if (s.linkedCases.length >= LIMITS.linkedCases) return refuse({ code: 'tooManyLinks' });
      return next(
        { situations: withSituation(s, { linkedCases: [...s.linkedCases, { caseId: cmd.caseId, reference: cmd.reference, by: actor.id, at }] }) },
        [change({ action: 'linked', situationId: s.id })],
        [{ type: 'linked', situationId: s.id, caseId: cmd.caseId }],
      );
    }

    case 'measure.propose': {
      const s = situation!;
      if (!active) return refuse({ code: 'situationArchived' });
      if (s.measures.length >= LIMITS.measuresPerSituation) return refuse({ code: 'tooManyMeasures' });
      const id = `m${s.measures.length + 1}`;
      const m: RiskMeasure = { id, description: cmd.description, dueDate: cmd.dueDate, state: 'proposed', proposedBy: actor.id, proposedAt: at, ...(cmd.ownerId ? { ownerId: cmd.ownerId } : {}) };
      return next(
        { situations: withSituation(s, { measures: [...s.measures, m] }) },
        [change({ action: 'measureProposed', situationId: s.id, measureId: id })],
        [{ type: 'measureProposed', situationId: s.id, measureId: id, byRole: actor.role }],
      );
    }

    case 'measure.approve':
    case 'measure.reject': {
      const s = situation!;
      const m = measure!;
      if (!active) return refuse({ code: 'situationArchived' });
      if (m.state !== 'proposed') return refuse({ code: 'measureAlreadyDecided' });
      if (cmd.verb === 'measure.reject') {
        return next(
          { situations: withMeasure(s, m, { state: 'rejected', decidedBy: actor.id, decidedAt: at, rejectReason: cmd.reason }) },
          [change({ action: 'measureRejected', situationId: s.id, measureId: m.id })],
          [{ type: 'measureRejected', situationId: s.id, measureId: m.id }],
        );
      }
      return next(
        { situations: withMeasure(s, m, { state: 'approved', decidedBy: actor.id, decidedAt: at }) },
        [change({ action: 'measureApproved', situationId: s.id, measureId: m.id })],
        [{ type: 'measureApproved', situationId: s.id, measureId: m.id }],
      );
    }

    case 'measure.complete': {
      const s = situation!;
      const m = measure!;
      if (m.state !== 'approved') return refuse({ code: 'measureNotApproved' });
      return next(
        { situations: withMeasure(s, m, { state: 'done', doneBy: actor.id, doneAt: at }) },
        [change({ action: 'measureDone', situationId: s.id, measureId: m.id })],
        [{ type: 'measureDone', situationId: s.id, measureId: m.id }],
      );
    }

    case 'measure.evaluate': {
      const s = situation!;
      const m = measure!;
      if (m.state !== 'done') return refuse({ code: 'measureNotDone' });
      const evaluation: MeasureEvaluation = { effect: cmd.effect, by: actor.id, at, ...(cmd.note ? { note: cmd.note } : {}) };
      return next(
        { situations: withMeasure(s, m, { evaluation }) },
        [change({ action: 'measureEvaluated', situationId: s.id, measureId: m.id })],
        [{ type: 'measureEvaluated', situationId: s.id, measureId: m.id }],
      );
    }

    case 'review': {
      if (!review) throw new Error('a review needs its context');
      const no = a.reviewCount + 1;
      const after = snapshotOf(a);
      const commented = [...new Set(a.comments.map((c) => c.by).filter((by) => review.safetyReps.includes(by)))];
      const version: RiskReview = {
        id: riskReviewId(a.schoolId, no),
        caseId: a.caseId,
        docType: 'riskReview',
        schoolId: a.schoolId,
        no,
        at,
        by: actor.id,
        reason: reviewReason(a, review.plan, now, review.timeZone),
        note: cmd.note,
        safetyRepTookPart: cmd.safetyRepTookPart,
        safetyRepsAsked: [...new Set(review.safetyRepsAsked)],
        safetyRepsCommented: commented,
        comments: a.comments,
        changes: a.changes,
        before: a.reviewedSnapshot,
        after,
      };
      return {
        ok: true,
        assessment: {
          ...a,
          revision: a.revision + 1,
          updatedAt: at,
          reviewCount: no,
          lastReview: { no, at, by: actor.id },
          // The version keeps what the review closes: comments, changes, prompts and archived situations.
          comments: [],
          changes: [],
          prompts: [],
          situations: activeSituations(a),
          reviewedSnapshot: after.filter((r) => r.status === 'active'),
        },
        events: [{ type: 'reviewed', review: version }],
      };
    }
  }
}

/** A cluster alert asks for a review: recorded once per alert, until the next review. */
export function withPrompt(a: RiskAssessment, prompt: ReviewPrompt, now: Date): RiskAssessment | undefined {
  if (a.prompts.some((p) => p.alertNumber === prompt.alertNumber)) return undefined;
  return { ...a, prompts: [...a.prompts, prompt], revision: a.revision + 1, updatedAt: now.toISOString() };
}

// ---------------------------------------------------------------- reviews over time

/** YYYY-MM-DD of MM-DD in a year; 29 February falls on the 28th in other years. */
function dayInYear(year: number, monthDay: string): string {
  const date = `${year}-${monthDay}`;
  return monthDay === '02-29' && new Date(Date.UTC(year, 1, 29)).getUTCMonth() !== 1 ? `${year}-02-28` : date;
}

/**
 * When the school's next review is due. Yearly: the first review date whose
 * reminder period starts after the last review (a review in the two weeks
 * before 1 September counts for that year; one in June does not); never
 * reviewed: the first review date on or after the assessment began (or now).
 * Periodic (`every`): so long after the last review, or after the start.
 */
export function nextReviewDue(plan: RiskReviewPlan, a: Pick<RiskAssessment, 'lastReview' | 'createdAt'> | undefined, now: Date, timeZone: string): Date {
  const last = a?.lastReview ? new Date(a.lastReview.at) : undefined;
  const start = a ? new Date(a.createdAt) : now;
  if (plan.every) return addDuration(last ?? start, plan.every, timeZone);
  const monthDay = plan.date ?? '09-01';
  const from = last ?? start;
  const fromDay = localDateTime(from, timeZone).date;
  const year = Number(fromDay.slice(0, 4));
  for (let y = year - 1; y <= year + 2; y++) {
    const due = zonedToUtc(dayInYear(y, monthDay), '00:00', timeZone);
    if (last ? subtractDuration(due, plan.remindBefore, timeZone) > last : dayInYear(y, monthDay) >= fromDay) return due;
  }
  return zonedToUtc(dayInYear(year + 2, monthDay), '00:00', timeZone);
}

export type DueStage = 'soon' | 'due';

/** Where a due moment stands now: nothing yet, within the reminder period, or due. */
export function dueStage(dueAt: Date, remindBefore: RiskReviewPlan['remindBefore'], now: Date, timeZone: string): DueStage | undefined {
  if (now >= dueAt) return 'due';
  if (now >= subtractDuration(dueAt, remindBefore, timeZone)) return 'soon';
  return undefined;
}

/** Why a review is held now: a cluster alert asked for it, the yearly review is near or past, or the principal chose to. */
export function reviewReason(a: Pick<RiskAssessment, 'prompts' | 'lastReview' | 'createdAt'>, plan: RiskReviewPlan, now: Date, timeZone: string): ReviewReason {
  if (a.prompts.length > 0) return 'cluster';
  return dueStage(nextReviewDue(plan, a, now, timeZone), plan.remindBefore, now, timeZone) ? 'yearly' : 'manual';
}

/** How the risk changed from one version to the next, per colour, for the history. */
export function riskChangeSummary(before: SnapshotRow[], after: SnapshotRow[]): { before: Record<RiskColour, number>; after: Record<RiskColour, number>; raised: number; lowered: number; added: number; removed: number } {
  const old = new Map(before.filter((r) => r.status === 'active').map((r) => [r.id, r]));
  const now = after.filter((r) => r.status === 'active');
  let raised = 0;
  let lowered = 0;
  for (const r of now) {
    const was = old.get(r.id);
    if (was && r.score > was.score) raised++;
    if (was && r.score < was.score) lowered++;
  }
  return {
    before: colourCounts([...old.values()]),
    after: colourCounts(now),
    raised,
    lowered,
    added: now.filter((r) => !old.has(r.id)).length,
    removed: [...old.keys()].filter((id) => !now.some((r) => r.id === id)).length,
  };
}

// ---------------------------------------------------------------- evidence from cases

/** The first day of the window "the last 12 months" ending today: the same date a year before (28 Feb for 29 Feb). */
export function twelveMonthsBefore(today: string): string {
  const year = Number(today.slice(0, 4)) - 1;
  const monthDay = today.slice(5);
  return addDays(dayInYear(year, monthDay), monthDay === '02-29' ? 1 : 0);
}

/** Whether a situation names where or when it happens: only then can cases match it by themselves. */
export function hasCriteria(s: Pick<Situation, 'location' | 'timeOfDay' | 'types'>): boolean {
  return s.location !== undefined || s.timeOfDay !== undefined || s.types.length > 0;
}

/**
 * Whether a case is evidence for a situation: linked to it from the case card,
 * or matching each of the place, time of day and types the situation names.
 */
export function matchesSituation(s: Situation, e: CaseEvidence, day: SchoolDay): boolean {
  if (s.linkedCases.some((l) => l.caseId === e.caseId)) return true;
  if (!hasCriteria(s)) return false;
  if (s.location && e.report.location !== s.location) return false;
  if (s.timeOfDay && timeOfDayOf(e.report, day) !== s.timeOfDay) return false;
  if (s.types.length > 0 && !e.report.types.some((t) => s.types.includes(t))) return false;
  return true;
}

/** The school's cases of the last 12 months that match each active situation. */
export function evidenceBySituation(a: Pick<RiskAssessment, 'situations'>, evidence: CaseEvidence[], day: SchoolDay, since: string): Map<string, CaseEvidence[]> {
  const recent = evidence.filter((e) => e.report.date >= since);
  return new Map(activeSituations(a).map((s) => [s.id, recent.filter((e) => matchesSituation(s, e, day))]));
}

export interface Suggestion {
  /** location|timeOfDay: stable while the cluster lasts, so adding it twice adds it once. */
  key: string;
  location: Location;
  timeOfDay?: TimeOfDay;
  count: number;
  /** The earliest case's date. */
  since: string;
  caseIds: string[];
  /** The types seen, most frequent first. */
  types: IncidentType[];
  factors: RiskFactor[];
  likelihood: number;
  consequence: number;
}

/** A starting point from how often it happened in 12 months; the principal adjusts it. */
export function suggestedLikelihood(count: number): number {
  if (count >= 12) return 5;
  if (count >= 6) return 4;
  if (count >= 3) return 3;
  return count >= 2 ? 2 : 1;
}

const SEVERITY_CONSEQUENCE: Record<Severity, number> = { minor: 2, serious: 3, 'very-serious': 4 };

/** From the worst case: a serious injury is the worst consequence. */
export function suggestedConsequence(cases: CaseEvidence[]): number {
  let worst = 1;
  for (const c of cases) worst = Math.max(worst, c.report.seriousInjury ? 5 : SEVERITY_CONSEQUENCE[c.report.severity]);
  return worst;
}

function covers(s: Situation, location: Location, timeOfDay: TimeOfDay | undefined, caseIds: string[]): boolean {
  // A situation the principal linked most of the cluster's cases to covers it, whatever it names.
  const linked = caseIds.filter((id) => s.linkedCases.some((l) => l.caseId === id)).length;
  if (linked * 2 >= caseIds.length) return true;
  if (s.location === undefined && s.timeOfDay === undefined) return false;
  if (s.location !== undefined && s.location !== location) return false;
  return s.timeOfDay === undefined || s.timeOfDay === timeOfDay;
}

function mostFrequent<T extends string>(lists: T[][]): T[] {
  const counts = new Map<T, number>();
  for (const list of lists) for (const v of list) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([v]) => v);
}

/**
 * New situations the school's cases point to: at least `minCases` cases of
 * the last 12 months at one place and time of day (or at one place, at
 * various times) that no active situation covers. Most cases first.
 */
export function suggestSituations(a: Pick<RiskAssessment, 'situations'>, evidence: CaseEvidence[], day: SchoolDay, since: string, minCases: number): Suggestion[] {
  const situations = activeSituations(a);
  const recent = evidence.filter((e) => e.report.date >= since);
  const groups = new Map<string, { location: Location; timeOfDay?: TimeOfDay; cases: CaseEvidence[] }>();
  const add = (key: string, location: Location, timeOfDay: TimeOfDay | undefined, e: CaseEvidence) => {
    const g = groups.get(key) ?? { location, ...(timeOfDay ? { timeOfDay } : {}), cases: [] };
    g.cases.push(e);
    groups.set(key, g);
  };
  for (const e of recent) {
    const t = timeOfDayOf(e.report, day);
    if (t) add(`${e.report.location}|${t}`, e.report.location, t, e);
    add(`${e.report.location}|`, e.report.location, undefined, e);
  }
  const suggested: Suggestion[] = [];
  const byTime = [...groups.entries()].filter(([, g]) => g.timeOfDay);
  const byPlace = [...groups.entries()].filter(([, g]) => !g.timeOfDay);
  for (const [key, group] of [...byTime, ...byPlace]) {
    let g = group;
    if (!g.timeOfDay) {
      // A place as a whole: only its cases no situation matches and no suggestion above already holds.
      const held = new Set(suggested.filter((x) => x.location === g.location).flatMap((x) => x.caseIds));
      g = { ...g, cases: g.cases.filter((c) => !held.has(c.caseId) && !situations.some((s) => matchesSituation(s, c, day))) };
    }
    if (g.cases.length < minCases) continue;
    const caseIds = g.cases.map((c) => c.caseId);
    if (situations.some((s) => covers(s, g.location, g.timeOfDay, caseIds))) continue;
    const sorted = [...g.cases].sort((x, y) => x.report.date.localeCompare(y.report.date));
    suggested.push({
      key,
      location: g.location,
      ...(g.timeOfDay ? { timeOfDay: g.timeOfDay } : {}),
      count: g.cases.length,
      since: sorted[0].report.date,
      caseIds: sorted.map((c) => c.caseId),
      types: mostFrequent(g.cases.map((c) => c.report.types)).slice(0, 2),
      factors: mostFrequent(g.cases.map((c) => c.report.riskFactors)).slice(0, 3),
      likelihood: suggestedLikelihood(g.cases.length),
      consequence: suggestedConsequence(g.cases),
    });
  }
  return suggested.sort((x, y) => y.count - x.count || x.key.localeCompare(y.key));
}

// ---------------------------------------------------------------- measures over time

/** Approved measures not done past their due date: what the owner's report counts as overdue. */
export function overdueMeasures(a: Pick<RiskAssessment, 'situations'>, today: string): { situation: Situation; measure: RiskMeasure }[] {
  return activeSituations(a).flatMap((s) => s.measures.filter((m) => m.state === 'approved' && m.dueDate < today).map((measure) => ({ situation: s, measure })));
}

/** A stable short hash, for ids made from free keys. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
