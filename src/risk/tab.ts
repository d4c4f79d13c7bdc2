/**
 * The risk assessment in the personal tab "Oversikt": the school's situations
 * by risk with their evidence and open measures, suggestions and reviews;
 * a row opens the situation with its measures and cases. Read-only here: it
 * is built from the same rules and views' words as the chat card.
 */
import { casesStrings, schoolName, type CaseEvidence } from '../cases';
import { localDateTime } from '../core/clock';
import { formatDate, formatInstant, joinList } from '../core/format';
import { fill, plural, type Language } from '../core/i18n';
import type { TabBlock, TabContent, TabSection } from '../core/tab';
import type { RiskDeps } from './actions';
import { activeSituations, byRisk, colourCounts, evidenceBySituation, nextReviewDue, openMeasures, riskColour, riskRoleOf, riskSchoolsOf, scoreOf, suggestSituations, twelveMonthsBefore, type RiskAssessment, type Situation } from './model';
import { riskStrings } from './strings';
import { suggestionText, whereAndWhen } from './views';

const TONE = { red: 'attention', yellow: 'default', green: 'good' } as const;

async function loadSchool(deps: RiskDeps, schoolId: string, today: string): Promise<{ assessment?: RiskAssessment; evidence: CaseEvidence[] }> {
  const [found, evidence] = await Promise.all([deps.risk.get(schoolId), deps.cases.store.evidenceOfSchools([schoolId], twelveMonthsBefore(today))]);
  return { assessment: found?.value, evidence };
}

function badge(language: Language, s: Situation): string {
  return fill(riskStrings(language).card.badge, { score: scoreOf(s), colour: riskStrings(language).colours[riskColour(scoreOf(s))] });
}

export function riskTabSection(deps: RiskDeps): TabSection {
  return {
    id: 'risk',
    order: 60,
    visible: (personId) => riskSchoolsOf(deps.directory, personId).length > 0,
    title: (language) => riskStrings(language).tab.title,
    async load({ personId, language, filters, today }): Promise<TabContent> {
      const s = riskStrings(language);
      const schools = riskSchoolsOf(deps.directory, personId);
      const schoolId = filters.schoolId && schools.includes(filters.schoolId) ? filters.schoolId : schools[0];
      const { assessment, evidence } = await loadSchool(deps, schoolId, today);
      const since = twelveMonthsBefore(today);
      const situations = assessment ? activeSituations(assessment).sort(byRisk) : [];
      const counts = colourCounts(situations.map((x) => ({ colour: riskColour(scoreOf(x)) })));
      const matched = assessment ? evidenceBySituation(assessment, evidence, deps.schedule.schoolDay, since) : new Map<string, CaseEvidence[]>();
      const due = nextReviewDue(deps.schedule.riskReview, assessment, deps.now(), deps.timeZone);
      const blocks: TabBlock[] = [
        { type: 'heading', text: fill(s.card.title, { school: schoolName(deps.directory, schoolId) }) },
        {
          type: 'text',
          text: `${assessment?.lastReview ? fill(s.card.lastReview, { date: formatInstant(assessment.lastReview.at, deps.timeZone, language), name: deps.directory.people.find((p) => p.aadObjectId === assessment.lastReview!.by)?.name ?? '' }) : s.card.neverReviewed} ${fill(s.card.nextReview, { date: formatDate(localDateTime(due, deps.timeZone).date, language) })}`,
          tone: 'subtle',
        },
      ];
      if (filters.schoolId === 'all' || (!filters.schoolId && schools.length > 1)) blocks.push({ type: 'text', text: s.tab.chooseSchool, tone: 'subtle' });
      if (situations.length > 0) blocks.push({ type: 'text', text: fill(s.card.counts, counts) });
      blocks.push({
        type: 'table',
        title: s.card.situationsTitle,
        columns: [s.situation.risk, s.tab.situation, s.tab.where, s.tab.cases, s.tab.openMeasures],
        rows: situations.map((x) => ({
          cells: [badge(language, x), x.description, whereAndWhen(language, x) || '–', String(matched.get(x.id)?.length ?? 0), String(openMeasures(x).length)],
          open: `${schoolId}.${x.id}`,
          tone: TONE[riskColour(scoreOf(x))],
        })),
        empty: s.card.empty,
      });
      const role = riskRoleOf(deps.directory, schoolId, personId);
      const suggestions = role === 'principal' || role === 'safetyRep' ? suggestSituations(assessment ?? { situations: [] }, evidence, deps.schedule.schoolDay, since, deps.schedule.riskSuggestions.minCases) : [];
      if (suggestions.length > 0) {
        blocks.push({ type: 'heading', text: s.card.suggestionsTitle });
        for (const g of suggestions) blocks.push({ type: 'text', text: suggestionText(language, g), tone: 'attention' });
      }
      const reviews = await deps.risk.reviews(schoolId);
      blocks.push({
        type: 'table',
        title: s.card.reviewsTitle,
        columns: [s.tab.date, s.tab.by, s.tab.reason, s.tab.note],
        rows: reviews.map((r) => ({ cells: [formatInstant(r.at, deps.timeZone, language), deps.directory.people.find((p) => p.aadObjectId === r.by)?.name ?? '', s.card.reasons[r.reason], r.note] })),
        empty: s.card.neverReviewed,
      });
      return { title: s.tab.title, blocks };
    },
    async detail({ personId, language, itemId, today }) {
      const [schoolId, situationId] = itemId.split('.');
      const role = schoolId ? riskRoleOf(deps.directory, schoolId, personId) : null;
      if (!role || role === 'member') return null;
      const { assessment, evidence } = await loadSchool(deps, schoolId, today);
      const x = assessment?.situations.find((s) => s.id === situationId && s.status === 'active');
      if (!assessment || !x) return null;
      const s = riskStrings(language);
      const cs = casesStrings(language);
      const cases = evidenceBySituation({ situations: [x] }, evidence, deps.schedule.schoolDay, twelveMonthsBefore(today)).get(x.id) ?? [];
      deps.log.info('risk.viewed', { schoolId, by: personId, situationId, channel: 'tab' });
      return {
        title: x.description,
        blocks: [
          {
            type: 'facts',
            facts: [
              { title: s.situation.risk, value: badge(language, x) },
              { title: s.situation.where, value: whereAndWhen(language, x) || s.situation.notGiven },
              { title: s.situation.types, value: x.types.length > 0 ? joinList(x.types.map((t) => cs.choices.types[t])) : s.situation.anyType },
              { title: s.situation.factors, value: x.factors.length > 0 ? joinList(x.factors.map((f) => cs.choices.riskFactors[f])) : '–' },
              { title: s.situation.barriers, value: x.barriers || '–' },
            ],
          },
          {
            type: 'table',
            title: s.situation.measuresTitle,
            columns: [s.tab.measure, s.tab.state, s.tab.due, s.tab.effect],
            rows: x.measures.map((m) => ({ cells: [m.description, cs.measures.state[m.state], formatDate(m.dueDate, language), m.evaluation ? s.situation.effects[m.evaluation.effect] : '–'] })),
            empty: s.situation.noMeasures,
          },
          {
            type: 'table',
            title: s.situation.casesTitle,
            columns: [s.tab.reference, s.tab.date, cs.caseCard.severity],
            rows: cases.map((e) => ({ cells: [e.reference, formatDate(e.report.date, language), cs.choices.severity[e.report.severity]] })),
            empty: s.situation.noCases,
          },
          { type: 'text', text: plural(language, s.card.evidence, cases.length), tone: 'subtle' },
        ],
      };
    },
  };
}
