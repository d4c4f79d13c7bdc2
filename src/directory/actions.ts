/**
 * `katalog` / `directory` for the school owner's leaders: where the directory
 * comes from, how fresh it is, people per school and the gaps; and a
 * synchronisation on demand. Who may is decided from the directory.
 */
import { messageView, type CardView, type OutboundMessage } from '../core/cards';
import { recipient, type CoreContext } from '../core/context';
import { rolesOf } from '../core/directory';
import type { DirectorySource } from '../core/directory-source';
import { fill, type Language } from '../core/i18n';
import type { Command, VerbHandler } from '../core/registry';
import type { TabBlock, TabSection } from '../core/tab';
import { formatInstant } from '../core/format';
import type { WorkOutcome } from '../core/work';
import { roleHoldersToReach } from './model';
import type { DirectoryService } from './service';
import type { DirectoryStore } from './store';
import { directoryStrings } from './strings';
import { directoryStatusCard } from './views';
import { syncWork } from './work';

export interface DirectoryDeps extends CoreContext {
  source: DirectorySource;
  store: DirectoryStore;
  service: DirectoryService;
}

const isLeader = (deps: DirectoryDeps, id: string | undefined): id is string => !!id && rolesOf(deps.directory, id).owner.has('leader');

export async function directoryCard(deps: DirectoryDeps, language: Language, note?: { text: string; tone: 'good' | 'attention' }): Promise<CardView<'directory-status'>> {
  const directory = deps.directory;
  const head = (await deps.store.head().catch(() => undefined))?.value;
  const neverReached = await deps.service.neverReached(roleHoldersToReach(directory).map((p) => p.personId));
  return directoryStatusCard({ language, directory, status: deps.source.status, head, neverReached, now: deps.now(), timeZone: deps.timeZone, note });
}

/** Owes a synchronisation for a leader; the answer says what happens next. */
async function requestSync(deps: DirectoryDeps, actor: { id: string; language: Language }): Promise<string> {
  const s = directoryStrings(actor.language);
  const { status } = deps.source;
  if (status.origin === 'file') return fill(s.fromFileOnly, { path: status.path });
  const now = deps.now();
  await deps.work.createWork(syncWork(`request:${actor.id}:${now.toISOString()}`, now, { requestedBy: actor.id }));
  deps.log.info('directory.sync_requested', { by: actor.id });
  deps.onWorkStored();
  return s.syncStarted;
}

/** When a requested synchronisation is done: the requester gets the directory card, with how it went on top. */
export async function tellRequester(deps: DirectoryDeps, requesterId: string, outcome: Awaited<ReturnType<DirectoryService['synchronise']>> | { kind: 'fresh' }): Promise<WorkOutcome> {
  const to = await recipient(deps, requesterId);
  const s = directoryStrings(to.language);
  const syncedAt = deps.source.status.syncedAt;
  const note =
    outcome.kind === 'failed'
      ? { text: fill(s.syncFailedNow, { error: outcome.error, syncedAt: syncedAt ? formatInstant(syncedAt, deps.timeZone, to.language) : '–' }), tone: 'attention' as const }
      : { text: s.synced, tone: 'good' as const };
  return deps.outbound.send(to, { card: await directoryCard(deps, to.language, note), summary: s.title });
}

export function directoryCommands(deps: DirectoryDeps): Command[] {
  const refusal = (language: Language): OutboundMessage => ({ text: directoryStrings(language).onlyLeaders });
  return [
    {
      name: 'directory',
      words: ['katalog', 'katalogen', 'directory'],
      help: { label: { nb: 'Katalog', nn: 'Katalog', en: 'Directory' }, audience: 'ownerLeaders' },
      run: async ({ actor }) => (isLeader(deps, actor.id) ? { card: await directoryCard(deps, actor.language), summary: directoryStrings(actor.language).title } : refusal(actor.language)),
    },
    {
      name: 'directorySync',
      words: ['katalog synk', 'synkroniser katalog', 'synkroniser katalogen', 'directory sync', 'sync directory', 'sync the directory'],
      help: { label: { nb: 'Synkroniser katalogen', nn: 'Synkroniser katalogen', en: 'Sync directory' }, audience: 'ownerLeaders', hidden: true },
      run: async ({ actor }) => (isLeader(deps, actor.id) ? { text: await requestSync(deps, { id: actor.id, language: actor.language }) } : refusal(actor.language)),
    },
  ];
}

export function directoryVerbs(deps: DirectoryDeps): Record<string, VerbHandler> {
  const refused = (language: Language) => ({ card: messageView(directoryStrings(language).onlyLeaders, { attention: true }) });
  return {
    'directory.view': async ({ actor }) => (isLeader(deps, actor.id) ? { card: await directoryCard(deps, actor.language) } : refused(actor.language)),
    'directory.sync': async ({ actor }) => (isLeader(deps, actor.id) ? { card: messageView(await requestSync(deps, { id: actor.id, language: actor.language })) } : refused(actor.language)),
  };
}

/**
 * The same in the tab "Oversikt" for the owner's leaders (issue 14: "the
 * same on the dashboard tab"): the card's facts, schools and gaps as blocks.
 */
export function directoryTabSection(deps: DirectoryDeps): TabSection {
  return {
    id: 'directory',
    order: 90,
    visible: (personId) => isLeader(deps, personId),
    title: (language) => directoryStrings(language).title,
    async load({ personId, language }) {
      const s = directoryStrings(language);
      if (!isLeader(deps, personId)) return { title: s.title, blocks: [{ type: 'text', text: s.onlyLeaders, tone: 'attention' }] };
      const card = (await directoryCard(deps, language)).data;
      const blocks: TabBlock[] = [{ type: 'facts', facts: card.facts }];
      if (card.warning) blocks.push({ type: 'text', text: card.warning, tone: 'attention' });
      blocks.push({ type: 'facts', title: card.schoolsTitle, facts: card.schools });
      for (const section of card.sections) {
        blocks.push({ type: 'table', columns: [section.title], rows: section.lines.map((l) => ({ cells: [l.text] })), empty: section.empty || undefined });
        if (section.more) blocks.push({ type: 'text', text: section.more, tone: 'subtle' });
      }
      if (card.hint) blocks.push({ type: 'text', text: card.hint, tone: 'subtle' });
      return { title: card.title, blocks };
    },
  };
}
