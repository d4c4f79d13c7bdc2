import { filterData, filterRange, parseListFilter, parseReference } from '../../src/cases/model/list-filter';

describe('the filters of "saker"', () => {
  it('defaults to the open cases of all time', () => {
    expect(parseListFilter({})).toEqual({ ok: true, filter: { state: 'open', period: 'all' } });
    expect(parseListFilter({ state: '', period: '', severity: 'any', reference: '  ' })).toEqual({ ok: true, filter: { state: 'open', period: 'all' } });
  });

  it('reads state, period and severity from the choices only', () => {
    expect(parseListFilter({ state: 'closed', period: 'last30Days', severity: 'serious' })).toEqual({ ok: true, filter: { state: 'closed', period: 'last30Days', severity: 'serious' } });
    for (const bad of [{ state: 'deleted' }, { period: 'forever' }, { severity: 'huge' }, { state: ['all'] }, { period: 3 }]) {
      expect(parseListFilter(bad)).toEqual({ ok: false, problem: 'badFilter', filter: { state: 'open', period: 'all' } });
    }
  });

  it('finds a reference however it is written, and refuses what is none', () => {
    expect(parseReference('VT-2026-0042')).toBe('VT-2026-0042');
    expect(parseReference(' vt-2026-42 ')).toBe('VT-2026-0042');
    expect(parseReference('VT 2026 0042')).toBe('VT-2026-0042');
    for (const none of ['2026-0042', 'VT-26-0042', 'VT-2026-', 'VT-2026-0042; DROP', 'sak 42']) expect(parseReference(none)).toBeUndefined();
    expect(parseListFilter({ state: 'all', reference: 'vt-2026-7' })).toEqual({ ok: true, filter: { state: 'all', period: 'all', reference: 'VT-2026-0007' } });
    expect(parseListFilter({ state: 'all', reference: 'x' })).toEqual({ ok: false, problem: 'badReference', filter: { state: 'all', period: 'all' } });
    expect(parseListFilter({ reference: 42 })).toMatchObject({ ok: false, problem: 'badReference' });
  });

  it('turns a period into incident dates, today included', () => {
    expect(filterRange('all', '2026-12-02')).toBeUndefined();
    expect(filterRange('last30Days', '2026-12-02')).toEqual({ from: '2026-11-03', to: '2026-12-02' });
    expect(filterRange('schoolYear', '2026-12-02')).toEqual({ from: '2026-08-01', to: '2026-12-02' });
  });

  it('carries the filter on the paging buttons', () => {
    expect(filterData({ state: 'closed', period: 'schoolYear', severity: 'minor' })).toEqual({ state: 'closed', period: 'schoolYear', severity: 'minor', reference: '' });
  });
});
