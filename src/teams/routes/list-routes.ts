/** "mine saker" / "my cases" and "saker" / "cases": lists in chat, each entry opening the case card. */
import type { Application } from '@microsoft/teams-ai';
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { byUrgency, pageOf } from '../../cases/model/order';
import { rolesOf, type Directory } from '../../core/directory';
import { actorOf, type Actor } from '../actor';
import type { AdaptiveCardJson } from '../card-renderer';
import type { TeamsDeps } from '../deps';
import { respondWithCard } from '../invoke-response';
import type { BackToList } from '../../cases/views/case';
import { caseListCard } from '../../cases/views/list';
import { messageCard } from '../message-view';

const PAGE_SIZE = 5;

export function registerListRoutes(app: Application, deps: TeamsDeps): void {
  app.adaptiveCards.actionExecute<Record<string, unknown>>('cases.list', async (context, _state, data) => {
    const actor = actorOf(context, deps.directory);
    const scope = data.scope === 'school' ? 'school' : 'mine';
    const page = Number(data.page ?? 0);
    const card = await listCard(deps, actor, scope, page);
    await respondWithCard(context, typeof card === 'string' ? messageCard(card) : card);
    return '';
  });
}

/** Sends the list as a new message: for the typed commands. */
export async function sendList(context: TurnContext, deps: TeamsDeps, scope: 'mine' | 'school'): Promise<void> {
  const card = await listCard(deps, actorOf(context, deps.directory), scope, 0);
  await context.sendActivity(typeof card === 'string' ? card : MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}

/** The schools whose open cases a person follows: as principal or safety representative, or all as the owner's role. */
export function followedSchools(directory: Directory, aadObjectId: string): string[] {
  const roles = rolesOf(directory, aadObjectId);
  if (roles.owner.size > 0) return directory.schools.map((s) => s.id);
  return [...roles.schools.entries()].filter(([, r]) => r.has('principal') || r.has('safetyRep')).map(([id]) => id);
}

async function listCard(deps: TeamsDeps, actor: Actor, scope: 'mine' | 'school', page: number): Promise<AdaptiveCardJson | string> {
  const s = actor.strings;
  if (!actor.aadObjectId) return s.refusals.notAllowed.view;
  if (scope === 'mine') {
    const mine = await deps.cases.casesOfPerson(actor.aadObjectId);
    return caseListCard(s, actor.language, deps.directory, 'mine', pageOf(mine, page, PAGE_SIZE), mine.length);
  }
  const schools = followedSchools(deps.directory, actor.aadObjectId);
  if (schools.length === 0) return s.lists.notForYou;
  const open = (await deps.cases.casesOfSchools(schools, true)).sort(byUrgency);
  return caseListCard(s, actor.language, deps.directory, 'school', pageOf(open, page, PAGE_SIZE), open.length);
}

/** A case opened from a list carries the way back; only navigation, never access. */
export function listScopeOf(data: Record<string, unknown>): BackToList | undefined {
  if (data.listScope !== 'mine' && data.listScope !== 'school') return undefined;
  const page = Number(data.listPage ?? 0);
  return { scope: data.listScope, page: Number.isFinite(page) && page >= 0 ? Math.floor(page) : 0 };
}
