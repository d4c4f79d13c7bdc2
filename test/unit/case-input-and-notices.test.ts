import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import { parseCaseCommand } from '../../src/cases/model/input';
import { noticesFor } from '../../src/cases/model/consequences';
import { byUrgency, pageOf, type Sortable } from '../../src/cases/model/order';
import { aCase } from '../support/cases';
import { P } from '../support/people';

const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
const ctx = { today: '2026-11-26', possibleOwners: [P.rune, P.vera, P.tina] };

describe('case action data', () => {
  it('reads a proposal', () => {
    expect(parseCaseCommand('measure.propose', { description: ' Alarmknapp ', owner: P.vera.toUpperCase(), dueDate: '2026-12-01' }, ctx)).toEqual({
      ok: true,
      command: { verb: 'measure.propose', description: 'Alarmknapp', ownerId: P.vera, dueDate: '2026-12-01' },
    });
    expect(parseCaseCommand('measure.propose', { description: 'x', dueDate: '2026-11-26' }, ctx).ok).toBe(true);
  });

  it('names what is wrong with a proposal', () => {
    expect(parseCaseCommand('measure.propose', { description: '', owner: P.ola, dueDate: '2026-11-25' }, ctx)).toEqual({
      ok: false,
      errors: { description: 'required', owner: 'invalidOwner', dueDate: 'pastDate' },
    });
    expect(parseCaseCommand('measure.propose', { description: 'x', dueDate: '2026-02-30' }, ctx)).toEqual({ ok: false, errors: { dueDate: 'invalidDate' } });
    expect(parseCaseCommand('measure.propose', { description: 'x'.repeat(501) }, ctx)).toEqual({ ok: false, errors: { description: 'tooLong', dueDate: 'required' } });
  });

  it('refuses national identity numbers and non-text in free text', () => {
    expect(parseCaseCommand('comment', { comment: 'Eleven 15076500565' }, ctx)).toEqual({ ok: false, errors: { comment: 'nationalId' } });
    expect(parseCaseCommand('close', { summary: { $ne: 1 } }, ctx)).toEqual({ ok: false, errors: { summary: 'invalid' } });
    expect(parseCaseCommand('comment', {}, ctx)).toEqual({ ok: false, errors: { comment: 'required' } });
  });

  // Every free text a person can store goes through the same check, however the number is written.
  it.each([
    ['comment', 'comment', { comment: 'Eleven har fnr 150314-51350.' }],
    ['measure.propose', 'description', { description: 'Følg opp 15.03.14 51350', dueDate: '2026-12-01' }],
    ['measure.reject', 'reason', { measureId: 'm1', reason: 'Gjelder 150 314 513 50' }],
    ['close', 'summary', { summary: 'Avsluttet for １５０３１４５１３５０.' }],
    ['followup.answer', 'note', { followUpId: 'f1', answer: 'talk', note: 'Det var 150314\u00A051350' }],
  ] as const)('refuses a national identity number in %s (%s)', (verb, field, data) => {
    expect(parseCaseCommand(verb, data, ctx)).toEqual({ ok: false, errors: { [field]: 'nationalId' } });
  });

  it('takes a rejection reason from the box named after the measure', () => {
    expect(parseCaseCommand('measure.reject', { measureId: 'm2', 'reason-m2': 'Dekket av tiltak 1.' }, ctx)).toEqual({ ok: true, command: { verb: 'measure.reject', measureId: 'm2', reason: 'Dekket av tiltak 1.' } });
    expect(parseCaseCommand('measure.reject', { measureId: 'm2', 'reason-m1': 'feil boks' }, ctx)).toEqual({ ok: false, errors: { reason: 'required' } });
    expect(parseCaseCommand('measure.approve', { measureId: '../m1' }, ctx)).toEqual({ ok: false, errors: { measureId: 'invalid' } });
  });

  it('marks legal steps as done only', () => {
    expect(parseCaseCommand('legal.mark', { item: 'nav', done: true }, ctx)).toEqual({ ok: true, command: { verb: 'legal.mark', item: 'nav' } });
    expect(parseCaseCommand('legal.mark', { item: 'nav', done: 'true' }, ctx).ok).toBe(true);
    expect(parseCaseCommand('legal.mark', { item: 'nav', done: false }, ctx)).toEqual({ ok: false, errors: { done: 'invalid' } });
    expect(parseCaseCommand('legal.mark', { item: 'fire', done: true }, ctx)).toEqual({ ok: false, errors: { item: 'invalid' } });
  });
});

describe('who is told of a change', () => {
  const c = { ...aCase(), affectedIds: [P.tina, P.eva] };

  it('tells the reporter side when the case is acknowledged', () => {
    expect(noticesFor(directory, c, [{ type: 'acknowledged' }], P.rune)).toEqual([
      { recipientId: P.tina, notice: 'acknowledged' },
      { recipientId: P.eva, notice: 'acknowledged' },
    ]);
  });

  it('tells the principal of a safety representative’s proposal, nobody of the principal’s own', () => {
    expect(noticesFor(directory, c, [{ type: 'measureProposed', measureId: 'm1', byRole: 'safetyRep' }], P.vera)).toEqual([{ recipientId: P.rune, notice: 'measureProposed' }]);
    expect(noticesFor(directory, c, [{ type: 'measureProposed', measureId: 'm1', byRole: 'principal' }], P.rune)).toEqual([]);
  });

  it('tells the safety representative and the owner of a decided measure', () => {
    const withMeasure = { ...c, measures: [{ id: 'm1', description: 'x', dueDate: '2026-12-01', state: 'approved' as const, ownerId: P.tina, proposedBy: P.rune, proposedAt: '' }] };
    expect(noticesFor(directory, withMeasure, [{ type: 'measureApproved', measureId: 'm1' }], P.rune)).toEqual([
      { recipientId: P.vera, notice: 'measureDecided' },
      { recipientId: P.tina, notice: 'measureAssigned' },
    ]);
    expect(noticesFor(directory, withMeasure, [{ type: 'measureRejected', measureId: 'm1' }], P.rune)).toEqual([{ recipientId: P.vera, notice: 'measureDecided' }]);
  });

  it('tells the safety representative that the principal added a measure of their own, approved as proposed', () => {
    const own = { ...c, measures: [{ id: 'm1', description: 'x', dueDate: '2026-12-01', state: 'approved' as const, proposedBy: P.rune, proposedAt: '', decidedBy: P.rune, decidedAt: '' }] };
    const events = [{ type: 'measureProposed' as const, measureId: 'm1', byRole: 'principal' as const }, { type: 'measureApproved' as const, measureId: 'm1' }];
    expect(noticesFor(directory, own, events, P.rune)).toEqual([{ recipientId: P.vera, notice: 'measureAdded' }]);
  });

  it('tells the reporter side and the safety representative when closed, but not the one who closed', () => {
    expect(noticesFor(directory, c, [{ type: 'closed' }], P.rune).map((n) => n.recipientId)).toEqual([P.tina, P.eva, P.vera]);
    expect(noticesFor(directory, { ...c, reporterId: P.rune }, [{ type: 'closed' }], P.rune).map((n) => n.recipientId)).toEqual([P.tina, P.eva, P.vera]);
  });

  it('tells the principal when the reporter side adds information, not when staff comment', () => {
    expect(noticesFor(directory, c, [{ type: 'commented', fromReporterSide: true }], P.tina)).toEqual([{ recipientId: P.rune, notice: 'infoAdded' }]);
    expect(noticesFor(directory, c, [{ type: 'commented', fromReporterSide: false }], P.vera)).toEqual([]);
  });
});

describe('case lists', () => {
  const c = (status: Sortable['status'], severity: Sortable['severity'], createdAt: string, seriousInjury = false): Sortable & { name: string } => ({ status, severity, createdAt, seriousInjury, name: `${status}/${severity}/${createdAt}/${seriousInjury}` });

  it('puts unacknowledged cases first, then by severity and serious injury, then the oldest', () => {
    const list = [
      c('acknowledged', 'very-serious', '2026-11-01'),
      c('reported', 'minor', '2026-11-10'),
      c('measures', 'serious', '2026-11-02', true),
      c('reported', 'serious', '2026-11-05'),
      c('measures', 'serious', '2026-11-01'),
      c('reported', 'serious', '2026-11-03'),
    ].sort(byUrgency);
    expect(list.map((x) => x.name)).toEqual([
      'reported/serious/2026-11-03/false',
      'reported/serious/2026-11-05/false',
      'reported/minor/2026-11-10/false',
      'acknowledged/very-serious/2026-11-01/false',
      'measures/serious/2026-11-02/true',
      'measures/serious/2026-11-01/false',
    ]);
  });

  it('pages, clamping a page out of range', () => {
    const items = [1, 2, 3, 4, 5, 6, 7];
    expect(pageOf(items, 1, 5)).toEqual({ items: [6, 7], page: 1, pages: 2 });
    expect(pageOf(items, 9, 5)).toEqual({ items: [6, 7], page: 1, pages: 2 });
    expect(pageOf(items, -3, 5).page).toBe(0);
    expect(pageOf([], 0, 5)).toEqual({ items: [], page: 0, pages: 1 });
    expect(pageOf(items, Number.NaN, 5).page).toBe(0);
  });
});
