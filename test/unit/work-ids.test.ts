/**
 * Work ids are derived, not drawn (core/work.ts workIdFor): the same event
 * gives the same id on every instance and in every version, so work already
 * stored is never owed twice after an upgrade. The value below is SHA-256 as
 * the first versions computed it.
 */
import { newWork, workIdFor } from '../../src/core/work';

describe('work ids', () => {
  it('are the same for the same partition, kind, recipient and key, as they always were', () => {
    expect(workIdFor('case-1', 'case.new', 'person-1')).toBe('work-0a46a60c24862132e94ae8babd4f9d46');
    const now = new Date('2026-12-02T12:00:00Z');
    expect(newWork('case.new', 'case-1', { recipientId: 'person-1', role: 'principal' }, { key: '', dueAt: now, now }).id).toBe('work-0a46a60c24862132e94ae8babd4f9d46');
  });

  it('differ when any part differs', () => {
    const ids = new Set([workIdFor('case-1', 'case.new', 'p'), workIdFor('case-2', 'case.new', 'p'), workIdFor('case-1', 'checkin', 'p'), workIdFor('case-1', 'case.new', 'q'), workIdFor('case-1', 'case.new', 'p', 'f2')]);
    expect(ids.size).toBe(5);
  });
});
