/** Steps that many integration tests share: report a case, find the cards people got. */
import type { Case } from '../../src/cases/model/case';
import type { StoredWork as WorkItem } from './cases';
import { actionsOf, cardOf, textsOf, type Harness, type TeamsUser } from './harness';
import type { RecordedActivity } from './fake-teams';

export const todayInOslo = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());
export const inDays = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date(Date.now() + days * 86400000));

export interface Reported {
  caseId: string;
  reference: string;
  formActivityId: string;
}

/** The reporter writes, gets the form, sends it; returns the new case. */
export async function report(h: Pick<Harness, 'teams'>, user: TeamsUser, fields: Record<string, string> = {}): Promise<Reported> {
  const before = h.teams.in(user.conversationId).length;
  await user.say('meld');
  const form = await h.teams.waitFor('the form', () =>
    h.teams.in(user.conversationId).slice(before).find((a) => a.op === 'send' && actionsOf(cardOf(a.activity)).some((x) => x.verb === 'incident.submit')),
  );
  const submit = actionsOf(cardOf(form.activity)).find((a) => a.verb === 'incident.submit')!;
  const res = await user.invoke(
    'incident.submit',
    { date: todayInOslo(), location: 'classroom', types: 'physical', severity: 'serious', description: 'Eleven slo meg i armen.', ...fields, clientRequestId: submit.data.clientRequestId },
    form.activityId,
  );
  const reference = textsOf(res.body.value).find((t) => /^VT-\d{4}-\d{4}$/.test(t));
  if (!reference) throw new Error(`no receipt: ${JSON.stringify(res.body)}`);
  const refresh = (res.body.value as { refresh: { action: { data: { incidentId: string } } } }).refresh.action.data;
  return { caseId: refresh.incidentId, reference, formActivityId: form.activityId };
}

/** Every message (new or rewritten) a person got about a case, oldest first. */
export function messagesAbout(h: Pick<Harness, 'teams'>, aadObjectId: string, caseId: string): RecordedActivity[] {
  const conversations = new Set([`a:personal-${aadObjectId}`, ...h.teams.conversations.filter((c) => c.members.some((m) => m.id === aadObjectId)).map((c) => c.id)]);
  return h.teams.activities.filter((a) => conversations.has(a.conversationId) && JSON.stringify(cardOf(a.activity) ?? {}).includes(caseId));
}

/** New messages (not rewrites) a person got about a case. */
export function newMessagesAbout(h: Pick<Harness, 'teams'>, aadObjectId: string, caseId: string): RecordedActivity[] {
  return messagesAbout(h, aadObjectId, caseId).filter((a) => a.op === 'send');
}

export async function waitForNew(h: Pick<Harness, 'teams'>, aadObjectId: string, caseId: string, count: number, what: string): Promise<RecordedActivity[]> {
  return h.teams.waitFor(what, () => {
    const found = newMessagesAbout(h, aadObjectId, caseId);
    return found.length >= count ? found : undefined;
  });
}

/** The case as stored, and its work. */
export async function stored(h: Harness, caseId: string): Promise<{ case: Case; work: WorkItem[] }> {
  const found = await h.bot.cases.getCase(caseId);
  if (!found) throw new Error(`no case ${caseId}`);
  return { case: found.value, work: await h.bot.cases.workOfCase(caseId) };
}

/** Waits until no work of the case that is due by `now` (the bot's clock) is still open or being sent; later work stays open. */
export async function settled(h: Pick<Harness, 'bot'>, caseId: string, now: Date = new Date()): Promise<void> {
  const deadline = Date.now() + 10000;
  for (;;) {
    const work = await h.bot.cases.workOfCase(caseId);
    const pending = work.filter((w) => w.state === 'open' && ((w.dueAt ?? '') <= now.toISOString() || w.leaseOwner));
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`open work left: ${JSON.stringify(pending)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
