/**
 * Training's card verbs and chat command: the log with coverage and plan
 * (`opplæring` / `training`, `training.view`), and recording one entry
 * (`training.log`, CONTRACT.md). Who may do what comes from the directory.
 */
import { randomUUID } from 'node:crypto';
import { messageView, type CardView, type OutboundMessage } from '../core/cards';
import { localDateTime } from '../core/clock';
import type { CoreContext } from '../core/context';
import { findSchool, staffOf } from '../core/directory';
import { fill, plural, type Language } from '../core/i18n';
import type { Actor, Command, VerbAnswer, VerbHandler, VerbInput } from '../core/registry';
import type { RiskFeature } from '../risk';
import { riskRoleOf, riskSchoolsOf, twelveMonthsBefore } from '../risk/model';
import { newTrainingEntry, parseTrainingEntry, type TrainingEntry, type TrainingInputErrors } from './model';
import type { TrainingStore } from './store';
import { trainingStrings } from './strings';
import { invalidTrainingText, trainingCard, type TrainingViewInput } from './views';

export interface TrainingDeps extends CoreContext {
  training: TrainingStore;
  risk: RiskFeature;
  /** The tab "Oversikt": a Teams deep link, or locally the page; without it the card has no tab button. */
  tabUrl?: string;
}

/** The school: the card's, if the person has a role there that sees the log; else the first they lead or represent. */
export function trainingSchoolFor(deps: Pick<CoreContext, 'directory'>, actorId: string, data: Record<string, unknown>): string | undefined {
  const schools = riskSchoolsOf(deps.directory, actorId);
  const given = typeof data.schoolId === 'string' ? data.schoolId.trim() : '';
  if (given) return schools.includes(given) ? given : undefined;
  return schools.find((id) => riskRoleOf(deps.directory, id, actorId) === 'principal') ?? schools[0];
}

/** Who may record: the school's principals (CONTRACT.md). Who may read: principals, safety representatives, the owner's roles. */
export const mayLog = (deps: Pick<CoreContext, 'directory'>, schoolId: string, actorId: string) => riskRoleOf(deps.directory, schoolId, actorId) === 'principal';

async function situationsOf(deps: TrainingDeps, schoolId: string) {
  const a = await deps.risk.assessmentOf(schoolId);
  return (a?.situations ?? []).filter((s) => s.status === 'active').map((s) => ({ id: s.id, description: s.description }));
}

/** `form: false`: without the form to record an entry (every staff member a choice): the smaller card for a school whose staff makes the card too large for Teams. */
export async function trainingCardFor(deps: TrainingDeps, who: { id: string; language: Language }, schoolId: string, note?: TrainingViewInput['note'], options: { form?: boolean } = {}): Promise<CardView | undefined> {
  if (!riskSchoolsOf(deps.directory, who.id).includes(schoolId)) return undefined;
  const now = deps.now();
  const [entries, record, situations] = await Promise.all([deps.training.entries(schoolId), deps.training.staffRecord(schoolId), situationsOf(deps, schoolId)]);
  return trainingCard({
    language: who.language,
    directory: deps.directory,
    plan: deps.schedule.trainingPlan,
    timeZone: deps.timeZone,
    now,
    schoolId,
    viewerId: who.id,
    canLog: options.form !== false && mayLog(deps, schoolId, who.id),
    entries,
    record: record?.value,
    since: twelveMonthsBefore(localDateTime(now, deps.timeZone).date),
    situations,
    schools: riskSchoolsOf(deps.directory, who.id),
    clientRequestId: randomUUID(),
    tabUrl: deps.tabUrl,
    note,
  });
}

async function view(deps: TrainingDeps, actor: Actor, data: Record<string, unknown>): Promise<CardView> {
  const s = trainingStrings(actor.language);
  const schoolId = actor.id ? trainingSchoolFor(deps, actor.id, data) : undefined;
  const shown = actor.id && schoolId ? await trainingCardFor(deps, { id: actor.id, language: actor.language }, schoolId) : undefined;
  if (!shown) return messageView(actor.id && deps.directory.schools.some((x) => riskRoleOf(deps.directory, x.id, actor.id!)) ? s.refusals.view : s.refusals.noSchool, { attention: true });
  deps.log.info('training.viewed', { schoolId, by: actor.id });
  return shown;
}

export type RecordOutcome =
  | { ok: true; entry: TrainingEntry; stored: 'created' | 'exists' }
  | { ok: false; reason: 'notAllowed' }
  | { ok: false; reason: 'invalid'; errors: TrainingInputErrors };

/**
 * One entry of the log, from a card or from the tab: who may (the directory's
 * principal of the school), the data checked by `parseTrainingEntry`, and the
 * entry stored once per form (its request id).
 */
export async function recordEntry(deps: TrainingDeps, schoolId: string, actorId: string, data: Record<string, unknown>, channel: 'chat' | 'tab' = 'chat'): Promise<RecordOutcome> {
  const via = channel === 'tab' ? { channel } : {};
  if (!mayLog(deps, schoolId, actorId)) {
    deps.log.info('training.refused', { schoolId, by: actorId, ...via });
    return { ok: false, reason: 'notAllowed' };
  }
  const now = deps.now();
  const parsed = parseTrainingEntry(data, {
    today: localDateTime(now, deps.timeZone).date,
    staff: staffOf(deps.directory, schoolId),
    situationIds: (await situationsOf(deps, schoolId)).map((x) => x.id),
  });
  if (!parsed.ok) {
    deps.log.info('training.invalid', { schoolId, fields: Object.keys(parsed.errors), ...via });
    return { ok: false, reason: 'invalid', errors: parsed.errors };
  }
  const entry = newTrainingEntry(schoolId, parsed.fields, actorId, now);
  const stored = await deps.training.add(entry);
  deps.log.info('training.logged', { schoolId, by: actorId, kind: entry.kind, participants: entry.participants.length, outcome: stored, ...via });
  return { ok: true, entry, stored };
}

export function loggedText(language: Language, entry: TrainingEntry): string {
  const s = trainingStrings(language);
  return fill(s.results.logged, { kind: s.kinds[entry.kind].toLowerCase(), date: entry.date, participants: plural(language, s.card.participants, entry.participants.length) });
}

async function log(deps: TrainingDeps, { actor, data }: VerbInput): Promise<VerbAnswer> {
  const s = trainingStrings(actor.language);
  const schoolId = actor.id ? trainingSchoolFor(deps, actor.id, data) : undefined;
  if (!actor.id || !schoolId) return { card: messageView(s.refusals.view, { attention: true }) };
  const who = { id: actor.id, language: actor.language };
  const answer = async (text: string, tone: 'good' | 'attention'): Promise<VerbAnswer> => ({ card: (await trainingCardFor(deps, who, schoolId, { text, tone }))! });
  const outcome = await recordEntry(deps, schoolId, actor.id, data);
  if (!outcome.ok) return answer(outcome.reason === 'notAllowed' ? s.refusals.log : invalidTrainingText(actor.language, outcome.errors), 'attention');
  if (outcome.stored === 'exists') return answer(s.results.alreadyLogged, 'good');
  return answer(loggedText(actor.language, outcome.entry), 'good');
}

export function trainingVerbs(deps: TrainingDeps): Record<string, VerbHandler> {
  return {
    'training.view': async ({ actor, data }) => ({ card: await view(deps, actor, { schoolId: typeof data.openSchoolId === 'string' && data.openSchoolId.trim() !== '' ? data.openSchoolId : data.schoolId }) }),
    'training.log': (input) => log(deps, input),
  };
}

export function trainingCommands(deps: TrainingDeps): Command[] {
  return [
    {
      name: 'training',
      words: ['opplæring', 'opplaering', 'opplæring og øvelser', 'øvelser', 'øvingar', 'training', 'drills'],
      help: { label: { nb: 'Opplæring og øvelser', nn: 'Opplæring og øvingar', en: 'Training' }, audience: 'schoolLeaders' },
      run: async ({ actor }): Promise<OutboundMessage> => {
        const card = await view(deps, actor, {});
        const schoolId = actor.id ? trainingSchoolFor(deps, actor.id, {}) : undefined;
        return { card, summary: fill(trainingStrings(actor.language).summary, { school: schoolId ? (findSchool(deps.directory, schoolId)?.name ?? schoolId) : '' }) };
      },
    },
  ];
}
