/**
 * What an inspector asks for and what the school owner follows up: the
 * inspection folder per school (the risk assessment with its measures and
 * reviews, the training log with coverage, the routine, the incident
 * statistics and the register extract without names) and the owner's
 * half-year follow-up across schools, as PDFs and as a digest card.
 *
 * The PDFs are made here and served through the web feature's short-lived
 * signed links (download kinds `inspection-folder`, `owner-report`), from the
 * `tilsynsmappe` card and from the tab.
 */
import type { CasesFeature } from '../cases';
import { localDateTime } from '../core/clock';
import type { CoreContext } from '../core/context';
import { findSchool, staffOf } from '../core/directory';
import type { Language } from '../core/i18n';
import type { Feature } from '../core/registry';
import type { RiskFeature } from '../risk';
import { twelveMonthsBefore } from '../risk/model';
import type { RoutinesFeature } from '../routines';
import type { TrainingFeature } from '../training';
import { inspectionCommands, inspectionDownloads, inspectionVerbs, type InspectionActionDeps } from './actions';
import { inspectionDocument, ownerReportDocument } from './document';
import { byConcern, ownerReportRow, type OwnerReportRow } from './model';
import { renderPdf } from '../core/pdf';
import { inspectionWorkHandlers, ownerReportJob } from './work';

export interface InspectionFeature extends Feature {
  /** The school's inspection folder as a PDF, in the reader's language, with the cases it holds (for the audit trail); undefined for an unknown school. Who may have it is the caller's to decide. */
  folderPdf(schoolId: string, language: Language): Promise<{ pdf: Buffer; caseIds: string[] } | undefined>;
  /** The owner's half-year follow-up across schools, as a PDF (it holds counts, no case). */
  ownerReportPdf(language: Language): Promise<{ pdf: Buffer; caseIds: string[] }>;
  ownerRows(): Promise<OwnerReportRow[]>;
}

export function createInspection(core: CoreContext, deps: { cases: CasesFeature; risk: RiskFeature; training: TrainingFeature; routines: RoutinesFeature }): InspectionFeature {
  const today = () => localDateTime(core.now(), core.timeZone).date;

  const ownerRows = async (): Promise<OwnerReportRow[]> => {
    const { directory } = core;
    const now = core.now();
    const ids = directory.schools.map((s) => s.id);
    const evidence = await deps.cases.store.evidenceOfSchools(ids, twelveMonthsBefore(today()));
    const rows = await Promise.all(
      ids.map(async (schoolId) => {
        const [assessment, entries] = await Promise.all([deps.risk.assessmentOf(schoolId), deps.training.store.entries(schoolId)]);
        return ownerReportRow({ schoolId, assessment, entries, staff: staffOf(directory, schoolId), evidence: evidence.filter((e) => e.schoolId === schoolId) }, core.schedule, now, today(), core.timeZone);
      }),
    );
    return rows.sort(byConcern);
  };

  const folderPdf = async (schoolId: string, language: Language): Promise<{ pdf: Buffer; caseIds: string[] } | undefined> => {
    const { directory } = core;
    if (!findSchool(directory, schoolId)) return undefined;
    const [assessment, reviews, evidence, entries, record] = await Promise.all([
      deps.risk.assessmentOf(schoolId),
      deps.risk.store.reviews(schoolId),
      deps.cases.store.evidenceOfSchools([schoolId], twelveMonthsBefore(today())),
      deps.training.store.entries(schoolId),
      deps.training.store.staffRecord(schoolId),
    ]);
    const routine = (await deps.routines.routinesForSchool(schoolId, language))!;
    const doc = inspectionDocument({ language, directory, schedule: core.schedule, timeZone: core.timeZone, now: core.now(), schoolId, assessment, reviews, evidence, entries, record: record?.value, routine });
    return { pdf: await renderPdf(doc), caseIds: evidence.map((e) => e.caseId) };
  };
  const ownerReportPdf = async (language: Language) => ({ pdf: await renderPdf(ownerReportDocument({ language, directory: core.directory, timeZone: core.timeZone, now: core.now(), rows: await ownerRows() })), caseIds: [] });
  const actions: InspectionActionDeps = Object.assign(Object.create(core) as CoreContext, { folderPdf, ownerReportPdf });

  return {
    name: 'inspection',
    verbs: inspectionVerbs(actions),
    commands: inspectionCommands(actions),
    downloads: inspectionDownloads(actions),
    work: inspectionWorkHandlers(Object.assign(Object.create(core) as CoreContext, { ownerRows })),
    jobs: [ownerReportJob(core)],
    folderPdf,
    ownerReportPdf,
    ownerRows,
  };
}
