/** The risk assessment's cards: the school's assessment, one situation, linking a case to a situation. */
import { casesStrings, measureMeta, noteData, schoolName, type CaseEvidence, type NoteData } from '../cases';
import { INCIDENT_TYPES, LOCATIONS, RISK_FACTORS } from '../cases/model/report';
import { TIMES_OF_DAY } from '../cases/model/time-of-day';
import { cardView, type CardView } from '../core/cards';
import { nameOf, staffOf, type Directory } from '../core/directory';
import { personChoices } from '../core/names';
import { formatDate, formatInstant, formatLegalRef, joinList, shorten } from '../core/format';
import { fill, plural, type Language } from '../core/i18n';
import type { Schedule } from '../core/schedule';
import { localDateTime } from '../core/clock';
import {
  activeSituations,
  byRisk,
  colourCounts,
  dueStage,
  evidenceBySituation,
  hasCriteria,
  mayRisk,
  nextReviewDue,
  openMeasures,
  riskChangeSummary,
  riskColour,
  scoreOf,
  SCALE,
  suggestionRequestId,
  suggestSituations,
  twelveMonthsBefore,
  type RiskAssessment,
  type RiskColour,
  type RiskInputErrors,
  type RiskReview,
  type RiskRole,
  type Situation,
  type Suggestion,
} from './model';
import { riskStrings, type RiskStrings } from './strings';

declare module '../core/cards' {
  interface CardTypes {
    risk: RiskCardData;
    'risk-situation': RiskSituationCardData;
    'risk-link': RiskLinkCardData;
  }
}

type Choice = { title: string; value: string };
type Style = 'good' | 'warning' | 'attention';

const STYLE: Record<RiskColour, Style> = { green: 'good', yellow: 'warning', red: 'attention' };
const SITUATIONS_SHOWN = 25;
const CASES_SHOWN = 10;
const OPEN_MEASURES_SHOWN = 10;
const SETTLED_MEASURES_SHOWN = 5;
const COMMENTS_SHOWN = 5;
const REVIEWS_SHOWN = 3;
const TEXT_MAX = 300;

export interface RiskViewInput {
  language: Language;
  directory: Directory;
  schedule: Schedule;
  timeZone: string;
  now: Date;
  schoolId: string;
  assessment: RiskAssessment;
  role: RiskRole;
  viewerId: string;
  /** The school's cases of the last 12 months, without free text. */
  evidence: CaseEvidence[];
  reviews: RiskReview[];
  /** The other schools whose assessment the person may open. */
  schools: string[];
  clientRequestId: string;
  tabUrl?: string;
  note?: { text: string; tone: 'good' | 'attention' | 'accent' };
}

/** Labels and choices the forms share. */
function formData(language: Language) {
  const s = riskStrings(language);
  const cs = casesStrings(language);
  return {
    t: { ...s.actions, ...s.form, measure: cs.caseActions },
    choices: {
      location: LOCATIONS.map((v) => ({ title: cs.choices.location[v], value: v })),
      timeOfDay: TIMES_OF_DAY.map((v) => ({ title: cs.choices.timeOfDay[v], value: v })),
      types: INCIDENT_TYPES.map((v) => ({ title: cs.choices.types[v], value: v })),
      factors: RISK_FACTORS.map((v) => ({ title: cs.choices.riskFactors[v], value: v })),
      likelihood: SCALE.map((n) => ({ title: s.form.likelihoods[String(n) as '1'], value: String(n) })),
      consequence: SCALE.map((n) => ({ title: s.form.consequences[String(n) as '1'], value: String(n) })),
    },
  };
}

function badge(language: Language, situation: Pick<Situation, 'likelihood' | 'consequence'>): { badge: string; style: Style } {
  const s = riskStrings(language);
  const score = scoreOf(situation);
  const colour = riskColour(score);
  return { badge: fill(s.card.badge, { score, colour: s.colours[colour] }), style: STYLE[colour] };
}

/** "Skolegård · i friminuttet": where and when, as far as the situation says. */
export function whereAndWhen(language: Language, s: Pick<Situation, 'location' | 'timeOfDay'>): string {
  const cs = casesStrings(language);
  const rs = riskStrings(language);
  return [s.location ? cs.choices.location[s.location] : '', s.timeOfDay ? rs.time[s.timeOfDay] : ''].filter(Boolean).join(' · ');
}

/** The suggestion as a sentence: "7 hendelser i skolegården i friminuttet siden august, ingen situasjon dekker det." */
export function suggestionText(language: Language, g: Suggestion): string {
  const s = riskStrings(language);
  const month = new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' }).format(new Date(`${g.since}T12:00:00Z`));
  return plural(language, s.card.suggestion, g.count, { place: s.place[g.location], time: g.timeOfDay ? ` ${s.time[g.timeOfDay]}` : '', month });
}

/** What a suggestion adds: a description in the principal's words to start from. */
export function suggestionDescription(language: Language, g: Suggestion): string {
  const cs = casesStrings(language);
  const s = riskStrings(language);
  return [cs.choices.location[g.location], g.timeOfDay ? s.time[g.timeOfDay] : ''].filter(Boolean).join(', ');
}

function reviewLines(input: Pick<RiskViewInput, 'language' | 'directory' | 'timeZone'>, reviews: RiskReview[]) {
  const { language, directory, timeZone } = input;
  const s = riskStrings(language);
  const counts = (c: Record<RiskColour, number>) => fill(s.card.reviewCounts, c);
  return reviews.slice(0, REVIEWS_SHOWN).map((r) => {
    const change = riskChangeSummary(r.before, r.after);
    const rep = r.safetyRepTookPart ? s.card.reviewSafetyRep.tookPart : r.safetyRepsCommented.length > 0 ? s.card.reviewSafetyRep.commented : r.safetyRepsAsked.length > 0 ? s.card.reviewSafetyRep.asked : s.card.reviewSafetyRep.none;
    return {
      line: fill(s.card.reviewLine, { date: formatInstant(r.at, timeZone, language), name: nameOf(directory, r.by, ''), reason: s.card.reasons[r.reason] }),
      text: shorten(`${fill(s.card.reviewRisk, { before: counts(change.before), after: counts(change.after) })} ${rep} ${r.note}`, TEXT_MAX),
    };
  });
}

// ---------------------------------------------------------------- the assessment

export interface RiskCardData extends NoteData {
  schoolId: string;
  title: string;
  intro: string;
  status: string;
  prompt: string;
  counts: string;
  empty: string;
  situationsTitle: string;
  situations: { situationId: string; badge: string; style: Style; description: string; detail: string }[];
  more: string;
  suggestions: { show: boolean; title: string; items: { text: string; situation: string; location: string; timeOfDay: string; types: string; factors: string; likelihood: string; consequence: string; requestId: string }[] };
  comments: { show: boolean; title: string; items: { line: string; text: string }[] };
  reviews: { show: boolean; title: string; items: { line: string; text: string }[]; older: string };
  can: { add: boolean; review: boolean; comment: boolean; openTab: boolean };
  tabUrl: string;
  schools: { show: boolean; title: string; open: string; items: { title: string; schoolId: string }[] };
  clientRequestId: string;
  t: ReturnType<typeof formData>['t'];
  choices: ReturnType<typeof formData>['choices'];
}

/** Where the school stands with its reviews: when it was last reviewed, and when the next is due or why it is asked for. */
function reviewStatus(input: RiskViewInput): { status: string; prompt: string } {
  const { language, directory, timeZone, assessment: a, schedule, now } = input;
  const s = riskStrings(language);
  const last = a.lastReview ? fill(s.card.lastReview, { date: formatInstant(a.lastReview.at, timeZone, language), name: nameOf(directory, a.lastReview.by, '') }) : s.card.neverReviewed;
  const due = nextReviewDue(schedule.riskReview, a.revision > 0 ? a : undefined, now, timeZone);
  const dueDate = formatDate(localDateTime(due, timeZone).date, language);
  const stage = dueStage(due, schedule.riskReview.remindBefore, now, timeZone);
  const cluster = a.prompts[a.prompts.length - 1];
  const prompt = cluster
    ? fill(s.card.prompt, { date: formatInstant(cluster.at, timeZone, language) })
    : stage === 'due'
      ? fill(s.card.due, { date: dueDate })
      : stage === 'soon'
        ? fill(s.card.dueSoon, { date: dueDate })
        : '';
  return { status: `${last} ${fill(s.card.nextReview, { date: dueDate })}`, prompt };
}

export function riskCard(input: RiskViewInput): CardView<'risk'> {
  const { language, directory, schedule, now, timeZone, assessment: a, role } = input;
  const s = riskStrings(language);
  const today = localDateTime(now, timeZone).date;
  const since = twelveMonthsBefore(today);
  const situations = activeSituations(a).sort(byRisk);
  const evidence = evidenceBySituation(a, input.evidence, schedule.schoolDay, since);
  const counts = colourCounts(situations.map((x) => ({ colour: riskColour(scoreOf(x)) })));
  const suggestions = mayRisk(role, 'add') ? suggestSituations(a, input.evidence, schedule.schoolDay, since, schedule.riskSuggestions.minCases) : [];
  const { status, prompt } = reviewStatus(input);
  const shown = situations.slice(0, SITUATIONS_SHOWN);
  const form = formData(language);
  return cardView('risk', {
    ...noteData(input.note),
    schoolId: input.schoolId,
    title: fill(s.card.title, { school: schoolName(directory, input.schoolId) }),
    intro: fill(s.card.intro, { ref: formatLegalRef(language, 'forskrift-3a-2') }),
    status,
    prompt,
    counts: situations.length > 0 ? fill(s.card.counts, counts) : '',
    empty: situations.length === 0 ? s.card.empty : '',
    situationsTitle: s.card.situationsTitle,
    situations: shown.map((x) => {
      const open = openMeasures(x).length;
      const where = whereAndWhen(language, x);
      return {
        situationId: x.id,
        ...badge(language, x),
        description: x.description,
        detail: [where, plural(language, s.card.evidence, evidence.get(x.id)?.length ?? 0), open > 0 ? plural(language, s.card.openMeasures, open) : s.card.noOpenMeasures].filter(Boolean).join(' · '),
      };
    }),
    more: situations.length > shown.length ? plural(language, s.card.more, situations.length - shown.length) : '',
    suggestions: {
      show: suggestions.length > 0,
      title: s.card.suggestionsTitle,
      items: suggestions.slice(0, 5).map((g) => ({
        text: suggestionText(language, g),
        situation: suggestionDescription(language, g),
        location: g.location,
        timeOfDay: g.timeOfDay ?? '',
        types: g.types.join(','),
        factors: g.factors.join(','),
        likelihood: String(g.likelihood),
        consequence: String(g.consequence),
        requestId: suggestionRequestId(g.key),
      })),
    },
    comments: {
      show: a.comments.length > 0,
      title: s.card.commentsTitle,
      items: a.comments.slice(-COMMENTS_SHOWN).reverse().map((c) => ({ line: fill(s.card.commentLine, { date: formatInstant(c.at, timeZone, language), name: nameOf(directory, c.by, '') }), text: shorten(c.text, TEXT_MAX) })),
    },
    reviews: {
      show: input.reviews.length > 0,
      title: s.card.reviewsTitle,
      items: reviewLines(input, input.reviews),
      older: input.reviews.length > REVIEWS_SHOWN ? plural(language, s.card.olderReviews, input.reviews.length - REVIEWS_SHOWN) : '',
    },
    can: { add: mayRisk(role, 'add'), review: mayRisk(role, 'review'), comment: mayRisk(role, 'comment'), openTab: Boolean(input.tabUrl) },
    tabUrl: input.tabUrl ?? '',
    schools: {
      show: input.schools.length > 1,
      title: s.card.chooseSchool,
      open: s.card.openSchool,
      items: input.schools.filter((id) => id !== input.schoolId).map((id) => ({ title: schoolName(directory, id), schoolId: id })),
    },
    clientRequestId: input.clientRequestId,
    t: form.t,
    choices: form.choices,
  });
}

// ---------------------------------------------------------------- one situation

export interface RiskSituationCardData extends NoteData {
  schoolId: string;
  situationId: string;
  title: string;
  subtitle: string;
  style: Style;
  facts: { title: string; value: string }[];
  barriers: string;
  barriersTitle: string;
  cases: { show: boolean; title: string; empty: string; items: { incidentId: string; line: string }[]; more: string };
  measures: {
    show: boolean;
    title: string;
    empty: string;
    items: {
      id: string;
      description: string;
      meta: string;
      extra: string;
      canApprove: boolean;
      canReject: boolean;
      canComplete: boolean;
      canEvaluate: boolean;
      reasonId: string;
    }[];
    more: string;
  };
  comments: { show: boolean; title: string; items: { line: string; text: string }[] };
  can: { update: boolean; propose: boolean; comment: boolean; back: boolean };
  form: { situation: string; location: string; timeOfDay: string; types: string; factors: string; likelihood: string; consequence: string; barriers: string };
  ownerChoices: Choice[];
  today: string;
  t: ReturnType<typeof formData>['t'] & { effects: RiskStrings['situation']['effects']; commentLabel: string };
  choices: ReturnType<typeof formData>['choices'] & { effects: Choice[] };
}

export function situationCard(input: RiskViewInput & { situation: Situation }): CardView<'risk-situation'> {
  const { language, directory, schedule, now, timeZone, situation: x, role, viewerId } = input;
  const s = riskStrings(language);
  const cs = casesStrings(language);
  const today = localDateTime(now, timeZone).date;
  const active = x.status === 'active';
  const staffView = role !== 'member';
  const cases = staffView ? (evidenceBySituation({ situations: [x] }, input.evidence, schedule.schoolDay, twelveMonthsBefore(today)).get(x.id) ?? []) : [];
  const sortedCases = [...cases].sort((p, q) => q.report.date.localeCompare(p.report.date));
  const ownMeasures = staffView ? x.measures : x.measures.filter((m) => m.ownerId === viewerId);
  // Open measures first (they need someone to act), then the latest settled ones; the rest are counted.
  const activeMeasures = ownMeasures.filter((m) => m.state === 'proposed' || m.state === 'approved').slice(0, OPEN_MEASURES_SHOWN);
  const settledMeasures = ownMeasures.filter((m) => m.state === 'done' || m.state === 'rejected').slice(-SETTLED_MEASURES_SHOWN);
  const visibleMeasures = [...activeMeasures, ...settledMeasures];
  const form = formData(language);
  const score = scoreOf(x);
  const notGiven = s.situation.notGiven;
  const facts = [
    { title: s.situation.where, value: x.location ? cs.choices.location[x.location] : notGiven },
    { title: s.situation.when, value: x.timeOfDay ? cs.choices.timeOfDay[x.timeOfDay] : notGiven },
    { title: s.situation.types, value: x.types.length > 0 ? joinList(x.types.map((t) => cs.choices.types[t])) : s.situation.anyType },
    { title: s.situation.likelihood, value: s.form.likelihoods[String(x.likelihood) as '1'] },
    { title: s.situation.consequence, value: s.form.consequences[String(x.consequence) as '1'] },
    { title: s.situation.risk, value: fill(s.card.badge, { score, colour: s.colours[riskColour(score)] }) },
  ];
  if (x.factors.length > 0) facts.push({ title: s.situation.factors, value: joinList(x.factors.map((f) => cs.choices.riskFactors[f])) });
  return cardView('risk-situation', {
    ...noteData(input.note),
    schoolId: input.schoolId,
    situationId: x.id,
    title: x.description,
    subtitle: fill(s.situation.subtitle, { score, colour: s.colours[riskColour(score)], school: schoolName(directory, input.schoolId) }),
    style: STYLE[riskColour(score)],
    facts,
    barriers: x.barriers,
    barriersTitle: s.situation.barriers,
    cases: {
      show: staffView,
      title: s.situation.casesTitle,
      empty: cases.length > 0 ? '' : hasCriteria(x) || x.linkedCases.length > 0 ? s.situation.noCases : s.situation.noCriteria,
      items: sortedCases.slice(0, CASES_SHOWN).map((e) => ({
        incidentId: e.caseId,
        line: fill(s.situation.caseLine, { reference: e.reference, date: formatDate(e.report.date, language), severity: cs.choices.severity[e.report.severity] }) + (x.linkedCases.some((l) => l.caseId === e.caseId) ? s.situation.linked : ''),
      })),
      more: cases.length > CASES_SHOWN ? plural(language, s.situation.moreCases, cases.length - CASES_SHOWN) : '',
    },
    measures: {
      show: true,
      title: s.situation.measuresTitle,
      empty: visibleMeasures.length === 0 ? s.situation.noMeasures : '',
      more: ownMeasures.length > visibleMeasures.length ? plural(language, s.situation.moreMeasures, ownMeasures.length - visibleMeasures.length) : '',
      items: visibleMeasures.map((m) => {
        const owns = m.ownerId === viewerId && (m.state === 'approved' || m.state === 'done');
        const extra = m.evaluation
          ? fill(s.situation.evaluation, { effect: s.situation.effects[m.evaluation.effect], date: formatInstant(m.evaluation.at, timeZone, language), name: nameOf(directory, m.evaluation.by, '') })
          : m.state === 'rejected' && m.rejectReason
            ? fill(cs.measures.rejectedBecause, { reason: shorten(m.rejectReason, TEXT_MAX) })
            : '';
        return {
          id: m.id,
          description: m.description,
          meta: measureMeta({ language, directory }, m),
          extra,
          canApprove: active && m.state === 'proposed' && mayRisk(role, 'measure.approve'),
          canReject: active && m.state === 'proposed' && mayRisk(role, 'measure.reject'),
          canComplete: m.state === 'approved' && mayRisk(role, 'measure.complete', owns),
          canEvaluate: m.state === 'done' && !m.evaluation && mayRisk(role, 'measure.evaluate'),
          reasonId: `reason-${m.id}`,
        };
      }),
    },
    comments: {
      show: staffView && input.assessment.comments.some((c) => c.situationId === x.id),
      title: s.situation.commentsTitle,
      items: input.assessment.comments
        .filter((c) => c.situationId === x.id)
        .slice(-COMMENTS_SHOWN)
        .reverse()
        .map((c) => ({ line: fill(s.card.commentLine, { date: formatInstant(c.at, timeZone, language), name: nameOf(directory, c.by, '') }), text: shorten(c.text, TEXT_MAX) })),
    },
    can: { update: active && mayRisk(role, 'update'), propose: active && mayRisk(role, 'measure.propose'), comment: active && mayRisk(role, 'comment'), back: staffView },
    form: {
      situation: x.description,
      location: x.location ?? '',
      timeOfDay: x.timeOfDay ?? '',
      types: x.types.join(','),
      factors: x.factors.join(','),
      likelihood: String(x.likelihood),
      consequence: String(x.consequence),
      barriers: x.barriers,
    },
    ownerChoices: personChoices(staffOf(directory, input.schoolId), (id) => nameOf(directory, id, ''), language),
    today,
    t: { ...form.t, effects: s.situation.effects, commentLabel: s.actions.commentLabel },
    choices: { ...form.choices, effects: (['effective', 'partly', 'notEffective'] as const).map((v) => ({ title: s.situation.effects[v], value: v })) },
  });
}

// ---------------------------------------------------------------- linking a case

export interface RiskLinkCardData extends NoteData {
  incidentId: string;
  title: string;
  text: string;
  empty: string;
  choose: string;
  choices: Choice[];
  linked: { show: boolean; title: string; items: { situationId: string; text: string }[] };
  t: RiskStrings['link'];
}

export function linkCard(input: { language: Language; assessment: RiskAssessment; caseId: string; reference: string; note?: RiskViewInput['note'] }): CardView<'risk-link'> {
  const { language, assessment: a } = input;
  const s = riskStrings(language);
  const situations = activeSituations(a).sort(byRisk);
  const linked = situations.filter((x) => x.linkedCases.some((l) => l.caseId === input.caseId));
  return cardView('risk-link', {
    ...noteData(input.note),
    incidentId: input.caseId,
    title: s.link.title,
    text: fill(s.link.text, { reference: input.reference }),
    empty: situations.length === 0 ? s.link.none : '',
    choose: s.link.choose,
    choices: situations.filter((x) => !linked.includes(x)).map((x) => ({ title: `${badge(language, x).badge} · ${shorten(x.description, 80)}`, value: x.id })),
    linked: { show: linked.length > 0, title: s.link.linkedTo, items: linked.map((x) => ({ situationId: x.id, text: x.description })) },
    t: s.link,
  });
}

// ---------------------------------------------------------------- answers

/** Bad data as one line, in the person's words. */
export function invalidRiskText(language: Language, errors: RiskInputErrors): string {
  const s = riskStrings(language);
  const problems = Object.entries(errors).map(([field, code]) => fill(s.errors[code as keyof RiskStrings['errors']] as string, { field: s.errors.fields[field as keyof RiskStrings['errors']['fields']] ?? field }));
  return fill(s.refusals.invalid, { problems: problems.join('; ') });
}
