/**
 * Carries out due work that sends something: renders what the recipient
 * should see now, in their language, and sends it to their chat or rewrites
 * the card they already have. Work that is no longer needed when it falls due
 * (a reminder about something since done, a check-in after "no more") is
 * skipped, not sent.
 */
import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { viewerOf } from '../cases/model/access';
import type { Case } from '../cases/model/case';
import { localDateTime } from '../core/clock';
import { findPerson } from '../core/directory';
import { durationMs } from '../core/duration';
import { checkinStillDue, nextRepeat, reminderStillDue } from '../follow-up/model';
import type { WorkItem } from '../core/work';
import type { WorkHandler } from '../core/dispatcher';
import type { WorkOutcome } from '../core/outcome';
import { chooseLanguage, fill, strings, type Language } from '../core/i18n';
import type { FlowContext } from '../core/context';
import type { ConversationStore, PersonContact } from '../core/contacts';
import type { AdaptiveCardJson } from './card-renderer';
import type { Messenger } from './messenger';
import { caseCardFor, caseSummary, schoolName } from '../cases/views/case';
import { checkinCard } from '../follow-up/views/checkin';
import { clusterAlertCard } from '../follow-up/views/cluster-alert';
import { formatDate } from '../core/format';
import { nameOf } from '../core/people';

export interface DeliverWorkDeps extends FlowContext {
  conversations: ConversationStore;
  messenger: Messenger;
}

/** How often a just-sent card is rewritten when the case changed while it was on its way. */
const CATCH_UP_ROUNDS = 3;

const SKIPPED: WorkOutcome = { kind: 'done', skipped: true };

export function deliverWork(deps: DeliverWorkDeps): WorkHandler {
  return async (item: WorkItem) => {
    const contact = await deps.conversations.getPerson(item.recipientId);
    const language = chooseLanguage(findPerson(deps.directory, item.recipientId)?.locale, contact?.locale);
    if (item.kind === 'cluster.alert') return deliverClusterAlert(deps, item, language, contact);

    const found = await deps.cases.getCase(item.caseId);
    if (!found) return SKIPPED;
    const c = found.value;

    if (item.kind === 'checkin') {
      const f = c.followUps.find((x) => x.id === item.followUpId);
      if (!f || !checkinStillDue(c, f.id)) return SKIPPED;
      return deps.messenger.sendToPerson(item.recipientId, asMessage(checkinCard({ strings: strings(language), language, case: c, followUp: f }), strings(language).checkin.title), contact);
    }
    if (item.kind === 'reminder' && !reminderStillDue(c, item)) return SKIPPED;

    const activity = renderCase(deps, item, c, language);
    // Roles may have changed since the work was stored: only who may still see the case is told.
    if (!activity) return SKIPPED;
    if (item.kind === 'card.update') return item.target ? deps.messenger.updateMessage(item.recipientId, item.target, activity, contact) : SKIPPED;

    const outcome = await deps.messenger.sendToPerson(item.recipientId, activity, contact);
    await catchUp(deps, item, c.revision, language, outcome, contact);
    const repeatAt = item.kind === 'reminder' && outcome.kind === 'done' ? nextRepeat(item, { schedule: deps.schedule, timeZone: deps.timeZone, now: deps.now() }) : undefined;
    return repeatAt && outcome.kind === 'done' ? { ...outcome, repeatAt } : outcome;
  };
}

/** A change made while a card was on its way found no message to rewrite: rewrite it here. */
async function catchUp(deps: DeliverWorkDeps, item: WorkItem, rendered: number, language: Language, outcome: WorkOutcome, contact: PersonContact | undefined): Promise<void> {
  if (outcome.kind !== 'done' || !outcome.delivery?.activityId) return;
  const target = { conversationId: outcome.delivery.conversationId, activityId: outcome.delivery.activityId };
  let revision = rendered;
  for (let round = 0; round < CATCH_UP_ROUNDS; round++) {
    const latest = await deps.cases.getCase(item.caseId);
    if (!latest || latest.value.revision === revision) return;
    revision = latest.value.revision;
    const again = renderCase(deps, { ...item, kind: 'card.update' }, latest.value, language);
    if (!again) return;
    await deps.messenger.updateMessage(item.recipientId, target, again, contact);
  }
}

function asMessage(card: AdaptiveCardJson, summary: string): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  activity.summary = summary;
  return activity;
}

/** The line on top of a case card: why this message came. */
function noteFor(deps: DeliverWorkDeps, item: WorkItem, c: Case, language: Language): string | undefined {
  const s = strings(language);
  switch (item.kind) {
    case 'case.new':
      return fill(s.notes.new, { school: schoolName(deps.directory, c.schoolId) });
    case 'case.notice':
      return item.notice ? fill(s.notes[item.notice], { name: nameOf(deps.directory, item.about?.recipientId, s.caseCard.aStaffMember) }) : undefined;
    case 'reminder': {
      const m = c.measures.find((x) => x.id === item.measureId);
      return item.reminder ? fill(s.reminders[item.reminder], { measure: m?.description ?? '', date: m ? formatDate(m.dueDate, language) : '' }) : undefined;
    }
    default:
      return undefined;
  }
}

function renderCase(deps: DeliverWorkDeps, item: WorkItem, c: Case, language: Language): Partial<Activity> | undefined {
  const viewer = viewerOf(deps.directory, c, item.recipientId);
  if (!viewer) return undefined;
  const s = strings(language);
  const note = noteFor(deps, item, c, language);
  const now = deps.now();
  const card = caseCardFor({
    strings: s,
    language,
    directory: deps.directory,
    timeZone: deps.timeZone,
    case: c,
    viewer,
    viewerId: item.recipientId,
    today: localDateTime(now, deps.timeZone).date,
    now,
    note: note ? { text: note, tone: item.kind === 'reminder' ? 'attention' : 'accent' } : undefined,
  });
  return asMessage(card, caseSummary(s, c, note));
}

async function deliverClusterAlert(deps: DeliverWorkDeps, item: WorkItem, language: Language, contact: PersonContact | undefined): Promise<WorkOutcome> {
  const s = strings(language);
  const cases = (await deps.cases.casesOfSchools([item.schoolId!], false)).filter((c) => item.caseIds?.includes(c.caseId));
  const windowDays = Math.max(1, Math.round(durationMs(deps.schedule.clusterAlert.window) / 86400000));
  const card = clusterAlertCard(s, language, deps.directory, item.schoolId!, cases, windowDays);
  return deps.messenger.sendToPerson(item.recipientId, asMessage(card, fill(s.cluster.title, { school: schoolName(deps.directory, item.schoolId!) })), contact);
}
