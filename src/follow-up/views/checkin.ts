/** "Hvordan har du det nå?": a check-in, and after an answer, what was answered (for the employee only). */
import type { Case, FollowUp } from '../../cases/model/case';
import { fill, type Language, type Strings } from '../../core/i18n';
import { renderCard, type AdaptiveCardJson } from '../../teams/card-renderer';
import { noteData, type CaseViewInput } from '../../cases/views/case';
import { formatDate } from '../../core/format';

export interface CheckinViewInput {
  strings: Strings;
  language: Language;
  case: Case;
  followUp: FollowUp;
  note?: CaseViewInput['note'];
}

export function checkinCard(input: CheckinViewInput): AdaptiveCardJson {
  const { strings: s, language, case: c, followUp: f } = input;
  const answered = f.answer !== undefined;
  const stopped = c.followUpsStoppedBy.includes(f.personId);
  const followUpText = [f.answer === 'talk' || f.answer === 'bht' ? s.checkin.thanksHelp : '', stopped ? s.checkin.thanksStopped : ''].filter(Boolean).join(' ');
  return renderCard('checkin', {
    ...noteData(input.note ?? (answered ? { text: s.checkin.thanks, tone: 'good' } : undefined)),
    t: s.checkin,
    incidentId: c.caseId,
    followUpId: f.id,
    intro: fill(s.checkin.intro, { date: formatDate(c.report.date, language), reference: c.reference }),
    answers: (['ok', 'talk', 'bht'] as const).map((value) => ({ title: s.checkin.answers[value], value })),
    required: s.fieldErrors.required,
    answered,
    yourAnswer: f.answer ? fill(s.checkin.yourAnswer, { answer: s.checkin.answers[f.answer] }) : '',
    yourNote: f.note ? `${fill(s.checkin.yourNote, { note: f.note })} ${f.shared ? s.checkin.noteShared : s.checkin.noteNotShared}` : '',
    followUpText,
  });
}
