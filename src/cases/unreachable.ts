/**
 * When a person cannot be reached about a case (app not installed, blocked,
 * or every try failed), the case records it and the next role up is told
 * instead (domain/fallback.ts); the case card shows it.
 */
import type { Case } from './model/case';
import { nextRoleUp } from './model/fallback';
import { cardMessagesOf, cardUpdateWork, noticeWork, type WorkItem } from '../core/work';
import type { Logger } from '../core/log';
import type { FlowContext } from '../core/context';

export interface RecordUnreachableDeps extends Pick<FlowContext, 'directory' | 'cases' | 'now' | 'onWorkStored'> {
  log: Logger;
}

export async function recordUnreachable(deps: RecordUnreachableDeps, item: WorkItem): Promise<void> {
  // Rewriting a card that no longer exists, or a fallback that itself failed, goes no further.
  if (item.kind === 'card.update' || item.kind === 'cluster.check' || item.kind === 'cluster.alert' || item.notice === 'unreachable') return;
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await deps.cases.getCase(item.caseId);
    if (!found) return;
    const before = found.value;
    if (before.unreachable.some((u) => u.recipientId === item.recipientId && u.what === item.kind)) return;
    const now = deps.now();
    const instead = nextRoleUp(deps.directory, before, item.recipientId);
    const after: Case = {
      ...before,
      revision: before.revision + 1,
      updatedAt: now.toISOString(),
      unreachable: [...before.unreachable, { recipientId: item.recipientId, at: now.toISOString(), what: item.kind, toldInstead: instead }],
    };
    const about = { recipientId: item.recipientId, what: item.kind };
    const work = await deps.cases.workOfCase(after.caseId);
    const updates = cardMessagesOf(after, work).filter((m) => m.recipientId !== item.recipientId).map((m) => cardUpdateWork(after, m, now));
    const saved = await deps.cases.saveChange(after, found.etag, [...instead.map((r) => noticeWork(after, r, 'unreachable', now, about)), ...updates]);
    if (saved === 'saved') {
      deps.log.warn('case.unreachable', { caseId: after.caseId, recipientId: item.recipientId, what: item.kind, toldInstead: instead.length });
      deps.onWorkStored?.();
      return;
    }
  }
  deps.log.error('case.unreachable_not_recorded', { caseId: item.caseId, workId: item.id });
}
