/**
 * The risk assessment in the personal tab "Oversikt": the school's situations
 * by risk with their evidence and open measures, suggestions and reviews;
 * a row opens the situation with its measures and cases, built from the same
 * rules and views' words as the chat card. Its form is the same situations
 * as an editable table: the principal edits many rows and saves them at
 * once, the safety representative comments; each row becomes the command a
 * chat verb would give (`parseRiskCommand`), and all of them are applied and
 * stored by `changeAssessment`, as the chat's are.
 */
import { casesStrings, schoolName, type CaseEvidence } from '../cases';
import { localDateTime } from '../core/clock';
import { findSchool, staffOf } from '../core/directory';
import { formatDate, formatInstant, joinList } from '../core/format';
import { fill, plural, type Language } from '../core/i18n';
import { LOCATIONS, RISK_FACTORS } from '../cases/model/report';
import { TIMES_OF_DAY } from '../cases/model/time-of-day';
import type { TabBlock, TabContent, TabForm, TabFormColumn, TabFormResult, TabSection } from '../core/tab';
import { refusalText, type RiskDeps } from './actions';
import { changeAssessment, loadAssessment, NO_ASSESSMENT_ETAG } from './changes';
import {
  activeSituations,
  byRisk,
  colourCounts,
  evidenceBySituation,
  LIMITS,
  mayRisk,
  nextReviewDue,
  openMeasures,
  parseRiskCommand,
  riskColour,
  riskRoleOf,
  riskSchoolsOf,
  SCALE,
  scoreOf,
  suggestSituations,
  twelveMonthsBefore,
  type RiskAssessment,
  type RiskCommand,
  type RiskInputErrors,
  type RiskRole,
  type Situation,
} from './model';
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
    form: riskTabForm(deps),
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

// ---------------------------------------------------------------- the editable table

/** The situation's fields the table edits, by the names the chat verbs take. */
const EDIT_KEYS = ['situation', 'likelihood', 'consequence', 'location', 'timeOfDay', 'factors', 'barriers'] as const;
/** Most rows one save takes: every active situation, and as many new ones. */
const MAX_ROWS = LIMITS.activeSituations * 2;

function schoolOf(deps: RiskDeps, personId: string, wanted: string | undefined): string | undefined {
  const schools = riskSchoolsOf(deps.directory, personId);
  return wanted && schools.includes(wanted) ? wanted : schools[0];
}

function columns(language: Language, role: RiskRole): TabFormColumn[] {
  const t = riskStrings(language).tabForm;
  const cs = casesStrings(language);
  const edit = mayRisk(role, 'update');
  const scale = SCALE.map((n) => ({ value: String(n), label: String(n) }));
  const cols: TabFormColumn[] = [
    { key: 'situation', label: t.situation, kind: 'text', maxLength: LIMITS.description, editable: edit },
    { key: 'likelihood', label: t.likelihood, kind: 'select', options: scale, editable: edit },
    { key: 'consequence', label: t.consequence, kind: 'select', options: scale, editable: edit },
    { key: 'location', label: t.location, kind: 'select', options: LOCATIONS.map((v) => ({ value: v, label: cs.choices.location[v] })), editable: edit },
    { key: 'timeOfDay', label: t.timeOfDay, kind: 'select', options: TIMES_OF_DAY.map((v) => ({ value: v, label: cs.choices.timeOfDay[v] })), editable: edit },
    { key: 'factors', label: t.factors, kind: 'multiselect', options: RISK_FACTORS.map((v) => ({ value: v, label: cs.choices.riskFactors[v] })), editable: edit },
    { key: 'barriers', label: t.barriers, kind: 'textarea', maxLength: LIMITS.barriers, editable: edit },
  ];
  if (mayRisk(role, 'comment')) cols.push({ key: 'comment', label: t.comment, kind: 'textarea', maxLength: LIMITS.comment, editable: true });
  return cols;
}

/** Each field's problem in the reader's words, by the table's column (the situation's id: the row as a whole). */
function fieldErrors(language: Language, errors: RiskInputErrors): Record<string, string> {
  const s = riskStrings(language).errors;
  const out: Record<string, string> = {};
  for (const [field, code] of Object.entries(errors)) {
    const text = fill(s[code as keyof typeof s] as string, { field: s.fields[field as keyof typeof s.fields] ?? field });
    out[field === 'situationId' ? '_row' : field] = text.charAt(0).toUpperCase() + text.slice(1);
  }
  return out;
}

const present = (row: Record<string, unknown>, key: string) => key in row && row[key] !== undefined;
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

export function riskTabForm(deps: RiskDeps): TabForm {
  return {
    available: (personId) => riskSchoolsOf(deps.directory, personId).some((id) => ['principal', 'safetyRep'].includes(riskRoleOf(deps.directory, id, personId) ?? '')),
    async load({ personId, language, filters }) {
      const schoolId = schoolOf(deps, personId, filters.schoolId);
      const role = schoolId ? riskRoleOf(deps.directory, schoolId, personId) : null;
      if (!schoolId || !role || role === 'member') return null;
      const t = riskStrings(language).tabForm;
      const { assessment, etag } = await loadAssessment(deps, schoolId);
      const cols = columns(language, role);
      if (!cols.some((c) => c.editable)) return null;
      return {
        title: `${t.title}: ${schoolName(deps.directory, schoolId)}`,
        etag: etag ?? NO_ASSESSMENT_ETAG,
        context: { schoolId },
        intro: mayRisk(role, 'update') ? t.intro : t.introSafetyRep,
        columns: cols,
        canAdd: mayRisk(role, 'add'),
        rows: activeSituations(assessment)
          .sort(byRisk)
          .map((x) => ({
            id: x.id,
            label: badge(language, x),
            values: {
              situation: x.description,
              likelihood: String(x.likelihood),
              consequence: String(x.consequence),
              location: x.location ?? '',
              timeOfDay: x.timeOfDay ?? '',
              factors: [...x.factors],
              barriers: x.barriers,
            },
          })),
      };
    },

    async save({ personId, language, ifMatch, body }): Promise<TabFormResult> {
      const s = riskStrings(language);
      const t = s.tabForm;
      const input = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
      const wanted = typeof input.schoolId === 'string' ? input.schoolId : '';
      if (!wanted || !Array.isArray(input.rows) || input.rows.some((r) => !r || typeof r !== 'object' || Array.isArray(r))) return { status: 400, message: t.badRequest };
      if (!findSchool(deps.directory, wanted)) return { status: 404, message: s.refusals.view };
      // Who may do what: the directory's role at the school, never anything the page sent.
      const role = riskRoleOf(deps.directory, wanted, personId);
      if (!role || role === 'member') {
        deps.log.info('risk.action', { schoolId: wanted, verb: 'tab.save', by: personId, outcome: 'refused', refusal: 'notAllowed', channel: 'tab' });
        return { status: 403, message: s.refusals.edit };
      }
      const rows = input.rows as Record<string, unknown>[];
      if (rows.length === 0) return { status: 400, message: t.noRows };
      if (rows.length > MAX_ROWS) return { status: 400, message: fill(t.tooManyRows, { max: MAX_ROWS }) };
      const edits = rows.map((r) => EDIT_KEYS.some((k) => present(r, k)));
      if (edits.some((e, i) => e && !mayRisk(role, present(rows[i]!, 'situationId') ? 'update' : 'add')) || (rows.some((r) => !blank(r.comment)) && !mayRisk(role, 'comment'))) {
        deps.log.info('risk.action', { schoolId: wanted, verb: 'tab.save', by: personId, outcome: 'refused', refusal: 'notAllowed', channel: 'tab' });
        return { status: 403, message: s.refusals.edit };
      }
      if (!ifMatch) return { status: 428, message: t.noVersion };

      // Every row is read as the chat verb's card data would be; any bad row, and nothing is stored.
      const today = localDateTime(deps.now(), deps.timeZone).date;
      const ctx = { today, possibleOwners: staffOf(deps.directory, wanted) };
      const commands: RiskCommand[] = [];
      const rowOf: number[] = [];
      const rowErrors: { row: number; fields: Record<string, string> }[] = [];
      rows.forEach((row, index) => {
        const errors: RiskInputErrors = {};
        const data: Record<string, unknown> = Object.fromEntries(EDIT_KEYS.filter((k) => present(row, k)).map((k) => [k, row[k]]));
        const hasId = present(row, 'situationId');
        if (hasId) data.situationId = row.situationId;
        if (edits[index]) {
          const parsed = parseRiskCommand(hasId ? 'update' : 'add', data, ctx);
          if (parsed.ok) {
            commands.push(parsed.command);
            rowOf.push(index);
          } else Object.assign(errors, parsed.errors);
        }
        if (!blank(row.comment)) {
          const parsed = parseRiskCommand('comment', { comment: row.comment, ...(hasId ? { situationId: row.situationId } : {}) }, ctx);
          if (parsed.ok) {
            commands.push(parsed.command);
            rowOf.push(index);
          } else Object.assign(errors, parsed.errors);
        } else if (!edits[index] && !hasId) errors.situation = 'required';
        if (Object.keys(errors).length > 0) rowErrors.push({ row: index, fields: fieldErrors(language, errors) });
      });
      if (rowErrors.length > 0) {
        deps.log.info('risk.action', { schoolId: wanted, verb: 'tab.save', by: personId, outcome: 'invalid', rows: rows.length, channel: 'tab', invalidRows: rowErrors.map((e) => e.row) });
        return { status: 400, message: t.invalid, rowErrors };
      }
      if (commands.length === 0) return { status: 200, message: t.unchanged, saved: 0 };

      const outcome = await changeAssessment(deps, wanted, { id: personId, role }, commands, { channel: 'tab', verb: 'tab.save', ifMatch });
      if (!outcome.ok && outcome.reason === 'conflict') return { status: 409, message: t.conflict };
      if (!outcome.ok) {
        const command = commands[outcome.index]!;
        const text = refusalText(language, command.verb, outcome.refusal);
        if (outcome.refusal.code === 'notAllowed') return { status: 403, message: text };
        return { status: 400, message: t.invalid, rowErrors: [{ row: rowOf[outcome.index]!, fields: { _row: text } }] };
      }
      const changedRows = new Set(outcome.results.map((r, i) => (r.events.length > 0 ? rowOf[i] : undefined)).filter((r) => r !== undefined));
      if (!outcome.saved || changedRows.size === 0) return { status: 200, message: t.unchanged, saved: 0 };
      return { status: 200, message: plural(language, t.saved, changedRows.size), saved: changedRows.size };
    },
  };
}
