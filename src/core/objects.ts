/** Small helpers for plain data objects, shared by the features and the store code. */

/**
 * A copy without the fields that are undefined, in the same order. Built
 * anew rather than deleted from: a `delete` leaves V8 a slow dictionary
 * object for everything that reads it afterwards.
 */
export function withoutUndefined<T extends object>(value: T): T {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) copy[key] = v;
  }
  return copy as T;
}
