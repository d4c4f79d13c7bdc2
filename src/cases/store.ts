/**
 * Cases and the work they owe, in the `cases` container (partition /caseId),
 * and the counters behind case references (`counters`).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Container } from '@azure/cosmos';
import { createOp, readDoc, replaceOp, runBatch, statusOf, stripSystem, type Versioned } from '../core/cosmos/batch';
import { listPage } from '../core/cosmos/paging';
import type { StoredWork, WorkItem } from '../core/work';
import type { Case, CaseEvidence } from './model/case';

export type { CaseEvidence } from './model/case';

export type CreateCaseResult = 'created' | 'exists';
export type SaveChangeResult = 'saved' | 'conflict';

/** What a list of cases shows: enough to sort and label, no report text. */
export interface CaseSummary {
  caseId: string;
  reference: string;
  schoolId: string;
  status: Case['status'];
  severity: Case['report']['severity'];
  seriousInjury: boolean;
  date: string;
  location: Case['report']['location'];
  createdAt: string;
}

const EVIDENCE_FIELDS =
  'c.caseId, c.reference, c.schoolId, c.status, c.createdAt, c.closedAt, {"date": c.report.date, "time": c.report.time, "location": c.report.location, "types": c.report.types, "severity": c.report.severity, "perpetrator": c.report.perpetrator, "pupilStage": c.report.pupilStage, "injury": c.report.injury, "seriousInjury": c.report.seriousInjury, "sickLeave": c.report.sickLeave, "medicalTreatment": c.report.medicalTreatment, "policeInvolved": c.report.policeInvolved, "physicalIntervention": c.report.physicalIntervention, "riskFactors": c.report.riskFactors} AS report';

const SUMMARY_FIELDS =
  'c.caseId, c.reference, c.schoolId, c.status, c.report.severity AS severity, c.report.seriousInjury AS seriousInjury, c.report.date AS date, c.report.location AS location, c.createdAt';

/** One page of `saker`: the schools the person follows (from the directory) and the filter. */
export interface CaseListQuery {
  schoolIds: string[];
  state: 'open' | 'closed' | 'all';
  /** The incident's date, YYYY-MM-DD, both ends included. */
  from?: string;
  to?: string;
  severity?: Case['report']['severity'];
  reference?: string;
  page: number;
  size: number;
}

/** Told of the work a batch stored, with the ETags it answered with (the dispatcher claims them without a read). */
export type OnStored = (work: StoredWork[]) => void;

/**
 * How long a case this process just wrote or read stands in for a read by the
 * work it owes (`recentCase`): the items of one change are carried out within
 * moments, and each would otherwise read the same case again.
 */
const RECENT_FOR_MS = 5000;
/** Enough for the changes of the last moments under load; a case is a few KB, so this stays well under a megabyte. */
const RECENT_MAX = 256;

export class CaseStore {
  /** Cases as this process last wrote or read them, and when (Map order: oldest first). */
  private readonly recent = new Map<string, { found: Versioned<Case>; at: number }>();

  constructor(
    private readonly container: Container,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * The case and everything it owes in one transactional batch: either all
   * are stored or none. A case that already exists (same id: the same
   * submission again) makes the whole batch fail with 409, and nothing new
   * is written.
   */
  async createCase(c: Case, work: WorkItem[], onStored?: OnStored): Promise<CreateCaseResult> {
    const outcome = await runBatch(this.container, c.caseId, [c, ...work].map(createOp));
    if (outcome.ok) {
      this.stored(c, work, outcome.etags, onStored);
      return 'created';
    }
    if (outcome.firstStatus === 409) return 'exists';
    throw new Error(`case batch failed (${outcome.describe})`);
  }

  /**
   * A changed case and the work the change owes, in one transactional batch,
   * only if the case is still as it was read (ETag). Someone else's change in
   * between makes it a conflict and nothing is written.
   */
  async saveChange(c: Case, etag: string, work: WorkItem[], onStored?: OnStored): Promise<SaveChangeResult> {
    const outcome = await runBatch(this.container, c.caseId, [replaceOp(c, c.caseId, etag), ...work.map(createOp)]);
    if (outcome.ok) {
      this.stored(c, work, outcome.etags, onStored);
      return 'saved';
    }
    if (outcome.firstStatus === 412 || outcome.firstStatus === 404) return 'conflict';
    throw new Error(`case change batch failed (${outcome.describe})`);
  }

  /** Cases of these schools, open ones only if asked; for lists, so without report text. */
  async casesOfSchools(schoolIds: string[], openOnly: boolean): Promise<CaseSummary[]> {
    if (schoolIds.length === 0) return [];
    const { resources } = await this.container.items
      .query<CaseSummary>(
        {
          query: `SELECT ${SUMMARY_FIELDS} FROM c WHERE c.docType = "case" AND ARRAY_CONTAINS(@schools, c.schoolId)${openOnly ? ' AND c.status != "closed"' : ''}`,
          parameters: [{ name: '@schools', value: schoolIds }],
        },
        listPage(),
      )
      .fetchAll();
    return resources;
  }

  /** These cases of one school (the cluster alert's), for a list: without report text, and only these. */
  async summariesOf(schoolId: string, caseIds: string[]): Promise<CaseSummary[]> {
    if (caseIds.length === 0) return [];
    const { resources } = await this.container.items
      .query<CaseSummary>(
        {
          query: `SELECT ${SUMMARY_FIELDS} FROM c WHERE c.docType = "case" AND c.schoolId = @school AND ARRAY_CONTAINS(@ids, c.caseId)`,
          parameters: [
            { name: '@school', value: schoolId },
            { name: '@ids', value: caseIds },
          ],
        },
        listPage(),
      )
      .fetchAll();
    return resources;
  }

  /**
   * A page of the cases of these schools that `saker` shows (model/list-filter.ts),
   * and how many there are. Served by the indexes on docType, schoolId,
   * status, report.date, report.severity and reference; ordered in the store
   * (open: not yet acknowledged first, then by severity and serious injury,
   * the oldest first, as `byUrgency`; closed and all: the newest first), and
   * only as many read as the page needs (`TOP`), never the whole list.
   * `page` is the page served: the asked one, or the last one when asked past the end.
   */
  async listCases(query: CaseListQuery): Promise<{ items: CaseSummary[]; total: number; page: number }> {
    if (query.schoolIds.length === 0) return { items: [], total: 0, page: 0 };
    const where = ['c.docType = "case"', 'ARRAY_CONTAINS(@schools, c.schoolId)'];
    const parameters: { name: string; value: string | string[] | number }[] = [{ name: '@schools', value: query.schoolIds }];
    if (query.reference) {
      where.push('c.reference = @reference');
      parameters.push({ name: '@reference', value: query.reference });
    }
    if (query.from) {
      where.push('c.report.date >= @from');
      parameters.push({ name: '@from', value: query.from });
    }
    if (query.to) {
      where.push('c.report.date <= @to');
      parameters.push({ name: '@to', value: query.to });
    }
    if (query.severity) {
      where.push('c.report.severity = @severity');
      parameters.push({ name: '@severity', value: query.severity });
    }
    const run = async <T>(sql: string, extra: string[] = [], top?: number): Promise<T[]> => {
      const { resources } = await this.container.items
        .query<T>({ query: sql.replace('%WHERE%', [...where, ...extra].join(' AND ')), parameters: [...parameters, ...(top !== undefined ? [{ name: '@top', value: top }] : [])] })
        .fetchAll();
      return resources;
    };
    const count = async (extra: string[]) => (await run<number>('SELECT VALUE COUNT(1) FROM c WHERE %WHERE%', extra))[0] ?? 0;
    // The page comes from a card, so anyone can send any number: past the end it is the last page,
    // decided from the counts before the TOP query, so a forged page never reads more than the list holds.
    const pageOf = (total: number) => Math.min(Math.max(0, Math.floor(query.page) || 0), Math.max(0, Math.ceil(total / query.size) - 1));
    const slice = (all: CaseSummary[], page: number) => all.slice(page * query.size, (page + 1) * query.size);
    if (query.state === 'open') {
      const URGENT = 'ORDER BY c.report.severity DESC, c.report.seriousInjury DESC, c.createdAt ASC';
      const waiting = ['c.status = "reported"'];
      const followed = ['c.status IN ("acknowledged", "measures")'];
      const [first, rest] = await Promise.all([count(waiting), count(followed)]);
      const page = pageOf(first + rest);
      const wanted = (page + 1) * query.size;
      const a = first > 0 ? await run<CaseSummary>(`SELECT TOP @top ${SUMMARY_FIELDS} FROM c WHERE %WHERE% ${URGENT}`, waiting, Math.min(wanted, first)) : [];
      const b = wanted > first && rest > 0 ? await run<CaseSummary>(`SELECT TOP @top ${SUMMARY_FIELDS} FROM c WHERE %WHERE% ${URGENT}`, followed, Math.min(wanted - first, rest)) : [];
      return { items: slice([...a, ...b], page), total: first + rest, page };
    }
    const state = query.state === 'closed' ? ['c.status = "closed"'] : [];
    const total = await count(state);
    const page = pageOf(total);
    const items = total > 0 ? await run<CaseSummary>(`SELECT TOP @top ${SUMMARY_FIELDS} FROM c WHERE %WHERE% ORDER BY c.createdAt DESC`, state, Math.min((page + 1) * query.size, total)) : [];
    return { items: slice(items, page), total, page };
  }

  /**
   * Cases of these schools that happened on or after `sinceDate` (YYYY-MM-DD),
   * without free text. A case is created on or after its date, so the indexed
   * `createdAt` narrows the search and the date decides.
   */
  async evidenceOfSchools(schoolIds: string[], sinceDate: string): Promise<CaseEvidence[]> {
    if (schoolIds.length === 0) return [];
    const { resources } = await this.container.items
      .query<CaseEvidence>(
        {
          query: `SELECT ${EVIDENCE_FIELDS} FROM c WHERE c.docType = "case" AND ARRAY_CONTAINS(@schools, c.schoolId) AND c.createdAt >= @since AND c.report.date >= @since`,
          parameters: [
            { name: '@schools', value: schoolIds },
            { name: '@since', value: sinceDate },
          ],
        },
        listPage(),
      )
      .fetchAll();
    // Absent optional fields come back as undefined members; drop them so documents compare cleanly.
    return resources.map((e) => ({ ...e, report: Object.fromEntries(Object.entries(e.report).filter(([, v]) => v !== undefined)) as CaseEvidence['report'] }));
  }

  /** The cases a person reported or is named as exposed in, newest first. */
  async casesOfPerson(aadObjectId: string): Promise<CaseSummary[]> {
    const { resources } = await this.container.items
      .query<CaseSummary>(
        {
          query: `SELECT ${SUMMARY_FIELDS} FROM c WHERE c.docType = "case" AND (c.reporterId = @me OR ARRAY_CONTAINS(c.affectedIds, @me)) ORDER BY c.createdAt DESC`,
          parameters: [{ name: '@me', value: aadObjectId }],
        },
        listPage(),
      )
      .fetchAll();
    return resources;
  }

  /**
   * How many cases a person reported at a school in [from, to), and how many
   * of them are serious; `seriousOnly`: count only those. Served by the index
   * on reporterId and createdAt.
   */
  async countReported(reporterId: string, schoolId: string, from: Date, to: Date, seriousOnly = false): Promise<{ total: number; serious: number }> {
    const rows = await this.reported<{ serious: boolean }>('c.serious', reporterId, schoolId, from, to, seriousOnly);
    return { total: rows.length, serious: rows.filter((r) => r.serious).length };
  }

  /** The ids of the cases a person reported at a school in a time span (what a flood summary stood in for). */
  reportedIds(reporterId: string, schoolId: string, from: Date, to: Date, seriousOnly = false): Promise<string[]> {
    return this.reported<string>('VALUE c.caseId', reporterId, schoolId, from, to, seriousOnly);
  }

  /** `select` of the cases a person reported at a school in [from, to). */
  private async reported<T>(select: string, reporterId: string, schoolId: string, from: Date, to: Date, seriousOnly: boolean): Promise<T[]> {
    const { resources } = await this.container.items
      .query<T>({
        query: `SELECT ${select} FROM c WHERE c.docType = "case" AND c.reporterId = @r AND c.schoolId = @s AND c.createdAt >= @from AND c.createdAt < @to${seriousOnly ? ' AND c.serious = true' : ''}`,
        parameters: [
          { name: '@r', value: reporterId },
          { name: '@s', value: schoolId },
          { name: '@from', value: from.toISOString() },
          { name: '@to', value: to.toISOString() },
        ],
      })
      .fetchAll();
    return resources;
  }

  /** The case as stored now (a point read). */
  async getCase(caseId: string): Promise<Versioned<Case> | undefined> {
    const found = await readDoc<Case>(this.container, caseId, caseId, 'case');
    if (found) this.remember(found);
    return found;
  }

  /**
   * The case for carrying out work it owes: as this process wrote or read it
   * in the last few seconds, else read. Another instance's change in those
   * seconds may be missing; it owes its own card updates, and a card just
   * sent is brought up to date from a fresh read (`sendCaseCard`).
   */
  async recentCase(caseId: string): Promise<Versioned<Case> | undefined> {
    const entry = this.recent.get(caseId);
    if (entry && this.clock() - entry.at < RECENT_FOR_MS) return entry.found;
    return this.getCase(caseId);
  }

  private stored(c: Case, work: WorkItem[], etags: (string | undefined)[], onStored: OnStored | undefined): void {
    if (etags[0]) this.remember({ value: c, etag: etags[0] });
    // Without an ETag (a store that answers none), the item is read by id instead.
    onStored?.(work.map((w, i): StoredWork => (etags[i + 1] ? { value: w, etag: etags[i + 1]! } : w)));
  }

  private remember(found: Versioned<Case>): void {
    const id = found.value.caseId;
    const known = this.recent.get(id);
    // An older revision (a slow read overtaken by a write) does not replace a newer one.
    if (known && known.found.value.revision > found.value.revision) return;
    this.recent.delete(id);
    // Oldest first: drop what has expired, and the oldest beyond the bound.
    const now = this.clock();
    for (const [key, entry] of this.recent) {
      if (this.recent.size < RECENT_MAX && now - entry.at < RECENT_FOR_MS) break;
      this.recent.delete(key);
    }
    this.recent.set(id, { found, at: now });
  }

  /** Everything the case owes or owed. */
  async workOfCase(caseId: string): Promise<WorkItem[]> {
    const { resources } = await this.container.items
      .query<WorkItem>({ query: 'SELECT * FROM c WHERE c.caseId = @caseId AND c.docType = "work"', parameters: [{ name: '@caseId', value: caseId }] }, { partitionKey: caseId })
      .fetchAll();
    return resources.map(stripSystem);
  }
}

interface CounterDoc {
  id: string;
  value: number;
}

interface Waiting {
  resolve(n: number): void;
  reject(err: unknown): void;
}

/** At most this many turns of the event loop are waited for more callers before an `incr` goes (`gather`). */
const GATHER_TURNS_MAX = 4;

/**
 * Sequences for short case references, one document per tenant and year,
 * advanced with Cosmos DB's Patch `incr`: the server adds atomically, so
 * instances never read-modify-write under contention. Callers waiting at the
 * same moment in this process (while an `incr` is on its way, or within the
 * same few turns of the event loop) share one `incr` of k and get its k
 * numbers in arrival order.
 *
 * A number is taken before the case is written; if that write fails, the
 * number is never used (a gap in the sequence). Gaps are acceptable; a
 * duplicate is not, and cannot happen: every number comes from one atomic
 * increment on the server.
 */
export class CounterStore {
  private readonly queues = new Map<string, Waiting[]>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly container: Container) {}

  /** The next number of the sequence; concurrent callers, here or in other instances, never get the same one. */
  next(sequence: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const queue = this.queues.get(sequence) ?? [];
      queue.push({ resolve, reject });
      this.queues.set(sequence, queue);
      if (!this.inFlight.has(sequence)) void this.drain(sequence);
    });
  }

  private async drain(sequence: string): Promise<void> {
    this.inFlight.add(sequence);
    try {
      for (;;) {
        await this.gather(sequence);
        const waiting = this.queues.get(sequence) ?? [];
        this.queues.delete(sequence);
        if (waiting.length === 0) return;
        try {
          const last = await this.advance(sequence, waiting.length);
          waiting.forEach((w, i) => w.resolve(last - waiting.length + 1 + i));
        } catch (err) {
          waiting.forEach((w) => w.reject(err));
        }
      }
    } finally {
      this.inFlight.delete(sequence);
    }
  }

  /**
   * Waits while each turn of the event loop brings more callers (a burst of
   * submits being read and checked), up to `GATHER_TURNS_MAX` turns; a turn
   * that brings none ends the wait, so a lone submit waits one turn (no
   * timer). Those that share an `incr` also send their batches together and
   * get their answers together: under load this took about a sixth off the
   * bot's CPU per submit (docs/benchmarks.md, the thirteenth part).
   */
  private async gather(sequence: string): Promise<void> {
    let seen = -1;
    for (let turn = 0; turn < GATHER_TURNS_MAX; turn++) {
      const waiting = this.queues.get(sequence)?.length ?? 0;
      if (waiting === seen) return;
      seen = waiting;
      await nextTurn();
    }
  }

  /** Adds k and answers the new value: the last of the k numbers taken. */
  private async advance(sequence: string, k: number): Promise<number> {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const { resource } = await this.container.item(sequence, sequence).patch<CounterDoc>([{ op: 'incr', path: '/value', value: k }]);
        if (resource) return resource.value;
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
      // The year's first report: create the counter holding our k numbers; someone else may create it first.
      try {
        await this.container.items.create<CounterDoc>({ id: sequence, value: k });
        return k;
      } catch (err) {
        if (statusOf(err) !== 409) throw err;
      }
    }
    throw new Error(`counter ${sequence}: could not be created or advanced`);
  }
}
