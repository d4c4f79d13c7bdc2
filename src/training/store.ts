/**
 * Each school's training log and staff record, in the `cases` container under
 * the school's partition (`school:<id>`): the log of one school reads from one
 * partition, and the plan's reminders sit beside it.
 */
import type { Container } from '@azure/cosmos';
import { readDoc, statusOf, stripSystem } from '../core/cosmos/batch';
import { schoolPartition } from '../core/work';
import { staffRecordId, type StaffRecord, type TrainingEntry } from './model';

export class TrainingStore {
  constructor(private readonly container: Container) {}

  /** Stores a new entry; 'exists' when the same form was stored before (its id is made from the form's request id). */
  async add(entry: TrainingEntry): Promise<'created' | 'exists'> {
    try {
      await this.container.items.create(entry);
      return 'created';
    } catch (err) {
      if (statusOf(err) === 409) return 'exists';
      throw err;
    }
  }

  async entry(schoolId: string, id: string): Promise<TrainingEntry | undefined> {
    return (await readDoc<TrainingEntry>(this.container, schoolPartition(schoolId), id, 'trainingEntry'))?.value;
  }

  /** The school's whole log, newest first (a few dozen entries a year: sorted here, since only indexed paths may be ordered by). */
  async entries(schoolId: string): Promise<TrainingEntry[]> {
    const partition = schoolPartition(schoolId);
    const { resources } = await this.container.items
      .query<TrainingEntry>({ query: 'SELECT * FROM c WHERE c.caseId = @p AND c.docType = "trainingEntry"', parameters: [{ name: '@p', value: partition }] }, { partitionKey: partition })
      .fetchAll();
    return resources.map(stripSystem).sort((a, b) => b.date.localeCompare(a.date) || b.recordedAt.localeCompare(a.recordedAt));
  }

  async staffRecord(schoolId: string): Promise<{ value: StaffRecord; etag: string } | undefined> {
    return readDoc<StaffRecord>(this.container, schoolPartition(schoolId), staffRecordId(schoolId), 'staffRecord');
  }

  /** Creates or replaces the record if nobody changed it since it was read. */
  async saveStaffRecord(record: StaffRecord, etag: string | undefined): Promise<'saved' | 'conflict'> {
    try {
      if (etag) await this.container.item(record.id, record.caseId).replace(record, { accessCondition: { type: 'IfMatch', condition: etag } });
      else await this.container.items.create(record);
      return 'saved';
    } catch (err) {
      if ([409, 412, 404].includes(statusOf(err) ?? 0)) return 'conflict';
      throw err;
    }
  }
}
