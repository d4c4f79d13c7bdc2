/**
 * What the register shows: the export card in chat, and in the tab the list
 * of cases and a read-only view of one case for the person's role. Names of
 * who reported or was exposed appear only for the school's own leaders and
 * the reporter side (seesReporterIdentity), as in chat; the owner's roles see
 * "en ansatt" and roles instead.
 */
import type { Case } from '../cases';
import { casesStrings, exposedText, historyEntryText, legalStatus } from '../cases';
import { isReporterSide, seesReporterIdentity, type Viewer } from '../cases/model/access';
import { LEGAL_STEPS, requiredLegalSteps } from '../cases/model/legal-steps';
import { TOGGLES } from '../cases/model/report';
import { shownStatus } from '../cases/model/status';
import { cardView, type CardView } from '../core/cards';
import { localDateTime } from '../core/clock';
import { findSchool, nameOf, type Directory } from '../core/directory';
import { formatDate, formatDateTime, formatInstant, formatLegalRef, joinList } from '../core/format';
import { fill, plural, type Language } from '../core/i18n';
import { PERIODS, type DateRange, type PeriodId } from '../core/period';
import type { TabBlock, TabContent } from '../core/tab';
import { ownerRoleOf } from './model';
import type { ListedCase } from './store';
import { registerStrings } from './strings';

declare module '../core/cards' {
  interface CardTypes {
    'register-export': RegisterExportCardData;
  }
}

export interface RegisterExportCardData {
  title: string;
  intro: string;
  privacy: string;
  note: string;
  noteColor: 'Attention' | 'Good' | 'Default';
  facts: { title: string; value: string }[];
  links: { title: string; url: string }[];
  expiry: string;
  choose: string;
  schoolLabel: string;
  schoolChoices: { title: string; value: string }[];
  schoolId: string;
  periodLabel: string;
  periodChoices: { title: string; value: string }[];
  period: string;
  refresh: string;
}

const schoolName = (directory: Directory, id: string, language: Language) => (id === 'all' ? registerStrings(language).allSchools : (findSchool(directory, id)?.name ?? id));

export function rangeText(range: DateRange, language: Language): string {
  return `${formatDate(range.from, language)}–${formatDate(range.to, language)}`;
}

export interface ExportCardInput {
  language: Language;
  directory: Directory;
  /** The schools the person may choose, and whether "all schools" is one of the choices. */
  schoolIds: string[];
  all: boolean;
  schoolId: string;
  period: PeriodId;
  range: DateRange;
  count: number;
  links: { csv: string; xlsx: string } | null;
  minutes: number;
  note?: { text: string; tone: 'attention' | 'good' };
}

export function exportCard(input: ExportCardInput): CardView<'register-export'> {
  const { language, directory } = input;
  const s = registerStrings(language);
  const schoolChoices = [...(input.all ? [{ title: s.allSchools, value: 'all' }] : []), ...input.schoolIds.map((id) => ({ title: schoolName(directory, id, language), value: id }))];
  return cardView('register-export', {
    title: s.card.title,
    intro: s.card.intro,
    privacy: s.card.privacy,
    note: input.note?.text ?? '',
    noteColor: input.note ? (input.note.tone === 'good' ? 'Good' : 'Attention') : 'Default',
    facts: [
      { title: s.card.school, value: schoolName(directory, input.schoolId, language) },
      { title: s.card.period, value: `${s.periods[input.period]} (${rangeText(input.range, language)})` },
      { title: s.tab.title, value: plural(language, s.card.cases, input.count) },
    ],
    links: input.links
      ? [
          { title: s.card.xlsx, url: input.links.xlsx },
          { title: s.card.csv, url: input.links.csv },
        ]
      : [],
    expiry: input.links ? plural(language, s.card.expiry, input.minutes) : '',
    choose: s.card.choose,
    schoolLabel: s.card.school,
    schoolChoices,
    schoolId: input.schoolId,
    periodLabel: s.card.period,
    periodChoices: PERIODS.map((p) => ({ title: s.periods[p], value: p })),
    period: input.period,
    refresh: s.card.refresh,
  });
}

// ---------------------------------------------------------------- the tab

export const LIST_MAX = 500;

export function caseListContent(language: Language, directory: Directory, rows: ListedCase[], options: { searched: boolean }): TabContent {
  const s = registerStrings(language);
  const cs = casesStrings(language);
  const shown = rows.slice(0, LIST_MAX);
  const blocks: TabBlock[] = [{ type: 'text', text: plural(language, s.tab.count, rows.length), tone: 'subtle' }];
  if (options.searched) blocks.push({ type: 'text', text: s.tab.searchAll, tone: 'subtle' });
  blocks.push({
    type: 'table',
    columns: [s.tab.columns.reference, s.tab.columns.date, s.tab.columns.school, s.tab.columns.place, s.tab.columns.types, s.tab.columns.severity, s.tab.columns.status],
    rows: shown.map((c) => ({
      open: c.caseId,
      tone: c.severity === 'very-serious' ? 'attention' : 'default',
      cells: [
        c.reference,
        formatDateTime(c.date, c.time, language),
        findSchool(directory, c.schoolId)?.name ?? c.schoolId,
        cs.choices.location[c.location],
        joinList(c.types.map((t) => cs.choices.types[t])),
        cs.choices.severity[c.severity],
        cs.status[c.status],
      ],
    })),
    empty: s.tab.empty,
  });
  if (rows.length > shown.length) blocks.push({ type: 'text', text: fill(s.tab.capped, { count: LIST_MAX }), tone: 'attention' });
  return { title: s.tab.title, blocks };
}

export interface CaseDetailInput {
  language: Language;
  directory: Directory;
  timeZone: string;
  case: Case;
  viewer: Viewer;
  viewerId: string;
}

/** A read-only view of one case, shaped like the chat card for the same role. */
export function caseDetailContent(input: CaseDetailInput): TabContent {
  const { language, directory, timeZone, case: c, viewer, viewerId } = input;
  const s = registerStrings(language);
  const cs = casesStrings(language);
  const r = c.report;
  const school = findSchool(directory, c.schoolId)?.name ?? c.schoolId;
  const title = fill(cs.caseCard.title, { reference: c.reference, severity: cs.choices.severity[r.severity] });
  const date = (iso: string | undefined) => (iso ? formatDate(localDateTime(new Date(iso), timeZone).date, language) : '–');
  const blocks: TabBlock[] = [{ type: 'text', text: `${school} · ${cs.status[shownStatus(c)]}`, tone: 'subtle' }];

  if (viewer === 'measureOwner') {
    blocks.push({ type: 'text', text: s.tab.measureOwner });
    blocks.push(measuresTable(input, c.measures.filter((m) => m.ownerId === viewerId)));
    return { title, blocks };
  }

  const basic = [
    { title: cs.caseCard.status, value: cs.status[shownStatus(c)] },
    { title: cs.caseCard.school, value: school },
    { title: cs.caseCard.when, value: formatDateTime(r.date, r.time, language) },
    { title: cs.caseCard.where, value: cs.choices.location[r.location] },
  ];
  if (isReporterSide(viewer)) {
    blocks.push({ type: 'facts', facts: basic });
    const decided = c.measures.filter((m) => m.state === 'approved' || m.state === 'done');
    if (c.status !== 'reported') blocks.push({ type: 'heading', text: cs.measures.decidedForYou }, decided.length > 0 ? measuresTable(input, decided) : { type: 'text', text: cs.measures.noneDecided });
    if (c.closingSummary) blocks.push({ type: 'heading', text: cs.caseCard.summary }, { type: 'text', text: c.closingSummary });
    const own = c.history.filter((e) => e.action === 'commented' && e.fromReporterSide && e.by === viewerId);
    if (own.length > 0) blocks.push({ type: 'heading', text: cs.caseCard.yourInfo }, ...own.map((e): TabBlock => ({ type: 'text', text: `${formatInstant(e.at, timeZone, language)}: ${e.text ?? ''}` })));
    return { title, blocks };
  }

  const names = seesReporterIdentity(viewer);
  const facts = [...basic, { title: cs.caseCard.types, value: joinList(r.types.map((t) => cs.choices.types[t])) }, { title: cs.caseCard.severity, value: cs.choices.severity[r.severity] }];
  if (r.perpetrator) facts.push({ title: cs.caseCard.perpetrator, value: cs.choices.perpetrator[r.perpetrator] + (r.perpetrator === 'pupil' && r.pupilStage ? ` (${cs.choices.pupilStage[r.pupilStage]})` : '') });
  if (r.injury) facts.push({ title: cs.caseCard.injury, value: cs.choices.injury[r.injury] });
  const consequences = TOGGLES.filter((t) => r[t]).map((t) => cs.caseCard.consequence[t]);
  if (consequences.length > 0) facts.push({ title: cs.caseCard.consequences, value: joinList(consequences) });
  if (r.riskFactors.length > 0) facts.push({ title: cs.caseCard.riskFactors, value: joinList(r.riskFactors.map((f) => cs.choices.riskFactors[f])) });
  const reporter = names ? nameOf(directory, c.reporterId, cs.caseCard.aStaffMember) : cs.caseCard.aStaffMember;
  facts.push({ title: cs.caseCard.reportedBy, value: r.reporterIsAffected ? reporter : `${reporter} ${cs.caseCard.witness}` });
  // As on the case card: the owner's roles get how many employees, never names (DOMAIN.md "Privacy"); a pupil is never named.
  const exposed = exposedText(input);
  if (exposed) facts.push({ title: s.tab.exposed, value: exposed });
  facts.push({ title: s.columns.acknowledged, value: date(c.acknowledgedAt) }, { title: s.columns.closed, value: date(c.closedAt) });
  blocks.push({ type: 'facts', facts });
  blocks.push({ type: 'heading', text: cs.caseCard.description }, { type: 'text', text: r.description });
  if (r.immediateActions) blocks.push({ type: 'heading', text: cs.caseCard.immediateActions }, { type: 'text', text: r.immediateActions });
  if (c.closingSummary) blocks.push({ type: 'heading', text: cs.caseCard.summary }, { type: 'text', text: c.closingSummary });

  const required = requiredLegalSteps(r);
  const steps = LEGAL_STEPS.filter(({ item }) => required.includes(item) || c.legal[item]);
  if (steps.length > 0) {
    blocks.push({
      type: 'table',
      title: cs.legalSteps.title,
      columns: [s.tab.legalColumns.step, s.tab.legalColumns.done],
      rows: steps.map(({ item, ref }) => {
        const done = c.legal[item];
        return { cells: [`${cs.legalSteps[item]} (${formatLegalRef(language, ref)})`, legalStatus(input, done)], tone: done ? 'good' : 'attention' };
      }),
    });
  }
  blocks.push({ type: 'heading', text: cs.measures.title }, c.measures.length > 0 ? measuresTable(input, c.measures) : { type: 'text', text: cs.measures.none });

  const hidden = (by: string) => !names && (by === c.reporterId || c.affectedIds.includes(by));
  blocks.push({
    type: 'table',
    title: s.tab.history,
    columns: [s.tab.historyColumns.when, s.tab.historyColumns.who, s.tab.historyColumns.what, s.tab.historyColumns.text],
    rows: [...c.history].reverse().map((e) => ({
      cells: [
        formatInstant(e.at, timeZone, language),
        hidden(e.by) ? cs.caseCard.aStaffMember : nameOf(directory, e.by, cs.caseCard.aStaffMember),
        e.action === 'commented' && e.fromReporterSide ? cs.history.addedInfo : fill(cs.history.actions[e.action], { item: e.item ? cs.legalSteps[e.item] : '' }),
        // A follow-up answer is the employee's own: the tab never shows its note.
        e.action === 'followUpAnswered' ? '' : historyEntryText(language, c, e),
      ],
    })),
  });
  return { title, blocks };
}

function measuresTable(input: CaseDetailInput, measures: Case['measures']): TabBlock {
  const { language, directory, case: c, viewer } = input;
  const s = registerStrings(language);
  const cs = casesStrings(language);
  const names = seesReporterIdentity(viewer);
  return {
    type: 'table',
    columns: [s.tab.measureColumns.measure, s.tab.measureColumns.owner, s.tab.measureColumns.due, s.tab.measureColumns.state],
    rows: measures.map((m) => ({
      cells: [
        m.description,
        // A measure's owner may be the exposed employee: the owner's roles see the role.
        m.ownerId ? (names ? nameOf(directory, m.ownerId, s.ownerRole[ownerRoleOf(directory, c.schoolId, m.ownerId)]) : s.ownerRole[ownerRoleOf(directory, c.schoolId, m.ownerId)]) : s.ownerRole.none,
        formatDate(m.dueDate, language),
        cs.measures.state[m.state],
      ],
    })),
  };
}
