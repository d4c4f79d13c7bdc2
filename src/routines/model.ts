/**
 * Each school's routine for violence and threats (forskrift § 3A-4,
 * information and routines): the text and a link, as the principal set it,
 * else as the directory file gives it, else the product's own (the bot is the
 * routine: report here, the principal and safety representative are told).
 */
import type { School } from '../core/directory';
import { containsNationalIdNumber } from '../core/national-id';
import { schoolPartition } from '../core/work';

export interface RoutineDoc {
  id: string;
  /** Partition key: `school:<id>`. */
  caseId: string;
  docType: 'routine';
  schoolId: string;
  text: string;
  url?: string;
  setBy: string;
  setAt: string;
}

export interface Routine {
  schoolId: string;
  /** Undefined: the product's own text (in the reader's language). */
  text?: string;
  url?: string;
  source: 'principal' | 'directory' | 'default';
  setBy?: string;
  setAt?: string;
}

export const TEXT_MAX = 4000;
export const URL_MAX = 500;

export function routineId(schoolId: string): string {
  return `routine-${schoolId}`;
}

/** The routine people see: the principal's, else the directory's, else the default. */
export function routineOf(school: School, stored: RoutineDoc | undefined): Routine {
  if (stored) return { schoolId: school.id, text: stored.text, ...(stored.url ? { url: stored.url } : {}), source: 'principal', setBy: stored.setBy, setAt: stored.setAt };
  if (school.routine) return { schoolId: school.id, text: school.routine.text, ...(school.routine.url ? { url: school.routine.url } : {}), source: 'directory' };
  return { schoolId: school.id, source: 'default' };
}

export type RoutineInputError = 'required' | 'tooLong' | 'nationalId' | 'invalidUrl' | 'invalid';
export type RoutineCommand = { clear: true } | { clear: false; text: string; url?: string };

/** A routine.set card's data: `text` and an optional web address; `clear: "true"` goes back to the directory's. */
export function parseRoutine(data: Record<string, unknown>): { ok: true; command: RoutineCommand } | { ok: false; errors: Partial<Record<'text' | 'url', RoutineInputError>> } {
  if (data.clear === true || data.clear === 'true') return { ok: true, command: { clear: true } };
  const errors: Partial<Record<'text' | 'url', RoutineInputError>> = {};
  const text = typeof data.text === 'string' ? data.text.trim() : data.text === undefined ? '' : null;
  if (text === null) errors.text = 'invalid';
  else if (text === '') errors.text = 'required';
  else if ([...text].length > TEXT_MAX) errors.text = 'tooLong';
  else if (containsNationalIdNumber(text)) errors.text = 'nationalId';
  const url = typeof data.url === 'string' ? data.url.trim() : '';
  if (url) {
    let ok = url.length <= URL_MAX;
    try {
      ok = ok && ['https:', 'http:'].includes(new URL(url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) errors.url = 'invalidUrl';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, command: { clear: false, text: text as string, ...(url ? { url } : {}) } };
}

export function newRoutineDoc(schoolId: string, text: string, url: string | undefined, by: string, now: Date): RoutineDoc {
  return { id: routineId(schoolId), caseId: schoolPartition(schoolId), docType: 'routine', schoolId, text, ...(url ? { url } : {}), setBy: by, setAt: now.toISOString() };
}
