/**
 * The case feature's owed work: telling people of a new case (`case.new`),
 * of what just changed (`case.notice`), and keeping the cards that show a
 * case current (`card.update`). Decided here: who still may see the case,
 * which view and note they get, and catching up on changes made while a card
 * was on its way. The chat edge only sends what it is given.
 */
import type { CardView } from '../core/cards';
import { localDateTime } from '../core/clock';
import { recipient, type CoreContext } from '../core/context';
import { fill } from '../core/i18n';
import type { Recipient } from '../core/outbound';
import { newWork, SKIPPED, type WorkItem, type WorkKindHandler, type WorkOf, type WorkOutcome } from '../core/work';
import { viewerOf } from './model/access';
import type { Case, CardMessage } from './model/case';
import type { NoticeKind } from './model/consequences';
import type { RecipientRole } from './model/recipients';
import type { CaseStore } from './store';
import { casesStrings } from './strings';
import { caseCardFor, caseSummary } from './views/case';
import { personLabel, schoolName } from './views/common';

declare module '../core/work' {
  interface WorkKinds {
    /** The case card to someone who must know of a new case, and why. */
    'case.new': { recipientId: string; role: RecipientRole };
    /** The case card with a note on what changed; `about`: who could not be reached, or who asked for help. */
    'case.notice': { recipientId: string; notice: NoticeKind; about?: { recipientId: string; what: string } };
    /** An earlier message showing the case, rewritten to the current state. */
    'card.update': { recipientId: string; target: CardMessage };
  }
}

/** A very serious or serious-injury case goes before reminders and a backlog of minor cases (`urgent`). */
export function newCaseWork(c: Case, recipientId: string, role: RecipientRole, now: Date): WorkOf<'case.new'> {
  return newWork('case.new', c.caseId, { recipientId, role }, { key: '', dueAt: now, now, urgent: c.serious });
}

export function noticeWork(c: Case, recipientId: string, notice: NoticeKind, now: Date, about?: { recipientId: string; what: string }): WorkOf<'case.notice'> {
  const key = `${c.revision}:${notice}${about ? `:${about.recipientId}:${about.what}` : ''}`;
  return newWork('case.notice', c.caseId, { recipientId, notice, ...(about ? { about } : {}) }, { key, dueAt: now, now });
}

export function cardUpdateWork(c: Case, target: CardMessage, now: Date): WorkOf<'card.update'> {
  return newWork('card.update', c.caseId, { recipientId: target.recipientId, target }, { key: `${c.revision}:${target.conversationId}:${target.activityId}`, dueAt: now, now });
}

/** The messages that show this case, oldest first: the receipt and every delivered case card. */
export function cardMessagesOf(c: Case, work: WorkItem[]): CardMessage[] {
  const delivered = work
    .filter((w) => w.delivery?.caseCard && w.delivery.activityId && 'recipientId' in w)
    .sort((a, b) => (a.doneAt ?? '').localeCompare(b.doneAt ?? ''))
    .map((w) => ({ recipientId: (w as { recipientId: string }).recipientId, conversationId: w.delivery!.conversationId, activityId: w.delivery!.activityId! }));
  return c.reporterCard ? [c.reporterCard, ...delivered] : delivered;
}

export interface CaseWorkDeps extends CoreContext {
  cases: CaseStore;
}

/** How often a just-sent card is rewritten when the case changed while it was on its way. */
const CATCH_UP_ROUNDS = 3;

/**
 * The case as this person may see it now, with a note on top; undefined if
 * they may no longer see it (roles change). `smaller`: the shortened card, for
 * when Teams refuses the full one as too large.
 */
export function caseMessageFor(
  deps: Pick<CoreContext, 'directory' | 'timeZone' | 'now'>,
  to: Recipient,
  c: Case,
  note?: { text: string; tone: 'good' | 'attention' | 'accent' },
): { card: CardView; summary: string; smaller: { card: CardView; summary: string } } | undefined {
  const viewer = viewerOf(deps.directory, c, to.id);
  if (!viewer) return undefined;
  const now = deps.now();
  const input = {
    language: to.language,
    directory: deps.directory,
    timeZone: deps.timeZone,
    case: c,
    viewer,
    viewerId: to.id,
    today: localDateTime(now, deps.timeZone).date,
    now,
    note,
  };
  const summary = caseSummary(to.language, c, note?.text);
  return { card: caseCardFor(input), summary, smaller: { card: caseCardFor({ ...input, compact: true }), summary } };
}

/**
 * Sends the case card to a person and, if the case changed while it was on
 * its way (so no card update could find it), rewrites it to the latest state.
 */
export async function sendCaseCard(deps: CaseWorkDeps, to: Recipient, c: Case, note?: { text: string; tone: 'good' | 'attention' | 'accent' }): Promise<WorkOutcome> {
  const message = caseMessageFor(deps, to, c, note);
  if (!message) return SKIPPED;
  const outcome = await deps.outbound.send(to, message);
  if (outcome.kind !== 'done' || !outcome.delivery?.activityId) return outcome;
  const target = { conversationId: outcome.delivery.conversationId, activityId: outcome.delivery.activityId };
  let revision = c.revision;
  for (let round = 0; round < CATCH_UP_ROUNDS; round++) {
    const latest = await deps.cases.getCase(c.caseId);
    if (!latest || latest.value.revision === revision) break;
    revision = latest.value.revision;
    const again = caseMessageFor(deps, to, latest.value, note);
    if (!again) break;
    await deps.outbound.update(to, target, again);
  }
  return { ...outcome, delivery: { ...outcome.delivery, caseCard: true } };
}

function noteOf(deps: CaseWorkDeps, item: WorkOf<'case.new'> | WorkOf<'case.notice'>, c: Case, to: Recipient): string | undefined {
  const s = casesStrings(to.language);
  if (item.kind === 'case.new') return fill(s.notes.new, { school: schoolName(deps.directory, c.schoolId) });
  // Whom the notice is about, as this reader may see them (the owner's roles: "den ansatte").
  const viewer = viewerOf(deps.directory, c, to.id) ?? 'leader';
  const about = item.about?.recipientId;
  const label = (start: boolean) => (about ? personLabel({ language: to.language, directory: deps.directory, case: c, viewer }, about, { start }) : s.caseCard.aStaffMember);
  const template = s.notes[item.notice];
  return fill(template, { name: label(template.startsWith('{name}')) });
}

export function caseWorkHandlers(deps: CaseWorkDeps, onUndeliverable: (item: WorkOf<'case.new'> | WorkOf<'case.notice'>) => Promise<void>) {
  const tell = async (item: WorkOf<'case.new'> | WorkOf<'case.notice'>): Promise<WorkOutcome> => {
    const found = await deps.cases.getCase(item.caseId);
    if (!found) return SKIPPED;
    const to = await recipient(deps, item.recipientId);
    const note = noteOf(deps, item, found.value, to);
    return sendCaseCard(deps, to, found.value, note ? { text: note, tone: 'accent' } : undefined);
  };
  const caseNew: WorkKindHandler<'case.new'> = { run: tell, undeliverable: onUndeliverable };
  const caseNotice: WorkKindHandler<'case.notice'> = {
    run: tell,
    // A fallback notice that itself failed goes no further: it stays recorded on the case.
    undeliverable: (item) => (item.notice === 'unreachable' ? Promise.resolve() : onUndeliverable(item)),
  };
  // Rewriting a card that no longer exists goes no further either.
  const cardUpdate: WorkKindHandler<'card.update'> = {
    async run(item) {
      const found = await deps.cases.getCase(item.caseId);
      if (!found) return SKIPPED;
      const to = await recipient(deps, item.recipientId);
      const message = caseMessageFor(deps, to, found.value);
      return message ? deps.outbound.update(to, item.target, message) : SKIPPED;
    },
  };
  return { 'case.new': caseNew, 'case.notice': caseNotice, 'card.update': cardUpdate };
}
