/**
 * The follow-up's card verbs: an exposed employee answers a check-in, or
 * withdraws the note they wrote with it. Both are changes of the case.
 */
import { caseIdOf, casesStrings, invalidText, refusalText, type Case, type CasesFeature, type FollowUp } from '../cases';
import { messageView } from '../core/cards';
import type { Logger } from '../core/log';
import type { VerbAnswer, VerbHandler } from '../core/registry';
import type { CoreContext } from '../core/context';
import type { WorkOf } from '../core/work';
import { nextSchoolMorning, reminderAddressees, reminderStillDue, SNOOZABLE, type ReminderKind } from './model';
import type { ReminderStore } from './store';
import { followUpStrings } from './strings';
import { checkinCard, reminderCard } from './views';
import { reminderWork } from './work';

type FollowUpVerb = 'followup.answer' | 'followup.withdrawNote';

export interface FollowUpActionDeps extends Pick<CoreContext, 'directory' | 'work' | 'now' | 'schedule' | 'timeZone' | 'onWorkStored'> {
  cases: CasesFeature;
  log: Logger;
  reminders: ReminderStore;
}

/**
 * "Utsett til i morgen" on a reminder: the reminder to this person (its id is
 * made from the case, the kind and the person who presses, so nobody puts
 * off someone else's) is due again the next school day's morning, and the
 * case's history says so; both in one batch. Answered with the notice,
 * saying until when. Decided from the directory and the case as they are
 * now: an old card of someone who lost the role (a former principal, a
 * former measure owner), or of a reminder handed over, changes nothing.
 */
async function snooze(deps: FollowUpActionDeps, input: Parameters<VerbHandler>[0]): Promise<VerbAnswer> {
  const { actor, data } = input;
  const s = followUpStrings(actor.language).notice;
  const caseId = caseIdOf(data);
  const reminder = typeof data.reminder === 'string' ? (data.reminder as ReminderKind) : undefined;
  const measureId = typeof data.measureId === 'string' && data.measureId ? data.measureId : undefined;
  const round = Number(data.round) > 0 ? Math.floor(Number(data.round)) : undefined;
  if (!caseId || !actor.id || !reminder) return { card: messageView(s.notYours, { attention: true }) };
  if (!SNOOZABLE.includes(reminder)) return { card: messageView(s.notSnoozable, { attention: true }) };
  for (let attempt = 0; attempt < 3; attempt++) {
    // The same id the reminder was made with: only the person it is for finds it.
    const found = await deps.work.getWork(caseId, reminderWork({ caseId } as Case, reminder, actor.id, new Date(0), new Date(0), measureId, round).id);
    const item = found?.value as WorkOf<'reminder'> | undefined;
    if (!found || !item || item.kind !== 'reminder' || item.recipientId !== actor.id || item.state === 'undeliverable') return { card: messageView(s.notYours, { attention: true }) };
    if (item.handedOverTo) return { card: messageView(s.notYours, { attention: true }) };
    const stored = await deps.cases.loadCaseFor(caseId, actor.id);
    if (!stored || !('keep' in reminderAddressees(deps.directory, stored.case, item))) return { card: messageView(s.notYours, { attention: true }) };
    if (!reminderStillDue(stored.case, item)) return { card: messageView(s.alreadyDone) };
    const now = deps.now();
    if (item.leaseOwner && (item.dueAt ?? '') > now.toISOString()) return { card: messageView(s.busy, { attention: true }) };
    const until = nextSchoolMorning(deps, now);
    const { skipped: _skipped, mergedInto: _merged, ...rest } = item;
    const next: WorkOf<'reminder'> = { ...rest, state: 'open', dueAt: until.toISOString(), snoozedUntil: until.toISOString() };
    const c = stored.case;
    const changed = { ...c, revision: c.revision + 1, updatedAt: now.toISOString(), history: [...c.history, { at: now.toISOString(), by: actor.id, action: 'reminderSnoozed' as const }] };
    if (await deps.reminders.saveCaseAndWork(changed, stored.etag, next, found.etag)) {
      deps.log.info('reminder.snoozed', { caseId, workId: item.id, reminder, until: until.toISOString() });
      return { card: reminderCard({ language: actor.language, timeZone: deps.timeZone, case: changed, reminder, measureId, round, count: item.sentCount ?? 1, at: new Date(item.doneAt ?? now), snoozedUntil: until }).card };
    }
  }
  return { card: messageView(s.busy, { attention: true }) };
}

/**
 * One check-in that stood for several cases (`together` in its data): the
 * same answer is recorded in each of them, as the person's own answer to
 * that case's check-in (the case checks that it was sent to them). Only once
 * the first was accepted; before that, the cases are only read, to show them.
 */
async function answerTogether(deps: FollowUpActionDeps, actorId: string, data: Record<string, unknown>, record: boolean): Promise<{ case: Case; followUp: FollowUp }[]> {
  const pairs = (typeof data.together === 'string' ? data.together : '')
    .split(',')
    .map((p) => p.split('/'))
    .filter((p): p is [string, string] => p.length === 2 && /^case-[0-9a-f]{32}$/.test(p[0]) && /^f\d{1,3}$/.test(p[1]))
    .slice(0, 20);
  const out: { case: Case; followUp: FollowUp }[] = [];
  for (const [caseId, followUpId] of pairs) {
    let c: Case | undefined;
    if (record) {
      const outcome = await deps.cases.actOnCase({ actorId, caseId, verb: 'followup.answer', data: { ...data, incidentId: caseId, followUpId } });
      deps.log.info('case.action', { caseId, verb: 'followup.answer', by: actorId, outcome: outcome.kind, together: true });
      c = outcome.kind === 'notFound' ? undefined : outcome.case;
    } else c = (await deps.cases.loadCaseFor(caseId, actorId))?.case;
    const f = c?.followUps.find((x) => x.id === followUpId && x.personId === actorId);
    if (c && f) out.push({ case: c, followUp: f });
  }
  return out;
}

export function followUpVerbs(deps: FollowUpActionDeps): Record<string, VerbHandler> {
  const handle =
    (verb: FollowUpVerb): VerbHandler =>
    async ({ actor, data }): Promise<VerbAnswer> => {
      const s = casesStrings(actor.language);
      const caseId = caseIdOf(data);
      if (!caseId || !actor.id) return { card: messageView(s.refusals.notAllowed.view, { attention: true }) };
      const outcome = await deps.cases.actOnCase({ actorId: actor.id, caseId, verb, data });
      deps.log.info('case.action', { caseId, verb, by: actor.id, outcome: outcome.kind, ...(outcome.kind === 'refused' ? { refusal: outcome.refusal.code } : {}) });
      if (outcome.kind === 'notFound') return { card: messageView(s.refusals.notAllowed.view, { attention: true }) };
      // The answer is answered with the check-in: the employee's own words stay on their card.
      const followUp = outcome.case.followUps.find((f) => f.id === data.followUpId && f.personId === actor.id);
      if (!followUp) return { card: messageView(s.refusals.followUpNotFound, { attention: true }) };
      const note =
        outcome.kind === 'done'
          ? verb === 'followup.withdrawNote'
            ? { text: s.results['followup.withdrawNote'], tone: 'good' as const }
            : undefined
          : {
              text:
                outcome.kind === 'invalid'
                  ? invalidText(actor.language, outcome.errors)
                  : outcome.kind === 'refused'
                    ? refusalText(actor.language, verb, outcome.refusal)
                    : s.refusals.conflict,
              tone: 'attention' as const,
            };
      // Withdrawn from the employee's own view of the case: that view comes back, changed.
      if (verb === 'followup.withdrawNote' && data.view === 'case' && outcome.kind !== 'invalid') {
        await deps.cases.recordView({ actorId: actor.id, case: outcome.case, viewer: outcome.viewer, channel: 'chat' });
        return { card: deps.cases.caseCardFor({ id: actor.id, language: actor.language }, outcome.case, outcome.viewer, { note }) };
      }
      // A refused note comes back in its box; after a name warning the card offers to send it anyway.
      const kept = outcome.kind === 'invalid' ? { note: typeof data.note === 'string' ? data.note.slice(0, 4000) : '', warnNames: Object.values(outcome.errors).includes('pupilName') } : undefined;
      const together = verb === 'followup.answer' ? await answerTogether(deps, actor.id, data, outcome.kind === 'done') : [];
      return { card: checkinCard({ language: actor.language, case: outcome.case, followUp, note, kept, together }) };
    };
  return { 'followup.answer': handle('followup.answer'), 'followup.withdrawNote': handle('followup.withdrawNote'), 'followup.snooze': (input) => snooze(deps, input) };
}
