/**
 * The case feature's card verbs and chat commands, as plain functions of who
 * acts and what they sent. The case id comes from the card; who may do what
 * comes from the directory and the case (model/permissions.ts), never from
 * the card's data.
 */
import { randomUUID } from 'node:crypto';
import { CASE_KEY, messageView, type CardView, type OutboundMessage } from '../core/cards';
import { localDateTime } from '../core/clock';
import { displayName, mayReport, rolesOf, schoolsOf, staffOf, type Directory } from '../core/directory';
import { fill, type Language } from '../core/i18n';
import type { Actor, Command, VerbAnswer, VerbHandler, VerbInput } from '../core/registry';
import { actOnCase, isClientRequestId, loadCaseFor, reportableSchools, submitReport, type CasesDeps } from './changes';
import { isReporterSide, type Viewer } from './model/access';
import type { Case } from './model/case';
import { filterRange, parseListFilter } from './model/list-filter';
import { LEGAL_ITEMS, requiredLegalSteps } from './model/legal-steps';
import { pageOf } from './model/order';
import { may } from './model/permissions';
import { recordView } from './reads';
import type { ReportErrors } from './model/report';
import type { CaseCommand, Refusal } from './model/transitions';
import { casesStrings } from './strings';
import { fieldErrorText, invalidText, refusalText, undoneText } from './views/answers';
import type { CaseInputError, CaseInputField } from './model/input';
import { caseCardFor } from './views/case';
import { learnCaseNames } from './work';
import { historyPageOf, type BackToList, type CaseViewInput, type KeptInput } from './views/common';
import { legalStepCard, reclassifyCard } from './views/legal';
import { caseListCard } from './views/list';
import { reportFormCard } from './views/report-form';

const CASE_ID = /^case-[0-9a-f]{32}$/;
const LIST_PAGE_SIZE = 5;

/** Card verbs (CONTRACT.md) and the case commands they carry. `followup.answer` is the follow-up feature's. */
const ACTION_VERBS: Record<string, Exclude<CaseCommand['verb'], 'followup.answer'>> = {
  'incident.acknowledge': 'acknowledge',
  'incident.comment': 'comment',
  'measure.propose': 'measure.propose',
  'measure.approve': 'measure.approve',
  'measure.reject': 'measure.reject',
  'measure.complete': 'measure.complete',
  'legal.mark': 'legal.mark',
  'legal.notApplicable': 'legal.notApplicable',
  'legal.undo': 'legal.undo',
  'incident.reclassify': 'reclassify',
  'incident.close': 'close',
};

/** The case a card's action names, if the id has the shape of one. */
export function caseIdOf(data: Record<string, unknown>): string | undefined {
  const id = data[CASE_KEY];
  return typeof id === 'string' && CASE_ID.test(id) ? id : undefined;
}

const card = (view: CardView): VerbAnswer => ({ card: view });
const attention = (text: string): VerbAnswer => card(messageView(text, { attention: true }));

/** The current case card for a person acting in this turn. */
export function caseCardForActor(
  deps: Pick<CasesDeps, 'directory' | 'timeZone' | 'now'>,
  actor: { id: string; language: Language },
  c: Case,
  viewer: Viewer,
  extra: Pick<CaseViewInput, 'note' | 'back' | 'fresh' | 'alreadyReported' | 'historyPage' | 'kept'> = {},
): CardView {
  const now = deps.now();
  return caseCardFor({
    language: actor.language,
    directory: deps.directory,
    timeZone: deps.timeZone,
    case: c,
    viewer,
    viewerId: actor.id,
    today: localDateTime(now, deps.timeZone).date,
    now,
    ...extra,
  });
}

// ---------------------------------------------------------------- reporting

function notSetUpText(deps: Pick<CasesDeps, 'directory'>, language: Language): string {
  const s = casesStrings(language);
  const contact = deps.directory.owner.supportContact ?? fill(s.messages.notSetUpDefaultContact, { owner: deps.directory.owner.name });
  return fill(s.messages.notSetUp, { contact });
}

/** The report form for this person, or the text telling them they are not set up. */
async function formFor(deps: CasesDeps, actor: Actor, values?: Record<string, unknown>, errors?: ReportErrors, clientRequestId?: string): Promise<CardView | string> {
  const { directory } = deps;
  if (!mayReport(directory, actor.id)) return notSetUpText(deps, actor.language);
  const own = schoolsOf(directory, actor.id);
  const schools = own.length === 1 ? null : reportableSchools(directory, actor.id);
  // A new form starts with the school the person chose last time.
  const chosen = schools && !values ? await deps.contacts.schoolChoice(actor.id).catch(() => undefined) : undefined;
  return reportFormCard(actor.language, {
    today: localDateTime(deps.now(), deps.timeZone).date,
    clientRequestId: clientRequestId ?? randomUUID(),
    schools,
    colleagues: colleaguesOf(directory, actor.id),
    values: values ?? (chosen && schools?.some((s) => s.id === chosen) ? { schoolId: chosen } : undefined),
    errors,
    notice: own.length === 0 ? casesStrings(actor.language).messages.chooseSchool : undefined,
  });
}

/** Most colleagues offered in "Hvem ble utsatt?": a big school's staff still fits in Teams' card size limit. */
const COLLEAGUES_OFFERED = 300;

/**
 * The colleagues a reporter may name as exposed: the staff of their own
 * schools with a name in the directory, by name. The server checks the
 * choice again against the chosen school's staff (model/report.ts).
 */
export function colleaguesOf(directory: Directory, reporterId: string): { id: string; name: string }[] {
  const ids = new Set(schoolsOf(directory, reporterId).flatMap((s) => staffOf(directory, s.id)));
  ids.delete(reporterId);
  const named = [...ids].map((id) => ({ id, name: displayName(directory, id) ?? '' })).filter((p) => p.name !== '');
  return named.sort((a, b) => a.name.localeCompare(b.name, 'nb')).slice(0, COLLEAGUES_OFFERED);
}

function asMessage(view: CardView | string, summary: string): OutboundMessage {
  return typeof view === 'string' ? { text: view } : { card: view, summary };
}

async function submit(deps: CasesDeps, { actor, data, source }: VerbInput): Promise<VerbAnswer> {
  if (!actor.id) return attention(notSetUpText(deps, actor.language));
  const { clientRequestId, ...values } = data;
  const outcome = await submitReport(deps, {
    reporterId: actor.id,
    clientRequestId,
    values,
    // The form's message becomes the receipt; it is kept current as the case moves on.
    reporterCard: source,
  });
  switch (outcome.kind) {
    case 'notSetUp':
      return attention(notSetUpText(deps, actor.language));
    case 'invalid': {
      deps.log.info('report.invalid', { fields: Object.keys(outcome.errors) });
      const form = await formFor(deps, actor, values, outcome.errors, isClientRequestId(clientRequestId) ? clientRequestId : undefined);
      return card(typeof form === 'string' ? messageView(form) : form);
    }
    case 'created':
    case 'existing': {
      const c = outcome.case;
      deps.log.info(outcome.kind === 'created' ? 'report.created' : 'report.repeated', { caseId: c.caseId, schoolId: c.schoolId, severity: c.report.severity });
      const receipt = caseCardFor({
        language: actor.language,
        directory: deps.directory,
        timeZone: deps.timeZone,
        case: c,
        viewer: 'reporter',
        viewerId: actor.id,
        fresh: true,
        alreadyReported: outcome.kind === 'existing',
      });
      // The invoke answer replaces the form on the device that sent it; rewriting the message
      // itself makes the receipt what every device shows, so the form cannot be sent again.
      return { card: receipt, replaceSource: true };
    }
  }
}

// ---------------------------------------------------------------- a case

async function view(deps: CasesDeps, { actor, data }: VerbInput): Promise<VerbAnswer> {
  const caseId = caseIdOf(data);
  const loaded = caseId && actor.id ? await loadCaseFor(deps, caseId, actor.id) : undefined;
  if (!loaded || !actor.id) {
    deps.log.info('case.view_refused', { caseId: caseId ?? null, by: actor.id ?? null });
    return attention(casesStrings(actor.language).refusals.notAllowed.view);
  }
  // Who read which case is part of the audit trail: the log line, and the store's entry (reads.ts).
  deps.log.info('case.viewed', { caseId: loaded.case.caseId, by: actor.id, as: loaded.viewer });
  await recordView(deps, { actorId: actor.id, case: loaded.case, viewer: loaded.viewer, channel: 'chat' });
  await learnCaseNames(deps, loaded.case);
  return card(caseCardForActor(deps, { id: actor.id, language: actor.language }, loaded.case, loaded.viewer, { back: listScopeOf(data), historyPage: historyPageOf(data) }));
}

async function act(deps: CasesDeps, verb: CaseCommand['verb'], { actor, data }: VerbInput): Promise<VerbAnswer> {
  const s = casesStrings(actor.language);
  const caseId = caseIdOf(data);
  if (!caseId || !actor.id) return attention(s.refusals.notAllowed.view);
  const outcome = await actOnCase(deps, { actorId: actor.id, caseId, verb, data });
  deps.log.info('case.action', { caseId, verb, by: actor.id, outcome: outcome.kind, ...(outcome.kind === 'refused' ? { refusal: outcome.refusal.code } : {}) });
  if (outcome.kind === 'notFound') return attention(s.refusals.notAllowed.view);
  // The answer shows the case again: an opening too.
  await recordView(deps, { actorId: actor.id, case: outcome.case, viewer: outcome.viewer, channel: 'chat' });
  await learnCaseNames(deps, outcome.case);
  const who = { id: actor.id, language: actor.language };
  // What the person typed comes back in its input whenever the action did not go through, so a fix costs no retyping.
  const kept = outcome.kind === 'done' ? undefined : keptInputOf(data, outcome.kind === 'invalid' ? outcome.errors : {}, actor.language);
  const withNote = (text: string, tone: 'good' | 'attention') => card(caseCardForActor(deps, who, outcome.case, outcome.viewer, { note: { text, tone }, kept }));
  switch (outcome.kind) {
    case 'invalid':
      return withNote(invalidText(actor.language, outcome.errors), 'attention');
    case 'refused':
      return withNote(refusalText(actor.language, verb, outcome.refusal), 'attention');
    case 'conflict':
      return withNote(s.refusals.conflict, 'attention');
    case 'done': {
      if (verb === 'comment' && isReporterSide(outcome.viewer)) return withNote(s.results.commentReporter, 'good');
      const approvedAtOnce = verb === 'measure.propose' && outcome.events.some((e) => e.type === 'measureApproved');
      const text = approvedAtOnce ? s.results.proposedApproved : verb === 'legal.undo' ? undoneText(actor.language, outcome.case, data.item) : { ...s.results, ...s.legalChecklist.results }[verb];
      // A first decision acknowledged the case too: say so, since the reporter was told.
      const acknowledgedToo = verb !== 'acknowledge' && outcome.events.some((e) => e.type === 'acknowledged');
      return withNote(acknowledgedToo ? `${text} ${s.results.acknowledgedToo}` : text, 'good');
    }
  }
}

/** The inputs a card's action may carry back, by id; the free texts are cut to a size a card can carry. */
const KEPT_INPUT = /^(comment|description|summary|note|owner|dueDate|reason-m\d{1,4})$/;

/**
 * What a refused action carried, by the input it came from, whether only a name warning stopped it,
 * and (with `language`) what is wrong with each field, to show under it.
 */
export function keptInputOf(data: Record<string, unknown>, errors: Partial<Record<CaseInputField, CaseInputError>>, language?: Language): KeptInput {
  const texts: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string' && KEPT_INPUT.test(key)) texts[key] = value.slice(0, 4000);
  }
  const measureId = typeof data.measureId === 'string' && /^m\d{1,4}$/.test(data.measureId) ? data.measureId : undefined;
  if (typeof data.reason === 'string' && measureId) texts[`reason-${measureId}`] = data.reason.slice(0, 4000);
  const byInput: Record<string, string> = {};
  if (language) {
    for (const [field, code] of Object.entries(errors) as [CaseInputField, CaseInputError][]) {
      const input = field === 'reason' ? (measureId ? `reason-${measureId}` : undefined) : field;
      if (input) byInput[input] = fieldErrorText(language, field, code);
    }
  }
  return { texts, warnNames: Object.values(errors).includes('pupilName'), ...(language ? { errors: byInput } : {}) };
}

// ---------------------------------------------------------------- the legal checklist and the classification

/** Card verbs whose input comes from a form of their own (views/legal.ts): a fixable refusal answers with that form again. */
const FORM_OF: Record<string, 'step' | 'reclassify'> = { 'legal.mark': 'step', 'legal.notApplicable': 'step', 'incident.reclassify': 'reclassify' };

function viewInputFor(deps: Pick<CasesDeps, 'directory' | 'timeZone' | 'now'>, actor: { id: string; language: Language }, c: Case, viewer: Viewer, note?: CaseViewInput['note']): CaseViewInput {
  const now = deps.now();
  return { language: actor.language, directory: deps.directory, timeZone: deps.timeZone, case: c, viewer, viewerId: actor.id, today: localDateTime(now, deps.timeZone).date, now, ...(note ? { note } : {}) };
}

/** The form of a legal step or of the classification, or the case card saying why it cannot be opened. */
async function openForm(deps: CasesDeps, form: 'step' | 'reclassify', { actor, data }: VerbInput): Promise<VerbAnswer> {
  const s = casesStrings(actor.language);
  const caseId = caseIdOf(data);
  const loaded = caseId && actor.id ? await loadCaseFor(deps, caseId, actor.id) : undefined;
  if (!loaded || !actor.id) return attention(s.refusals.notAllowed.view);
  const { case: c, viewer } = loaded;
  const who = { id: actor.id, language: actor.language };
  const refused = (verb: CaseCommand['verb'], refusal: Refusal) => card(caseCardForActor(deps, who, c, viewer, { note: { text: refusalText(actor.language, verb, refusal), tone: 'attention' } }));
  await recordView(deps, { actorId: actor.id, case: c, viewer, channel: 'chat' });
  if (form === 'reclassify') {
    if (!may(viewer, 'reclassify')) return refused('reclassify', { code: 'notAllowed' });
    if (c.status === 'closed') return refused('reclassify', { code: 'closed' });
    return card(reclassifyCard(viewInputFor(deps, who, c, viewer)));
  }
  const item = LEGAL_ITEMS.find((i) => i === data.item);
  if (!may(viewer, 'legal.mark')) return refused('legal.mark', { code: 'notAllowed' });
  if (c.status === 'closed') return refused('legal.mark', { code: 'closed' });
  if (!item || !requiredLegalSteps(c.report).includes(item)) return refused('legal.mark', { code: 'legalNotRequired' });
  const entry = c.legal[item];
  if (entry) return refused('legal.mark', { code: entry.na ? 'legalAlreadyNotApplicable' : 'legalAlreadyDone' });
  return card(legalStepCard(viewInputFor(deps, who, c, viewer), item));
}

/** A legal step marked, or the classification corrected, from its form: what was typed comes back in the form when it can be fixed. */
async function actFromForm(deps: CasesDeps, cardVerb: string, verb: CaseCommand['verb'], input: VerbInput): Promise<VerbAnswer> {
  const { actor, data } = input;
  const s = casesStrings(actor.language);
  const caseId = caseIdOf(data);
  if (!caseId || !actor.id) return attention(s.refusals.notAllowed.view);
  const outcome = await actOnCase(deps, { actorId: actor.id, caseId, verb, data });
  deps.log.info('case.action', { caseId, verb, by: actor.id, outcome: outcome.kind, ...(outcome.kind === 'refused' ? { refusal: outcome.refusal.code } : {}) });
  if (outcome.kind === 'notFound') return attention(s.refusals.notAllowed.view);
  await recordView(deps, { actorId: actor.id, case: outcome.case, viewer: outcome.viewer, channel: 'chat' });
  const who = { id: actor.id, language: actor.language };
  const again = (text: string) => {
    const view = viewInputFor(deps, who, outcome.case, outcome.viewer, { text, tone: 'attention' });
    const item = LEGAL_ITEMS.find((i) => i === data.item);
    return card(FORM_OF[cardVerb] === 'reclassify' ? reclassifyCard(view, data) : legalStepCard(view, item ?? 'arbeidstilsynet', data));
  };
  const note = (text: string, tone: 'good' | 'attention') => card(caseCardForActor(deps, who, outcome.case, outcome.viewer, { note: { text, tone } }));
  switch (outcome.kind) {
    case 'invalid':
      // A step named by nothing we know cannot have its form: the case card says what was wrong.
      return LEGAL_ITEMS.some((i) => i === data.item) || FORM_OF[cardVerb] === 'reclassify' ? again(invalidText(actor.language, outcome.errors)) : note(invalidText(actor.language, outcome.errors), 'attention');
    case 'refused':
      return outcome.refusal.code === 'reclassifyUnchanged' ? again(refusalText(actor.language, verb, outcome.refusal)) : note(refusalText(actor.language, verb, outcome.refusal), 'attention');
    case 'conflict':
      return note(s.refusals.conflict, 'attention');
    case 'done':
      return note({ ...s.results, ...s.legalChecklist.results }[verb], 'good');
  }
}

// ---------------------------------------------------------------- lists

/** The schools whose open cases a person follows: as principal or safety representative, or all as the owner's role. */
export function followedSchools(directory: Directory, aadObjectId: string): string[] {
  const roles = rolesOf(directory, aadObjectId);
  if (roles.owner.size > 0) return directory.schools.map((s) => s.id);
  return [...roles.schools.entries()].filter(([, r]) => r.has('principal') || r.has('safetyRep')).map(([id]) => id);
}

async function listCard(deps: CasesDeps, actor: Actor, scope: 'mine' | 'school', page: number, data: Record<string, unknown> = {}): Promise<CardView | string> {
  const s = casesStrings(actor.language);
  if (!actor.id) return s.refusals.notAllowed.view;
  if (scope === 'mine') {
    const mine = await deps.cases.casesOfPerson(actor.id);
    return caseListCard(actor.language, deps.directory, 'mine', pageOf(mine, page, LIST_PAGE_SIZE), mine.length);
  }
  // Which schools from the directory; the card's data only says which page and filter.
  const schools = followedSchools(deps.directory, actor.id);
  if (schools.length === 0) return s.lists.notForYou;
  const parsed = parseListFilter(data);
  const { filter } = parsed;
  const range = filterRange(filter.period, localDateTime(deps.now(), deps.timeZone).date);
  const query = { schoolIds: schools, state: filter.state, from: range?.from, to: range?.to, severity: filter.severity, reference: filter.reference, size: LIST_PAGE_SIZE };
  // A page past the end (the list got shorter, or a forged card) is answered with the last one; the store decides that from its counts.
  const wanted = Number.isFinite(page) && page > 0 ? Math.floor(page) : 0;
  const result = await deps.cases.listCases({ ...query, page: wanted });
  const pages = Math.max(1, Math.ceil(result.total / LIST_PAGE_SIZE));
  const note = parsed.ok ? undefined : s.overview.filters[parsed.problem];
  return caseListCard(actor.language, deps.directory, 'school', { items: result.items, page: result.page, pages }, result.total, { filter, note });
}

/** A case opened from a list carries the way back; only navigation, never access. */
export function listScopeOf(data: Record<string, unknown>): BackToList | undefined {
  if (data.listScope !== 'mine' && data.listScope !== 'school') return undefined;
  const page = Number(data.listPage ?? 0);
  return { scope: data.listScope, page: Number.isFinite(page) && page >= 0 ? Math.floor(page) : 0 };
}

// ---------------------------------------------------------------- registration

export function caseVerbs(deps: CasesDeps): Record<string, VerbHandler> {
  const verbs: Record<string, VerbHandler> = {
    'incident.new': async ({ actor }) => {
      const form = await formFor(deps, actor);
      return card(typeof form === 'string' ? messageView(form) : form);
    },
    'incident.submit': (input) => submit(deps, input),
    'incident.view': (input) => view(deps, input),
    'cases.list': async ({ actor, data }) => {
      const list = await listCard(deps, actor, data.scope === 'school' ? 'school' : 'mine', Number(data.page ?? 0), data);
      return card(typeof list === 'string' ? messageView(list) : list);
    },
  };
  for (const [cardVerb, verb] of Object.entries(ACTION_VERBS)) verbs[cardVerb] = (input) => (FORM_OF[cardVerb] ? actFromForm(deps, cardVerb, verb, input) : act(deps, verb, input));
  verbs['legal.form'] = (input) => openForm(deps, 'step', input);
  verbs['incident.reclassifyForm'] = (input) => openForm(deps, 'reclassify', input);
  return verbs;
}

export function caseCommands(deps: CasesDeps): { commands: Command[]; fallback: Command } {
  const list = (scope: 'mine' | 'school', data: Record<string, unknown> = {}) => async ({ actor }: { actor: Actor }) => asMessage(await listCard(deps, actor, scope, 0, data), casesStrings(actor.language).lists[scope === 'mine' ? 'myCases' : 'cases']);
  return {
    commands: [
      { name: 'myCases', words: ['mine saker', 'mine meldinger', 'mine meldingar', 'my cases', 'my reports'], help: { label: { nb: 'Mine saker', nn: 'Mine saker', en: 'My cases' }, audience: 'everyone' }, run: list('mine') },
      { name: 'cases', words: ['saker', 'åpne saker', 'opne saker', 'cases', 'open cases'], help: { label: { nb: 'Åpne saker', nn: 'Opne saker', en: 'Open cases' }, audience: 'handlers' }, run: list('school') },
      { name: 'closedCases', words: ['avsluttede saker', 'avslutta saker', 'closed cases'], help: { label: { nb: 'Avsluttede saker', nn: 'Avslutta saker', en: 'Closed cases' }, audience: 'handlers', hidden: true }, run: list('school', { state: 'closed' }) },
      { name: 'allCases', words: ['alle saker', 'all cases'], help: { label: { nb: 'Alle saker', nn: 'Alle saker', en: 'All cases' }, audience: 'handlers', hidden: true }, run: list('school', { state: 'all' }) },
    ],
    // Anything that is no command opens the report form: that is why people write.
    fallback: { name: 'report', words: ['meld', 'meld hendelse', 'meld hending', 'report'], run: async ({ actor }) => asMessage(await formFor(deps, actor), casesStrings(actor.language).form.title) },
  };
}
