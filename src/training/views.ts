/** The training card: coverage, what the plan asks for and when, the log, and the form to record an entry. */
import { noteData, schoolName, type NoteData } from '../cases';
import { cardView, type CardView } from '../core/cards';
import { localDateTime } from '../core/clock';
import { findSchool, nameOf, staffOf, type Directory } from '../core/directory';
import { personChoices } from '../core/names';
import { formatDate, formatLegalRef, shorten } from '../core/format';
import { fill, plural, type Language } from '../core/i18n';
import type { TrainingPlan } from '../core/schedule';
import { coverage, coverageShare, planItems, TRAINING_KINDS, type PlanItem, type StaffRecord, type TrainingEntry, type TrainingInputErrors } from './model';
import { trainingStrings, type TrainingStrings } from './strings';

declare module '../core/cards' {
  interface CardTypes {
    training: TrainingCardData;
  }
}

type Choice = { title: string; value: string };

const MISSING_SHOWN = 15;
const ENTRIES_SHOWN = 8;

export interface TrainingViewInput {
  language: Language;
  directory: Directory;
  plan: TrainingPlan;
  timeZone: string;
  now: Date;
  schoolId: string;
  viewerId: string;
  canLog: boolean;
  entries: TrainingEntry[];
  record?: StaffRecord;
  /** The 12-month window's first day. */
  since: string;
  /** The risk assessment's active situations, for the topic. */
  situations: { id: string; description: string }[];
  schools: string[];
  clientRequestId: string;
  /** The tab "Oversikt" (a Teams deep link, or locally the page); without it the card has no tab button. */
  tabUrl?: string;
  note?: { text: string; tone: 'good' | 'attention' | 'accent' };
}

export interface TrainingCardData extends NoteData {
  schoolId: string;
  title: string;
  intro: string;
  coverage: string;
  missing: { show: boolean; title: string; names: string; more: string };
  plan: { title: string; items: { text: string; color: 'Default' | 'Warning' | 'Attention' }[] };
  log: { title: string; empty: string; items: { line: string; detail: string; notes: string }[]; older: string };
  canLog: boolean;
  form: { date: string; ledBy: string };
  t: TrainingStrings['form'];
  /** leaders: the school's principals and safety representatives (anyone else is typed in), so the card stays small for a large staff. */
  choices: { kinds: Choice[]; staff: Choice[]; leaders: Choice[]; situations: Choice[] };
  clientRequestId: string;
  tab: { show: boolean; url: string; label: string };
  schools: { show: boolean; title: string; open: string; items: { title: string; schoolId: string }[] };
}

const localDate = (d: Date, timeZone: string) => localDateTime(d, timeZone).date;

/** One line of the plan, with its state. */
export function planLine(language: Language, directory: Directory, timeZone: string, item: PlanItem): { text: string; color: 'Default' | 'Warning' | 'Attention' } {
  const s = trainingStrings(language);
  const date = formatDate(localDate(item.dueAt, timeZone), language);
  const stage = s.plan.stage[item.stage];
  const color = item.stage === 'due' ? 'Attention' : item.stage === 'soon' ? 'Warning' : 'Default';
  if (item.kind === 'newStaff') return { text: fill(s.plan.newStaff, { name: nameOf(directory, item.personId, s.aStaffMember), date }) + stage, color };
  if (!item.lastAt) return { text: item.kind === 'drill' ? s.plan.drillNever : s.plan.routinesNever, color: 'Attention' };
  const last = fill(s.plan.last, { date: formatDate(localDate(item.lastAt, timeZone), language) });
  return { text: `${fill(item.kind === 'drill' ? s.plan.drill : s.plan.routines, { date })}${stage} (${last})`, color };
}

export function entryLines(language: Language, directory: Directory, situations: { id: string; description: string }[], e: TrainingEntry): { line: string; detail: string; notes: string } {
  const s = trainingStrings(language);
  const leader = e.ledById ? nameOf(directory, e.ledById, s.aStaffMember) : e.ledByName;
  const situation = e.situationId ? situations.find((x) => x.id === e.situationId)?.description : undefined;
  return {
    line: fill(s.card.entryLine, { date: formatDate(e.date, language), kind: s.kinds[e.kind], topic: e.topic }),
    detail: fill(s.card.entryDetail, {
      participants: plural(language, s.card.participants, e.participants.length),
      leader: leader ? fill(s.card.ledBy, { name: leader }) : '',
      duration: e.durationMinutes ? fill(s.card.duration, { minutes: e.durationMinutes }) : '',
      situation: situation ? fill(s.card.situation, { situation: shorten(situation, 80) }) : '',
    }),
    notes: e.notes ? shorten(e.notes, 300) : '',
  };
}

export function trainingCard(input: TrainingViewInput): CardView<'training'> {
  const { language, directory, timeZone, now, schoolId } = input;
  const s = trainingStrings(language);
  const staff = staffOf(directory, schoolId);
  const school = findSchool(directory, schoolId);
  const leaders = [...new Set([...(school?.principals ?? []), ...(school?.safetyReps ?? [])])];
  const cov = coverage(input.entries, staff, input.since);
  const items = planItems(input.entries, input.record, staff, input.plan, now, timeZone).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const names = cov.missing.map((id) => nameOf(directory, id, s.aStaffMember));
  const shownEntries = input.entries.slice(0, ENTRIES_SHOWN);
  return cardView('training', {
    ...noteData(input.note),
    schoolId,
    title: fill(s.card.title, { school: schoolName(directory, schoolId) }),
    intro: fill(s.card.intro, { ref: formatLegalRef(language, 'forskrift-3a-5') }),
    coverage: cov.total === 0 ? s.card.noStaff : fill(s.card.coverage, { covered: cov.covered.length, total: cov.total, share: coverageShare(cov) }),
    missing: {
      show: names.length > 0,
      title: s.card.missingTitle,
      names: names.slice(0, MISSING_SHOWN).join(', '),
      more: names.length > MISSING_SHOWN ? plural(language, s.card.missingMore, names.length - MISSING_SHOWN) : '',
    },
    plan: { title: s.card.planTitle, items: items.map((i) => planLine(language, directory, timeZone, i)) },
    log: {
      title: s.card.logTitle,
      empty: input.entries.length === 0 ? s.card.empty : '',
      items: shownEntries.map((e) => entryLines(language, directory, input.situations, e)),
      older: input.entries.length > ENTRIES_SHOWN ? plural(language, s.card.olderEntries, input.entries.length - ENTRIES_SHOWN) : '',
    },
    canLog: input.canLog,
    form: { date: localDate(now, timeZone), ledBy: leaders.includes(input.viewerId) ? input.viewerId : '' },
    t: s.form,
    choices: {
      kinds: TRAINING_KINDS.map((k) => ({ title: s.kinds[k], value: k })),
      staff: personChoices(staff, (id) => nameOf(directory, id, ''), language),
      leaders: personChoices(leaders, (id) => nameOf(directory, id, ''), language),
      situations: input.situations.map((x) => ({ title: shorten(x.description, 80), value: x.id })),
    },
    clientRequestId: input.clientRequestId,
    tab: { show: Boolean(input.tabUrl), url: input.tabUrl ?? '', label: s.card.openTab },
    schools: { show: input.schools.length > 1, title: s.card.chooseSchool, open: s.card.openSchool, items: input.schools.filter((id) => id !== schoolId).map((id) => ({ title: schoolName(directory, id), schoolId: id })) },
  });
}

export function invalidTrainingText(language: Language, errors: TrainingInputErrors): string {
  const s = trainingStrings(language);
  const problems = Object.entries(errors).map(([field, code]) => fill(s.errors[code as keyof TrainingStrings['errors']] as string, { field: s.errors.fields[field as keyof TrainingStrings['errors']['fields']] ?? field }));
  return fill(s.refusals.invalid, { problems: problems.join('; ') });
}
