/** Carries out one piece of due work: renders the current case for the recipient and sends it to their chat. */
import { MessageFactory, CardFactory } from 'botbuilder';
import { viewerOf } from '../domain/access';
import { findPerson, type Directory } from '../domain/directory';
import type { WorkItem } from '../domain/work';
import type { WorkHandler } from '../dispatch/dispatcher';
import { chooseLanguage, strings } from '../i18n';
import type { CaseStore } from '../store/case-store';
import type { ConversationStore } from '../store/conversation-store';
import type { Messenger } from './messenger';
import { caseCard, caseSummary } from './views/case-view';

export interface DeliverWorkDeps {
  directory: Directory;
  cases: CaseStore;
  conversations: ConversationStore;
  messenger: Messenger;
}

export function deliverWork(deps: DeliverWorkDeps): WorkHandler {
  return async (item: WorkItem) => {
    const found = await deps.cases.getCase(item.caseId);
    if (!found) return { kind: 'unreachable', error: 'case not found' };
    const c = found.value;
    // Roles may have changed since the work was stored: tell only who may still see the case.
    const viewer = viewerOf(deps.directory, c, item.recipientId);
    if (!viewer) return { kind: 'unreachable', error: 'recipient no longer has access' };
    const contact = await deps.conversations.getPerson(item.recipientId);
    const language = chooseLanguage(findPerson(deps.directory, item.recipientId)?.locale, contact?.locale);
    const s = strings(language);
    const card = caseCard({ strings: s, language, directory: deps.directory, case: c, viewer, viewerId: item.recipientId });
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    activity.summary = caseSummary(s, c);
    return deps.messenger.sendToPerson(item.recipientId, activity);
  };
}
