/**
 * Submitting the report form: validate, and store the case together with the
 * notifications it owes. Idempotent on (reporter, clientRequestId).
 */
import { caseIdFor, formatReference, newCase, type Case } from './model/case';
import { localDateTime } from '../core/clock';
import { isKnownPerson, schoolsOf, type Directory } from '../core/directory';
import { planFollowUps, workForNewCase } from '../follow-up/model';
import { validateReport, type ReportErrors } from './model/report';
import type { CounterStore } from './counter-store';
import type { FlowContext } from '../core/context';

export interface SubmitReportDeps extends FlowContext {
  counters: CounterStore;
}

export interface SubmitReportCommand {
  reporterId: string;
  clientRequestId: unknown;
  values: Record<string, unknown>;
  /** Where the form message is, so the receipt it becomes can be kept current. */
  reporterCard?: { conversationId: string; activityId: string };
}

export type SubmitReportOutcome =
  | { kind: 'notSetUp' }
  | { kind: 'invalid'; errors: ReportErrors }
  | { kind: 'created'; case: Case }
  | { kind: 'existing'; case: Case };

const CLIENT_REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

export function isClientRequestId(value: unknown): value is string {
  return typeof value === 'string' && CLIENT_REQUEST_ID.test(value);
}

/** The schools a reporter may pick: their own, or every school when they belong to none. */
export function reportableSchools(directory: Directory, reporterId: string) {
  const own = schoolsOf(directory, reporterId);
  return own.length > 0 ? own : directory.schools;
}

export async function submitReport(deps: SubmitReportDeps, cmd: SubmitReportCommand): Promise<SubmitReportOutcome> {
  const { directory } = deps;
  if (!isKnownPerson(directory, cmd.reporterId)) return { kind: 'notSetUp' };
  // The form always carries the id it was rendered with; without one we cannot
  // tell a retry from a new report, so the form is shown again with a fresh id.
  if (!isClientRequestId(cmd.clientRequestId)) return { kind: 'invalid', errors: {} };

  const caseId = caseIdFor(directory.tenantId, cmd.reporterId, cmd.clientRequestId);
  const existing = await deps.cases.getCase(caseId);
  if (existing) return { kind: 'existing', case: existing.value };

  const now = deps.now();
  const local = localDateTime(now, deps.timeZone);
  const schools = reportableSchools(directory, cmd.reporterId);
  const own = schoolsOf(directory, cmd.reporterId);
  const result = validateReport(cmd.values, {
    today: local.date,
    nowTime: local.time,
    schoolIds: schools.map((s) => s.id),
    defaultSchoolId: own.length === 1 ? own[0].id : undefined,
  });
  if (!result.ok) return { kind: 'invalid', errors: result.errors };

  const year = Number(local.date.slice(0, 4));
  const sequence = await deps.counters.next(`reference-${directory.tenantId}-${year}`);
  const created = newCase({
    caseId,
    reference: formatReference(year, sequence),
    tenantId: directory.tenantId,
    reporterId: cmd.reporterId,
    clientRequestId: cmd.clientRequestId,
    report: result.report,
    now,
    reporterCard: cmd.reporterCard,
  });
  const plan = { directory, schedule: deps.schedule, timeZone: deps.timeZone, now };
  const c = { ...created, followUps: planFollowUps(created, plan) };
  // Who is told now, and everything the case will owe over time, in the same batch as the case.
  const work = workForNewCase(c, plan);
  const stored = await deps.cases.createCase(c, work);
  if (stored === 'exists') {
    // A concurrent submission of the same form won the race; show its case.
    const winner = await deps.cases.getCase(caseId);
    if (!winner) throw new Error(`case ${caseId} reported as existing but not readable`);
    return { kind: 'existing', case: winner.value };
  }
  deps.onWorkStored?.();
  return { kind: 'created', case: c };
}
