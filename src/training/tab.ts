/** Training and drills in the personal tab "Oversikt": coverage, the plan, and the log of the last 12 months; read-only. */
import { schoolName } from '../cases';
import { nameOf, staffOf } from '../core/directory';
import { formatDate } from '../core/format';
import { fill } from '../core/i18n';
import type { TabBlock, TabSection } from '../core/tab';
import { riskSchoolsOf, twelveMonthsBefore } from '../risk/model';
import type { TrainingDeps } from './actions';
import { coverage, coverageShare, planItems } from './model';
import { trainingStrings } from './strings';
import { planLine } from './views';

export function trainingTabSection(deps: TrainingDeps): TabSection {
  return {
    id: 'training',
    order: 70,
    visible: (personId) => riskSchoolsOf(deps.directory, personId).length > 0,
    title: (language) => trainingStrings(language).tab.title,
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
