/**
 * The inspection folder and the owner's half-year report as documents (what
 * the PDF holds, worded in the reader's language): the three checkpoints an
 * inspector asks about, each with its legal reference, and per school what
 * the owner follows up.
 */
import { casesStrings, schoolName, type CaseEvidence } from '../cases';
import { localDateTime } from '../core/clock';
import { nameOf, staffOf, type Directory } from '../core/directory';
import { formatDate, formatInstant, formatLegalRef, joinList } from '../core/format';
import { fill, plural, type Language } from '../core/i18n';
import { timeOfDayOf } from '../cases/model/time-of-day';
import type { Schedule } from '../core/schedule';
import { riskStrings, whereAndWhen, type RiskAssessment, type RiskReview } from '../risk';
import { activeSituations, byRisk, colourCounts, evidenceBySituation, nextReviewDue, riskChangeSummary, riskColour, scoreOf, twelveMonthsBefore } from '../risk/model';
import type { RoutineText } from '../routines';
import { planLine, trainingStrings, type StaffRecord, type TrainingEntry } from '../training';
import { coverage, coverageShare, planItems } from '../training/model';
import { incidentStatistics, isFlagged, registerExtract, type OwnerReportRow } from './model';
import { PDF_FILLS, type PdfBlock, type PdfCell, type PdfDocumentModel } from '../core/pdf';
import { inspectionStrings } from './strings';

const LOCALE = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' } as const;

export interface FolderInput {
  language: Language;
  directory: Directory;
  schedule: Schedule;
  timeZone: string;
  now: Date;
  schoolId: string;
  assessment?: RiskAssessment;
  reviews: RiskReview[];
  /** The school's cases of the last 12 months, without free text. */
  evidence: CaseEvidence[];
  entries: TrainingEntry[];
  record?: StaffRecord;
  routine: RoutineText;
}

const COLOUR_FILL = { red: PDF_FILLS.red, yellow: PDF_FILLS.yellow, green: PDF_FILLS.green } as const;

export function inspectionDocument(input: FolderInput): PdfDocumentModel {
  const { language, directory, schedule, timeZone, now, schoolId } = input;
  const s = inspectionStrings(language).folder;
  const cs = casesStrings(language);
  const rs = riskStrings(language);
  const ts = trainingStrings(language);
  const today = localDateTime(now, timeZone).date;
  const since = twelveMonthsBefore(today);
  const school = schoolName(directory, schoolId);
  const date = formatDate(today, language);
  const name = (id: string | undefined) => nameOf(directory, id, ts.aStaffMember);
  const blocks: PdfBlock[] = [];
  const a = input.assessment;
  const situations = a ? activeSituations(a).sort(byRisk) : [];

  // 1. Mapping and risk assessment (§ 3A-2, § 3A-3).
  blocks.push({ kind: 'heading', level: 1, text: `1. ${s.risk}` });
  blocks.push({ kind: 'paragraph', subtle: true, text: fill(s.riskRefs, { a: formatLegalRef(language, 'forskrift-3a-2'), b: formatLegalRef(language, 'forskrift-3a-3') }) });
  const counts = colourCounts(situations.map((x) => ({ colour: riskColour(scoreOf(x)) })));
  const due = nextReviewDue(schedule.riskReview, a && a.revision > 0 ? a : undefined, now, timeZone);
  blocks.push({
    kind: 'facts',
    facts: [
      { title: s.lastReview, value: a?.lastReview ? `${formatInstant(a.lastReview.at, timeZone, language)} (${name(a.lastReview.by)})` : s.never },
      { title: s.nextReview, value: formatDate(localDateTime(due, timeZone).date, language) },
      { title: s.situations, value: `${situations.length} (${fill(s.colourCounts, counts)})` },
    ],
  });
  const evidence = a ? evidenceBySituation(a, input.evidence, schedule.schoolDay, since) : new Map<string, CaseEvidence[]>();
  blocks.push({
    kind: 'table',
    table: {
      columns: [
        { title: s.situationColumns.risk, width: 0.1 },
        { title: s.situationColumns.situation, width: 0.27 },
        { title: s.situationColumns.where, width: 0.16 },
        { title: s.situationColumns.factors, width: 0.16 },
        { title: s.situationColumns.barriers, width: 0.2 },
        { title: s.situationColumns.cases, width: 0.11, align: 'right' },
      ],
      rows: situations.map((x): PdfCell[] => [
        { text: `${scoreOf(x)} ${rs.colours[riskColour(scoreOf(x))]}`, fill: COLOUR_FILL[riskColour(scoreOf(x))], bold: true },
        x.description,
        whereAndWhen(language, x) || s.none,
        x.factors.length > 0 ? joinList(x.factors.map((f) => cs.choices.riskFactors[f])) : s.none,
        x.barriers || s.none,
        String(evidence.get(x.id)?.length ?? 0),
      ]),
      empty: s.noSituations,
    },
  });
  blocks.push({ kind: 'heading', level: 2, text: s.measures });
  blocks.push({
    kind: 'table',
    table: {
      columns: [
        { title: s.measureColumns.situation, width: 0.22 },
        { title: s.measureColumns.measure, width: 0.3 },
        { title: s.measureColumns.owner, width: 0.14 },
        { title: s.measureColumns.due, width: 0.1 },
        { title: s.measureColumns.state, width: 0.1 },
        { title: s.measureColumns.effect, width: 0.14 },
      ],
      rows: situations.flatMap((x) =>
        x.measures.map((m): PdfCell[] => [
          x.description,
          m.description,
          m.ownerId ? name(m.ownerId) : s.none,
          formatDate(m.dueDate, language),
          m.state === 'approved' && m.dueDate < today ? { text: cs.measures.state[m.state], fill: PDF_FILLS.warning } : cs.measures.state[m.state],
          m.evaluation ? `${rs.situation.effects[m.evaluation.effect]}${m.evaluation.note ? `: ${m.evaluation.note}` : ''}` : s.none,
        ]),
      ),
      empty: s.noMeasures,
    },
  });
  blocks.push({ kind: 'heading', level: 2, text: s.reviews });
  const countsText = (c: Record<'red' | 'yellow' | 'green', number>) => fill(s.colourCounts, c);
  blocks.push({
    kind: 'table',
    table: {
      columns: [
        { title: s.reviewColumns.date, width: 0.14 },
        { title: s.reviewColumns.by, width: 0.13 },
        { title: s.reviewColumns.why, width: 0.17 },
        { title: s.reviewColumns.risk, width: 0.2 },
        { title: s.reviewColumns.safetyRep, width: 0.14 },
        { title: s.reviewColumns.note, width: 0.22 },
      ],
      rows: input.reviews.map((r): PdfCell[] => {
        const change = riskChangeSummary(r.before, r.after);
        const rep = r.safetyRepTookPart ? rs.card.reviewSafetyRep.tookPart : r.safetyRepsCommented.length > 0 ? rs.card.reviewSafetyRep.commented : r.safetyRepsAsked.length > 0 ? rs.card.reviewSafetyRep.asked : rs.card.reviewSafetyRep.none;
        return [formatInstant(r.at, timeZone, language), name(r.by), rs.card.reasons[r.reason], `${countsText(change.before)} → ${countsText(change.after)}`, rep, r.note];
      }),
      empty: s.noReviews,
    },
  });

  // 2. Training and drills (§ 3A-5).
  blocks.push({ kind: 'heading', level: 1, text: `2. ${s.training}` });
  blocks.push({ kind: 'paragraph', subtle: true, text: fill(s.trainingRef, { ref: formatLegalRef(language, 'forskrift-3a-5') }) });
  const staff = staffOf(directory, schoolId);
  const cov = coverage(input.entries, staff, since);
  blocks.push({ kind: 'paragraph', text: cov.total === 0 ? ts.card.noStaff : fill(ts.card.coverage, { covered: cov.covered.length, total: cov.total, share: coverageShare(cov) }) });
  if (cov.missing.length > 0) blocks.push({ kind: 'paragraph', text: fill(s.missing, { names: cov.missing.map(name).join(', ') }) });
  const items = planItems(input.entries, input.record, staff, schedule.trainingPlan, now, timeZone);
  if (items.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: s.plan });
    for (const item of items) blocks.push({ kind: 'paragraph', text: planLine(language, directory, timeZone, item).text });
  }
  blocks.push({ kind: 'heading', level: 2, text: s.log });
  blocks.push({
    kind: 'table',
    table: {
      columns: [
        { title: s.logColumns.date, width: 0.12 },
        { title: s.logColumns.kind, width: 0.17 },
        { title: s.logColumns.topic, width: 0.35 },
        { title: s.logColumns.participants, width: 0.11, align: 'right' },
        { title: s.logColumns.ledBy, width: 0.15 },
        { title: s.logColumns.minutes, width: 0.1, align: 'right' },
      ],
      rows: input.entries
        .filter((e) => e.date >= since)
        .map((e): PdfCell[] => [formatDate(e.date, language), ts.kinds[e.kind], e.notes ? `${e.topic}. ${e.notes}` : e.topic, String(e.participants.length), e.ledById ? name(e.ledById) : (e.ledByName ?? s.none), e.durationMinutes ? String(e.durationMinutes) : s.none]),
      empty: s.noEntries,
    },
  });

  // 3. Information, deviations and their handling (§ 3A-4, AML § 5-1).
  blocks.push({ kind: 'heading', level: 1, text: `3. ${s.routine}` });
  blocks.push({ kind: 'paragraph', subtle: true, text: fill(s.routineRef, { ref: formatLegalRef(language, 'forskrift-3a-4') }) });
  blocks.push({ kind: 'paragraph', text: input.routine.text });
  if (input.routine.url) blocks.push({ kind: 'paragraph', text: fill(s.routineLink, { url: input.routine.url }) });
  blocks.push({ kind: 'paragraph', subtle: true, text: input.routine.source });

  const stats = incidentStatistics(input.evidence, schedule.schoolDay, since, today);
  blocks.push({ kind: 'heading', level: 2, text: s.incidents });
  blocks.push({ kind: 'paragraph', text: plural(language, s.incidentsTotal, stats.total, { since: formatDate(since, language), today: date, serious: stats.seriousInjuries, sick: stats.sickLeave }) });
  const breakdown = (title: string, rows: { label: string; count: number }[]) =>
    blocks.push({ kind: 'table', table: { columns: [{ title, width: 0.75 }, { title: s.count, width: 0.25, align: 'right' }], rows: rows.map((r) => [r.label, String(r.count)]), empty: s.noIncidents } });
  if (stats.total > 0) {
    breakdown(s.bySeverity, stats.bySeverity.map((b) => ({ label: cs.choices.severity[b.key], count: b.count })));
    breakdown(s.byLocation, stats.byLocation.map((b) => ({ label: cs.choices.location[b.key], count: b.count })));
    breakdown(s.byTimeOfDay, stats.byTimeOfDay.map((b) => ({ label: b.key === 'unknown' ? s.unknownTime : cs.choices.timeOfDay[b.key], count: b.count })));
    breakdown(s.byType, stats.byType.map((b) => ({ label: cs.choices.types[b.key], count: b.count })));
    breakdown(s.byMonth, stats.byMonth.map((b) => ({ label: new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${b.key}-15T12:00:00Z`)), count: b.count })));
  }

  blocks.push({ kind: 'heading', level: 2, text: s.register });
  blocks.push({ kind: 'paragraph', subtle: true, text: s.registerNote });
  const consequences = (e: CaseEvidence) => {
    const labels = (['seriousInjury', 'medicalTreatment', 'sickLeave', 'policeInvolved', 'physicalIntervention'] as const).filter((k) => e.report[k]).map((k) => cs.caseCard.consequence[k]);
    return labels.length > 0 ? joinList(labels) : s.none;
  };
  blocks.push({
    kind: 'table',
    table: {
      columns: [
        { title: s.registerColumns.reference, width: 0.13 },
        { title: s.registerColumns.date, width: 0.1 },
        { title: s.registerColumns.where, width: 0.15 },
        { title: s.registerColumns.types, width: 0.12 },
        { title: s.registerColumns.severity, width: 0.155 },
        { title: s.registerColumns.injury, width: 0.09 },
        { title: s.registerColumns.consequences, width: 0.165 },
        { title: s.registerColumns.status, width: 0.09 },
      ],
      rows: registerExtract(input.evidence, since).map((e): PdfCell[] => {
        const t = timeOfDayOf(e.report, schedule.schoolDay);
        return [
          e.reference,
          formatDate(e.report.date, language),
          [cs.choices.location[e.report.location], t ? rs.time[t] : ''].filter(Boolean).join(', '),
          joinList(e.report.types.map((x) => cs.choices.types[x])),
          cs.choices.severity[e.report.severity],
          e.report.injury ? cs.choices.injury[e.report.injury] : s.none,
          consequences(e),
          cs.status[e.status],
        ];
      }),
      empty: s.noIncidents,
    },
  });

  return {
    title: fill(s.title, { school }),
    subtitle: fill(s.subtitle, { ref: formatLegalRef(language, 'aml-4-3-6'), date, owner: directory.owner.name }),
    footer: fill(s.footer, { school, date }),
    pageOf: s.pageOf,
    language: LOCALE[language],
    createdAt: now,
    blocks,
  };
}

/** One line of the owner's report as the digest card and the PDF show it. */
export function ownerRowTexts(language: Language, directory: Directory, timeZone: string, r: OwnerReportRow) {
  const s = inspectionStrings(language).owner;
  const flags = (Object.keys(r.flags) as (keyof OwnerReportRow['flags'])[]).filter((k) => r.flags[k]).map((k) => s.flags[k]);
  return {
    school: schoolName(directory, r.schoolId),
    flags: flags.length > 0 ? joinList(flags) : s.noFlags,
    review: r.lastReviewAt ? formatDate(localDateTime(new Date(r.lastReviewAt), timeZone).date, language) : s.never,
    drill: r.lastDrill ? formatDate(r.lastDrill, language) : s.never,
    coverage: fill(s.coverage, { covered: r.coverage.covered, total: r.coverage.total, share: r.coverage.share }),
  };
}

export function ownerReportDocument(input: { language: Language; directory: Directory; timeZone: string; now: Date; rows: OwnerReportRow[] }): PdfDocumentModel {
  const { language, directory, timeZone, now, rows } = input;
  const s = inspectionStrings(language).owner;
  const date = formatDate(localDateTime(now, timeZone).date, language);
  const flagged = rows.filter(isFlagged).length;
  return {
    title: fill(s.pdfTitle, { owner: directory.owner.name }),
    subtitle: fill(s.subtitle, { date }),
    footer: fill(s.footer, { owner: directory.owner.name, date }),
    pageOf: inspectionStrings(language).folder.pageOf,
    language: LOCALE[language],
    createdAt: now,
    blocks: [
      { kind: 'paragraph', text: plural(language, s.flaggedCount, flagged, { total: rows.length }) },
      { kind: 'paragraph', subtle: true, text: s.why },
      {
        kind: 'table',
        table: {
          columns: [
            { title: s.columns.school, width: 0.15 },
            { title: s.columns.review, width: 0.11 },
            { title: s.columns.red, width: 0.09, align: 'right' },
            { title: s.columns.overdue, width: 0.09, align: 'right' },
            { title: s.columns.coverage, width: 0.13 },
            { title: s.columns.drill, width: 0.11 },
            { title: s.columns.cases, width: 0.12, align: 'right' },
            { title: s.columns.flags, width: 0.2 },
          ],
          rows: rows.map((r): PdfCell[] => {
            const t = ownerRowTexts(language, directory, timeZone, r);
            return [
              { text: t.school, bold: true },
              r.flags.noReview ? { text: t.review, fill: PDF_FILLS.warning } : t.review,
              r.openRed > 0 ? { text: String(r.openRed), fill: PDF_FILLS.red } : '0',
              r.overdueMeasures > 0 ? { text: String(r.overdueMeasures), fill: PDF_FILLS.warning } : '0',
              t.coverage,
              r.flags.noDrill ? { text: t.drill, fill: PDF_FILLS.warning } : t.drill,
              `${r.cases} (${r.casesBefore})`,
              isFlagged(r) ? { text: t.flags, fill: PDF_FILLS.warning } : t.flags,
            ];
          }),
          empty: '',
        },
      },
    ],
  };
}
