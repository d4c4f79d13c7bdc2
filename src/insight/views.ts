/**
 * The cards of statistics and digests, as data for cards/statistics.json and
 * cards/digest.json. Each breakdown is a FactSet whose titles are the report
 * form's labels and whose values start with the count ("Klasserom" /
 * "5 (42 %)"), with a chart drawn on the server beside it. The charts go in
 * as data URIs, most telling first, as long as they fit a budget that keeps
 * the whole card well under Teams' message limit.
 */
import { casesStrings, schoolName } from '../cases';
import type { Severity } from '../cases/model/report';
import { cardView, type CardView } from '../core/cards';
import { localDateTime } from '../core/clock';
import type { Directory } from '../core/directory';
import { formatDate, formatLegalRef, joinList } from '../core/format';
import { fill, plural, type Language } from '../core/i18n';
import { PREVIOUS_COLOR, pngDataUri, renderChartCached, type ChartSpec } from './charts';
import type { Cell } from './model/cells';
import type { DigestFigures } from './model/digest';
import { PERIODS, type Period, type PeriodKey } from './model/period';
import type { SchoolRow } from './model/schools';
import { BREAKDOWN_KEYS, type BreakdownKey, type StatisticsFigures } from './model/statistics';
import { insightStrings, type InsightStrings } from './strings';

declare module '../core/cards' {
  interface CardTypes {
    statistics: StatisticsCardData;
    digest: DigestCardData;
  }
}

export interface Fact {
  title: string;
  value: string;
}

/**
 * Teams refuses a bot message over about 100 KB counted as UTF-16 (two bytes
 * a character) and advises staying within 80 KB. Base64 images are said not to
 * count, but the card is kept within that with them counted: at most 38,000
 * characters (76 KB) in all, of which charts take what the text leaves, up to
 * 26,000 characters (all nine charts of a school take about 23,000).
 */
export const CARD_BUDGET_CHARS = 38_000;
export const CHART_BUDGET_CHARS = 26_000;

/** What the card's text takes, from what grows: the fixed part, each school to choose, each row of the owner's table (measured, with room to spare). */
function textEstimate(choices: number, tableRows: number): number {
  return 10_000 + choices * 50 + tableRows * 700;
}

// ---------------------------------------------------------------- words

type Labels = Record<BreakdownKey | 'severity', (key: string) => string>;

export function labelsFor(language: Language): Labels {
  const c = casesStrings(language).choices;
  const s = insightStrings(language);
  const from = (table: Record<string, string>, extra: Record<string, string> = {}) => (key: string) => table[key] ?? extra[key] ?? key;
  return {
    severity: from(c.severity),
    location: from(c.location),
    type: from(c.types),
    weekday: from(s.weekdays),
    timeOfDay: from(c.timeOfDay, { unknown: s.unknownTime }),
    perpetrator: from(c.perpetrator, { notGiven: s.notGiven }),
    pupilStage: from(c.pupilStage, { notGiven: s.notGiven }),
    riskFactor: from(c.riskFactors),
    consequence: from(s.consequence),
  };
}

function percent(share: number, language: Language): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'nb-NO', { maximumFractionDigits: 0 }).format(Math.round(share * 100));
}

/** "5 (42 %)", or "færre enn 3" for a hidden cell. */
export function cellText(c: Cell, language: Language): string {
  const s = insightStrings(language);
  if (c.masked) return s.fewerThan3;
  return fill(s.countShare, { count: c.count, percent: percent(c.share, language) });
}

function countText(c: Cell, language: Language): string {
  return c.masked ? insightStrings(language).fewerThan3 : String(c.count);
}

/** A duration in hours as people say it: "under 1 time", "5 timer", "2,5 dager". */
export function durationText(hours: number, language: Language): string {
  const s = insightStrings(language);
  if (hours < 1) return s.underAnHour;
  if (hours < 48) return plural(language, s.hours, Math.round(hours));
  const days = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'nb-NO', { maximumFractionDigits: 1 }).format(Math.round((hours / 24) * 10) / 10);
  return fill(s.days, { count: days });
}

export function monthLabel(month: string, language: Language, withYear: boolean): string {
  const name = insightStrings(language).months[Number(month.slice(5, 7)) - 1];
  return withYear ? `${name} ${month.slice(2, 4)}` : name;
}

/** The months of the trend as labels; with the year when a month occurs twice (the last 12 months). */
function monthLabels(figures: StatisticsFigures, language: Language): string[] {
  const withYear = new Set(figures.trend.months.map((m) => m.month.slice(5))).size < figures.trend.months.length;
  return figures.trend.months.map((m) => monthLabel(m.month, language, withYear));
}

export function periodText(period: Period, language: Language): { name: string; line: string; compared: string } {
  const s = insightStrings(language);
  const name = period.schoolYear !== undefined ? fill(s.schoolYearName, { year: `${period.schoolYear}/${String((period.schoolYear + 1) % 100).padStart(2, '0')}` }) : s.periods[period.key];
  return {
    name,
    line: fill(s.periodLine, { period: name, from: formatDate(period.from, language), to: formatDate(period.to, language) }),
    compared: fill(s.comparedWith, { from: formatDate(period.comparison.from, language), to: formatDate(period.comparison.to, language) }),
  };
}

// ---------------------------------------------------------------- breakdowns

/** Breakdowns shown in the order of their keys (a day, a stage); the rest most first. */
const ORDINAL = new Set<BreakdownKey | 'severity'>(['weekday', 'timeOfDay', 'pupilStage', 'severity']);
const weight = (c: Cell) => (c.masked ? 1.5 : c.count);

function shownCells(key: BreakdownKey | 'severity', cells: Cell[]): Cell[] {
  const shown = cells.filter((c) => c.masked || c.count > 0);
  return ORDINAL.has(key) ? shown : [...shown].sort((a, b) => weight(b) - weight(a));
}

export function factsOf(key: BreakdownKey | 'severity', cells: Cell[], language: Language): Fact[] {
  const label = labelsFor(language)[key];
  return shownCells(key, cells).map((c) => ({ title: label(c.key), value: cellText(c, language) }));
}

export function sectionTitle(key: BreakdownKey | 'trend', language: Language): string {
  return fill(insightStrings(language).sections[key], { ref: formatLegalRef(language, 'forskrift-3a-2') });
}

/** Short enough for a chart's axis. */
function axisLabel(text: string): string {
  const chars = [...text];
  return chars.length <= 20 ? text : `${chars.slice(0, 18).join('').trimEnd()}…`;
}

export interface ChartOf {
  spec: ChartSpec;
  altText: string;
}

/** The chart of one breakdown (or of the trend) and the text that says the same for a screen reader; undefined when there is nothing to draw. */
export function chartOf(figures: StatisticsFigures, key: BreakdownKey | 'trend', language: Language): ChartOf | undefined {
  if (figures.total === 0 && (key !== 'trend' || figures.trend.previousTotal === 0)) return undefined;
  const s = insightStrings(language);
  const title = sectionTitle(key, language);
  const value = (c: Cell) => (c.masked ? null : c.count);
  const valueText = (c: Cell) => (c.masked ? s.fewerThan3 : String(c.count));
  if (key === 'trend') {
    const labels = monthLabels(figures, language);
    return {
      spec: {
        kind: 'bar',
        labels,
        series: [
          { label: s.thisPeriod, values: figures.trend.months.map((m) => value(m.current)) },
          { label: s.yearBefore, values: figures.trend.months.map((m) => value(m.previous)), color: PREVIOUS_COLOR },
        ],
      },
      altText: fill(s.altTextTrend, {
        title,
        values: joinList(figures.trend.months.map((m, i) => fill(s.altValue, { label: labels[i], value: valueText(m.current) }))),
        previous: joinList(figures.trend.months.map((m, i) => fill(s.altValue, { label: labels[i], value: valueText(m.previous) }))),
      }),
    };
  }
  const cells = figures.breakdowns[key] as Cell[];
  const label = labelsFor(language)[key];
  // Days and times keep their places on the axis, empty or not; other breakdowns show what occurred.
  const drawn = ORDINAL.has(key) ? cells.filter((c) => c.masked || c.count > 0 || (c.key !== 'unknown' && c.key !== 'notGiven' && !(key === 'weekday' && Number(c.key) > 5))) : shownCells(key, cells);
  if (!drawn.some((c) => c.masked || c.count > 0)) return undefined;
  const short = key === 'weekday' ? (k: string) => (s.weekdaysShort as Record<string, string>)[k] ?? k : label;
  const labels = drawn.map((c) => axisLabel(short(c.key)) + (c.masked ? ` (${s.fewerThan3Short})` : ''));
  return {
    spec: { kind: 'bar', horizontal: key !== 'weekday', labels, series: [{ label: title, values: drawn.map(value) }] },
    altText: fill(s.altText, { title, values: joinList(drawn.map((c) => fill(s.altValue, { label: label(c.key), value: valueText(c) }))) }),
  };
}

/**
 * Every chart of the figures as PNG bytes with its title and alt text, for a
 * channel that has room for all of them (the web tab serves them as files).
 */
export function chartImages(figures: StatisticsFigures, language: Language): { key: BreakdownKey | 'trend'; title: string; png: Buffer; altText: string }[] {
  return CHART_PRIORITY.flatMap((key) => {
    const chart = chartOf(figures, key, language);
    return chart ? [{ key, title: sectionTitle(key, language), png: renderChartCached(chart.spec), altText: chart.altText }] : [];
  });
}

/** Which charts a card carries first, when not all fit. */
export const CHART_PRIORITY: (BreakdownKey | 'trend')[] = ['location', 'timeOfDay', 'trend', 'type', 'weekday', 'perpetrator', 'riskFactor', 'consequence', 'pupilStage'];

// ---------------------------------------------------------------- the statistics card

export interface StatisticsSection {
  heading: string;
  facts: Fact[];
  empty: string;
  note: string;
  hasChart: boolean;
  chart: string;
  altText: string;
}

export interface StatisticsCardData {
  title: string;
  subtitle: string;
  compared: string;
  note: string;
  noteColor: 'Good' | 'Attention' | 'Accent';
  periods: { title: string; period: PeriodKey; style: 'positive' | 'default' }[];
  currentPeriod: PeriodKey;
  showSchools: boolean;
  schoolLabel: string;
  schoolChoices: { title: string; value: string }[];
  selectedSchool: string;
  showLabel: string;
  headline: Fact[];
  empty: string;
  sections: StatisticsSection[];
  schools: {
    show: boolean;
    title: string;
    header: string[];
    rows: { schoolId: string; cells: string[] }[];
    more: string;
  };
  notes: string[];
  tab: { show: boolean; url: string; label: string };
}

export interface StatisticsViewInput {
  language: Language;
  directory: Directory;
  figures: StatisticsFigures;
  /** The school shown, or undefined for all schools. */
  schoolId?: string;
  /** The schools the person may choose between (more than one: a choice on the card). */
  choices: string[];
  /** The owner's roles may choose all schools together. */
  allowAll: boolean;
  /** The owner's table, for all schools. */
  schools?: SchoolRow[];
  /** Open cases now, in the scope. */
  openNow?: number;
  tabUrl?: string;
  note?: { text: string; tone: 'good' | 'attention' | 'accent' };
  chartBudget?: number;
}

/** How many schools the owner's table shows on a card; the rest are counted. */
export const SCHOOL_TABLE_ROWS = 10;

/** Cases, severity, open now (when known) and the medians: the top of the card and of the tab. */
export function statisticsHeadline(figures: StatisticsFigures, language: Language, openNow?: number): Fact[] {
  const s = insightStrings(language);
  const medianText = (hours: number | undefined, count: number) => (hours === undefined ? s.headline.notYet : plural(language, s.medianOf, count, { value: durationText(hours, language) }));
  return [
    { title: s.headline.cases, value: String(figures.total) },
    { title: s.headline.serious, value: figures.total > 0 ? cellText(figures.serious, language) : '0' },
    ...factsOf('severity', figures.severity, language),
    ...(openNow !== undefined ? [{ title: s.headline.open, value: String(openNow) }] : []),
    { title: s.headline.acknowledge, value: medianText(figures.medians.acknowledgeHours, figures.medians.acknowledged) },
    { title: s.headline.close, value: medianText(figures.medians.closeHours, figures.medians.closed) },
  ];
}

/** The months against the same months a year before, and the totals. */
export function trendFacts(figures: StatisticsFigures, language: Language): Fact[] {
  const s = insightStrings(language);
  const labels = monthLabels(figures, language);
  return [
    ...figures.trend.months.map((m, i) => ({ title: labels[i], value: fill(s.trendValue, { current: countText(m.current, language), previous: countText(m.previous, language) }) })),
    { title: s.trendTotal, value: fill(s.trendValue, { current: figures.trend.total, previous: figures.trend.previousTotal }) },
  ];
}

/** The owner's table of schools as header and rows of text. */
export function schoolTableRows(directory: Directory, schools: SchoolRow[], language: Language): { header: string[]; rows: { schoolId: string; cells: string[] }[] } {
  const s = insightStrings(language);
  const reviewText = (row: SchoolRow) => (row.lastRiskReview ? formatDate(row.lastRiskReview, language) : s.noReview);
  return {
    header: [s.schoolsColumns.school, s.schoolsColumns.cases, s.schoolsColumns.serious, s.schoolsColumns.open, s.schoolsColumns.overdue, s.schoolsColumns.review],
    rows: schools.map((row) => ({
      schoolId: row.schoolId,
      cells: [schoolName(directory, row.schoolId), String(row.cases), countText(row.serious, language), String(row.open), String(row.overdueMeasures), reviewText(row)],
    })),
  };
}

export function statisticsCard(input: StatisticsViewInput): CardView<'statistics'> {
  const { language, directory, figures } = input;
  const s = insightStrings(language);
  const period = periodText(figures.period, language);
  const scopeName = input.schoolId ? schoolName(directory, input.schoolId) : s.allSchools;
  const headline = statisticsHeadline(figures, language, input.openNow);

  const multiSchool = input.choices.length > 1 || input.allowAll;
  const schools = input.schools ?? [];
  const shownSchools = schools.slice(0, SCHOOL_TABLE_ROWS);
  // Charts in order of priority while they fit what the text leaves.
  const budget = input.chartBudget ?? Math.min(CHART_BUDGET_CHARS, CARD_BUDGET_CHARS - textEstimate(multiSchool ? input.choices.length + 1 : 0, shownSchools.length));
  let used = 0;
  const charts = new Map<BreakdownKey | 'trend', { uri: string; altText: string }>();
  for (const key of CHART_PRIORITY) {
    const chart = chartOf(figures, key, language);
    if (!chart) continue;
    const uri = pngDataUri(renderChartCached(chart.spec));
    if (used + uri.length > budget) continue;
    used += uri.length;
    charts.set(key, { uri, altText: chart.altText });
  }

  const section = (key: BreakdownKey | 'trend', facts: Fact[], note = ''): StatisticsSection => {
    const chart = charts.get(key);
    return { heading: sectionTitle(key, language), facts, empty: facts.length === 0 ? '–' : '', note, hasChart: !!chart, chart: chart?.uri ?? '', altText: chart?.altText ?? '' };
  };
  const sections: StatisticsSection[] =
    figures.total === 0 && figures.trend.previousTotal === 0
      ? []
      : [
          ...BREAKDOWN_KEYS.map((key) => section(key, factsOf(key, figures.breakdowns[key] as Cell[], language))),
          section('trend', trendFacts(figures, language), period.compared),
        ];

  const table = schoolTableRows(directory, shownSchools, language);
  return cardView('statistics', {
    title: fill(s.title, { scope: scopeName }),
    subtitle: period.line,
    compared: period.compared,
    note: input.note?.text ?? '',
    noteColor: input.note?.tone === 'good' ? 'Good' : input.note?.tone === 'attention' ? 'Attention' : 'Accent',
    periods: PERIODS.map((key) => ({ title: s.periods[key], period: key, style: key === figures.period.key ? 'positive' : 'default' })),
    currentPeriod: figures.period.key,
    showSchools: multiSchool,
    schoolLabel: s.schoolLabel,
    schoolChoices: [...(input.allowAll ? [{ title: s.allSchoolsChoice, value: '' }] : []), ...input.choices.map((id) => ({ title: schoolName(directory, id), value: id }))],
    selectedSchool: input.schoolId ?? '',
    showLabel: s.show,
    headline,
    empty: figures.total === 0 ? s.none : '',
    sections,
    schools: {
      show: shownSchools.length > 0,
      title: s.schoolsTitle,
      header: table.header,
      rows: table.rows,
      more: schools.length > shownSchools.length ? plural(language, s.schoolsMore, schools.length - shownSchools.length) : '',
    },
    notes: [figures.total > 0 ? s.multiNote : '', figures.audience === 'owner' ? s.maskedNote : ''].filter(Boolean),
    tab: { show: !!input.tabUrl, url: input.tabUrl ?? '', label: s.openTab },
  });
}

// ---------------------------------------------------------------- the digest

export interface DigestCardData {
  title: string;
  window: string;
  summary: Fact[];
  bySeverity: { show: boolean; title: string; facts: Fact[] };
  openByAge: { show: boolean; title: string; facts: Fact[] };
  schools: { show: boolean; title: string; header: string[]; rows: { cells: string[] }[] };
  waiting: { show: boolean; title: string; items: { incidentId: string; line: string }[]; more: string[] };
  openLabel: string;
  replaces: string;
  notes: string[];
  statistics: { label: string; schoolId: string };
  tab: { show: boolean; url: string; label: string };
}

export interface DigestViewInput {
  language: Language;
  directory: Directory;
  timeZone: string;
  figures: DigestFigures;
  /** How many of the recipient's reminders were folded into this digest. */
  merged: number;
  tabUrl?: string;
}

export function digestTitle(input: Pick<DigestViewInput, 'language' | 'directory' | 'figures'>): string {
  const s = insightStrings(input.language).digest;
  return input.figures.kind === 'weekly'
    ? fill(s.weeklyTitle, { school: schoolName(input.directory, input.figures.schoolIds[0] ?? '') })
    : fill(s.monthlyTitle, { owner: input.directory.owner.name });
}

export function digestCard(input: DigestViewInput): CardView<'digest'> {
  const { language, directory, figures } = input;
  const s = insightStrings(language);
  const d = s.digest;
  const cs = casesStrings(language);
  const sum = figures.summary;
  const many = figures.schoolIds.length > 1;
  const prefix = (schoolId: string, line: string) => (many ? fill(d.schoolPrefix, { school: schoolName(directory, schoolId), line }) : line);
  const sev = (v: Severity) => cs.choices.severity[v];
  const trendText =
    sum.newCases > sum.previousNewCases
      ? fill(d.up, { previous: sum.previousNewCases })
      : sum.newCases < sum.previousNewCases
        ? fill(d.down, { previous: sum.previousNewCases })
        : d.same;
  const from = localDateTime(new Date(figures.window.from), input.timeZone);
  const labelsBySeverity = factsOf('severity', sum.newBySeverity, language);
  const ages = sum.openByAge.filter((c) => c.masked || c.count > 0).map((c) => ({ title: d.ages[c.key as keyof typeof d.ages], value: countText(c, language) }));

  const items = [
    ...figures.lists.notAcknowledged.map((r) => ({ incidentId: r.caseId, line: prefix(r.schoolId, fill(d.notAcknowledgedLine, { reference: r.reference, severity: sev(r.severity), date: formatDate(localDateTime(new Date(r.createdAt), input.timeZone).date, language) })) })),
    ...figures.lists.legal.map((r) => ({ incidentId: r.caseId, line: prefix(r.schoolId, fill(d.legalLine, { reference: r.reference, items: joinList(r.items.map((i) => d.legalItems[i])) })) })),
    ...figures.lists.overdue.map((r) => ({ incidentId: r.caseId, line: prefix(r.schoolId, fill(d.overdueLine, { reference: r.reference, date: formatDate(r.dueDate, language) })) })),
  ];
  const more = (
    [
      ['notAcknowledged', d.notAcknowledged],
      ['legal', d.legalOutstanding],
      ['overdue', d.overdueMeasures],
    ] as const
  )
    .filter(([k]) => figures.lists.more[k] > 0)
    .map(([k, label]) => `${label}: ${plural(language, d.more, figures.lists.more[k])}`);

  return cardView('digest', {
    title: digestTitle(input),
    window: fill(d.window, { from: `${formatDate(from.date, language)} ${from.time}` }),
    summary: [
      { title: d.newCases, value: `${sum.newCases} · ${trendText}` },
      { title: d.open, value: String(sum.open) },
      { title: d.notAcknowledged, value: String(sum.notAcknowledged) },
      { title: d.legalOutstanding, value: String(sum.legalOutstanding) },
      { title: d.overdueMeasures, value: String(sum.overdueMeasures) },
      {
        title: d.clusters,
        value: sum.clusters.length === 0 ? d.noClusters : joinList(sum.clusters.map((c) => plural(language, d.clusterLine, c.cases, { school: schoolName(directory, c.schoolId) }))),
      },
    ],
    bySeverity: { show: labelsBySeverity.length > 0, title: d.bySeverity, facts: labelsBySeverity },
    openByAge: { show: ages.length > 0, title: d.openByAge, facts: ages },
    schools: {
      show: figures.schools.length > 0,
      title: d.schoolsTitle,
      header: [d.schoolsColumns.school, d.schoolsColumns.newCases, d.schoolsColumns.serious, d.schoolsColumns.open, d.schoolsColumns.notAcknowledged, d.schoolsColumns.overdue],
      rows: figures.schools.map((r) => ({ cells: [schoolName(directory, r.schoolId), String(r.newCases), countText(r.newSerious, language), String(r.open), String(r.notAcknowledged), String(r.overdueMeasures)] })),
    },
    waiting: { show: items.length > 0, title: d.waiting, items, more },
    openLabel: d.openCase,
    replaces: input.merged > 0 ? d.replaces : '',
    notes: figures.audience === 'owner' ? [s.maskedNote] : [],
    statistics: { label: d.statistics, schoolId: many ? '' : figures.schoolIds[0] ?? '' },
    tab: { show: !!input.tabUrl, url: input.tabUrl ?? '', label: s.openTab },
  });
}

export function digestSummaryLine(input: Pick<DigestViewInput, 'language' | 'directory' | 'figures'>): string {
  return fill(insightStrings(input.language).digest.summary, { title: digestTitle(input) });
}

export type { InsightStrings };
