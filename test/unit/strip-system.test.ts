import { stripSystem } from '../../src/core/cosmos/batch';

describe('stripSystem', () => {
  it("drops Cosmos DB's system properties, keeps every other (falsy ones too), and leaves the stored document as it was", () => {
    const stored = { id: 'a', caseId: 'c', n: 0, flag: false, text: '', none: null, nested: { _ts: 1 }, _rid: 'r', _self: 's', _etag: 'e', _attachments: 'x', _ts: 2 };
    const before = JSON.stringify(stored);
    const plain = stripSystem(stored);
    expect(plain).toEqual({ id: 'a', caseId: 'c', n: 0, flag: false, text: '', none: null, nested: { _ts: 1 } });
    expect(Object.keys(plain)).toEqual(['id', 'caseId', 'n', 'flag', 'text', 'none', 'nested']);
    expect(JSON.stringify(stored)).toBe(before);
  });
});
