/**
 * Carries out one piece of due work: renders the current case for the
 * recipient, in their language, and sends it to their chat or rewrites the
 * card they already have.
 */
import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { viewerOf } from '../domain/access';
import type { Case } from '../domain/case';
import { localDateTime } from '../domain/clock';
import { findPerson, type Directory } from '../domain/directory';
import type { WorkItem } from '../domain/work';
import type { WorkHandler } from '../dispatch/dispatcher';
import { chooseLanguage, fill, strings, type Language } from '../i18n';
import type { CaseStore } from '../store/case-store';
import type { ConversationStore } from '../store/conversation-store';
import type { Messenger } from './messenger';
import { caseCardFor, caseSummary, schoolName } from './views/case-view';

export interface DeliverWorkDeps {
  directory: Directory;
  timeZone: string;
  cases: CaseStore;
  conversations: ConversationStore;
  messenger: Messenger;
  now: () => Date;
}

/** How often a just-sent card is rewritten when the case changed while it was on its way. */
const CATCH_UP_ROUNDS = 3;

export function deliverWork(deps: DeliverWorkDeps): WorkHandler {
  return async (item: WorkItem) => {
    const found = await deps.cases.getCase(item.caseId);
    if (!found) return { kind: 'unreachable', error: 'case not found' };
    const contact = await deps.conversations.getPerson(item.recipientId);
    const language = chooseLanguage(findPerson(deps.directory, item.recipientId)?.locale, contact?.locale);
    const activity = render(deps, item, found.value, language);
    if (!activity) return { kind: 'unreachable', error: 'recipient no longer has access' };

    if (item.kind === 'card.update') {
      if (!item.target) return { kind: 'unreachable', error: 'card.update without a target' };
      return deps.messenger.updateMessage(item.recipientId, item.target, activity);
    }
    const outcome = await deps.messenger.sendToPerson(item.recipientId, activity);
    // A change made while this card was on its way found no message to rewrite: catch up here.
    let revision = found.value.revision;
    for (let round = 0; outcome.kind === 'done' && outcome.delivery?.activityId && round < CATCH_UP_ROUNDS; round++) {
      const latest = await deps.cases.getCase(item.caseId);
      if (!latest || latest.value.revision === revision) break;
      revision = latest.value.revision;
      const again = render(deps, { ...item, kind: 'card.update' }, latest.value, language);
      if (!again) break;
      await deps.messenger.updateMessage(item.recipientId, { conversationId: outcome.delivery.conversationId, activityId: outcome.delivery.activityId }, again);
    }
    return outcome;
  };
}

/** The card for the recipient as the case is now; undefined if they may no longer see it (roles change). */
function render(deps: DeliverWorkDeps, item: WorkItem, c: Case, language: Language): Partial<Activity> | undefined {
  const viewer = viewerOf(deps.directory, c, item.recipientId);
  if (!viewer) return undefined;
  const s = strings(language);
  const noteText =
    item.kind === 'case.new' ? fill(s.notes.new, { school: schoolName(deps.directory, c.schoolId) }) : item.kind === 'case.notice' && item.notice ? s.notes[item.notice] : undefined;
  const card = caseCardFor({
    strings: s,
    language,
    directory: deps.directory,
    timeZone: deps.timeZone,
    case: c,
    viewer,
    viewerId: item.recipientId,
    today: localDateTime(deps.now(), deps.timeZone).date,
    note: noteText ? { text: noteText, tone: 'accent' } : undefined,
  });
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  activity.summary = caseSummary(s, c, noteText);
  return activity;
}
