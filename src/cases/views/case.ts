/** The case card each person gets, shaped by their relation to the case and what they may do. */
import { cardView, type CardView } from '../../core/cards';
import { displayName, nameOf, staffOf } from '../../core/directory';
import { personChoices } from '../../core/names';
import { escapeMarkdown, formatDateTime, formatInstant, formatLegalRef, joinList, shorten } from '../../core/format';
import { fill, plural, type Language } from '../../core/i18n';
import { isReporterSide, seesReporterIdentity } from '../model/access';
import type { Case, HistoryEntry } from '../model/case';
import { LEGAL_CHANNELS } from '../../core/legal';
import { LEGAL_STEPS, outstandingLegalSteps, requiredLegalSteps, shownLegalSteps } from '../model/legal-steps';
import { classificationChanges, legalDetail, legalStatus, mayReclassify } from './legal';
import { may, SEES_OPENINGS } from '../model/permissions';
import { TOGGLES } from '../model/report';
import { closeBlockers } from '../model/transitions';
import { refusalText } from './answers';
import { casesStrings, type CasesStrings } from '../strings';
import { backData, exposedText, keptData, statusText, measureMeta, noteData, pageNewestFirst, personLabel, schoolName, type BackData, type CaseViewInput, type Fact, type KeptData, type NoteData } from './common';
import { reporterCaseCard, type ReporterCaseCardData } from './reporter';

declare module '../../core/cards' {
  interface CardTypes {
    case: CaseCardData;
    'reporter-case': ReporterCaseCardData;
  }
}

export interface CaseCardData extends NoteData {
  incidentId: string;
  viewerId: string;
  headerStyle: 'emphasis' | 'warning' | 'attention';
  title: string;
  subtitle: string;
  roleIntro: string;
  legalNotice: string;
  legalNoticeColor: 'Attention' | 'Good';
  facts: Fact[];
  texts: { label: string; text: string }[];
  legal: {
    show: boolean;
    title: string;
    items: {
      item: string;
      label: string;
      status: string;
      statusColor: 'Good' | 'Attention' | 'Default';
      canMark: boolean;
      /** A done or not-applicable step the principal may take back. */
      canUndo: boolean;
      /** Where it is done (Action.OpenUrl), and the phone number, while it is open. */
      links: { title: string; url: string }[];
      phone: string;
    }[];
    /** The legal checklist's labels. */
    t: CasesStrings['legalChecklist'];
  };
  /** The principal may correct the reporter's classification (verb `incident.reclassifyForm` opens the form). */
  reclassify: { show: boolean };
  measures: {
    show: boolean;
    title: string;
    empty: string;
    items: { id: string; description: string; meta: string; rejected: string; canApprove: boolean; canReject: boolean; canComplete: boolean; reasonId: string; reasonValue: string; reasonError: string }[];
    more: string;
  };
  followUps: { show: boolean; title: string; lines: { text: string; shared: string }[] };
  unreachable: { show: boolean; title: string; lines: { text: string }[] };
  /** linkRisk: the principal may link the case to a situation of the school's risk assessment (verb risk.link). */
  can: { acknowledge: boolean; comment: boolean; propose: boolean; close: boolean; linkRisk: boolean; openedBy: boolean };
  t: CasesStrings['caseActions'];
  /** The principal's proposal is approved at once: "Foreslå og godkjenn"; others' "Foreslå". */
  proposeSubmit: string;
  /** What must be done before the case can be closed, shown in the close form before anyone types a summary. */
  closeBlocked: string;
  ownerChoices: { title: string; value: string }[];
  today: string;
  history: { show: boolean; title: string; items: { line: string; text: string }[]; older: string; newer: string; olderPage: number; newerPage: number; showOlder: string; showNewer: string };
  back: BackData;
  kept: KeptData;
}

const HEADER_STYLE = { minor: 'emphasis', serious: 'warning', 'very-serious': 'attention' } as const;
const HISTORY_SHOWN = 6;
const HISTORY_TEXT_MAX = 200;
const CLOSED_MEASURES_SHOWN = 2;
const OPEN_MEASURES_SHOWN = 6;
/** In the smaller card sent when Teams refuses the full one (413). */
const COMPACT_TEXT_MAX = 300;
const COMPACT_MEASURES_SHOWN = 3;
const COMPACT_LINES_SHOWN = 3;
const FOLLOW_UP_LINES_SHOWN = 8;


/** The card for this person: the reporter side gets their own view, everyone else the case card. */
export function caseCardFor(input: CaseViewInput): CardView<'case' | 'reporter-case'> {
  return isReporterSide(input.viewer) ? cardView('reporter-case', reporterCaseCard(input)) : cardView('case', staffCaseCard(input));
}



function caseFacts(input: CaseViewInput): Fact[] {
  const { language, directory, case: c, viewer } = input;
  const s = casesStrings(language);
  const r = c.report;
  const labels = s.caseCard;
  const facts: Fact[] = [
    { title: labels.status, value: statusText(language, c) },
    { title: labels.school, value: schoolName(directory, c.schoolId) },
  ];
  if (viewer === 'measureOwner') return facts;
  facts.push(
    { title: labels.when, value: formatDateTime(r.date, r.time, language) },
    { title: labels.where, value: s.choices.location[r.location] },
    { title: labels.types, value: joinList(r.types.map((t) => s.choices.types[t])) },
  );
  if (r.perpetrator) {
    const stage = r.pupilStage ? ` (${s.choices.pupilStage[r.pupilStage]})` : '';
    facts.push({ title: labels.perpetrator, value: s.choices.perpetrator[r.perpetrator] + stage });
  }
  if (r.injury) facts.push({ title: labels.injury, value: s.choices.injury[r.injury] });
  const consequences = TOGGLES.filter((t) => r[t]).map((t) => labels.consequence[t]);
  if (consequences.length > 0) facts.push({ title: labels.consequences, value: joinList(consequences) });
  if (r.riskFactors.length > 0) facts.push({ title: labels.riskFactors, value: joinList(r.riskFactors.map((f) => s.choices.riskFactors[f])) });
  const reporter = seesReporterIdentity(viewer) ? nameOf(directory, c.reporterId, labels.aStaffMember) : labels.aStaffMember;
  const offStaff = c.reporterNotOnStaff && seesReporterIdentity(viewer) && !isReporterSide(viewer) ? ` ${labels.notOnStaff}` : '';
  facts.push({ title: labels.reportedBy, value: (r.reporterIsAffected ? reporter : `${reporter} ${labels.witness}`) + offStaff });
  const exposed = exposedText(input);
  if (exposed) facts.push({ title: s.overview.exposed, value: exposed });
  return facts;
}


/** Who may own a measure, by name; someone without one is "en ansatt 1", "en ansatt 2": never an id. */
function ownerChoices(input: CaseViewInput): { title: string; value: string }[] {
  const { directory, case: c } = input;
  return personChoices(staffOf(directory, c.schoolId), (id) => displayName(directory, id), input.language);
}

function measuresData(input: CaseViewInput): CaseCardData['measures'] {
  const { language, case: c, viewer, viewerId } = input;
  const s = casesStrings(language);
  const open = c.status !== 'closed';
  const visible = viewer === 'measureOwner' ? c.measures.filter((m) => m.ownerId === viewerId) : c.measures;
  // Open measures first (they need someone to act), then the latest settled ones; the rest are counted.
  const active = visible.filter((m) => m.state === 'proposed' || m.state === 'approved');
  const settled = visible.filter((m) => m.state === 'done' || m.state === 'rejected');
  const shownActive = active.slice(0, input.compact ? COMPACT_MEASURES_SHOWN : OPEN_MEASURES_SHOWN);
  const shownSettled = input.compact ? [] : settled.slice(-CLOSED_MEASURES_SHOWN);
  const hidden = visible.length - shownActive.length - shownSettled.length;
  return {
    show: true,
    title: s.measures.title,
    empty: visible.length === 0 ? s.measures.none : '',
    items: [...shownActive, ...shownSettled].map((m) => ({
      id: m.id,
      description: input.compact ? shorten(m.description, COMPACT_TEXT_MAX) : m.description,
      meta: measureMeta(input, m),
      rejected: m.state === 'rejected' && m.rejectReason ? fill(s.measures.rejectedBecause, { reason: shorten(m.rejectReason, HISTORY_TEXT_MAX) }) : '',
      canApprove: open && m.state === 'proposed' && may(viewer, 'measure.approve'),
      canReject: open && m.state === 'proposed' && may(viewer, 'measure.reject'),
      canComplete: open && m.state === 'approved' && may(viewer, 'measure.complete', m.ownerId === viewerId),
      reasonId: `reason-${m.id}`,
      reasonValue: input.kept?.texts[`reason-${m.id}`] ?? '',
      reasonError: input.kept?.errors?.[`reason-${m.id}`] ?? '',
    })),
    more: hidden > 0 ? fill(s.measures.more, { count: hidden }) : '',
  };
}

/** The steps of § 5-2 (Arbeidstilsynet and the police at once) while they are owed, and a done note after. */
const AML_5_2_STEPS: readonly string[] = ['arbeidstilsynet', 'police'];

function closeBlocked(input: CaseViewInput, canClose: boolean): string {
  const blockers = canClose ? closeBlockers(input.case) : undefined;
  return blockers ? refusalText(input.language, 'close', blockers) : '';
}

function legalNoticeData(input: CaseViewInput): Pick<CaseCardData, 'legalNotice' | 'legalNoticeColor'> {
  const { language, case: c, viewer } = input;
  const s = casesStrings(language);
  if (!c.report.seriousInjury || viewer === 'measureOwner') return { legalNotice: '', legalNoticeColor: 'Attention' };
  const ref = formatLegalRef(language, 'aml-5-2');
  const owed = outstandingLegalSteps(c).some((item) => AML_5_2_STEPS.includes(item));
  if (owed) return c.status === 'closed' ? { legalNotice: '', legalNoticeColor: 'Attention' } : { legalNotice: fill(s.caseCard.legalSeriousInjury, { ref }), legalNoticeColor: 'Attention' };
  return { legalNotice: fill(s.caseCard.legalSeriousInjuryDone, { ref }), legalNoticeColor: 'Good' };
}

function legalData(input: CaseViewInput): CaseCardData['legal'] {
  const { language, case: c, viewer } = input;
  const s = casesStrings(language);
  const t = s.legalChecklist;
  const required = requiredLegalSteps(c.report);
  const shown = shownLegalSteps(c);
  const base = { t };
  if (shown.length === 0 || viewer === 'measureOwner') return { show: false, title: '', items: [], ...base };
  const mayMark = c.status !== 'closed' && may(viewer, 'legal.mark');
  return {
    show: true,
    title: s.legalSteps.title,
    ...base,
    items: LEGAL_STEPS.filter((step) => shown.includes(step.item)).map(({ item, ref }) => {
      const entry = c.legal[item];
      const channel = LEGAL_CHANNELS[item];
      const open = !entry && required.includes(item);
      return {
        item,
        label: `${s.legalSteps[item]} (${formatLegalRef(language, ref)})`,
        status: legalStatus(input, entry),
        statusColor: !entry ? 'Attention' : entry.na ? 'Default' : 'Good',
        canMark: open && mayMark,
        // An automatic "ikke aktuelt (omklassifisert)" is undone by reclassifying again, not by hand.
        canUndo: entry !== undefined && !entry.reclassified && mayMark,
        links: open && channel ? [{ title: t.open[item], url: channel.url }] : [],
        phone: open && channel?.phone ? fill(t.phone, { phone: channel.phone }) : '',
      };
    }),
  };
}

export function historyLine(input: CaseViewInput, e: HistoryEntry): { line: string; text: string } {
  const { language, timeZone, case: c } = input;
  const s = casesStrings(language);
  const who = personLabel(input, e.by, { start: true });
  const what = e.action === 'commented' && e.fromReporterSide ? s.history.addedInfo : fill(s.history.actions[e.action], { item: e.item ? s.legalSteps[e.item] : '' });
  return { line: `${formatInstant(e.at, timeZone, language)} · ${who} · ${what}`, text: shorten(historyEntryText(language, c, e), HISTORY_TEXT_MAX) };
}

/** What a history entry says besides who did what: the comment, the measure, what a legal step recorded, the correction. */
export function historyEntryText(language: Language, c: Pick<Case, 'measures'>, e: HistoryEntry): string {
  const s = casesStrings(language);
  const measure = e.measureId ? c.measures.find((m) => m.id === e.measureId) : undefined;
  let text = e.text ?? measure?.description ?? '';
  // The legal checklist's entries carry what was recorded, so an undone tick still shows what it said.
  if (e.action === 'legalMarked' && e.legal) text = legalDetail(language, e.legal, true);
  if (e.action === 'legalNotApplicable') text = e.legal?.reason ?? text;
  if (e.action === 'legalUndone' && e.legal) {
    const was = e.legal.na ? `${s.legalChecklist.markNa}${e.legal.reason ? `: ${e.legal.reason}` : ''}` : legalDetail(language, e.legal, true) || s.legalChecklist.markDone;
    text = [fill(s.legalChecklist.historyWas, { was }), e.text].filter(Boolean).join(' · ');
  }
  if (e.action === 'reclassified' && e.from && e.to) text = `${classificationChanges(language, e.from, e.to)} · ${e.text ?? ''}`;
  return text;
}

/** For the school's and owner's roles: that check-ins were answered and whether help was asked for; notes only when shared. */
function followUpsData(input: CaseViewInput): CaseCardData['followUps'] {
  const { language, timeZone, case: c, viewer, now } = input;
  const s = casesStrings(language);
  if (viewer === 'measureOwner' || c.followUps.length === 0) return { show: false, title: '', lines: [] };
  const lines: { text: string; shared: string }[] = [];
  for (const personId of [...new Set(c.followUps.map((f) => f.personId))]) {
    const name = personLabel(input, personId, { start: true });
    const own = c.followUps.filter((f) => f.personId === personId);
    for (const f of own.filter((x) => x.answer)) {
      lines.push({
        text: fill(s.followUps.answered, { name, date: formatInstant(f.answeredAt!, timeZone, language), answer: s.followUps.answers[f.answer!] }),
        // Shared "with the principal" (the check-in says so): not with anyone else.
        shared: f.shared && f.note && viewer === 'principal' ? fill(s.followUps.sharedNote, { note: shorten(f.note, HISTORY_TEXT_MAX) }) : '',
      });
    }
    if (c.followUpsStoppedBy.includes(personId)) lines.push({ text: fill(s.followUps.stopped, { name }), shared: '' });
    else {
      const next = now ? own.find((f) => !f.answer && new Date(f.dueAt) > now) : undefined;
      if (next) lines.push({ text: fill(s.followUps.next, { name, date: formatInstant(next.dueAt, timeZone, language) }), shared: '' });
    }
  }
  return { show: lines.length > 0, title: s.followUps.title, lines: lines.slice(-(input.compact ? COMPACT_LINES_SHOWN : FOLLOW_UP_LINES_SHOWN)) };
}

function unreachableData(input: CaseViewInput): CaseCardData['unreachable'] {
  const { language, timeZone, case: c, viewer } = input;
  const s = casesStrings(language);
  if (viewer === 'measureOwner' || c.unreachable.length === 0) return { show: false, title: '', lines: [] };
  const what = s.unreachableSection.what as Record<string, string>;
  return {
    show: true,
    title: s.unreachableSection.title,
    lines: c.unreachable.slice(input.compact ? -COMPACT_LINES_SHOWN : -5).map((u) => ({
      text: fill(s.unreachableSection.line, {
        name: personLabel(input, u.recipientId, { start: true }),
        date: formatInstant(u.at, timeZone, language),
        what: what[u.what] ?? u.what,
        instead: u.toldInstead.length > 0 ? u.toldInstead.map((id) => personLabel(input, id)).join(', ') : s.unreachableSection.nobody,
      }),
    })),
  };
}

function historyData(input: CaseViewInput): CaseCardData['history'] {
  const { language, case: c, viewer } = input;
  const s = casesStrings(language);
  const none = { show: false, title: '', items: [], older: '', newer: '', olderPage: -1, newerPage: -1, showOlder: '', showNewer: '' };
  if (viewer === 'measureOwner') return none;
  // The latest entries; the rest a page at a time ("N eldre oppføringer", Vis eldre / Vis nyere). The smaller card shows none.
  const page = pageNewestFirst(language, c.history, input.compact ? Number.MAX_SAFE_INTEGER : HISTORY_SHOWN, input.compact ? 0 : input.historyPage ?? 0, s.history);
  const items = input.compact ? [] : page.items.map((e) => historyLine(input, e));
  const older = input.compact ? plural(language, s.history.older, c.history.length) : page.older;
  return {
    show: true,
    title: s.history.title,
    items,
    older,
    newer: page.newer,
    olderPage: input.compact ? 0 : page.olderPage,
    newerPage: page.newerPage,
    showOlder: s.history.showOlder,
    showNewer: s.history.showNewer,
  };
}

function staffCaseCard(input: CaseViewInput): CaseCardData {
  const { language, directory, case: c, viewer } = input;
  const s = casesStrings(language);
  const r = c.report;
  const open = c.status !== 'closed';
  const long = (text: string) => (input.compact ? shorten(text, COMPACT_TEXT_MAX) : text);
  // After the retention time the text is gone: say so rather than show an empty field.
  const description = c.anonymisedAt ? fill(s.caseCard.anonymised, { date: formatInstant(c.anonymisedAt, input.timeZone, language) }) : long(r.description);
  const texts = viewer === 'measureOwner' ? [] : [{ label: s.caseCard.description, text: description }];
  if (viewer !== 'measureOwner' && r.immediateActions) texts.push({ label: s.caseCard.immediateActions, text: long(r.immediateActions) });
  if (c.closingSummary && viewer !== 'measureOwner') texts.push({ label: s.caseCard.summary, text: long(c.closingSummary) });
  const can = {
    acknowledge: open && c.status === 'reported' && may(viewer, 'acknowledge'),
    comment: open && may(viewer, 'comment'),
    propose: open && may(viewer, 'measure.propose'),
    close: open && c.status !== 'reported' && may(viewer, 'close'),
    linkRisk: viewer === 'principal',
    openedBy: SEES_OPENINGS.has(viewer) && !c.anonymisedAt,
  };
  // Names of the school's staff only for those who may propose a measure.
  const owners = can.propose ? ownerChoices(input) : [];
  const note = input.compact ? { text: input.note ? `${shorten(input.note.text, COMPACT_TEXT_MAX)} ${s.caseCard.shortened}` : s.caseCard.shortened, tone: input.note?.tone ?? 'accent' } : input.note;

  return {
    incidentId: c.caseId,
    viewerId: input.viewerId,
    headerStyle: HEADER_STYLE[r.severity],
    title: fill(s.caseCard.title, { reference: c.reference, severity: s.choices.severity[r.severity] }),
    subtitle: `${schoolName(directory, c.schoolId)} · ${statusText(language, c)}`,
    // A closed case asks nothing of anyone any more; the § 5-2 warning turns to a note once its steps are done.
    roleIntro: open ? s.caseCard.roleIntro[viewer] : s.caseCard.roleIntroClosed[viewer],
    ...legalNoticeData(input),
    facts: caseFacts(input),
    texts,
    legal: legalData(input),
    reclassify: { show: mayReclassify(input) },
    measures: measuresData(input),
    followUps: followUpsData(input),
    unreachable: unreachableData(input),
    can,
    t: s.caseActions,
    proposeSubmit: may(viewer, 'measure.approve') ? s.caseActions.proposeApproveSubmit : s.caseActions.proposeSubmit,
    closeBlocked: closeBlocked(input, can.close),
    ownerChoices: owners,
    today: input.today ?? '',
    history: historyData(input),
    back: backData(input.back),
    kept: keptData(input.kept, owners),
    // Last: a spread before the other fields makes V8 build each of them the slow way (core/objects.ts).
    ...noteData(note),
  };
}

/** The text Teams shows in the notification and chat list for a case card. */
export function caseSummary(language: Language, c: Case, note?: string): string {
  const s = casesStrings(language);
  // Shown by Teams outside the card: people's text in the note (a measure's description) must stay text.
  return `${c.reference} (${s.choices.severity[c.report.severity]}): ${escapeMarkdown(note ?? s.caseCard.titleNew)}`;
}
