import { withChanges, withoutUndefined } from '../../src/core/objects';

describe('withoutUndefined', () => {
  it('leaves out the undefined fields only, keeps the order and falsy values, and leaves its input as it was', () => {
    const input = { a: 1, gone: undefined, b: 0, c: false, d: '', e: null, nested: { inner: undefined } };
    const copy = withoutUndefined(input);
    expect(Object.keys(copy)).toEqual(['a', 'b', 'c', 'd', 'e', 'nested']);
    expect(copy).toEqual({ a: 1, b: 0, c: false, d: '', e: null, nested: { inner: undefined } });
    expect(Object.keys(input)).toContain('gone');
  });
});

describe('withChanges', () => {
  it('makes what a spread of both makes: same keys in the same order, later values winning, undefined kept', () => {
    const base = JSON.parse('{"id":"w1","state":"open","attempts":2,"dueAt":"2026-12-03T10:00:00.000Z"}');
    const changes = { state: 'done', dueAt: undefined, doneAt: '2026-12-03T10:01:00.000Z', skipped: true };
    const made = withChanges(base, changes);
    const spread = { ...base, ...changes };
    expect(made).toEqual(spread);
    expect(Object.keys(made)).toEqual(Object.keys(spread));
    expect(Object.keys(made)).toContain('dueAt');
    expect(made.dueAt).toBeUndefined();
    expect(JSON.stringify(made)).toBe(JSON.stringify(spread));
  });

  it('applies several changes in order, as spreads one after the other do', () => {
    const base: Record<string, unknown> = { id: 'w1', state: 'open' };
    const made = withChanges(base, { state: 'done', doneAt: 'a' }, { doneAt: 'b', skipped: true });
    expect(made).toEqual({ ...base, ...{ state: 'done', doneAt: 'a' }, ...{ doneAt: 'b', skipped: true } });
    expect(Object.keys(made)).toEqual(['id', 'state', 'doneAt', 'skipped']);
  });

  it('leaves both inputs as they were, and shares nested values as a spread does', () => {
    const nested = { to: ['a'] };
    const base: { id: string; delivery: typeof nested; attempts?: number } = { id: 'w1', delivery: nested };
    const changes = { attempts: 1 };
    const made = withChanges(base, changes);
    expect(base).toEqual({ id: 'w1', delivery: nested });
    expect(changes).toEqual({ attempts: 1 });
    expect(made).not.toBe(base);
    expect(made.delivery).toBe(nested);
  });

  it('never lets a stored "__proto__" key set the prototype of what it makes', () => {
    const base = JSON.parse('{"id":"w1","__proto__":{"polluted":true}}');
    const made = withChanges<Record<string, unknown>>(base, JSON.parse('{"__proto__":{"alsoPolluted":true},"state":"done"}'));
    expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
    expect(made.polluted).toBeUndefined();
    expect(made.alsoPolluted).toBeUndefined();
    expect(made).toEqual({ id: 'w1', state: 'done' });
  });
});
