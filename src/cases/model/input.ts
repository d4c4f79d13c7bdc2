/**
 * The data of case actions as cards send it, checked before anything changes.
 * Errors are codes per field; the edge words them.
 */
import { z } from 'zod';
import type { FollowUpAnswer, LegalItem } from './case';
import type { CaseCommand } from './transitions';
import { isRealCalendarDate } from '../../core/clock';
import { containsNationalIdNumber } from '../../core/national-id';
import { looksLikePupilName } from '../../core/pupil-names';
import { CONFIRM_NO_NAMES } from './report';

export const COMMENT_MAX = 2000;
export const MEASURE_MAX = 500;
export const REASON_MAX = 500;
export const SUMMARY_MAX = 2000;
export const NOTE_MAX = 2000;

/** `pupilName` is a warning: the text seems to name a pupil; sent again with `confirmNoNames` it passes. */
export type CaseInputError = 'required' | 'tooLong' | 'nationalId' | 'pupilName' | 'invalidDate' | 'pastDate' | 'invalidOwner' | 'invalid';
export type CaseInputField = 'comment' | 'description' | 'owner' | 'dueDate' | 'reason' | 'summary' | 'measureId' | 'item' | 'done' | 'followUpId' | 'answer' | 'note';
export type CaseInputResult = { ok: true; command: CaseCommand } | { ok: false; errors: Partial<Record<CaseInputField, CaseInputError>> };

export interface CaseInputContext {
  /** Today where the school is, YYYY-MM-DD. */
  today: string;
  /** Who may own a measure: the school's people. */
  possibleOwners: string[];
  /** First names of the school's staff, never taken for a pupil's. */
  staffFirstNames?: string[];
}

const LEGAL_ITEMS: readonly LegalItem[] = ['arbeidstilsynet', 'police', 'confirmation', 'nav'];
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
      return item && !errors.done ? { ok: true, command: { verb, item } } : fail();
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
