/** What the tasks feature reads from the `cases` container: open cases without report text, and open reminders. */
import type { Container } from '@azure/cosmos';
import { listPage } from '../core/cosmos/paging';
import type { ReminderRow, TaskCase } from './model';

const TASK_FIELDS =
  'c.caseId, c.reference, c.schoolId, c.status, c.createdAt, c.legal, {"seriousInjury": c.report.seriousInjury, "injury": c.report.injury, "medicalTreatment": c.report.medicalTreatment, "sickLeave": c.report.sickLeave, "severity": c.report.severity} AS report, ARRAY(SELECT m.id, m.description, m.ownerId, m.dueDate, m.state FROM m IN c.measures) AS measures';

export class TaskStore {
  constructor(private readonly container: Container) {}

  /** Open cases of these schools, and (given a person) open cases anywhere with a measure they own. */
  async openCases(schoolIds: string[], ownerId?: string): Promise<TaskCase[]> {
    if (schoolIds.length === 0 && !ownerId) return [];
    const { resources } = await this.container.items
      .query<TaskCase>(
        {
          query: `SELECT ${TASK_FIELDS} FROM c WHERE c.docType = "case" AND c.status != "closed" AND (ARRAY_CONTAINS(@schools, c.schoolId)${ownerId ? ' OR EXISTS(SELECT VALUE m FROM m IN c.measures WHERE m.ownerId = @me)' : ''})`,
          parameters: [
            { name: '@schools', value: schoolIds },
            ...(ownerId ? [{ name: '@me', value: ownerId }] : []),
          ],
        },
        listPage(),
      )
      .fetchAll();
    // Absent optional fields come back as undefined members; and a case read twice (two of its measures) once.
    const seen = new Set<string>();
    return resources
      .filter((c) => !seen.has(c.caseId) && Boolean(seen.add(c.caseId)))
      .map((c) => ({ ...c, legal: c.legal ?? {}, measures: (c.measures ?? []).map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as TaskCase['measures'][number]) }));
  }

  /** Open reminders due before `until`, across cases; the range index on dueAt (open work only) narrows the scan. */
  async openReminders(until: Date): Promise<ReminderRow[]> {
    const { resources } = await this.container.items
      .query<ReminderRow>(
        {
          query: 'SELECT c.id, c.caseId, c.recipientId, c.reminder, c.measureId, c.dueAt FROM c WHERE c.dueAt >= "" AND c.dueAt < @until AND c.docType = "work" AND c.kind = "reminder"',
          parameters: [{ name: '@until', value: until.toISOString() }],
        },
        listPage({ enableScanInQuery: true }),
      )
      .fetchAll();
    return resources;
  }
}
