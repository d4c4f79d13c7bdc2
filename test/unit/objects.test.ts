import { withoutUndefined } from '../../src/core/objects';

describe('withoutUndefined', () => {
  it('leaves out the undefined fields only, keeps the order and falsy values, and leaves its input as it was', () => {
    const input = { a: 1, gone: undefined, b: 0, c: false, d: '', e: null, nested: { inner: undefined } };
    const copy = withoutUndefined(input);
    expect(Object.keys(copy)).toEqual(['a', 'b', 'c', 'd', 'e', 'nested']);
    expect(copy).toEqual({ a: 1, b: 0, c: false, d: '', e: null, nested: { inner: undefined } });
    expect(Object.keys(input)).toContain('gone');
  });
});
