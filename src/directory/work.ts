/**
 * The directory's owed work: a synchronisation with Microsoft Graph, on the
 * schedule (a recurring job) and on demand (a work item, owed when a leader
 * asks or an instance starts without a stored directory). Either is claimed
 * once by the dispatcher like other work, and the synchroniser's lease keeps
 * a second one from running at the same time.
 */
import type { CoreContext } from '../core/context';
import type { RecurringJob } from '../core/registry';
import { newWork, type WorkKindHandler, type WorkOf } from '../core/work';
import type { DirectoryService } from './service';

declare module '../core/work' {
  interface WorkKinds {
    /** Synchronise the directory now; `requestedBy` gets the directory card when it is done. */
    'directory.sync': { requestedBy?: string; full?: boolean };
  }
}

/** The partition of the directory's work in the cases container. */
export const DIRECTORY_PARTITION = 'directory';

export function syncWork(key: string, now: Date, fields: { requestedBy?: string; full?: boolean } = {}): WorkOf<'directory.sync'> {
  return newWork('directory.sync', DIRECTORY_PARTITION, fields, { key, dueAt: now, now });
}

/** While another instance synchronises, a requested synchronisation waits this long and then runs (cheap: only what changed). */
const BUSY_RETRY_MS = 15_000;
const FIRST_RETRY_MS = 30_000;

export function directoryWorkHandlers(
  ctx: Pick<CoreContext, 'log'>,
  service: DirectoryService,
  tellRequester: (requesterId: string, outcome: Awaited<ReturnType<DirectoryService['synchronise']>> | { kind: 'fresh' }) => ReturnType<WorkKindHandler<'directory.sync'>['run']>,
) {
  const sync: WorkKindHandler<'directory.sync'> = {
    async run(item) {
      // A retry after the card could not be sent: the synchronisation it asked for has happened, only the card is owed.
      if (item.requestedBy && item.attempts > 1 && service.syncedSince(item.createdAt)) return tellRequester(item.requestedBy, { kind: 'fresh' });
      const outcome = await service.synchronise({ full: item.full });
      if (outcome.kind === 'busy') return { kind: 'retry', error: 'another instance is synchronising the directory', retryAfterMs: BUSY_RETRY_MS };
      // No directory at all yet (first start while Graph fails): keep trying rather than wait for the schedule.
      if (outcome.kind === 'failed' && !item.requestedBy && !service.loaded) return { kind: 'retry', error: outcome.error, retryAfterMs: FIRST_RETRY_MS };
      ctx.log.info('directory.sync_work', { workId: item.id, outcome: outcome.kind, requested: !!item.requestedBy });
      return item.requestedBy ? tellRequester(item.requestedBy, outcome) : { kind: 'done' };
    },
  };
  return { 'directory.sync': sync };
}

/** The scheduled synchronisation (schedule `directorySync.cron`); off with the file source. */
export function directoryJobs(ctx: Pick<CoreContext, 'schedule' | 'log'>, service: DirectoryService, graph: boolean): RecurringJob[] {
  return [
    {
      id: 'directory.sync',
      cron: graph ? ctx.schedule.directorySync.cron : null,
      // The directory is no message to anyone: quiet hours do not apply.
      respectQuietHours: false,
      run: async () => {
        const outcome = await service.synchronise();
        if (outcome.kind === 'busy') ctx.log.info('directory.sync_skipped', { reason: 'busy' });
      },
    },
  ];
}
