/**
 * Training and drills (forskrift om utførelse av arbeid § 3A-5), as pure
 * rules: the log's entries and their validation, when each school's plan
 * falls due (drills, going through the routine, new staff), who of the staff
 * took part in the last 12 months, and who counts as new (first seen in the
 * directory after the school's record began). Every function takes `now`.
 */
import { createHash } from 'node:crypto';
import { isRealCalendarDate, localDateTime, zonedToUtc } from '../core/clock';
import { containsNationalIdNumber } from '../core/national-id';
import type { TrainingPlan } from '../core/schedule';
import { addDuration, subtractDuration } from '../core/schedule-math';
import { schoolPartition } from '../core/work';

export const TRAINING_KINDS = ['course', 'drill', 'routines', 'newStaff'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

export interface TrainingEntry {
  id: string;
  /** Partition key: `school:<id>`, with the school's other prevention documents. */
  caseId: string;
  docType: 'trainingEntry';
  schoolId: string;
  /** YYYY-MM-DD, when it took place. */
  date: string;
  kind: TrainingKind;
  /** The scenario or topic. */
  topic: string;
  /** The risk assessment's situation it trained for, if any. */
  situationId?: string;
  /** Who led it: someone at the school, or a name (BHT, an instructor). */
  ledById?: string;
  ledByName?: string;
  participants: string[];
  durationMinutes?: number;
  /** What was learned. */
  notes?: string;
  recordedBy: string;
  recordedAt: string;
  requestId: string;
  /** When the retention policy replaced its people by roles and removed its notes (src/privacy). */
  anonymisedAt?: string;
}

/**
 * When each of a school's staff was first seen in the directory: a new staff
 * member is someone who appeared after the record began; those there at the
 * start are the baseline, not new.
 */
export interface StaffRecord {
  id: string;
  caseId: string;
  docType: 'staffRecord';
  schoolId: string;
  startedAt: string;
  /** `leftAt`: when the person was first seen gone from the school (the retention policy counts from it); cleared if they come back. */
  people: Record<string, { firstSeenAt: string; baseline?: boolean; leftAt?: string }>;
}

export const LIMITS = { topic: 200, notes: 2000, ledByName: 100, durationMinutes: 24 * 60, participants: 500 } as const;

export function staffRecordId(schoolId: string): string {
  return `staff-${schoolId}`;
}

/** The same form sent twice (a retry, a double click) is the same entry. */
export function trainingEntryId(schoolId: string, requestId: string): string {
  return `training-${createHash('sha256').update(`${schoolId}\n${requestId}`).digest('hex').slice(0, 32)}`;
}

// ---------------------------------------------------------------- input

export type TrainingField = 'date' | 'kind' | 'topic' | 'participants' | 'situationId' | 'durationMinutes' | 'notes' | 'ledBy' | 'clientRequestId';
export type TrainingInputError = 'required' | 'invalid' | 'invalidDate' | 'future' | 'tooLong' | 'nationalId' | 'invalidChoice' | 'notStaff' | 'unknownSituation' | 'outOfRange';
export type TrainingInputErrors = Partial<Record<TrainingField, TrainingInputError>>;

export interface TrainingInputContext {
  today: string;
  /** The school's staff: who may take part or lead. */
  staff: string[];
  /** The assessment's active situations. */
  situationIds: string[];
}

export type TrainingFields = Pick<TrainingEntry, 'date' | 'kind' | 'topic' | 'participants' | 'situationId' | 'ledById' | 'ledByName' | 'durationMinutes' | 'notes' | 'requestId'>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function text(value: unknown, max: number, required: boolean): { value?: string; error?: TrainingInputError } {
  if (value !== undefined && value !== null && typeof value !== 'string') return { error: 'invalid' };
  const t = (value ?? '').trim();
  if (t === '') return required ? { error: 'required' } : {};
  if ([...t].length > max) return { error: 'tooLong' };
  if (containsNationalIdNumber(t)) return { error: 'nationalId' };
  return { value: t };
}

/** A training.log card's data (CONTRACT.md), checked before anything is stored. */
export function parseTrainingEntry(data: Record<string, unknown>, ctx: TrainingInputContext): { ok: true; fields: TrainingFields } | { ok: false; errors: TrainingInputErrors } {
  const errors: TrainingInputErrors = {};

  const date = typeof data.date === 'string' ? data.date.trim() : '';
  if (date === '') errors.date = 'required';
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isRealCalendarDate(date)) errors.date = 'invalidDate';
  else if (date > ctx.today) errors.date = 'future';

  const kind = TRAINING_KINDS.find((k) => k === data.kind);
  if (!kind) errors.kind = blank(data.kind) ? 'required' : 'invalidChoice';

  const topic = text(data.topic, LIMITS.topic, true);
  if (topic.error) errors.topic = topic.error;

  const rawParticipants = Array.isArray(data.participants) ? data.participants : typeof data.participants === 'string' ? data.participants.split(',') : blank(data.participants) ? [] : null;
  const participants = [...new Set((rawParticipants ?? []).map((p) => (typeof p === 'string' ? p.trim().toLowerCase() : '')).filter((p) => p !== ''))];
  if (rawParticipants === null) errors.participants = 'invalid';
  else if (participants.length === 0) errors.participants = 'required';
  else if (participants.length > LIMITS.participants) errors.participants = 'tooLong';
  else if (participants.some((p) => !GUID.test(p) || !ctx.staff.includes(p))) errors.participants = 'notStaff';

  let situationId: string | undefined;
  if (!blank(data.situationId)) {
    situationId = typeof data.situationId === 'string' ? data.situationId.trim() : '';
    if (!ctx.situationIds.includes(situationId)) errors.situationId = 'unknownSituation';
  }

  let durationMinutes: number | undefined;
  if (!blank(data.durationMinutes)) {
    const raw = typeof data.durationMinutes === 'number' ? data.durationMinutes : typeof data.durationMinutes === 'string' && /^\s*\d+\s*$/.test(data.durationMinutes) ? Number(data.durationMinutes) : NaN;
    if (!Number.isInteger(raw)) errors.durationMinutes = 'invalid';
    else if (raw < 1 || raw > LIMITS.durationMinutes) errors.durationMinutes = 'outOfRange';
    else durationMinutes = raw;
  }

  const notes = text(data.notes, LIMITS.notes, false);
  if (notes.error) errors.notes = notes.error;

  // Who led it: one of the staff (a choice), or a name typed in.
  let ledById: string | undefined;
  let ledByName: string | undefined;
  const ledBy = typeof data.ledBy === 'string' ? data.ledBy.trim().toLowerCase() : '';
  if (ledBy && GUID.test(ledBy)) {
    if (ctx.staff.includes(ledBy)) ledById = ledBy;
    else errors.ledBy = 'notStaff';
  } else {
    const name = text(data.ledByName ?? (ledBy ? data.ledBy : undefined), LIMITS.ledByName, false);
    if (name.error) errors.ledBy = name.error;
    ledByName = name.value;
  }

  const requestId = typeof data.clientRequestId === 'string' && REQUEST_ID.test(data.clientRequestId) ? data.clientRequestId : undefined;
  if (!requestId) errors.clientRequestId = 'invalid';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    fields: {
      date,
      kind: kind!,
      topic: topic.value!,
      participants,
      requestId: requestId!,
      ...(situationId ? { situationId } : {}),
      ...(ledById ? { ledById } : {}),
      ...(ledByName ? { ledByName } : {}),
      ...(durationMinutes ? { durationMinutes } : {}),
      ...(notes.value ? { notes: notes.value } : {}),
    },
  };
}

export function newTrainingEntry(schoolId: string, fields: TrainingFields, recordedBy: string, now: Date): TrainingEntry {
  return {
    id: trainingEntryId(schoolId, fields.requestId),
    caseId: schoolPartition(schoolId),
    docType: 'trainingEntry',
    schoolId,
    ...fields,
    recordedBy,
    recordedAt: now.toISOString(),
  };
}

// ---------------------------------------------------------------- staff over time

/**
 * The record with anyone new added (first seen now), anyone gone marked as
 * left (now), and anyone back unmarked; undefined when nothing changed. A
 * school's first record takes everyone as the baseline: the product cannot
 * tell who started before it did.
 */
export function updateStaffRecord(record: StaffRecord | undefined, schoolId: string, staff: string[], now: Date): StaffRecord | undefined {
  const at = now.toISOString();
  if (!record) {
    return { id: staffRecordId(schoolId), caseId: schoolPartition(schoolId), docType: 'staffRecord', schoolId, startedAt: at, people: Object.fromEntries(staff.map((id) => [id, { firstSeenAt: at, baseline: true }])) };
  }
  const present = new Set(staff);
  const people = { ...record.people };
  let changed = false;
  for (const id of staff) {
    const known = people[id];
    if (!known) people[id] = { firstSeenAt: at };
    else if (known.leftAt) {
      const { leftAt: _back, ...rest } = known;
      people[id] = rest;
    } else continue;
    changed = true;
  }
  for (const [id, known] of Object.entries(people)) {
    if (present.has(id) || known.leftAt) continue;
    people[id] = { ...known, leftAt: at };
    changed = true;
  }
  return changed ? { ...record, people } : undefined;
}

// ---------------------------------------------------------------- the plan

/**
 * When an entry counts from: the moment it was logged if logged on its day,
 * else midday of its date (so a plan of minutes, as the fast demo schedule
 * has, runs from the logging, and one of months from the date).
 */
export function entryMoment(e: Pick<TrainingEntry, 'date' | 'recordedAt'>, timeZone: string): Date {
  return localDateTime(new Date(e.recordedAt), timeZone).date === e.date ? new Date(e.recordedAt) : zonedToUtc(e.date, '12:00', timeZone);
}

export type PlanItemKind = 'drill' | 'routines' | 'newStaff';
export type PlanStage = 'ok' | 'soon' | 'due';

export interface PlanItem {
  kind: PlanItemKind;
  /** The new staff member, for `newStaff`. */
  personId?: string;
  dueAt: Date;
  /** The latest entry that counts, if any. */
  lastAt?: Date;
  stage: PlanStage;
}

/** The kinds of training that count for a new staff member. */
const NEW_STAFF_KINDS: readonly TrainingKind[] = ['newStaff', 'course', 'routines'];

function tookPart(e: TrainingEntry, personId: string): boolean {
  return e.participants.includes(personId) || e.ledById === personId;
}

function stageOf(dueAt: Date, plan: TrainingPlan, now: Date, timeZone: string): PlanStage {
  if (now >= dueAt) return 'due';
  return now >= subtractDuration(dueAt, plan.remindBefore, timeZone) ? 'soon' : 'ok';
}

/**
 * What the school's plan asks for and when: the next drill (`drillEvery`
 * after the last; at once if none is logged), the next time the routine is
 * gone through (`routinesEvery`), and each new staff member not yet trained
 * (`newStaffWithin` after first seen). Without a record yet, "now" is the start.
 */
export function planItems(entries: TrainingEntry[], record: StaffRecord | undefined, staff: string[], plan: TrainingPlan, now: Date, timeZone: string): PlanItem[] {
  const start = record ? new Date(record.startedAt) : now;
  const items: PlanItem[] = [];
  const periodic = (kind: 'drill' | 'routines', every: TrainingPlan['drillEvery'] | null) => {
    if (!every) return;
    const moments = entries.filter((e) => e.kind === kind).map((e) => entryMoment(e, timeZone));
    const last = moments.length > 0 ? new Date(Math.max(...moments.map((m) => m.getTime()))) : undefined;
    const dueAt = last ? addDuration(last, every, timeZone) : start;
    items.push({ kind, dueAt, ...(last ? { lastAt: last } : {}), stage: stageOf(dueAt, plan, now, timeZone) });
  };
  periodic('drill', plan.drillEvery);
  periodic('routines', plan.routinesEvery);
  for (const personId of staff) {
    const seen = record?.people[personId];
    if (!seen || seen.baseline) continue;
    const firstSeen = new Date(seen.firstSeenAt);
    const trained = entries.some((e) => NEW_STAFF_KINDS.includes(e.kind) && tookPart(e, personId) && entryMoment(e, timeZone) >= subtractDuration(firstSeen, plan.newStaffWithin, timeZone));
    if (trained) continue;
    const dueAt = addDuration(firstSeen, plan.newStaffWithin, timeZone);
    items.push({ kind: 'newStaff', personId, dueAt, stage: stageOf(dueAt, plan, now, timeZone) });
  }
  return items;
}

/** A plan item's key: the same item at the same due moment and stage is reminded of once. */
export function planItemKey(item: Pick<PlanItem, 'kind' | 'personId' | 'dueAt'>): string {
  return `${item.kind}:${item.personId ?? ''}:${item.dueAt.toISOString()}`;
}

// ---------------------------------------------------------------- coverage

export interface Coverage {
  total: number;
  covered: string[];
  missing: string[];
}

/**
 * The staff who took part in (or led) training or a drill in the 12 months
 * up to today, and those who did not; everyone now on the school's staff.
 */
export function coverage(entries: TrainingEntry[], staff: string[], since: string): Coverage {
  const recent = entries.filter((e) => e.date >= since);
  const covered = staff.filter((id) => recent.some((e) => tookPart(e, id)));
  return { total: staff.length, covered, missing: staff.filter((id) => !covered.includes(id)) };
}

export function coverageShare(c: Coverage): number {
  return c.total === 0 ? 0 : Math.round((c.covered.length / c.total) * 100);
}

/** The latest drill's date, for the owner's report ("no drill in 6 months"). */
export function lastOfKind(entries: TrainingEntry[], kind: TrainingKind): string | undefined {
  return entries.filter((e) => e.kind === kind).map((e) => e.date).sort().pop();
}
