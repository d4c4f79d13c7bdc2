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

/**
 * What `{ ...base, ...changes[0], ...changes[1] }` makes, built key by key.
 * On Node 20 (V8 11) an object literal whose spread is followed by keys the
 * spread did not bring (`{ ...item, doneAt }`, also `{ id, ...note, title,
 * ... }`) adds each of them the slow way: a work item given its ten settle
 * fields like that took 9–12 µs in a micro-benchmark, 1–2 µs copied like
 * this; under load a skipped card's settle went from 68–75 to 11–16 µs per
 * submit (docs/benchmarks.md, tenth part). Fields that only override, or a
 * spread last, are fast. For our own records only: a
 * `__proto__` key is left out, since an assignment would set the prototype
 * where a spread keeps it as data.
 */
export function withChanges<T extends object>(base: T, ...changes: Partial<T>[]): T {
  const copy: Record<string, unknown> = {};
  for (const from of [base, ...changes] as Record<string, unknown>[]) {
    for (const key of Object.keys(from)) if (key !== '__proto__') copy[key] = from[key];
  }
  return copy as T;
}
