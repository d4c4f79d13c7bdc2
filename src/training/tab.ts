/**
 * Training and drills in the personal tab "Oversikt": coverage, the plan, and
 * the log of the last 12 months; its form logs one entry through the same
 * function as the `training.log` verb (`recordEntry`), for the principal.
 */
import { randomUUID } from 'node:crypto';
import { schoolName } from '../cases';
import { nameOf, staffOf } from '../core/directory';
import { formatDate } from '../core/format';
import { fill, type Language } from '../core/i18n';
import type { TabBlock, TabForm, TabFormResult, TabSection } from '../core/tab';
import { riskSchoolsOf, twelveMonthsBefore } from '../risk/model';
import { loggedText, mayLog, recordEntry, type TrainingDeps } from './actions';
import { coverage, coverageShare, LIMITS, planItems, TRAINING_KINDS, type TrainingInputErrors } from './model';
import { trainingStrings } from './strings';
import { planLine } from './views';

export function trainingTabSection(deps: TrainingDeps): TabSection {
  return {
    id: 'training',
    order: 70,
    visible: (personId) => riskSchoolsOf(deps.directory, personId).length > 0,
    title: (language) => trainingStrings(language).tab.title,
    form: trainingTabForm(deps),
    async load({ personId, language, filters, today }) {
      const s = trainingStrings(language);
      const schools = riskSchoolsOf(deps.directory, personId);
      const schoolId = filters.schoolId && schools.includes(filters.schoolId) ? filters.schoolId : schools[0];
      const [entries, record] = await Promise.all([deps.training.entries(schoolId), deps.training.staffRecord(schoolId)]);
      const staff = staffOf(deps.directory, schoolId);
      const since = twelveMonthsBefore(today);
      const cov = coverage(entries, staff, since);
      deps.log.info('training.viewed', { schoolId, by: personId, channel: 'tab' });
      const blocks: TabBlock[] = [
        { type: 'heading', text: fill(s.card.title, { school: schoolName(deps.directory, schoolId) }) },
        { type: 'text', text: cov.total === 0 ? s.card.noStaff : fill(s.card.coverage, { covered: cov.covered.length, total: cov.total, share: coverageShare(cov) }) },
      ];
      if (cov.missing.length > 0) blocks.push({ type: 'text', text: `${s.card.missingTitle}: ${cov.missing.map((id) => nameOf(deps.directory, id, s.aStaffMember)).join(', ')}`, tone: 'subtle' });
      blocks.push({ type: 'heading', text: s.card.planTitle });
      for (const item of planItems(entries, record?.value, staff, deps.schedule.trainingPlan, deps.now(), deps.timeZone)) {
        const line = planLine(language, deps.directory, deps.timeZone, item);
        blocks.push({ type: 'text', text: line.text, tone: line.color === 'Attention' ? 'attention' : 'default' });
      }
      blocks.push({
        type: 'table',
        title: s.card.logTitle,
        columns: [s.tab.date, s.tab.kind, s.tab.topic, s.tab.participants, s.tab.ledBy],
        rows: entries
          .filter((e) => e.date >= since)
          .map((e) => ({ cells: [formatDate(e.date, language), s.kinds[e.kind], e.topic, String(e.participants.length), e.ledById ? nameOf(deps.directory, e.ledById, s.aStaffMember) : (e.ledByName ?? '–')] })),
        empty: s.card.empty,
      });
      return { title: s.tab.title, blocks };
    },
  };
}

/** The fields of one entry, by the names `training.log` takes. */
const FIELDS = ['date', 'kind', 'topic', 'participants', 'situationId', 'durationMinutes', 'ledByName', 'notes'] as const;

function fieldErrors(language: Language, errors: TrainingInputErrors): Record<string, string> {
  const s = trainingStrings(language).errors;
  const out: Record<string, string> = {};
  for (const [field, code] of Object.entries(errors)) {
    const text = fill(s[code as keyof typeof s] as string, { field: s.fields[field as keyof typeof s.fields] ?? field });
    out[field === 'ledBy' ? 'ledByName' : field === 'clientRequestId' ? '_row' : field] = text.charAt(0).toUpperCase() + text.slice(1);
  }
  return out;
}

export function trainingTabForm(deps: TrainingDeps): TabForm {
  return {
    available: (personId) => riskSchoolsOf(deps.directory, personId).some((id) => mayLog(deps, id, personId)),
    async load({ personId, language, filters }) {
      const schools = riskSchoolsOf(deps.directory, personId);
      const schoolId = filters.schoolId && schools.includes(filters.schoolId) ? filters.schoolId : schools[0];
      if (!schoolId || !mayLog(deps, schoolId, personId)) return null;
      const t = trainingStrings(language).tabForm;
      const s = trainingStrings(language);
      const situations = ((await deps.risk.assessmentOf(schoolId))?.situations ?? []).filter((x) => x.status === 'active');
      const staff = staffOf(deps.directory, schoolId)
        .map((id) => ({ value: id, label: nameOf(deps.directory, id, s.aStaffMember) }))
        .sort((a, b) => a.label.localeCompare(b.label, 'nb'));
      return {
        title: `${t.title}: ${schoolName(deps.directory, schoolId)}`,
        // Each entry is a new document of its own: nothing to be stale against; the request id makes a second save of the same form store nothing.
        etag: '"new"',
        context: { schoolId, clientRequestId: randomUUID() },
        intro: t.intro,
        canAdd: true,
        maxNewRows: 1,
        rows: [],
        columns: [
          { key: 'date', label: t.date, kind: 'date', editable: true },
          { key: 'kind', label: t.kind, kind: 'select', options: TRAINING_KINDS.map((k) => ({ value: k, label: s.kinds[k] })), editable: true },
          { key: 'topic', label: t.topic, kind: 'text', maxLength: LIMITS.topic, editable: true },
          { key: 'participants', label: t.participants, kind: 'multiselect', options: staff, editable: true },
          { key: 'situationId', label: t.situationId, kind: 'select', options: situations.map((x) => ({ value: x.id, label: x.description })), editable: true },
          { key: 'durationMinutes', label: t.durationMinutes, kind: 'number', min: 1, max: LIMITS.durationMinutes, editable: true },
          { key: 'ledByName', label: t.ledByName, kind: 'text', maxLength: LIMITS.ledByName, editable: true },
          { key: 'notes', label: t.notes, kind: 'textarea', maxLength: LIMITS.notes, editable: true },
        ],
      };
    },

    async save({ personId, language, body }): Promise<TabFormResult> {
      const s = trainingStrings(language);
      const input = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
      const schoolId = typeof input.schoolId === 'string' ? input.schoolId : '';
      const rows = Array.isArray(input.rows) ? input.rows : undefined;
      if (!schoolId || !rows || rows.some((r) => !r || typeof r !== 'object' || Array.isArray(r))) return { status: 400, message: s.tabForm.badRequest };
      if (!deps.directory.schools.some((x) => x.id === schoolId)) return { status: 404, message: s.refusals.view };
      if (!mayLog(deps, schoolId, personId)) {
        deps.log.info('training.refused', { schoolId, by: personId, channel: 'tab' });
        return { status: 403, message: s.refusals.log };
      }
      if (rows.length !== 1) return { status: 400, message: s.tabForm.oneRow };
      const row = rows[0] as Record<string, unknown>;
      const data: Record<string, unknown> = Object.fromEntries(FIELDS.filter((k) => k in row).map((k) => [k, row[k]]));
      data.clientRequestId = input.clientRequestId;
      const outcome = await recordEntry(deps, schoolId, personId, data, 'tab');
      if (!outcome.ok && outcome.reason === 'notAllowed') return { status: 403, message: s.refusals.log };
      if (!outcome.ok) return { status: 400, message: s.tabForm.invalid, rowErrors: [{ row: 0, fields: fieldErrors(language, outcome.errors) }] };
      if (outcome.stored === 'exists') return { status: 200, message: s.results.alreadyLogged, saved: 0 };
      return { status: 200, message: loggedText(language, outcome.entry), saved: 1 };
    },
  };
}
