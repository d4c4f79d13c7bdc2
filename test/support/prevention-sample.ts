/**
 * A school's prevention documents with every field that names someone
 * filled: a risk assessment (a done measure, a rejected one, a linked case,
 * a comment after the review), its review version, three training entries
 * and the staff record, in which Tina and Rune have left. For the retention rules and the inventory.
 */
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import { applyRiskCommand, emptyAssessment, parseRiskCommand, type RiskAssessment, type RiskCommand, type RiskReview, type RiskRole } from '../../src/risk/model';
import { newTrainingEntry, parseTrainingEntry, updateStaffRecord, type StaffRecord, type TrainingEntry } from '../../src/training/model';
import { P } from './people';

export interface PreventionSample {
  assessment: RiskAssessment;
  review: RiskReview;
  entries: TrainingEntry[];
  record: StaffRecord;
  /** When it all happened, and when Tina and Rune left. */
  at: Date;
  leftAt: Date;
}

export function preventionSample(): PreventionSample {
  const at = new Date('2026-06-01T10:00:00Z');
  const staff = [P.rune, P.vera, P.tina, P.eva];
  const ctx = { today: '2026-06-01', possibleOwners: staff, linkCase: { caseId: 'case-1', reference: 'VT-2026-0001' } };
  let a = emptyAssessment('nordby', at);
  let review: RiskReview | undefined;
  const step = (verb: RiskCommand['verb'], data: Record<string, unknown>, actor: { id: string; role: RiskRole }) => {
    const parsed = parseRiskCommand(verb, data, ctx);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const r = applyRiskCommand(a, parsed.command, actor, at, { plan: DEFAULT_SCHEDULE.riskReview, timeZone: 'Europe/Oslo', safetyReps: [P.vera], safetyRepsAsked: [P.vera] });
    if (!r.ok) throw new Error(JSON.stringify(r.refusal));
    a = r.assessment;
    for (const e of r.events) if (e.type === 'reviewed') review = e.review;
  };
  const principal = { id: P.rune, role: 'principal' as const };
  const rep = { id: P.vera, role: 'safetyRep' as const };
  step('add', { situation: 'Alenearbeid i SFO', likelihood: '4', consequence: '4', location: 'sfo', barriers: 'Alarm på veggen', clientRequestId: 'r-1' }, principal);
  step('measure.propose', { situationId: 's1', description: 'To voksne på SFO', owner: P.tina, dueDate: '2026-06-10' }, rep);
  step('measure.approve', { situationId: 's1', measureId: 'm1' }, principal);
  step('measure.complete', { situationId: 's1', measureId: 'm1' }, { id: P.tina, role: 'member' });
  step('measure.evaluate', { situationId: 's1', measureId: 'm1', effect: 'partly', note: 'Tina sier det hjelper litt.' }, principal);
  step('measure.propose', { situationId: 's1', description: 'Vakt ved døra', owner: P.eva, dueDate: '2026-06-10' }, rep);
  step('measure.reject', { situationId: 's1', measureId: 'm2', reason: 'Eva er alene på SFO da.' }, principal);
  step('link', { situationId: 's1', incidentId: 'case-1' }, principal);
  step('comment', { comment: 'Vi treng fleire vaksne.' }, rep);
  step('update', { situationId: 's1', likelihood: '3' }, principal);
  step('review', { note: 'Gikk gjennom med Vera.', safetyRepTookPart: 'true' }, principal);
  step('comment', { comment: 'Kva med garderoben?' }, rep);

  const entry = (fields: Record<string, string>, recordedBy: string) => {
    const parsed = parseTrainingEntry({ date: '2026-06-01', kind: 'drill', topic: 'Alarmøvelse', participants: `${P.tina},${P.eva}`, ...fields }, { today: '2026-06-01', staff: [...staff, P.anne], situationIds: ['s1'] });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return newTrainingEntry('nordby', parsed.fields, recordedBy, at);
  };
  // Led and recorded by Rune, who leaves; led by Vera, who stays, and recorded by Anne, the principal after him; led by someone from outside.
  const entries = [
    entry({ ledBy: P.rune, notes: 'Tina fant ikke alarmknappen.', durationMinutes: '45', situationId: 's1', clientRequestId: 'drill-12345' }, P.rune),
    entry({ kind: 'routines', ledBy: P.vera, clientRequestId: 'routines-1234' }, P.anne),
    entry({ kind: 'course', ledByName: 'Kari fra BHT Nord', clientRequestId: 'course-12345' }, P.anne),
  ];
  const leftAt = new Date('2026-07-01T08:00:00Z');
  const record = updateStaffRecord(updateStaffRecord(undefined, 'nordby', [...staff, P.anne], at)!, 'nordby', [P.vera, P.eva, P.anne], leftAt)!;
  return { assessment: a, review: review!, entries, record, at, leftAt };
}
