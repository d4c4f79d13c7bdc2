/**
 * The privacy feature's entry points: the owner's leaders' view of the
 * retention policy (what the job would change if it ran now: a dry run,
 * nothing written), "Sist åpnet av" on the case card, and a person's own
 * data (`mine data`, its card and the `mydata` download). Who may see what
 * is decided here from the directory and the case, never from card data.
 */
import { caseIdOf, casesStrings, SEES_OPENINGS, type CasesFeature } from '../cases';
import { messageView, type OutboundMessage } from '../core/cards';
import { localDateTime } from '../core/clock';
import type { CoreContext } from '../core/context';
import { rolesOf, schoolsOf } from '../core/directory';
import type { DownloadKind } from '../core/downloads';
import { formatInstant } from '../core/format';
import { fill, plural, type Language } from '../core/i18n';
import { renderPdf } from '../core/pdf';
import { nextOccurrence } from '../core/recurring';
import type { Actor, Command, VerbAnswer, VerbHandler } from '../core/registry';
import { visibleOpenings } from './model';
import { caseIdsOf, ownData, type OwnData } from './own-data';
import type { OwnDataStore } from './store';
import { privacyStrings } from './strings';
import { caseOpeningsCard, myDataCard, ownDataCounts, ownDataDocument } from './views';
import { applyRetention, type RetentionDeps, type RetentionResult } from './work';

const REFERENCES_SHOWN = 20;

export function retentionText(language: Language, deps: Pick<CoreContext, 'schedule' | 'timeZone' | 'now'>, result: RetentionResult): string {
  const s = privacyStrings(language).retention;
  const p = deps.schedule.retention;
  const years = (n: number | null) => (n === null ? s.forGood : plural(language, s.years, n));
  const lines = [s.dryRun, fill(s.policy, { plain: years(p.closedCaseYears), injury: years(p.injuryCaseYears), serious: years(p.seriousInjuryCaseYears) })];
  lines.push(result.anonymise > 0 ? plural(language, s.due, result.anonymise) : s.none);
  if (result.references.length > 0) {
    const shown = result.references.slice(0, REFERENCES_SHOWN).join(', ');
    const more = result.references.length - REFERENCES_SHOWN;
    lines.push(fill(s.references, { list: more > 0 ? `${shown} ${plural(language, s.more, more)}` : shown }));
  }
  if (result.kept.hold + result.kept.owesWork > 0) lines.push(fill(s.kept, { hold: result.kept.hold, owes: result.kept.owesWork }));
  lines.push(plural(language, s.auditViews, result.viewEntriesDeleted));
  lines.push(p.exportAuditYears === null ? s.auditExportsKept : plural(language, s.auditExports, result.exportEntriesDeleted, { years: years(p.exportAuditYears) }));
  const c = s.preventionCounts;
  lines.push(
    fill(s.prevention, {
      years: years(p.preventionYears),
      after: years(p.trainingAfterLeavingYears),
      entries: plural(language, c.entries, result.prevention.trainingEntries),
      reviews: plural(language, c.reviews, result.prevention.reviews),
      assessments: plural(language, c.assessments, result.prevention.assessments),
      people: plural(language, c.people, result.prevention.formerStaff),
    }),
  );
  const next = nextOccurrence(p.run, deps.now(), deps.timeZone);
  lines.push(next ? fill(s.next, { date: formatInstant(next.toISOString(), deps.timeZone, language) }) : s.off);
  return lines.join('\n\n');
}

export function retentionCommand(deps: RetentionDeps & Pick<CoreContext, 'timeZone'>): Command {
  return {
    name: 'retention',
    words: ['oppbevaring', 'oppbevaringstid', 'retention'],
    help: { label: { nb: 'Oppbevaring', nn: 'Oppbevaring', en: 'Retention' }, audience: 'ownerLeaders' },
    async run({ actor }): Promise<OutboundMessage> {
      const s = privacyStrings(actor.language).retention;
      if (!actor.id || !rolesOf(deps.directory, actor.id).owner.has('leader')) return { text: s.notForYou };
      const result = await applyRetention(deps, { dryRun: true });
      return { card: messageView(retentionText(actor.language, deps, result), { title: s.title }), summary: s.title };
    },
  };
}

// ---------------------------------------------------------------- who opened a case

export interface OpeningsDeps extends Pick<CoreContext, 'directory' | 'timeZone' | 'audit' | 'log'> {
  cases: Pick<CasesFeature, 'loadCaseFor'>;
}

/** How many openings "Sist åpnet av" reads: the latest, enough for every person who came recently. */
const OPENINGS_READ = 500;

/**
 * `incident.openedBy`: the button "Sist åpnet av" on the case card. The
 * school's principals and safety representatives see everyone who opened
 * the case; the owner's leaders see the school's and the owner's people but
 * never the reporter or the exposed employees; anyone else is refused.
 */
export function openingsVerb(deps: OpeningsDeps): VerbHandler {
  return async ({ actor, data }): Promise<VerbAnswer> => {
    const s = privacyStrings(actor.language).openings;
    const caseId = caseIdOf(data);
    const loaded = caseId && actor.id ? await deps.cases.loadCaseFor(caseId, actor.id) : undefined;
    if (!loaded || !actor.id) return { card: messageView(casesStrings(actor.language).refusals.notAllowed.view, { attention: true }) };
    if (!SEES_OPENINGS.has(loaded.viewer)) {
      deps.log.info('case.openings_refused', { caseId, by: actor.id, as: loaded.viewer });
      return { card: messageView(s.notAllowed, { attention: true }) };
    }
    if (loaded.case.anonymisedAt) return { card: messageView(s.anonymised) };
    const entries = await deps.audit.ofCase(loaded.case.caseId, { action: 'case.view', limit: OPENINGS_READ });
    deps.log.info('case.openings_shown', { caseId, by: actor.id, as: loaded.viewer });
    const openings = visibleOpenings(entries, loaded.case, loaded.viewer);
    return { card: caseOpeningsCard({ language: actor.language, directory: deps.directory, timeZone: deps.timeZone, case: loaded.case, viewer: loaded.viewer, openings }) };
  };
}

// ---------------------------------------------------------------- the person's own data

export interface OwnDataDeps extends Pick<CoreContext, 'directory' | 'timeZone' | 'now' | 'audit' | 'contacts' | 'downloads' | 'log'> {
  ownData: OwnDataStore;
}

/** Everything in a person's audit partition: a person's own trail is small beside the cases. */
const AUDIT_READ = 20000;
const PARALLEL_READS = 8;

async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

/** What the store holds about the person, gathered and projected (own-data.ts decides what is theirs). */
export async function loadOwnData(deps: OwnDataDeps, personId: string): Promise<OwnData> {
  const tenantId = deps.directory.tenantId;
  const [named, audit, contact] = await Promise.all([deps.ownData.casesNaming(personId), deps.audit.ofActor(personId, AUDIT_READ), deps.contacts.getPerson(personId)]);
  const cases = named.filter((c) => c.tenantId === tenantId);
  const reporterSide = (c: (typeof cases)[number]) => c.reporterId === personId || c.affectedIds.includes(personId);
  const read = await inBatches(cases, PARALLEL_READS, async (c) => ({
    caseId: c.caseId,
    work: await deps.ownData.workOf(c.caseId),
    openings: reporterSide(c) ? await deps.audit.ofCase(c.caseId, { action: 'case.view', limit: OPENINGS_READ }) : [],
  }));
  // The prevention documents of every school that has them: an on-demand read of a few documents per school.
  const schoolIds = [...new Set([...deps.directory.schools.map((s) => s.id), ...(await deps.ownData.preventionSchools())])];
  const prevention = await inBatches(schoolIds, PARALLEL_READS, async (schoolId) => {
    const { docs, work } = await deps.ownData.preventionOf(schoolId);
    return { schoolId, assessment: docs.assessment?.value, reviews: docs.reviews.map((r) => r.value), entries: docs.entries.map((e) => e.value), staff: docs.staff?.value, work };
  });
  return ownData({
    personId,
    directory: deps.directory,
    now: deps.now(),
    cases,
    prevention,
    work: Object.fromEntries(read.map((r) => [r.caseId, r.work])),
    openings: Object.fromEntries(read.map((r) => [r.caseId, r.openings])),
    audit,
    contact,
  });
}

/** The download kind `mydata`: the person's own data as JSON or PDF, only ever their own (the link names no one else). */
export function ownDataDownload(deps: OwnDataDeps): DownloadKind {
  return {
    name: 'mydata',
    formats: ['pdf', 'json'],
    label: (language) => privacyStrings(language).myData.label,
    // Everyone who may use the bot has their own data: anyone of the tenant may report, named in the directory or not.
    visible: (personId) => personId !== '',
    // Nothing to choose: whose data it is comes from the signed link, never from what was asked.
    parse: () => ({ ok: true, params: {} }),
    grant: (personId) => (personId ? { roles: ['self'], schoolIds: schoolsOf(deps.directory, personId).map((s) => s.id) } : null),
    filename: ({ language }) => `${privacyStrings(language).myData.filename}-${localDateTime(deps.now(), deps.timeZone).date}`,
    renewHint: (language) => privacyStrings(language).myData.renewHint,
    async produce({ personId, language, format }) {
      const data = await loadOwnData(deps, personId);
      const caseIds = caseIdsOf(data);
      if (format === 'json') {
        const s = privacyStrings(language).myData;
        return { body: `${JSON.stringify({ about: `${s.intro} ${s.notIncluded}`, ...data }, null, 2)}\n`, caseIds };
      }
      return { body: await renderPdf(ownDataDocument({ language, directory: deps.directory, timeZone: deps.timeZone, now: deps.now(), data })), caseIds };
    },
  };
}

async function myDataAnswer(deps: OwnDataDeps, actor: Actor): Promise<OutboundMessage> {
  const s = privacyStrings(actor.language).myData;
  // Teams always says who writes; without an id there is nobody to look up.
  if (!actor.id) {
    const contact = deps.directory.owner.supportContact ?? deps.directory.owner.name;
    return { text: fill(s.notSetUp, { contact }) };
  }
  const personId = actor.id;
  const today = localDateTime(deps.now(), deps.timeZone).date;
  const link = async (format: 'pdf' | 'json') => {
    const made = await deps.downloads.link({ personId, language: actor.language, kind: 'mydata', format, input: {}, today, channel: 'chat' });
    if (!made.ok) throw new Error(`mydata link refused (${made.status})`);
    return made.url;
  };
  const [data, pdf, json] = await Promise.all([loadOwnData(deps, personId), link('pdf'), link('json')]);
  deps.log.info('mydata.links', { by: personId, cases: data.cases.length });
  return { card: myDataCard({ language: actor.language, counts: ownDataCounts(data), links: { pdf, json }, minutes: deps.downloads.minutes }), summary: s.title };
}

export function ownDataCommand(deps: OwnDataDeps): Command {
  return {
    name: 'myData',
    words: ['mine data', 'mine opplysninger', 'mine opplysningar', 'innsyn', 'my data'],
    help: { label: { nb: 'Mine data', nn: 'Mine data', en: 'My data' }, audience: 'everyone' },
    run: ({ actor }) => myDataAnswer(deps, actor),
  };
}

export function ownDataVerbs(deps: OwnDataDeps): Record<string, VerbHandler> {
  return {
    'mydata.links': async ({ actor }) => {
      const answer = await myDataAnswer(deps, actor);
      return 'card' in answer ? { card: answer.card } : { card: messageView(answer.text, { attention: true }) };
    },
  };
}
