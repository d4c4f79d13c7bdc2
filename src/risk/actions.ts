/**
 * The risk assessment's card verbs and its chat command, as functions of who
 * acts and what the card sent. The school comes from the card (or is the
 * only one the person leads); who may do what comes from the directory,
 * never from the card.
 */
import { randomUUID } from 'node:crypto';
import { caseIdOf, type CasesFeature } from '../cases';
import { messageView, type CardView, type OutboundMessage } from '../core/cards';
import { localDateTime } from '../core/clock';
import type { CoreContext } from '../core/context';
import { findSchool, schoolsOf, staffOf } from '../core/directory';
import { fill, type Language } from '../core/i18n';
import type { Actor, Command, VerbAnswer, VerbHandler, VerbInput } from '../core/registry';
import {
  applyRiskCommand,
  LIMITS,
  parseRiskCommand,
  riskRoleOf,
  riskSchoolsOf,
  twelveMonthsBefore,
  type RiskAssessment,
  type RiskCommand,
  type RiskRefusal,
  type RiskRole,
} from './model';
import type { RiskStore } from './store';
import { changeAssessment, loadAssessment } from './changes';
import { riskStrings } from './strings';
import { invalidRiskText, linkCard, riskCard, situationCard, type RiskViewInput } from './views';

export interface RiskDeps extends CoreContext {
  risk: RiskStore;
  cases: CasesFeature;
  /** A deep link to the school's risk assessment in the tab, once there is one. */
  tabUrl?: (schoolId: string) => string | undefined;
}

type Note = RiskViewInput['note'];

const card = (view: CardView): VerbAnswer => ({ card: view });
const attention = (text: string): VerbAnswer => card(messageView(text, { attention: true }));

/**
 * The school an action is about: the card's `schoolId` if the person has a
 * role there, else the only school they lead or take part in as safety
 * representative (the owner's roles: the first school).
 */
export function schoolFor(deps: Pick<CoreContext, 'directory'>, actorId: string, data: Record<string, unknown>): string | undefined {
  const { directory } = deps;
  const given = typeof data.schoolId === 'string' ? data.schoolId.trim() : '';
  if (given) return findSchool(directory, given) && riskRoleOf(directory, given, actorId) ? given : undefined;
  const own = riskSchoolsOf(directory, actorId);
  const led = own.filter((id) => riskRoleOf(directory, id, actorId) === 'principal');
  return led[0] ?? own[0];
}

interface Loaded {
  assessment: RiskAssessment;
  etag?: string;
}

const load = (deps: RiskDeps, schoolId: string): Promise<Loaded> => loadAssessment(deps, schoolId);

/** What the views need besides the assessment: the school's cases of the last 12 months and its reviews. */
async function viewInput(deps: RiskDeps, who: { id: string; language: Language }, schoolId: string, role: RiskRole, assessment: RiskAssessment, note?: Note): Promise<RiskViewInput> {
  const now = deps.now();
  const today = localDateTime(now, deps.timeZone).date;
  const staffView = role !== 'member';
  const [evidence, reviews] = await Promise.all([
    staffView ? deps.cases.store.evidenceOfSchools([schoolId], twelveMonthsBefore(today)) : Promise.resolve([]),
    staffView ? deps.risk.reviews(schoolId) : Promise.resolve([]),
  ]);
  return {
    language: who.language,
    directory: deps.directory,
    schedule: deps.schedule,
    timeZone: deps.timeZone,
    now,
    schoolId,
    assessment,
    role,
    viewerId: who.id,
    evidence,
    reviews,
    schools: riskSchoolsOf(deps.directory, who.id),
    clientRequestId: randomUUID(),
    tabUrl: deps.tabUrl?.(schoolId),
    note,
  };
}

/** The assessment card, or one situation's, as this person may see it now; undefined if they may see neither. */
export async function riskCardFor(
  deps: RiskDeps,
  who: { id: string; language: Language },
  schoolId: string,
  options: { situationId?: string; note?: Note; assessment?: RiskAssessment } = {},
): Promise<CardView | undefined> {
  const role = riskRoleOf(deps.directory, schoolId, who.id);
  if (!role) return undefined;
  const assessment = options.assessment ?? (await load(deps, schoolId)).assessment;
  const situation = options.situationId ? assessment.situations.find((s) => s.id === options.situationId) : undefined;
  // Other staff see only a situation where they own a measure.
  if (role === 'member' && !situation?.measures.some((m) => m.ownerId === who.id && m.state !== 'proposed' && m.state !== 'rejected')) return undefined;
  const input = await viewInput(deps, who, schoolId, role, assessment, options.note);
  return situation ? situationCard({ ...input, situation }) : riskCard(input);
}

export function refusalText(language: Language, verb: RiskCommand['verb'], refusal: RiskRefusal): string {
  const s = riskStrings(language).refusals;
  switch (refusal.code) {
    case 'notAllowed':
      if (verb === 'comment') return s.comment;
      if (verb === 'measure.propose') return s.propose;
      if (verb === 'measure.approve' || verb === 'measure.reject') return s.decide;
      if (verb === 'measure.complete') return s.complete;
      if (verb === 'measure.evaluate') return s.evaluate;
      return verb === 'link' ? s.linkNotAllowed : s.edit;
    case 'tooManySituations':
      return fill(s.tooManySituations, { max: LIMITS.activeSituations });
    case 'tooManyMeasures':
      return fill(s.tooManyMeasures, { max: LIMITS.measuresPerSituation });
    case 'tooManyComments':
      return fill(s.tooManyComments, { max: LIMITS.comments });
    case 'tooManyLinks':
      return fill(s.tooManyLinks, { max: LIMITS.linkedCases });
    default:
      return s[refusal.code];
  }
}

function resultText(language: Language, verb: RiskCommand['verb'], events: ReturnType<typeof applyRiskCommand> & { ok: true }): string {
  const r = riskStrings(language).results;
  const e = events.events[0];
  if (!e) return r.unchanged;
  if (e.type === 'added') return e.existing ? r.addExisting : r.add;
  if (e.type === 'archived') return r.archive;
  if (e.type === 'reviewed') return fill(r.review, { no: e.review.no });
  if (e.type === 'unlinked') return r.unlink;
  if (verb === 'link') return r.link;
  return r[verb as keyof typeof r] ?? r.update;
}

/**
 * A change of a school's assessment from a card: who the person is there,
 * the data, the rule, and the change stored with what it owes (notices,
 * reminders, a review version) in one ETag-guarded batch.
 */
async function change(deps: RiskDeps, verb: RiskCommand['verb'], { actor, data }: VerbInput): Promise<VerbAnswer> {
  const s = riskStrings(actor.language);
  if (!actor.id) return attention(s.refusals.view);
  const who = { id: actor.id, language: actor.language };

  // A link names a case: the case decides the school, and the person must lead it.
  let linkCase: { caseId: string; reference: string } | undefined;
  let schoolId: string | undefined;
  if (verb === 'link') {
    const caseId = caseIdOf(data);
    const loaded = caseId ? await deps.cases.loadCaseFor(caseId, actor.id) : undefined;
    if (!loaded) return attention(s.refusals.caseNotFound);
    if (loaded.viewer !== 'principal') return attention(s.refusals.linkNotAllowed);
    linkCase = { caseId: loaded.case.caseId, reference: loaded.case.reference };
    schoolId = loaded.case.schoolId;
  } else {
    schoolId = schoolFor(deps, actor.id, data);
  }
  const role = schoolId ? riskRoleOf(deps.directory, schoolId, actor.id) : null;
  if (!schoolId || !role) return attention(s.refusals.view);

  const situationId = typeof data.situationId === 'string' ? data.situationId : undefined;
  const answer = async (note: Note, assessment?: RiskAssessment, showSituation = situationId): Promise<VerbAnswer> => {
    if (linkCase) return card(linkCard({ language: actor.language, assessment: assessment ?? (await load(deps, schoolId!)).assessment, caseId: linkCase.caseId, reference: linkCase.reference, note }));
    const view = await riskCardFor(deps, who, schoolId!, { situationId: showSituation, note, assessment });
    return view ? card(view) : attention(note?.text ?? s.refusals.view);
  };

  // The case card's button opens the choice of situation.
  if (verb === 'link' && (situationId === undefined || situationId.trim() === '') && data.unlink === undefined) return answer(undefined);

  const now = deps.now();
  const parsed = parseRiskCommand(verb, data, { today: localDateTime(now, deps.timeZone).date, possibleOwners: staffOf(deps.directory, schoolId), linkCase });
  if (!parsed.ok) return answer({ text: invalidRiskText(actor.language, parsed.errors), tone: 'attention' });

  const outcome = await changeAssessment(deps, schoolId, { id: actor.id, role }, [parsed.command], { channel: 'chat', verb });
  if (!outcome.ok && outcome.reason === 'conflict') return answer({ text: s.refusals.conflict, tone: 'attention' });
  if (!outcome.ok) return answer({ text: refusalText(actor.language, verb, outcome.refusal), tone: 'attention' }, outcome.before);
  const result = outcome.results[0]!;
  const added = result.events.find((e) => e.type === 'added');
  const shown = added?.type === 'added' ? added.situationId : parsed.command.verb === 'review' || (parsed.command.verb === 'update' && parsed.command.archive) ? undefined : situationId;
  return answer({ text: resultText(actor.language, verb, result), tone: 'good' }, outcome.assessment, shown);
}

async function view(deps: RiskDeps, actor: Actor, data: Record<string, unknown>): Promise<CardView> {
  const s = riskStrings(actor.language);
  if (!actor.id) return messageView(s.refusals.view, { attention: true });
  const schoolId = schoolFor(deps, actor.id, data);
  const situationId = typeof data.situationId === 'string' ? data.situationId : undefined;
  const found = schoolId ? await riskCardFor(deps, { id: actor.id, language: actor.language }, schoolId, { situationId }) : undefined;
  if (!found) {
    deps.log.info('risk.view_refused', { schoolId: schoolId ?? null, by: actor.id });
    return messageView(schoolsOf(deps.directory, actor.id).length > 0 || schoolId ? s.refusals.view : s.refusals.noSchool, { attention: true });
  }
  // Who read which school's assessment is part of the audit trail.
  deps.log.info('risk.viewed', { schoolId, by: actor.id, situationId: situationId ?? null });
  return found;
}

const nonBlank = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

const CHANGE_VERBS: Record<string, RiskCommand['verb']> = {
  'risk.add': 'add',
  'risk.update': 'update',
  'risk.review': 'review',
  'risk.comment': 'comment',
  'risk.link': 'link',
  'risk.measure.propose': 'measure.propose',
  'risk.measure.approve': 'measure.approve',
  'risk.measure.reject': 'measure.reject',
  'risk.measure.complete': 'measure.complete',
  'risk.measure.evaluate': 'measure.evaluate',
};

export function riskVerbs(deps: RiskDeps): Record<string, VerbHandler> {
  const verbs: Record<string, VerbHandler> = {
    // The school switch's choice is `openSchoolId`, so that it never travels as another action's `schoolId`.
    'risk.view': async ({ actor, data }) => card(await view(deps, actor, { schoolId: nonBlank(data.openSchoolId) ?? data.schoolId })),
    'risk.situation': async ({ actor, data }) => card(await view(deps, actor, data)),
  };
  for (const [name, verb] of Object.entries(CHANGE_VERBS)) verbs[name] = (input) => change(deps, verb, input);
  return verbs;
}

export function riskCommands(deps: RiskDeps): Command[] {
  return [
    {
      name: 'risk',
      words: ['risiko', 'risikovurdering', 'risikovurderinga', 'risk', 'risk assessment'],
      help: { label: { nb: 'Risikovurdering', nn: 'Risikovurderinga', en: 'Risk assessment' }, audience: 'schoolLeaders' },
      run: async ({ actor }): Promise<OutboundMessage> => {
        const shown = await view(deps, actor, {});
        const school = actor.id ? schoolFor(deps, actor.id, {}) : undefined;
        return { card: shown, summary: fill(riskStrings(actor.language).summary, { school: school ? (findSchool(deps.directory, school)?.name ?? school) : '' }) };
      },
    },
  ];
}
