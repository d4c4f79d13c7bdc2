/**
 * The data of case actions as cards send it, checked before anything changes.
 * Errors are codes per field; the edge words them.
 */
// zod's v4 API, as the report's (model/report.ts).
import { z } from 'zod/v4';
import { LEGAL_HOWS, type Classification, type FollowUpAnswer, type LegalHow, type LegalItem, type LocalWhen } from './case';
import type { CaseCommand } from './transitions';
import { isRealCalendarDate } from '../../core/clock';
import { containsNationalIdNumber } from '../../core/national-id';
import { looksLikePupilName } from '../../core/pupil-names';
import { CONFIRM_NO_NAMES, SEVERITIES } from './report';
import { LEGAL_ITEMS } from './legal-steps';

export const COMMENT_MAX = 2000;
export const MEASURE_MAX = 500;
export const REASON_MAX = 500;
export const SUMMARY_MAX = 2000;
export const NOTE_MAX = 2000;
/** A legal step's reference: a case or journal number, a name of who took the call. */
export const REFERENCE_MAX = 200;

/** `pupilName` is a warning: the text seems to name a pupil; sent again with `confirmNoNames` it passes. */
export type CaseInputError = 'required' | 'tooLong' | 'nationalId' | 'pupilName' | 'invalidDate' | 'pastDate' | 'invalidOwner' | 'invalid' | 'whenInvalid' | 'whenFuture' | 'whenBeforeIncident' | 'unchanged';
export type CaseInputField = 'comment' | 'description' | 'owner' | 'dueDate' | 'reason' | 'summary' | 'measureId' | 'item' | 'done' | 'followUpId' | 'answer' | 'note' | 'when' | 'how' | 'reference' | 'severity' | 'classification';
export type CaseInputResult = { ok: true; command: CaseCommand } | { ok: false; errors: Partial<Record<CaseInputField, CaseInputError>> };

export interface CaseInputContext {
  /** Today where the school is, YYYY-MM-DD. */
  today: string;
  /** Who may own a measure: the school's people. */
  possibleOwners: string[];
  /** First names of the school's staff, never taken for a pupil's. */
  staffFirstNames?: string[];
  /** Now where the school is, HH:mm: a legal step cannot be done later today than now. */
  nowTime?: string;
  /** When the incident happened: a legal step cannot be done before it. */
  incident?: { date: string; time?: string };
}

const ANSWERS: readonly FollowUpAnswer[] = ['ok', 'talk', 'bht'];
const MEASURE_ID = /^m\d{1,4}$/;

/** What a free text is checked against besides its length: a pupil's name unless the writer confirmed there is none. */
interface NameCheck {
  confirmed: boolean;
  staffFirstNames?: string[];
}

function text(value: unknown, max: number, names?: NameCheck): { value?: string; error?: CaseInputError } {
  if (value !== undefined && typeof value !== 'string') return { error: 'invalid' };
  const t = (value ?? '').trim();
  if (t === '') return { error: 'required' };
  if ([...t].length > max) return { error: 'tooLong' };
  if (containsNationalIdNumber(t)) return { error: 'nationalId' };
  if (names && !names.confirmed && looksLikePupilName(t, { staffFirstNames: names.staffFirstNames })) return { error: 'pupilName' };
  return { value: t };
}


const measureIdSchema = z.string().regex(MEASURE_ID);

/** A card input: the step's form sends `legalHow`; named after its step (`legalHow-police`) or plainly (`how`) also do. */
function stepInput(data: Record<string, unknown>, prefix: string, plain: string, item: LegalItem): unknown {
  return data[`${prefix}-${item}`] ?? data[prefix] ?? data[plain];
}

/** When a legal step was done: empty is now; not in the future, not before the incident. */
function legalWhen(dateValue: unknown, timeValue: unknown, ctx: CaseInputContext): { value?: LocalWhen; error?: CaseInputError } {
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const time = str(timeValue);
  const date = str(dateValue) || (time ? ctx.today : '');
  if (date === '') return {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isRealCalendarDate(date)) return { error: 'whenInvalid' };
  if (time && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return { error: 'whenInvalid' };
  if (date > ctx.today || (date === ctx.today && time && ctx.nowTime && time > ctx.nowTime)) return { error: 'whenFuture' };
  const incident = ctx.incident;
  if (incident && (date < incident.date || (date === incident.date && time && incident.time && time < incident.time))) return { error: 'whenBeforeIncident' };
  return { value: { date, ...(time ? { time } : {}) } };
}

const CLASSIFICATION_TOGGLES = [
  ['seriousInjury', 'newSeriousInjury'],
  ['sickLeave', 'newSickLeave'],
  ['medicalTreatment', 'newMedicalTreatment'],
] as const;

export function parseCaseCommand(verb: CaseCommand['verb'], data: Record<string, unknown>, ctx: CaseInputContext): CaseInputResult {
  const errors: Partial<Record<CaseInputField, CaseInputError>> = {};
  const fail = () => ({ ok: false as const, errors });
  const names: NameCheck = { confirmed: data[CONFIRM_NO_NAMES] === true || data[CONFIRM_NO_NAMES] === 'true', staffFirstNames: ctx.staffFirstNames };
  const measureId = () => {
    const parsed = measureIdSchema.safeParse(data.measureId);
    if (!parsed.success) errors.measureId = 'invalid';
    return parsed.success ? parsed.data : '';
  };

  switch (verb) {
    case 'acknowledge':
      return { ok: true, command: { verb } };

    case 'comment': {
      const t = text(data.comment, COMMENT_MAX, names);
      if (t.error) errors.comment = t.error;
      return t.value ? { ok: true, command: { verb, text: t.value } } : fail();
    }

    case 'measure.propose': {
      const d = text(data.description, MEASURE_MAX, names);
      if (d.error) errors.description = d.error;
      const owner = typeof data.owner === 'string' && data.owner.trim() !== '' ? data.owner.trim().toLowerCase() : undefined;
      if (data.owner !== undefined && typeof data.owner !== 'string') errors.owner = 'invalid';
      else if (owner && !ctx.possibleOwners.includes(owner)) errors.owner = 'invalidOwner';
      const due = typeof data.dueDate === 'string' ? data.dueDate.trim() : '';
      if (due === '') errors.dueDate = 'required';
      else if (!/^\d{4}-\d{2}-\d{2}$/.test(due) || !isRealCalendarDate(due)) errors.dueDate = 'invalidDate';
      else if (due < ctx.today) errors.dueDate = 'pastDate';
      if (Object.keys(errors).length > 0) return fail();
      return { ok: true, command: { verb, description: d.value!, dueDate: due, ...(owner ? { ownerId: owner } : {}) } };
    }

    case 'measure.approve':
    case 'measure.complete': {
      const id = measureId();
      return id ? { ok: true, command: { verb, measureId: id } } : fail();
    }

    case 'measure.reject': {
      const id = measureId();
      // Each proposed measure on a card has its own reason box, named after it.
      const r = text(data.reason ?? (id ? data[`reason-${id}`] : undefined), REASON_MAX, names);
      if (r.error) errors.reason = r.error;
      return id && r.value ? { ok: true, command: { verb, measureId: id, reason: r.value } } : fail();
    }

    case 'legal.mark': {
      const item = LEGAL_ITEMS.find((i) => i === data.item);
      if (!item) errors.item = 'invalid';
      if (data.done !== true && data.done !== 'true') errors.done = 'invalid';
      if (!item || errors.done) return fail();
      const when = legalWhen(stepInput(data, 'legalDate', 'date', item), stepInput(data, 'legalTime', 'time', item), ctx);
      if (when.error) errors.when = when.error;
      const howValue = stepInput(data, 'legalHow', 'how', item);
      const how = LEGAL_HOWS.find((h) => h === howValue);
      if (howValue !== undefined && howValue !== '' && !how) errors.how = 'invalid';
      const refValue = stepInput(data, 'legalRef', 'reference', item);
      const reference = typeof refValue === 'string' && refValue.trim() !== '' ? text(refValue, REFERENCE_MAX) : refValue === undefined || refValue === '' ? {} : { error: 'invalid' as const };
      if (reference.error) errors.reference = reference.error;
      if (Object.keys(errors).length > 0) return fail();
      return { ok: true, command: { verb, item, ...(when.value ? { when: when.value } : {}), ...(how ? { how: how as LegalHow } : {}), ...(reference.value ? { reference: reference.value } : {}) } };
    }

    case 'legal.notApplicable':
    case 'legal.undo': {
      const item = LEGAL_ITEMS.find((i) => i === data.item);
      if (!item) errors.item = 'invalid';
      if (!item) return fail();
      const reasonValue = stepInput(data, 'legalReason', 'reason', item);
      const optional = verb === 'legal.undo' && (reasonValue === undefined || (typeof reasonValue === 'string' && reasonValue.trim() === ''));
      const r = optional ? {} : text(reasonValue, REASON_MAX, names);
      if (r.error) errors.reason = r.error;
      if (r.error) return fail();
      return verb === 'legal.undo' ? { ok: true, command: { verb, item, ...(r.value ? { reason: r.value } : {}) } } : { ok: true, command: { verb, item, reason: r.value! } };
    }

    case 'reclassify': {
      const to: Partial<Classification> = {};
      const severity = data.newSeverity ?? data.severity;
      if (severity !== undefined && severity !== '') {
        const found = SEVERITIES.find((x) => x === severity);
        if (found) to.severity = found;
        else errors.severity = 'invalid';
      }
      for (const [field, input] of CLASSIFICATION_TOGGLES) {
        const value = data[input] ?? data[field];
        if (value === undefined || value === '') continue;
        if (value === true || value === 'true') to[field] = true;
        else if (value === false || value === 'false') to[field] = false;
        else errors.classification = 'invalid';
      }
      const r = text(data.reclassifyReason ?? data.reason, REASON_MAX, names);
      if (r.error) errors.reason = r.error;
      if (Object.keys(errors).length > 0) return fail();
      return { ok: true, command: { verb, to, reason: r.value! } };
    }

    case 'followup.answer': {
      const followUpId = typeof data.followUpId === 'string' && /^f\d{1,4}$/.test(data.followUpId) ? data.followUpId : undefined;
      if (!followUpId) errors.followUpId = 'invalid';
      const answer = ANSWERS.find((a) => a === data.answer);
      if (!answer) errors.answer = data.answer === undefined || data.answer === '' ? 'required' : 'invalid';
      const hasNote = typeof data.note === 'string' && data.note.trim() !== '';
      const note = hasNote ? text(data.note, NOTE_MAX, names) : {};
      if (note.error) errors.note = note.error;
      if (!followUpId || !answer || note.error) return fail();
      const yes = (v: unknown) => v === true || v === 'true';
      return { ok: true, command: { verb, followUpId, answer, share: yes(data.share), noMore: yes(data.noMore), ...(note.value ? { note: note.value } : {}) } };
    }

    case 'followup.withdrawNote': {
      const followUpId = typeof data.followUpId === 'string' && /^f\d{1,4}$/.test(data.followUpId) ? data.followUpId : undefined;
      if (!followUpId) errors.followUpId = 'invalid';
      return followUpId ? { ok: true, command: { verb, followUpId } } : fail();
    }

    case 'close': {
      const s = text(data.summary, SUMMARY_MAX, names);
      if (s.error) errors.summary = s.error;
      return s.value ? { ok: true, command: { verb, summary: s.value } } : fail();
    }
  }
}
