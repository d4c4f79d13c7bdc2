/**
 * The privacy feature's access to the store: for the retention job the
 * closed cases old enough to be due, storing an anonymised case together
 * with deleting the work it owed (who was told, where the messages landed)
 * in one ETag-guarded batch, and the audit entries whose time is up; for a
 * person's own data, everything that names them.
 */
import type { Container, OperationInput } from '@azure/cosmos';
import { replaceOp, runBatch, statusOf, stripSystem, type Versioned } from '../core/cosmos/batch';
import type { WorkItem } from '../core/work';
import type { Case } from '../cases/model/case';
import type { RiskAssessment, RiskReview } from '../risk/model';
import type { StaffRecord, TrainingEntry } from '../training/model';

/** A school's prevention documents as the retention job reads them, each with its ETag. */
export interface PreventionDocs {
  assessment?: Versioned<RiskAssessment>;
  reviews: Versioned<RiskReview>[];
  entries: Versioned<TrainingEntry>[];
  staff?: Versioned<StaffRecord>;
}

type PreventionDoc = RiskAssessment | RiskReview | TrainingEntry | StaffRecord;
const PREVENTION_TYPES = ['riskAssessment', 'riskReview', 'trainingEntry', 'staffRecord'];

async function preventionSchools(container: Container): Promise<string[]> {
  const { resources } = await container.items
    .query<string>({ query: 'SELECT VALUE c.schoolId FROM c WHERE c.docType = "riskAssessment" OR c.docType = "staffRecord" OR c.docType = "trainingEntry"' })
    .fetchAll();
  return [...new Set(resources)].sort();
}

async function preventionOf(container: Container, schoolId: string): Promise<PreventionDocs> {
  const partition = `school:${schoolId}`;
  const { resources } = await container.items
    .query<PreventionDoc & { _etag: string }>({ query: 'SELECT * FROM c WHERE c.caseId = @p AND ARRAY_CONTAINS(@types, c.docType)', parameters: [{ name: '@p', value: partition }, { name: '@types', value: PREVENTION_TYPES }] }, { partitionKey: partition })
    .fetchAll();
  const docs: PreventionDocs = { reviews: [], entries: [] };
  for (const r of resources) {
    const found = { value: stripSystem(r), etag: r._etag };
    if (r.docType === 'riskAssessment') docs.assessment = found as Versioned<RiskAssessment>;
    else if (r.docType === 'riskReview') docs.reviews.push(found as Versioned<RiskReview>);
    else if (r.docType === 'trainingEntry') docs.entries.push(found as Versioned<TrainingEntry>);
    else docs.staff = found as Versioned<StaffRecord>;
  }
  return docs;
}

/** Cosmos DB's limit on the operations of one transactional batch. */
const BATCH_MAX = 100;

export class RetentionStore {
  constructor(private readonly container: Container) {}

  /**
   * Closed cases closed at or before `cutoff` and not yet anonymised, a page
   * at a time; served by the indexes on status and closedAt.
   */
  async *closedBefore(cutoff: Date, pageSize = 100): AsyncGenerator<Versioned<Case>[]> {
    const query = this.container.items.query<Case & { _etag: string }>(
      {
        query: 'SELECT * FROM c WHERE c.docType = "case" AND c.status = "closed" AND c.closedAt <= @cutoff AND NOT IS_DEFINED(c.anonymisedAt)',
        parameters: [{ name: '@cutoff', value: cutoff.toISOString() }],
      },
      { maxItemCount: pageSize },
    );
    for await (const page of query.getAsyncIterator()) {
      if (page.resources.length > 0) yield page.resources.map((r) => ({ value: stripSystem(r), etag: r._etag }));
    }
  }

  /** The schools that have prevention documents: the directory's, and any it no longer has (served by the index on docType). */
  preventionSchools(): Promise<string[]> {
    return preventionSchools(this.container);
  }

  /** A school's risk assessment, its review versions, its training log and its staff record: one partition. */
  preventionOf(schoolId: string): Promise<PreventionDocs> {
    return preventionOf(this.container, schoolId);
  }

  /** Replaces one prevention document if nobody changed it since it was read. */
  async replacePrevention(doc: PreventionDoc, etag: string): Promise<'saved' | 'conflict'> {
    try {
      await this.container.item(doc.id, doc.caseId).replace(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
      return 'saved';
    } catch (err) {
      if ([404, 412].includes(statusOf(err) ?? 0)) return 'conflict';
      throw err;
    }
  }

  async workOf(caseId: string): Promise<WorkItem[]> {
    const { resources } = await this.container.items
      .query<WorkItem>({ query: 'SELECT * FROM c WHERE c.caseId = @p AND c.docType = "work"', parameters: [{ name: '@p', value: caseId }] }, { partitionKey: caseId })
      .fetchAll();
    return resources.map(stripSystem);
  }

  /**
   * The anonymised case in place of the one read (ETag), and its settled work
   * deleted: in one batch as far as the batch limit allows, the rest in
   * further batches of the same partition.
   */
  async anonymise(after: Case, etag: string, workIds: string[]): Promise<'saved' | 'conflict'> {
    const deletes: OperationInput[] = workIds.map((id) => ({ operationType: 'Delete', id, partitionKey: after.caseId }));
    const first = await runBatch(this.container, after.caseId, [replaceOp(after, after.caseId, etag), ...deletes.slice(0, BATCH_MAX - 1)]);
    if (!first.ok) {
      if (first.firstStatus === 412 || first.firstStatus === 404) return 'conflict';
      throw new Error(`anonymising ${after.caseId} failed (${first.describe})`);
    }
    for (let i = BATCH_MAX - 1; i < deletes.length; i += BATCH_MAX) {
      const more = await runBatch(this.container, after.caseId, deletes.slice(i, i + BATCH_MAX));
      if (!more.ok) throw new Error(`deleting the work of ${after.caseId} failed (${more.describe})`);
    }
    return 'saved';
  }
}

/**
 * What the bot holds about one person, across the containers: the cases
 * that name them (served by the indexes on reporterId, affectedIds,
 * history[].by and measures[].ownerId), each case's work, and how they are
 * reached. Their audit entries are the audit trail's (`AuditTrail.ofActor`).
 */
export class OwnDataStore {
  constructor(private readonly cases: Container) {}

  /** The schools that have prevention documents (those of schools gone from the directory too). */
  preventionSchools(): Promise<string[]> {
    return preventionSchools(this.cases);
  }

  /** A school's prevention documents and the work in its partition (the reminders and notices they owe). */
  async preventionOf(schoolId: string): Promise<{ docs: PreventionDocs; work: WorkItem[] }> {
    const [docs, work] = await Promise.all([preventionOf(this.cases, schoolId), this.workOf(`school:${schoolId}`)]);
    return { docs, work };
  }

  async casesNaming(personId: string): Promise<Case[]> {
    // `by` is a keyword of the query language: h["by"].
    const { resources } = await this.cases.items
      .query<Case>({
        query:
          'SELECT * FROM c WHERE c.docType = "case" AND (c.reporterId = @p OR ARRAY_CONTAINS(c.affectedIds, @p) OR EXISTS(SELECT VALUE h FROM h IN c.history WHERE h["by"] = @p) OR EXISTS(SELECT VALUE m FROM m IN c.measures WHERE m.ownerId = @p))',
        parameters: [{ name: '@p', value: personId }],
      })
      .fetchAll();
    return resources.map(stripSystem);
  }

  async workOf(caseId: string): Promise<WorkItem[]> {
    const { resources } = await this.cases.items
      .query<WorkItem>({ query: 'SELECT * FROM c WHERE c.caseId = @p AND c.docType = "work"', parameters: [{ name: '@p', value: caseId }] }, { partitionKey: caseId })
      .fetchAll();
    return resources.map(stripSystem);
  }
}

/** An audit entry as the retention job handles it: enough to delete it. */
export interface AuditKey {
  id: string;
  actorId: string;
}

const EXPORT_ACTIONS = ['export.link', 'export.download', 'export.refused'];

/**
 * The retention job's access to the `audit` container: the openings of a
 * case (deleted when the case is anonymised) and the export entries older
 * than their years.
 */
export class AuditRetentionStore {
  constructor(private readonly audit: Container) {}

  async viewsOfCase(caseId: string): Promise<AuditKey[]> {
    const { resources } = await this.audit.items
      .query<AuditKey>({
        query: 'SELECT c.id, c.actorId FROM c WHERE c.docType = "audit" AND c.action = "case.view" AND ARRAY_CONTAINS(c.caseIds, @case)',
        parameters: [{ name: '@case', value: caseId }],
      })
      .fetchAll();
    return resources;
  }

  /** Export entries made before the cutoff, a page at a time; served by the indexes on action and at. */
  async *exportsBefore(cutoff: Date, pageSize = 200): AsyncGenerator<AuditKey[]> {
    const query = this.audit.items.query<AuditKey>(
      {
        query: 'SELECT c.id, c.actorId FROM c WHERE c.docType = "audit" AND ARRAY_CONTAINS(@actions, c.action) AND c.at < @cutoff',
        parameters: [
          { name: '@actions', value: EXPORT_ACTIONS },
          { name: '@cutoff', value: cutoff.toISOString() },
        ],
      },
      { maxItemCount: pageSize },
    );
    for await (const page of query.getAsyncIterator()) {
      if (page.resources.length > 0) yield page.resources;
    }
  }

  /** Deletes the entries; one already gone is fine. */
  async delete(keys: AuditKey[]): Promise<void> {
    for (const key of keys) {
      try {
        await this.audit.item(key.id, key.actorId).delete();
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
    }
  }
}
