/**
 * The case feature's owed work: telling people of a new case (`case.new`),
 * of what just changed (`case.notice`), keeping the cards that show a case
 * current (`card.update`), and the summary that stands in for new-case cards
 * when one person reports very many in an hour (`case.flood`). Decided here: who still may see the case,
 * which view and note they get, and catching up on changes made while a card
 * was on its way. The chat edge only sends what it is given.
 */
import type { CardView } from '../core/cards';
import { localDateTime } from '../core/clock';
import { recipient, type CoreContext } from '../core/context';
import { findPerson } from '../core/directory';
import { fill } from '../core/i18n';
import type { Recipient } from '../core/outbound';
import type { Versioned } from '../core/cosmos/batch';
import { newWork, SKIPPED, workIdFor, type WorkItem, type WorkKindHandler, type WorkOf, type WorkOutcome } from '../core/work';
import { viewerOf } from './model/access';
import type { Case, CardMessage } from './model/case';
import type { NoticeKind } from './model/consequences';
import { FLOOD_UPDATE_EVERY_MS, FLOOD_WINDOW_MS, floodPartition, floodWindowOpen, joinsFloodSummary } from './model/flood';
import type { RecipientRole } from './model/recipients';
import { isSerious } from './model/report';
import type { CaseStore } from './store';
import { casesStrings } from './strings';
import { caseCardFor, caseSummary } from './views/case';
import { personLabel, schoolName } from './views/common';
import { floodSummaryMessage } from './views/flood';

declare module '../core/work' {
  interface WorkKinds {
    /** The case card to someone who must know of a new case, and why. */
    'case.new': { recipientId: string; role: RecipientRole };
    /** The case card with a note on what changed; `about`: who could not be reached, or who asked for help. */
    'case.notice': { recipientId: string; notice: NoticeKind; about?: { recipientId: string; what: string } };
    /** An earlier message showing the case, rewritten to the current state. */
    'card.update': { recipientId: string; target: CardMessage };
    /**
     * The one message to a recipient that sums up a reporter's many new cases
     * this hour; one item per reporter and recipient, opened again by each
     * case it stands in for, its delivery the message to keep up to date.
     */
    'case.flood': {
      recipientId: string;
      reporterId: string;
      schoolId: string;
      role: RecipientRole;
      windowStart: string;
      /** The reporter's cases this recipient was told of one by one, and when: the tally the decision is made from. */
      told?: { caseId: string; at: string }[];
    };
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

/** The names Teams gave the people of a case whom the directory does not name, known before its card is built (core/names.ts). */
export async function learnCaseNames(deps: Pick<CoreContext, 'contacts' | 'directory'>, c: Case): Promise<void> {
  const ids = [c.reporterId, ...c.affectedIds, ...c.measures.flatMap((m) => (m.ownerId ? [m.ownerId] : [])), ...c.history.map((e) => e.by), ...c.followUps.map((f) => f.personId)];
  await deps.contacts.learnNames(ids, (id) => Boolean(findPerson(deps.directory, id)?.name)).catch(() => undefined);
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
  // A case the principal reclassified as serious reaches the owner's roles then: say why it comes now.
  if (item.kind === 'case.new' && c.reportedClassification && !isSerious(c.reportedClassification)) return fill(s.legalChecklist.reclassify.newlySerious, { school: schoolName(deps.directory, c.schoolId) });
  if (item.kind === 'case.new') return fill(s.notes.new, { school: schoolName(deps.directory, c.schoolId) });
  // Whom the notice is about, as this reader may see them (the owner's roles: "den ansatte").
  const viewer = viewerOf(deps.directory, c, to.id) ?? 'leader';
  const about = item.about?.recipientId;
  const label = (start: boolean) => (about ? personLabel({ language: to.language, directory: deps.directory, case: c, viewer }, about, { start }) : s.caseCard.aStaffMember);
  const template = s.notes[item.notice];
  return fill(template, { name: label(template.startsWith('{name}')), school: schoolName(deps.directory, c.schoolId) });
}

// ---------------------------------------------------------------- a flood of reports from one person

const isOwnerRole = (role: RecipientRole) => role === 'leader' || role === 'chiefSafetyRep';

/**
 * What this process last saw of each flood tally, and from when: the
 * `performance.now()` at the start of the read or write that saw it, so the
 * tally was in that state at or after that moment.
 *
 * Why a tally seen after a case was stored may stand in for a fresh read:
 * a summary seen open and not claimed at that moment is claimed, and counts
 * the reporter's cases, only after it, so it counts that case. A tally seen
 * before the case was stored says nothing about it. Under a flood, every
 * case of one reporter that waits in a recipient's lane while the tally is
 * read is covered by that one read, and while a reporter floods, the
 * decisions waiting for a read of the same tally share one, made at most
 * every `SHARED_READ_EVERY_MS`.
 */
export class SeenTallies {
  private readonly seen = new Map<string, { found: Versioned<WorkItem>; at: number }>();
  /** The next read of each tally, and when it starts (or started). */
  private readonly next = new Map<string, { at: number; read: Promise<{ found: Versioned<WorkItem> | undefined; at: number }> }>();

  /**
   * The tally as it is after `storedBy`: as seen already, or from a read
   * that starts after it (shared with the other decisions waiting for it).
   * `flooding`: the tally as last seen folds new cases, so the read waits
   * until `SHARED_READ_EVERY_MS` after the last, gathering more decisions.
   */
  async after(id: string, storedBy: number, read: () => Promise<Versioned<WorkItem> | undefined>, flooding: boolean): Promise<Versioned<WorkItem> | undefined> {
    for (;;) {
      const seen = this.since(id, storedBy);
      if (seen) return seen;
      let next = this.next.get(id);
      if (!next || next.at <= storedBy) {
        const last = this.seen.get(id)?.at ?? -Infinity;
        const at = Math.max(performance.now(), flooding ? last + SHARED_READ_EVERY_MS : -Infinity);
        const shared = (async () => {
          const wait = at - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          const started = performance.now();
          const found = await read();
          if (found) this.note(id, found, started);
          return { found, at: started };
        })();
        next = { at, read: shared };
        this.next.set(id, next);
        const mine = next;
        void shared.finally(() => {
          if (this.next.get(id) === mine) this.next.delete(id);
        }).catch(() => undefined);
      }
      const { found, at } = await next.read;
      // A timer may fire a little before its time: only a read that really started after the case was stored will do.
      if (at > storedBy) return found;
    }
  }

  /** The tally as this process last saw it, however long ago (a hint, never a decision). */
  last(id: string): Versioned<WorkItem> | undefined {
    return this.seen.get(id)?.found;
  }

  /** The tally as seen after `storedBy`, if this process saw it then. */
  since(id: string, storedBy: number): Versioned<WorkItem> | undefined {
    const entry = this.seen.get(id);
    return entry && entry.at > storedBy ? entry.found : undefined;
  }

  note(id: string, found: Versioned<WorkItem>, at: number): void {
    const known = this.seen.get(id);
    if (known && known.at > at) return;
    this.seen.delete(id);
    // Useful only while a flood's cases wait in a lane: a few seconds, and a bounded number of reporters and recipients.
    for (const [key, entry] of this.seen) {
      if (this.seen.size < SEEN_TALLIES_MAX && at - entry.at < SEEN_TALLIES_FOR_MS) break;
      this.seen.delete(key);
    }
    this.seen.set(id, { found, at });
  }

  forget(id: string): void {
    this.seen.delete(id);
  }
}

const SEEN_TALLIES_MAX = 1000;
const SHARED_READ_EVERY_MS = 100;
const SEEN_TALLIES_FOR_MS = 10_000;

/**
 * Whether a new case's card goes to the recipient one by one ('tell'), or
 * the recipient's summary of this reporter's cases stands in for it
 * ('folded': its work item is opened to be sent or brought up to date).
 * Decided from a tally kept on that work item (a point read and one
 * ETag-guarded write, no query): the cases told one by one within the hour.
 * 'busy': the summary is being sent right now, perhaps without this case.
 *
 * `storedBy` (the case was stored before that moment, `performance.now()`):
 * a tally this process saw after it will do instead of a read. `decideOnly`:
 * asked before the item is claimed, so nothing is counted as told ('tell'
 * is answered without a write; the claimed item asks again).
 */
async function tellOrFold(
  deps: CaseWorkDeps,
  tallies: SeenTallies,
  item: WorkOf<'case.new'>,
  c: Case,
  options: { storedBy?: number; decideOnly?: boolean } = {},
): Promise<'tell' | 'folded' | 'busy'> {
  const partition = floodPartition(c.reporterId);
  const id = workIdFor(partition, 'case.flood', item.recipientId);
  const write = async (saving: () => Promise<Versioned<WorkItem> | undefined>): Promise<Versioned<WorkItem> | undefined> => {
    const at = performance.now();
    const saved = await saving();
    if (saved) tallies.note(id, saved, at);
    else tallies.forget(id);
    return saved;
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = deps.now();
    const entry = { caseId: c.caseId, at: now.toISOString() };
    let found: Versioned<WorkItem> | undefined;
    if (attempt === 0 && options.storedBy !== undefined) {
      const last = tallies.last(id)?.value as WorkOf<'case.flood'> | undefined;
      const flooding = last !== undefined && joinsFloodSummary(toldWithin(last, now).length);
      found = await tallies.after(id, options.storedBy, () => deps.work.getWork(partition, id), flooding);
    } else {
      const at = performance.now();
      found = await deps.work.getWork(partition, id);
      if (found) tallies.note(id, found, at);
    }
    if (!found) {
      if (options.decideOnly) return 'tell';
      const fields = { recipientId: item.recipientId, reporterId: c.reporterId, schoolId: c.schoolId, role: item.role, windowStart: now.toISOString(), told: [entry] };
      const { dueAt: _notDue, ...tally } = newWork('case.flood', partition, fields, { key: '', dueAt: now, now });
      if (await deps.work.createWork({ ...tally, state: 'done' })) return 'tell';
      continue;
    }
    const w = found.value as WorkOf<'case.flood'>;
    const told = toldWithin(w, now);
    if (told.some((t) => t.caseId === c.caseId)) return 'tell'; // a retry of a card already counted
    if (!joinsFloodSummary(told.length)) {
      if (options.decideOnly) return 'tell';
      if (await write(() => deps.work.replaceWork({ ...w, told: [...told, entry] }, found.etag))) return 'tell';
      continue;
    }
    // The summary counts one school's cases reported in the last hour: a case it would not count goes one by one.
    if (!summaryCounts(w, c, now)) return 'tell';
    if (w.state === 'open') return w.leaseOwner ? 'busy' : 'folded';
    // Sent before: within the hour the same message is brought up to date (not more often than every few seconds); after it, a new one.
    const sameWindow = w.state === 'done' && w.delivery !== undefined && floodWindowOpen(w.windowStart, now);
    const dueAt = sameWindow && w.doneAt ? new Date(Math.max(now.getTime(), Date.parse(w.doneAt) + FLOOD_UPDATE_EVERY_MS)) : now;
    const reopened: WorkOf<'case.flood'> = {
      ...w,
      told,
      state: 'open',
      dueAt: dueAt.toISOString(),
      attempts: 0,
      schoolId: c.schoolId,
      windowStart: sameWindow ? w.windowStart : now.toISOString(),
      delivery: sameWindow ? w.delivery : undefined,
      doneAt: undefined,
      lastError: undefined,
      failingSince: undefined,
      failures: undefined,
      lateNoticed: undefined,
    };
    const saved = await write(() => deps.work.replaceWork(reopened, found.etag));
    if (saved) {
      deps.onWorkStored([saved]);
      return 'folded';
    }
  }
  return 'busy';
}

/** The cases of a tally told one by one within the hour before `now` (its times are `toISOString`'s: compared as strings, not parsed one by one). */
function toldWithin(w: WorkOf<'case.flood'>, now: Date): { caseId: string; at: string }[] {
  const told = w.told ?? [];
  if (told.length === 0) return [];
  const since = new Date(now.getTime() - FLOOD_WINDOW_MS).toISOString();
  return told.filter((t) => t.at > since);
}

/**
 * Whether the reporter's summary to this recipient would count the case: of
 * its school (a summary open for another school counts that one's; a
 * reporter at two schools flooding both tells the second one by one), and
 * reported well within the hour it counts (a case reclassified as serious
 * long after it was reported reaches the owner's roles on its own).
 */
export function summaryCounts(w: WorkOf<'case.flood'>, c: Case, now: Date): boolean {
  if (w.state === 'open' && w.schoolId !== c.schoolId) return false;
  if (w.state === 'done' && w.delivery !== undefined && floodWindowOpen(w.windowStart, now) && w.schoolId !== c.schoolId) return false;
  return now.getTime() - Date.parse(c.createdAt) < FLOOD_WINDOW_MS - FLOOD_COUNT_MARGIN_MS;
}

/** Room between a case's report and the end of the hour the summary counts, for the moments until the summary is sent. */
const FLOOD_COUNT_MARGIN_MS = 10 * 60 * 1000;
/** Cases reported by another instance whose clock runs a little ahead are counted too. */
const CLOCK_SKEW_MS = 60 * 1000;

/** Sends the summary, or rewrites the one already sent, with the count as it is now. */
async function sendFloodSummary(deps: CaseWorkDeps, item: WorkOf<'case.flood'>): Promise<WorkOutcome> {
  const to = await recipient(deps, item.recipientId);
  const now = deps.now();
  const counts = await deps.cases.countReported(item.reporterId, item.schoolId, new Date(now.getTime() - FLOOD_WINDOW_MS), new Date(now.getTime() + CLOCK_SKEW_MS), isOwnerRole(item.role));
  const message = floodSummaryMessage({ language: to.language, directory: deps.directory, viewer: item.role, reporterId: item.reporterId, schoolId: item.schoolId, ...counts });
  const target = item.delivery?.activityId ? { conversationId: item.delivery.conversationId, activityId: item.delivery.activityId } : undefined;
  if (target) {
    const updated = await deps.outbound.update(to, target, message);
    // The message is gone (deleted in Teams): a new one.
    if (updated.kind !== 'unreachable') return updated;
  }
  return deps.outbound.send(to, message);
}

export function caseWorkHandlers(deps: CaseWorkDeps, onUndeliverable: (item: WorkOf<'case.new'> | WorkOf<'case.notice'>) => Promise<void>) {
  const tallies = new SeenTallies();
  const tell = async (item: WorkOf<'case.new'> | WorkOf<'case.notice'>): Promise<WorkOutcome> => {
    // The items of one change (a card to each person told) read the case once between them.
    const found = await deps.cases.recentCase(item.caseId);
    if (!found) return SKIPPED;
    if (item.kind === 'case.new') {
      // Stored like every report; beyond the first few from one person in an hour, the recipient hears of it in a summary.
      const how = await tellOrFold(deps, tallies, item, found.value);
      if (how === 'busy') return { kind: 'wait', retryAfterMs: 2000, reason: 'the flood summary is being sent' };
      if (how === 'folded') {
        deps.log.info('case.folded_into_summary', { caseId: item.caseId, recipientId: item.recipientId });
        return SKIPPED;
      }
    }
    const to = await recipient(deps, item.recipientId);
    await learnCaseNames(deps, found.value);
    const note = noteOf(deps, item, found.value, to);
    return sendCaseCard(deps, to, found.value, note ? { text: note, tone: 'accent' } : undefined);
  };
  // Late (failing for some minutes, still retried) or given up: either way the case records it and the next role up is told, once.
  const caseNew: WorkKindHandler<'case.new'> = {
    run: tell,
    // Under a flood most new-case cards are folded into the summary: decided before a claim, they cost one write each.
    async skipsWithoutClaim(item, storedBy) {
      const found = await deps.cases.recentCase(item.caseId);
      if (!found) return false;
      return (await tellOrFold(deps, tallies, item, found.value, { storedBy, decideOnly: true })) === 'folded' && 'folded into the summary';
    },
    undeliverable: onUndeliverable,
    late: onUndeliverable,
  };
  const caseNotice: WorkKindHandler<'case.notice'> = {
    run: tell,
    // A fallback notice that itself failed goes no further: it stays recorded on the case.
    undeliverable: (item) => (item.notice === 'unreachable' ? Promise.resolve() : onUndeliverable(item)),
    late: (item) => (item.notice === 'unreachable' ? Promise.resolve() : onUndeliverable(item)),
  };
  // Rewriting a card that no longer exists goes no further either.
  const cardUpdate: WorkKindHandler<'card.update'> = {
    // The card is rewritten to the case as it is now, however often.
    idempotent: true,
    async run(item) {
      const found = await deps.cases.recentCase(item.caseId);
      if (!found) return SKIPPED;
      const to = await recipient(deps, item.recipientId);
      await learnCaseNames(deps, found.value);
      const message = caseMessageFor(deps, to, found.value);
      return message ? deps.outbound.update(to, item.target, message) : SKIPPED;
    },
  };
  /**
   * The summary stood in for the cards of the cases folded into it: when it
   * cannot be delivered (or has failed for a while), each of those cases
   * records that the recipient was not reached and the next role up is told,
   * as its own card would have done. Cases told one by one have cards of
   * their own, which do that themselves.
   */
  const foldedNotReached = async (item: WorkOf<'case.flood'>): Promise<void> => {
    const now = deps.now();
    const from = new Date(Date.parse(item.windowStart) - FLOOD_WINDOW_MS);
    const ids = await deps.cases.reportedIds(item.reporterId, item.schoolId, from, new Date(now.getTime() + CLOCK_SKEW_MS), isOwnerRole(item.role));
    const told = new Set((item.told ?? []).map((t) => t.caseId));
    // One at a time: a rare path, and each is a change of its own case.
    for (const caseId of ids) {
      if (!told.has(caseId)) await onUndeliverable(newCaseWork({ caseId, serious: false } as Case, item.recipientId, item.role, now));
    }
  };
  const caseFlood: WorkKindHandler<'case.flood'> = { run: (item) => sendFloodSummary(deps, item), undeliverable: foldedNotReached, late: foldedNotReached };
  return { 'case.new': caseNew, 'case.notice': caseNotice, 'card.update': cardUpdate, 'case.flood': caseFlood };
}
