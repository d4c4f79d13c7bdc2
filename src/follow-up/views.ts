/** The follow-up's cards: "Hvordan har du det nå?" to an exposed employee, and the owner's cluster alert. */
import { casesStrings, noteData, schoolName, type Case, type CaseSummary, type FollowUp, type NoteData } from '../cases';
import { cardView, type CardView } from '../core/cards';
import type { Directory } from '../core/directory';
import { formatDate, formatInstant, formatLegalRef } from '../core/format';
import { fill, plural, type Language } from '../core/i18n';
import { SNOOZABLE, type ReminderKind } from './model';
import { followUpStrings, type FollowUpStrings } from './strings';

declare module '../core/cards' {
  interface CardTypes {
    checkin: CheckinCardData;
    'cluster-alert': ClusterAlertCardData;
    reminder: ReminderCardData;
  }
}

export interface CheckinCardData extends NoteData {
  t: FollowUpStrings['checkin'];
  incidentId: string;
  followUpId: string;
  intro: string;
  answers: { title: string; value: string }[];
  required: string;
  answered: boolean;
  yourAnswer: string;
  yourNote: string;
  followUpText: string;
  /** The employee may take back the note they wrote. */
  canWithdraw: boolean;
  keptNote: string;
  warnNames: boolean;
  /** The other cases' check-ins this one stands for ("<caseId>/<followUpId>" joined by ","), answered with it. */
  together: string;
}

export interface CheckinViewInput {
  language: Language;
  case: Case;
  followUp: FollowUp;
  note?: { text: string; tone: 'good' | 'attention' | 'accent' };
  /** The note as typed, after it was refused or warned about (it may seem to name a pupil). */
  kept?: { note: string; warnNames: boolean };
  /** The other cases' check-ins to the same person answered with this one (one message, not several identical questions). */
  together?: { case: Case; followUp: FollowUp }[];
}

/** Written into a card's data and read back by the verb (the verb checks each against the store). */
export function togetherData(together: { case: Pick<Case, 'caseId'>; followUp: Pick<FollowUp, 'id'> }[]): string {
  return together.map((t) => `${t.case.caseId}/${t.followUp.id}`).join(',');
}

/** "a, b og c" in the reader's language. */
function listInLanguage(language: Language, items: string[]): string {
  return new Intl.ListFormat(language === 'en' ? 'en' : language === 'nn' ? 'nn' : 'nb', { type: 'conjunction' }).format(items);
}

/** The check-in, and after an answer, what was answered (for the employee only). */
export function checkinCard(input: CheckinViewInput): CardView<'checkin'> {
  const { language, case: c, followUp: f } = input;
  const s = followUpStrings(language);
  const answered = f.answer !== undefined;
  const stopped = c.followUpsStoppedBy.includes(f.personId);
  const followUpText = [f.answer === 'talk' || f.answer === 'bht' ? s.checkin.thanksHelp : '', stopped ? s.checkin.thanksStopped : ''].filter(Boolean).join(' ');
  return cardView('checkin', {
    ...noteData(input.note ?? (answered ? { text: s.checkin.thanks, tone: 'good' } : undefined)),
    t: s.checkin,
    incidentId: c.caseId,
    followUpId: f.id,
    intro: input.together?.length
      ? fill(s.checkin.introTogether, { cases: listInLanguage(language, [c, ...input.together.map((t) => t.case)].map((x) => fill(s.checkin.caseRef, { date: formatDate(x.report.date, language), reference: x.reference }))) })
      : fill(s.checkin.intro, { date: formatDate(c.report.date, language), reference: c.reference }),
    answers: (['ok', 'talk', 'bht'] as const).map((value) => ({ title: s.checkin.answers[value], value })),
    required: casesStrings(language).fieldErrors.required,
    answered,
    yourAnswer: f.answer ? fill(s.checkin.yourAnswer, { answer: s.checkin.answers[f.answer] }) : '',
    yourNote: f.note ? `${fill(s.checkin.yourNote, { note: f.note })} ${f.shared ? s.checkin.noteShared : s.checkin.noteNotShared}` : f.noteWithdrawnAt ? s.checkin.noteWithdrawn : '',
    followUpText,
    canWithdraw: answered && Boolean(f.note),
    keptNote: input.kept?.note ?? '',
    warnNames: input.kept?.warnNames ?? false,
    together: togetherData(input.together ?? []),
  });
}

export interface ClusterAlertCardData {
  title: string;
  text: string;
  why: string;
  advice: string;
  openLabel: string;
  cases: { incidentId: string; line: string }[];
  more: string;
}

/** Cases listed on the alert; the rest are counted (the card stays small however many there are). */
const ALERT_CASES_SHOWN = 15;

/** The owner's alert about a school gathering serious cases. */
export function clusterAlertCard(language: Language, directory: Directory, schoolId: string, cases: CaseSummary[], windowDays: number): CardView<'cluster-alert'> {
  const s = followUpStrings(language);
  const cs = casesStrings(language);
  const school = schoolName(directory, schoolId);
  return cardView('cluster-alert', {
    title: fill(s.cluster.title, { school }),
    text: plural(language, s.cluster.text, cases.length, { school, days: windowDays }),
    why: s.cluster.why,
    advice: fill(s.cluster.advice, { ref: formatLegalRef(language, 'forskrift-3a-2') }),
    openLabel: s.cluster.open,
    more: cases.length > ALERT_CASES_SHOWN ? fill(s.cluster.more, { count: cases.length - ALERT_CASES_SHOWN }) : '',
    cases: cases.slice(0, ALERT_CASES_SHOWN).map((c) => ({
      incidentId: c.caseId,
      line: fill(s.cluster.caseLine, { reference: c.reference, severity: cs.choices.severity[c.severity], status: cs.status[c.status], date: formatDate(c.date, language) }),
    })),
  });
}

export interface ReminderCardData {
  t: FollowUpStrings['notice'];
  incidentId: string;
  reminder: ReminderKind;
  measureId: string;
  /** The reminder's round (started again after a legal step was undone), part of its id; 0 for the first. */
  round: number;
  /** What is late, in one line (a measure's description is people's text: a text run). */
  text: string;
  /** Since when, and which case. */
  since: string;
  repeated: string;
  note: string;
  canAcknowledge: boolean;
  canSnooze: boolean;
}

export interface ReminderViewInput {
  language: Language;
  timeZone: string;
  case: Case;
  reminder: ReminderKind;
  measureId?: string;
  round?: number;
  /** How many times this reminder has gone out, this one included, and when this one goes. */
  count: number;
  at: Date;
  /** After "Utsett til i morgen": until when. */
  snoozedUntil?: Date;
}

/**
 * A reminder as a short notice: what is late and since when, a button that
 * opens the case, and (for what the person may put off) "Utsett til i
 * morgen". Repeated, the same message is rewritten, with how many times.
 */
export function reminderCard(input: ReminderViewInput): { card: CardView<'reminder'>; summary: string } {
  const { language, case: c, reminder } = input;
  const s = followUpStrings(language);
  const m = c.measures.find((x) => x.id === input.measureId);
  const text = fill(s.reminders[reminder], { measure: m?.description ?? '', date: m ? formatDate(m.dueDate, language) : '' });
  const since = m ? fill(s.notice.measureSince, { date: formatDate(m.dueDate, language), reference: c.reference }) : fill(s.notice.caseSince, { since: formatInstant(c.createdAt, input.timeZone, language), reference: c.reference });
  const card = cardView('reminder', {
    t: s.notice,
    incidentId: c.caseId,
    reminder,
    measureId: input.measureId ?? '',
    round: input.round ?? 0,
    text,
    since,
    repeated: input.count > 1 ? plural(language, s.notice.repeated, input.count, { time: formatInstant(input.at.toISOString(), input.timeZone, language) }) : '',
    note: input.snoozedUntil ? fill(s.notice.snoozed, { when: formatInstant(input.snoozedUntil.toISOString(), input.timeZone, language) }) : '',
    canAcknowledge: reminder === 'acknowledge' && c.status === 'reported',
    canSnooze: SNOOZABLE.includes(reminder) && !input.snoozedUntil,
  });
  return { card, summary: `${text} (${c.reference})` };
}
