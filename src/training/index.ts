/**
 * Training and drills (forskrift § 3A-5): each school's log, its plan with
 * reminders to the principal, and coverage of the staff. What other features
 * (the inspection folder, the owner's report) may use is exported here.
 */
import type { CoreContext } from '../core/context';
import type { Language } from '../core/i18n';
import type { Feature } from '../core/registry';
import type { RiskFeature } from '../risk';
import { trainingCardFor, trainingCommands, trainingVerbs, type TrainingDeps } from './actions';
import { TrainingStore } from './store';
import { trainingTabSection } from './tab';
import { planCheckJob, trainingWorkHandlers } from './work';

export type { TrainingEntry, StaffRecord, Coverage } from './model';
export { TrainingStore } from './store';
export { trainingStrings } from './strings';
export { planLine } from './views';

export interface TrainingFeature extends Feature {
  store: TrainingStore;
}

export interface TrainingOptions {
  /** The tab "Oversikt" (a Teams deep link from TEAMS_APP_ID, or locally the page); without it the card has no tab button. */
  tabUrl?: string;
}

export function createTraining(core: CoreContext, deps: { risk: RiskFeature }, options: TrainingOptions = {}): TrainingFeature {
  const store = new TrainingStore(core.containers.cases);
  const training: TrainingDeps = Object.assign(Object.create(core) as CoreContext, { training: store, risk: deps.risk, tabUrl: options.tabUrl });
  return {
    name: 'training',
    store,
    verbs: trainingVerbs(training),
    commands: trainingCommands(training),
    work: trainingWorkHandlers(
      Object.assign(Object.create(training) as TrainingDeps, {
        noticeCard: async (schoolId: string, to: { id: string; language: Language }, note: string) => {
          const card = await trainingCardFor(training, to, schoolId, { text: note, tone: 'attention' });
          // Too large for Teams (a school with hundreds of staff, each a choice in the form): the same card without the form.
          const smaller = card ? await trainingCardFor(training, to, schoolId, { text: note, tone: 'attention' }, { form: false }) : undefined;
          return card ? { card, summary: note, ...(smaller ? { smaller: { card: smaller, summary: note } } : {}) } : undefined;
        },
      }),
    ),
    tab: [trainingTabSection(training)],
    jobs: [planCheckJob(training)],
  };
}
