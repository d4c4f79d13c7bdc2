/**
 * The register's entry points: the `eksport` command and the
 * `register.export` verb (the export card with its links), the `register`
 * download kind (CSV and XLSX behind signed links), and the tab's case list
 * with its read-only case view. Who may have what is decided here from the
 * directory (model.ts), never from what a card or the page sends.
 */
import type { CasesFeature } from '../cases';
import { messageView, type OutboundMessage } from '../core/cards';
import { localDateTime } from '../core/clock';
import type { CoreContext } from '../core/context';
import { isKnownPerson } from '../core/directory';
import type { DownloadKind, DownloadParams } from '../core/downloads';
import type { Language } from '../core/i18n';
import { checkRange, DEFAULT_PERIOD, isPeriodId, periodRange, type DateRange, type PeriodId } from '../core/period';
import type { Actor, Command, VerbAnswer, VerbHandler } from '../core/registry';
import { tableToCsv, tableToXlsx } from '../core/table-files';
import type { TabSection } from '../core/tab';
import { registerFilename, registerGrant, registerScope, registerTable } from './model';
import type { ListedCase, RegisterStore, SchoolFilter } from './store';
import { registerStrings } from './strings';
import { caseDetailContent, caseListContent, exportCard } from './views';

export interface RegisterDeps extends CoreContext {
  store: RegisterStore;
  cases: Pick<CasesFeature, 'loadCaseFor' | 'recordView'>;
}

const CASE_ID = /^case-[0-9a-f]{32}$/;
const today = (deps: Pick<CoreContext, 'now' | 'timeZone'>) => localDateTime(deps.now(), deps.timeZone).date;

/** The school a person gets by default: their only school, or all schools for the owner's roles. */
function defaultSchool(deps: RegisterDeps, personId: string): string | undefined {
  const scope = registerScope(deps.directory, personId);
  if (scope.all) return 'all';
  return scope.schoolIds.length === 1 ? scope.schoolIds[0] : undefined;
}

type Parsed = { ok: true; school: string; period?: PeriodId; range: DateRange } | { ok: false; problem: string };

/** A school and a period (or dates) as asked for, checked against what the person may have. */
function parseChoice(deps: RegisterDeps, personId: string, language: Language, input: Record<string, unknown>): Parsed {
  const s = registerStrings(language);
  const raw = input.schoolId ?? input.school;
  const school = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : defaultSchool(deps, personId);
  if (!school) return { ok: false, problem: s.refusals.chooseSchool };
  if (school !== 'all' && !deps.directory.schools.some((x) => x.id === school)) return { ok: false, problem: s.refusals.unknownSchool };
  if (!registerGrant(deps.directory, personId, school)) return { ok: false, problem: s.refusals.notYourSchool };
  if (input.from !== undefined || input.to !== undefined) {
    const checked = checkRange(input.from, input.to);
    return checked.ok ? { ok: true, school, range: checked.range } : { ok: false, problem: s.refusals.badRange };
  }
  const period = input.period === undefined || input.period === '' ? DEFAULT_PERIOD : input.period;
  if (!isPeriodId(period)) return { ok: false, problem: s.refusals.unknownPeriod };
  return { ok: true, school, period, range: periodRange(period, today(deps)) };
}

const schoolFilter = (school: string): SchoolFilter => (school === 'all' ? 'all' : { schoolIds: [school] });

// ---------------------------------------------------------------- the file

export function registerDownload(deps: RegisterDeps): DownloadKind {
  return {
    name: 'register',
    formats: ['csv', 'xlsx'],
    label: (language) => registerStrings(language).downloadLabel,
    visible: (personId) => registerScope(deps.directory, personId).schoolIds.length > 0,
    parse(input, { personId, language }) {
      const parsed = parseChoice(deps, personId, language, input);
      return parsed.ok ? { ok: true, params: { school: parsed.school, from: parsed.range.from, to: parsed.range.to } } : parsed;
    },
    grant: (personId, params) => registerGrant(deps.directory, personId, params.school ?? ''),
    filename: ({ language, params }) => registerFilename(language, params.school!, rangeOf(params)),
    async produce({ language, format, params }) {
      const tenantId = deps.directory.tenantId;
      const cases = (await deps.store.registerCases(schoolFilter(params.school!), rangeOf(params))).filter((c) => c.tenantId === tenantId);
      const table = registerTable(cases, { language, directory: deps.directory, timeZone: deps.timeZone });
      const body = format === 'csv' ? tableToCsv(table, language) : await tableToXlsx(table, language, { now: deps.now() });
      return { body, caseIds: cases.map((c) => c.caseId) };
    },
  };
}

const rangeOf = (params: DownloadParams): DateRange => ({ from: params.from!, to: params.to! });

// ---------------------------------------------------------------- chat

async function exportAnswer(deps: RegisterDeps, actor: Actor, input: Record<string, unknown>): Promise<OutboundMessage> {
  const s = registerStrings(actor.language);
  if (!actor.id || registerScope(deps.directory, actor.id).schoolIds.length === 0) {
    deps.log.info('register.refused', { by: actor.id ?? null });
    return { text: s.refusals.notForYou };
  }
  const personId = actor.id;
  const scope = registerScope(deps.directory, personId);
  const parsed = parseChoice(deps, personId, actor.language, input);
  const choice = parsed.ok ? parsed : parseChoice(deps, personId, actor.language, { schoolId: defaultSchool(deps, personId) ?? scope.schoolIds[0] });
  if (!choice.ok) return { text: choice.problem };
  const linkFor = async (format: 'csv' | 'xlsx') => {
    const made = await deps.downloads.link({ personId, language: actor.language, kind: 'register', format, input: { school: choice.school, from: choice.range.from, to: choice.range.to }, today: today(deps), channel: 'chat' });
    if (!made.ok) throw new Error(`register link refused (${made.status})`);
    return made.url;
  };
  const card = exportCard({
    language: actor.language,
    directory: deps.directory,
    schoolIds: scope.schoolIds,
    all: scope.all,
    schoolId: choice.school,
    period: choice.period ?? DEFAULT_PERIOD,
    range: choice.range,
    count: await deps.store.countCases(schoolFilter(choice.school), choice.range),
    links: { csv: await linkFor('csv'), xlsx: await linkFor('xlsx') },
    minutes: deps.downloads.minutes,
    note: parsed.ok ? undefined : { text: parsed.problem, tone: 'attention' },
  });
  deps.log.info('register.links', { by: personId, school: choice.school, from: choice.range.from, to: choice.range.to });
  return { card, summary: registerStrings(actor.language).card.title };
}

export function registerCommands(deps: RegisterDeps): Command[] {
  return [
    {
      name: 'export',
      words: ['eksport', 'eksporter', 'skaderegister', 'skaderegisteret', 'export', 'injury register'],
      help: { label: { nb: 'Skaderegister', nn: 'Skaderegister', en: 'Injury register' }, audience: 'handlers' },
      run: ({ actor }) => exportAnswer(deps, actor, {}),
    },
  ];
}

export function registerVerbs(deps: RegisterDeps): Record<string, VerbHandler> {
  return {
    'register.export': async ({ actor, data }): Promise<VerbAnswer> => {
      const answer = await exportAnswer(deps, actor, { schoolId: data.schoolId, period: data.period });
      return 'card' in answer ? { card: answer.card } : { card: messageView(answer.text, { attention: true }) };
    },
  };
}

// ---------------------------------------------------------------- the tab

function byNewest(a: ListedCase, b: ListedCase): number {
  const ka = `${a.date} ${a.time ?? ''} ${a.reference}`;
  const kb = `${b.date} ${b.time ?? ''} ${b.reference}`;
  return ka < kb ? 1 : ka > kb ? -1 : 0;
}

/** The earliest day a reference search looks back to: every case there is. */
const EVER = '1900-01-01';

export function registerTabSections(deps: RegisterDeps): TabSection[] {
  return [
    {
      id: 'cases',
      order: 50,
      visible: (personId) => isKnownPerson(deps.directory, personId),
      title: (language) => registerStrings(language).tab.title,
      async load({ personId, language, filters, today: day }) {
        const { directory } = deps;
        const scope = registerScope(directory, personId);
        const query = filters.query?.trim().toUpperCase();
        // A reference is looked for in every period: people search for a case they know of.
        const range = query ? { from: EVER, to: day } : filters.range;
        const chosen = filters.schoolId && filters.schoolId !== 'all' ? filters.schoolId : undefined;
        const schools: SchoolFilter = chosen ? { schoolIds: scope.schoolIds.includes(chosen) ? [chosen] : [] } : scope.all ? 'all' : { schoolIds: scope.schoolIds };
        const [followed, own] = await Promise.all([deps.store.listCases(schools, range), deps.store.listOwnCases(personId, range)]);
        const seen = new Set<string>();
        const rows = [...followed, ...own]
          .filter((c) => {
            if (seen.has(c.caseId)) return false;
            seen.add(c.caseId);
            return c.tenantId === directory.tenantId;
          })
          .filter((c) => !chosen || c.schoolId === chosen)
          .filter((c) => !filters.severity || c.severity === filters.severity)
          .filter((c) => !filters.type || c.types.includes(filters.type as ListedCase['types'][number]))
          .filter((c) => !query || c.reference.toUpperCase().includes(query))
          .sort(byNewest);
        return caseListContent(language, directory, rows, { searched: Boolean(query) });
      },
      async detail({ personId, language, itemId }) {
        if (!CASE_ID.test(itemId)) return null;
        const loaded = await deps.cases.loadCaseFor(itemId, personId);
        if (!loaded) {
          deps.log.info('case.view_refused', { caseId: itemId, by: personId, channel: 'tab' });
          return null;
        }
        // Who read which case, as in chat: the log line and the audit trail's opening.
        deps.log.info('case.viewed', { caseId: itemId, by: personId, as: loaded.viewer, channel: 'tab' });
        await deps.cases.recordView({ actorId: personId, case: loaded.case, viewer: loaded.viewer, channel: 'tab' });
        return caseDetailContent({ language, directory: deps.directory, timeZone: deps.timeZone, case: loaded.case, viewer: loaded.viewer, viewerId: personId });
      },
    },
  ];
}
