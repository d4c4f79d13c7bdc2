/**
 * Each school's risk assessment and its review versions, in the `cases`
 * container under the school's partition (`school:<id>`), beside the work
 * they owe: a change and its reminders and notices are one transactional
 * batch, and everything of one school's assessment reads from one partition.
 */
import type { Container } from '@azure/cosmos';
import { createOp, readDoc, replaceOp, runBatch, stripSystem } from '../core/cosmos/batch';
import { schoolPartition, type WorkItem } from '../core/work';
import { riskAssessmentId, type RiskAssessment, type RiskReview } from './model';

export class RiskStore {
  constructor(private readonly container: Container) {}

  async get(schoolId: string): Promise<{ value: RiskAssessment; etag: string } | undefined> {
    return readDoc<RiskAssessment>(this.container, schoolPartition(schoolId), riskAssessmentId(schoolId), 'riskAssessment');
  }

  /**
   * The assessment (created if `etag` is undefined), a review version if the
   * change is a review, and the work the change owes: all or nothing, and
   * only if nobody changed the assessment since it was read.
   */
  async save(a: RiskAssessment, etag: string | undefined, work: WorkItem[], review?: RiskReview): Promise<'saved' | 'conflict'> {
    const ops = [etag ? replaceOp(a, a.caseId, etag) : createOp(a), ...(review ? [createOp(review)] : []), ...work.map(createOp)];
    const outcome = await runBatch(this.container, a.caseId, ops);
    if (outcome.ok) return 'saved';
    if ([409, 412, 404].includes(outcome.firstStatus)) return 'conflict';
    throw new Error(`risk assessment batch failed (${outcome.describe})`);
  }

  /** The school's reviews, newest first (a few a year: sorted here, since only indexed paths may be ordered by). */
  async reviews(schoolId: string): Promise<RiskReview[]> {
    const partition = schoolPartition(schoolId);
    const { resources } = await this.container.items
      .query<RiskReview>({ query: 'SELECT * FROM c WHERE c.caseId = @p AND c.docType = "riskReview"', parameters: [{ name: '@p', value: partition }] }, { partitionKey: partition })
      .fetchAll();
    return resources.map(stripSystem).sort((a, b) => b.no - a.no);
  }
}
