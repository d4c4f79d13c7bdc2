/**
 * The reporter's and the affected employee's view: the receipt at first, then
 * the status, what has been decided for them and a way to add information.
 * Never the school's internal comments.
 */
import { formatDateTime, formatInstant, joinList, shorten } from '../../core/format';
import { fill } from '../../core/i18n';
import { casesStrings, type CasesStrings } from '../strings';
import { backData, exposedText, keptData, statusText, measureMeta, noteData, pageNewestFirst, personLabel, schoolName, type BackData, type CaseViewInput, type Fact, type KeptData, type NoteData } from './common';

/** The person's own additions shown at a time, newest first; the rest a page at a time. */
const OWN_INFO_SHOWN = 3;
const DECIDED_SHOWN = 6;
const COMPACT_TEXT_MAX = 300;
const ANSWER_NOTE_MAX = 500;

export interface ReporterCaseCardData extends NoteData {
  incidentId: string;
  viewerId: string;
  title: string;
  facts: Fact[];
  next: string;
  nextSerious: string;
  /** What was reported, in the reporter's words: "Det du meldte" (the exposed colleague: "Det som ble meldt"). */
  reportedTitle: string;
  descriptionLabel: string;
  description: string;
  immediateActionsLabel: string;
  immediateActions: string;
  summaryLabel: string;
  summary: string;
  showDecided: boolean;
  decidedTitle: string;
  decidedEmpty: string;
  decided: { description: string; meta: string }[];
  yourInfoTitle: string;
  yourInfo: { when: string; text: string }[];
  yourInfoOlder: string;
  yourInfoNewer: string;
  olderPage: number;
  newerPage: number;
  showOlder: string;
  showNewer: string;
  yourAnswersTitle: string;
  /** Each of their check-in answers; a note they wrote can be withdrawn from here too. */
  yourAnswers: { text: string; followUpId: string; canWithdraw: boolean }[];
  canAddInfo: boolean;
  t: CasesStrings['caseActions'];
  help: string;
  back: BackData;
  kept: KeptData;
}

function exposedFact(input: CaseViewInput): Fact[] {
  const text = exposedText(input);
  return text ? [{ title: casesStrings(input.language).overview.exposed, value: text }] : [];
}

export function reporterCaseCard(input: CaseViewInput): ReporterCaseCardData {
  const { language, directory, timeZone, case: c, viewerId } = input;
  const s = casesStrings(language);
  const r = c.report;
  const school = schoolName(directory, c.schoolId);
  const open = c.status !== 'closed';
  const decided = c.measures.filter((m) => m.state === 'approved' || m.state === 'done').slice(-DECIDED_SHOWN);
  const own = c.history.filter((e) => e.action === 'commented' && e.fromReporterSide && e.by === viewerId);
  const ownPage = pageNewestFirst(language, own, input.compact ? 1 : OWN_INFO_SHOWN, input.compact ? 0 : input.historyPage ?? 0, s.history);
  const given = input.alreadyReported ? { text: s.receipt.alreadyReported, tone: 'accent' as const } : input.note;
  const note = input.compact ? { text: given ? `${shorten(given.text, COMPACT_TEXT_MAX)} ${s.caseCard.shortened}` : s.caseCard.shortened, tone: given?.tone ?? ('accent' as const) } : given;
  const long = (text: string) => (input.compact ? shorten(text, COMPACT_TEXT_MAX) : text);

  return {
    incidentId: c.caseId,
    viewerId,
    title: input.fresh ? s.receipt.title : fill(s.caseCard.yourCase, { reference: c.reference }),
    facts: [
      // After the receipt the title carries the reference.
      ...(input.fresh ? [{ title: s.receipt.reference, value: c.reference }] : []),
      { title: s.receipt.status, value: statusText(language, c) },
      { title: s.receipt.school, value: school },
      { title: s.caseCard.when, value: formatDateTime(r.date, r.time, language) },
      { title: s.caseCard.where, value: s.choices.location[r.location] },
      { title: s.caseCard.types, value: joinList(r.types.map((t) => s.choices.types[t])) },
      { title: s.caseCard.severity, value: s.choices.severity[r.severity] },
      ...exposedFact(input),
      // The exposed colleague sees who reported on their behalf.
      ...(input.viewer === 'affected' && c.reporterId !== viewerId ? [{ title: s.overview.reportedBy, value: personLabel(input, c.reporterId) }] : []),
    ],
    reportedTitle: input.viewer === 'affected' && c.reporterId !== viewerId ? s.overview.reportedFor : s.overview.reported,
    descriptionLabel: s.caseCard.description,
    description: c.anonymisedAt ? fill(s.caseCard.anonymised, { date: formatInstant(c.anonymisedAt, timeZone, language) }) : long(r.description),
    immediateActionsLabel: s.caseCard.immediateActions,
    immediateActions: r.immediateActions ? long(r.immediateActions) : '',
    next: input.fresh ? fill(s.receipt.next, { school }) : '',
    nextSerious: input.fresh && c.serious ? s.receipt.nextSerious : '',
    summaryLabel: s.caseCard.summary,
    summary: long(c.closingSummary ?? ''),
    showDecided: c.status !== 'reported',
    decidedTitle: s.measures.decidedForYou,
    decidedEmpty: decided.length === 0 ? s.measures.noneDecided : '',
    decided: decided.map((m) => ({ description: long(m.description), meta: measureMeta(input, m) })),
    yourInfoTitle: s.caseCard.yourInfo,
    yourInfo: ownPage.items.map((e) => ({ when: formatInstant(e.at, timeZone, language), text: long(e.text ?? '') })),
    yourInfoOlder: ownPage.older,
    yourInfoNewer: ownPage.newer,
    olderPage: ownPage.olderPage,
    newerPage: ownPage.newerPage,
    showOlder: s.history.showOlder,
    showNewer: s.history.showNewer,
    yourAnswersTitle: s.followUps.yours,
    yourAnswers: c.followUps
      .filter((f) => f.personId === viewerId && f.answer)
      .map((f) => ({
        text: `${formatInstant(f.answeredAt!, timeZone, language)}: ${s.followUps.ownAnswers[f.answer!]}${f.note ? ` – «${shorten(f.note, ANSWER_NOTE_MAX)}» ${f.shared ? s.followUps.noteShared : s.followUps.noteNotShared}` : ''}`,
        followUpId: f.id,
        canWithdraw: Boolean(f.note),
      })),
    canAddInfo: open,
    t: s.caseActions,
    help: input.fresh ? `${s.receipt.updates} ${s.receipt.help}` : s.receipt.help,
    back: backData(input.back),
    kept: keptData(input.kept),
    // Last: a spread before the other fields makes V8 build each of them the slow way (core/objects.ts).
    ...noteData(note),
  };
}
