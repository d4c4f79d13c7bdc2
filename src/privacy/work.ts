/**
 * The retention job: on the policy's calendar (claimed once across instances
 * like every recurring job), each closed case old enough is anonymised as
 * src/privacy/model.ts says, with the work it owed deleted. `planRetention`
 * is the same walk without writing: the dry run, the script and the owner's
 * command show what would change.
 */
import type { CoreContext } from '../core/context';
import type { RecurringJob } from '../core/registry';
import { staffOf } from '../core/directory';
import { updateStaffRecord } from '../training/model';
import { addYears, anonymiseCase, countPlan, earliestCutoff, formerStaff, retainAssessment, retainReview, retainStaffRecord, retainTrainingEntry, retentionDecision, type RetentionCounts, type RetentionPlanEntry } from './model';
import type { AuditRetentionStore, RetentionStore } from './store';

export interface RetentionDeps extends Pick<CoreContext, 'directory' | 'schedule' | 'now' | 'log'> {
  retention: RetentionStore;
  auditRetention: AuditRetentionStore;
}

export interface RetentionResult extends RetentionCounts {
  dryRun: boolean;
  /** Cases anonymised (or, in a dry run, that would be), by reference. */
  references: string[];
  /** Work items deleted with the cases. */
  workDeleted: number;
  /** Cases changed by someone else while the job ran: looked at again next time. */
  conflicts: number;
  /** Audit entries of openings deleted with their anonymised cases (or, in a dry run, that would be). */
  viewEntriesDeleted: number;
  /** Audit entries of exports and downloads older than `exportAuditYears`, deleted (or that would be). */
  exportEntriesDeleted: number;
  /** The prevention documents changed (or that would be): their people replaced by roles, former staff removed. */
  prevention: PreventionCounts;
}

export interface PreventionCounts {
  trainingEntries: number;
  reviews: number;
  assessments: number;
  /** People removed from staff records, their time after leaving up. */
  formerStaff: number;
  conflicts: number;
}

/**
 * The prevention documents of every school that has them (src/privacy/model.ts,
 * "prevention"): who left is brought up to date in the staff record first
 * (the training plan's daily look does the same; for a school the directory
 * no longer has, everyone has left), then each document the policy changes
 * is replaced, ETag-guarded; one changed meanwhile waits for the next night.
 */
async function applyPreventionRetention(deps: RetentionDeps, now: Date, dryRun: boolean): Promise<PreventionCounts> {
  const policy = deps.schedule.retention;
  const counts: PreventionCounts = { trainingEntries: 0, reviews: 0, assessments: 0, formerStaff: 0, conflicts: 0 };
  const save = async (doc: Parameters<RetentionDeps['retention']['replacePrevention']>[0], etag: string): Promise<boolean> => {
    if (dryRun) return true;
    const saved = await deps.retention.replacePrevention(doc, etag);
    if (saved === 'conflict') counts.conflicts++;
    return saved === 'saved';
  };
  for (const schoolId of await deps.retention.preventionSchools()) {
    const docs = await deps.retention.preventionOf(schoolId);
    let record = docs.staff?.value;
    if (docs.staff) {
      const current = updateStaffRecord(docs.staff.value, schoolId, staffOf(deps.directory, schoolId), now);
      if (current && !dryRun && (await deps.retention.replacePrevention(current, docs.staff.etag)) !== 'saved') {
        // Recorded by the plan's look meanwhile: the record is read again next night.
        counts.conflicts++;
        continue;
      }
      record = current ?? record;
    }
    const gone = formerStaff(record, policy, now);
    for (const { value, etag } of docs.entries) {
      const after = retainTrainingEntry(value, gone, policy, now);
      if (after && (await save(after, etag))) counts.trainingEntries++;
    }
    for (const { value, etag } of docs.reviews) {
      const after = retainReview(value, policy, now);
      if (after && (await save(after, etag))) counts.reviews++;
    }
    if (docs.assessment) {
      const after = retainAssessment(docs.assessment.value, policy, now);
      if (after && (await save(after, docs.assessment.etag))) counts.assessments++;
    }
    // Last, so that an entry not yet changed (a conflict) still finds them next night.
    const slimmer = record ? retainStaffRecord(record, policy, now) : undefined;
    if (slimmer && record) {
      const fresh = dryRun ? undefined : await deps.retention.preventionOf(schoolId);
      if (dryRun || (fresh?.staff && (await save(slimmer, fresh.staff.etag)))) counts.formerStaff += Object.keys(record.people).length - Object.keys(slimmer.people).length;
    }
  }
  return counts;
}

/** Walks the closed cases old enough to be due and anonymises those the policy says, unless `dryRun`. */
export async function applyRetention(deps: RetentionDeps, options: { dryRun: boolean }): Promise<RetentionResult> {
  const policy = deps.schedule.retention;
  const now = deps.now();
  const entries: RetentionPlanEntry[] = [];
  const references: string[] = [];
  let workDeleted = 0;
  let conflicts = 0;
  let viewEntriesDeleted = 0;
  let exportEntriesDeleted = 0;
  for await (const page of deps.retention.closedBefore(earliestCutoff(policy, now))) {
    for (const { value: c, etag } of page) {
      let decision = retentionDecision(c, policy, now);
      if (decision.action === 'anonymise') {
        const work = await deps.retention.workOf(c.caseId);
        // A case that still owes something (a late check-in) waits until that is settled.
        if (work.some((w) => w.state === 'open')) decision = { action: 'keep', reason: 'owesWork', class: decision.class };
        else if (options.dryRun) viewEntriesDeleted += (await deps.auditRetention.viewsOfCase(c.caseId)).length;
        else {
          // Who opened the case goes with what they read: first the openings (should that fail, the case waits for the next run) ...
          const views = await deps.auditRetention.viewsOfCase(c.caseId);
          await deps.auditRetention.delete(views);
          viewEntriesDeleted += views.length;
          const saved = await deps.retention.anonymise(anonymiseCase(c, deps.directory, now), etag, work.map((w) => w.id));
          if (saved === 'conflict') {
            conflicts++;
            continue;
          }
          workDeleted += work.length;
          // ... then any opening recorded meanwhile (an anonymised case's openings are not recorded).
          const late = await deps.auditRetention.viewsOfCase(c.caseId);
          await deps.auditRetention.delete(late);
          viewEntriesDeleted += late.length;
        }
      }
      entries.push({ caseId: c.caseId, reference: c.reference, decision });
      if (decision.action === 'anonymise') references.push(c.reference);
    }
  }
  // The record of an export or a download has its own years, counted from when it was made.
  if (policy.exportAuditYears !== null) {
    for await (const page of deps.auditRetention.exportsBefore(addYears(now.toISOString(), -policy.exportAuditYears))) {
      if (!options.dryRun) await deps.auditRetention.delete(page);
      exportEntriesDeleted += page.length;
    }
  }
  const prevention = await applyPreventionRetention(deps, now, options.dryRun);
  const result: RetentionResult = { ...countPlan(entries), dryRun: options.dryRun, references, workDeleted, conflicts, viewEntriesDeleted, exportEntriesDeleted, prevention };
  // Counts and references only: no names or text.
  deps.log.info(options.dryRun ? 'retention.planned' : 'retention.applied', {
    checked: result.checked,
    anonymised: result.anonymise,
    plain: result.byClass.plain,
    injury: result.byClass.injury,
    seriousInjury: result.byClass.seriousInjury,
    keptRecent: result.kept.recent,
    keptHold: result.kept.hold,
    keptInFull: result.kept.keptInFull,
    owesWork: result.kept.owesWork,
    workDeleted,
    conflicts,
    viewEntriesDeleted,
    exportEntriesDeleted,
    trainingEntries: prevention.trainingEntries,
    riskReviews: prevention.reviews,
    riskAssessments: prevention.assessments,
    formerStaff: prevention.formerStaff,
    preventionConflicts: prevention.conflicts,
  });
  return result;
}

export function retentionJob(deps: RetentionDeps): RecurringJob {
  return {
    id: 'privacy.retention',
    // Read when the calendar asks: a replaced schedule is followed.
    get cron() {
      return deps.schedule.retention.run;
    },
    // It tells nobody anything: the night is the right time, quiet hours or not.
    respectQuietHours: false,
    run: async () => {
      await applyRetention(deps, { dryRun: false });
    },
  };
}
