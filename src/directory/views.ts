/** The `katalog` card: where the directory comes from, how fresh it is, people per school, and the gaps. */
import { cardView, type CardView } from '../core/cards';
import { nameOf, type Directory } from '../core/directory';
import type { DirectoryStatus } from '../core/directory-source';
import { formatInstant } from '../core/format';
import { fill, plural, type Language } from '../core/i18n';
import { directoryGaps, roleHoldersToReach } from './model';
import type { DirectoryHead } from './store';
import { directoryStrings } from './strings';

declare module '../core/cards' {
  interface CardTypes {
    'directory-status': DirectoryStatusCardData;
  }
}

interface Fact {
  title: string;
  value: string;
}

interface Section {
  title: string;
  lines: { text: string }[];
  empty: string;
  more: string;
}

export interface DirectoryStatusCardData {
  title: string;
  note: string;
  noteColor: 'Good' | 'Attention' | 'Default';
  facts: Fact[];
  warning: string;
  schoolsTitle: string;
  schools: Fact[];
  /** The gaps, people in several schools, people in a role never reached. */
  sections: Section[];
  hint: string;
  canSync: boolean;
  syncTitle: string;
  refreshTitle: string;
}

export interface DirectoryViewInput {
  language: Language;
  directory: Directory;
  status: DirectoryStatus;
  /** The stored head, for the details of the last synchronisation. */
  head?: DirectoryHead;
  /** People in a role who have no conversation with the bot. */
  neverReached: Set<string>;
  now: Date;
  timeZone: string;
  note?: { text: string; tone: 'good' | 'attention' };
}

/** Each list shows this many lines and counts the rest, so the card stays small for a large municipality. */
const LINES_SHOWN = 15;

function section(language: Language, title: string, lines: string[], empty: string): Section {
  const s = directoryStrings(language);
  return {
    title,
    lines: lines.slice(0, LINES_SHOWN).map((text) => ({ text })),
    empty: lines.length === 0 ? empty : '',
    more: lines.length > LINES_SHOWN ? fill(s.more, { count: lines.length - LINES_SHOWN }) : '',
  };
}

export function ageText(language: Language, seconds: number): string {
  const s = directoryStrings(language);
  if (seconds < 3600) return plural(language, s.age.minutes, Math.floor(seconds / 60));
  if (seconds < 86400) return plural(language, s.age.hours, Math.floor(seconds / 3600));
  return plural(language, s.age.days, Math.floor(seconds / 86400));
}

export function directoryStatusCard(input: DirectoryViewInput): CardView<'directory-status'> {
  const { language, directory: d, status, head, now, timeZone } = input;
  const s = directoryStrings(language);
  const when = (iso: string) => formatInstant(iso, timeZone, language);
  const name = (id: string) => nameOf(d, id, s.unknownName);
  const schoolName = (id: string) => d.schools.find((x) => x.id === id)?.name ?? id;
  const graph = status.origin === 'graph';

  const facts: Fact[] = [{ title: s.facts.source, value: fill(graph ? s.facts.fromGraph : s.facts.fromFile, { path: status.path }) }];
  if (status.syncedAt) {
    facts.push({ title: graph ? s.facts.syncedAt : s.facts.readAt, value: when(status.syncedAt) });
    facts.push({ title: s.facts.age, value: ageText(language, Math.max(0, (now.getTime() - Date.parse(status.syncedAt)) / 1000)) });
  }
  if (graph && head?.lastFullSyncAt) facts.push({ title: s.facts.lastFull, value: when(head.lastFullSyncAt) });
  if (status.version > 0) facts.push({ title: s.facts.version, value: String(status.version) });
  facts.push({ title: s.facts.people, value: String(d.people.length || new Set(d.schools.flatMap((x) => [...x.principals, ...x.safetyReps, ...x.members])).size) });

  let warning = '';
  const failed = head?.lastAttempt && !head.lastAttempt.ok ? head.lastAttempt : undefined;
  if (failed && status.loaded && status.syncedAt) warning = fill(s.failed, { date: when(failed.at), error: failed.error ?? '', syncedAt: when(status.syncedAt) });
  else if (failed) warning = fill(s.failedNever, { date: when(failed.at), error: failed.error ?? '' });
  else if (!status.loaded) warning = s.neverSynced;

  const gaps = directoryGaps(d);
  const gapLines = [
    ...(gaps.noLeader ? [s.noLeader] : []),
    ...gaps.schoolsWithoutPrincipal.map((id) => fill(s.noPrincipal, { school: schoolName(id) })),
    ...gaps.schoolsWithoutSafetyRep.map((id) => fill(s.noSafetyRep, { school: schoolName(id) })),
    ...(graph ? (head?.missingGroups ?? []).map((g) => fill(s.missingGroup, { group: g, path: status.path })) : []),
  ];
  const severalLines = gaps.inSeveralSchools.map((p) => fill(s.severalLine, { name: name(p.personId), schools: p.schoolIds.map(schoolName).join(', ') }));
  const unreachedLines = roleHoldersToReach(d)
    .filter((p) => input.neverReached.has(p.personId))
    .map((p) => fill(s.unreachedLine, { name: name(p.personId), roles: [...p.roles.map((r) => s.roles[r]), ...p.schoolIds.map(schoolName)].join(', ') }))
    .sort((a, b) => a.localeCompare(b, 'nb'));

  return cardView('directory-status', {
    title: s.title,
    note: input.note?.text ?? '',
    noteColor: input.note ? (input.note.tone === 'good' ? 'Good' : 'Attention') : 'Default',
    facts,
    warning,
    schoolsTitle: s.schoolsTitle,
    schools: d.schools.map((x) => ({
      title: x.name,
      value: fill(s.schoolLine, {
        people: plural(language, s.people, new Set([...x.principals, ...x.safetyReps, ...x.members]).size),
        principals: plural(language, s.principals, x.principals.length),
        reps: plural(language, s.reps, x.safetyReps.length),
      }),
    })),
    sections: [
      section(language, s.gapsTitle, gapLines, s.noGaps),
      section(language, s.severalTitle, severalLines, s.noneSeveral),
      section(language, s.unreachedTitle, unreachedLines, s.noneUnreached),
    ],
    hint: unreachedLines.length > 0 ? s.unreachedHint : '',
    canSync: graph,
    syncTitle: s.syncNow,
    refreshTitle: s.refresh,
  });
}
