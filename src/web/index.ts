/**
 * The bot's own web pages beside /api/messages: the personal tab "Oversikt"
 * (GET /tab, its script, styles and teams-js), its JSON API under
 * /api/tab/ (every call signed in: auth.ts), and downloads through signed
 * links (GET /downloads/<token>/<file>.<ext>). What the tab shows and what
 * can be downloaded comes from the features (Feature.tab, Feature.downloads).
 * Every answer is decided here or by a feature from the directory; nothing
 * the page sends grants access.
 */
import { readFileSync } from 'node:fs';
import type * as restify from 'restify';
import { casesStrings } from '../cases';
import { INCIDENT_TYPES, SEVERITIES } from '../cases/model/report';
import { localDateTime } from '../core/clock';
import { formatDate } from '../core/format';
import { findPerson, isKnownPerson, nameOf, rolesOf, type Directory } from '../core/directory';
import { A_STAFF_MEMBER } from '../core/names';
import { DOWNLOAD_FORMATS, type DownloadFormat, type Downloads, type OpenResult } from '../core/downloads';
import { chooseLanguage, languageOf, LANGUAGES, type Language } from '../core/i18n';
import type { Logger } from '../core/log';
import { DEFAULT_PERIOD, isPeriodId, PERIODS, periodRange } from '../core/period';
import type { Registry } from '../core/registry';
import { TAB_SECTION_ID, type TabFilters } from '../core/tab';
import type { TabAuth } from './auth';
import { TAB_SCRIPT, TAB_STYLES } from './client';
import { devSignInPage, messagePage, PAGE_HEADERS, signedInAs, tabPage, type DevPerson } from './pages';
import { webStrings } from './strings';

export { TabAuth, ssoSettings, SSO_SCOPE } from './auth';

export interface WebDeps {
  registry: Registry;
  /** The directory as it is now. */
  directory: () => Directory;
  downloads: Downloads;
  auth: TabAuth;
  timeZone: string;
  now: () => Date;
  log: Logger;
}

type Req = restify.Request;
type Res = restify.Response;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

function sendJson(res: Res, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...JSON_HEADERS, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendPage(res: Res, status: number, html: string): void {
  res.writeHead(status, { ...PAGE_HEADERS, 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

function sendAsset(res: Res, contentType: string, body: string | Buffer, maxAge: number): void {
  res.writeHead(200, { 'content-type': contentType, 'cache-control': `public, max-age=${maxAge}`, 'x-content-type-options': 'nosniff', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The query string's values (the server has no query parser: mapParams is off, and only these routes read one). */
function queryOf(req: Req): Record<string, string> {
  return Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams);
}

/** The page's language before anyone is signed in: ?lang=, Teams' {locale}, the browser's. */
function requestLanguage(req: Req): Language {
  const q = queryOf(req);
  const lang = typeof q?.lang === 'string' ? q.lang : undefined;
  if (lang && (LANGUAGES as readonly string[]).includes(lang)) return lang as Language;
  const locale = typeof q?.locale === 'string' ? q.locale : undefined;
  const header = req.headers['accept-language'];
  return languageOf(locale) ?? languageOf(typeof header === 'string' ? header.split(',')[0] : undefined) ?? 'nb';
}

function personLanguage(directory: Directory, personId: string, req: Req): Language {
  return chooseLanguage(findPerson(directory, personId)?.locale, requestLanguage(req));
}

let teamsJs: Buffer | undefined;
/** @microsoft/teams-js as published, from node_modules: no CDN, the same file in every deployment. */
function teamsJsBundle(): Buffer {
  teamsJs ??= readFileSync(require.resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js'));
  return teamsJs;
}

/** A filter value from the query, or undefined; a value given but not allowed is an error. */
function pick<T extends string>(query: Record<string, unknown>, name: string, allowed: readonly T[]): { ok: true; value?: T } | { ok: false } {
  const v = query[name];
  if (v === undefined || v === '') return { ok: true };
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? { ok: true, value: v as T } : { ok: false };
}

function filtersOf(query: Record<string, unknown>, today: string): TabFilters | undefined {
  const period = query.period === undefined || query.period === '' ? DEFAULT_PERIOD : query.period;
  if (!isPeriodId(period)) return undefined;
  const severity = pick(query, 'severity', SEVERITIES);
  const type = pick(query, 'type', INCIDENT_TYPES);
  const school = query.school;
  const q = query.q;
  if (!severity.ok || !type.ok) return undefined;
  if (school !== undefined && (typeof school !== 'string' || !/^[\w-]{0,64}$/.test(school))) return undefined;
  if (q !== undefined && (typeof q !== 'string' || q.length > 40)) return undefined;
  return {
    schoolId: typeof school === 'string' && school !== '' ? school : undefined,
    period,
    range: periodRange(period, today),
    severity: severity.value,
    type: type.value,
    query: typeof q === 'string' && q.trim() !== '' ? q.trim() : undefined,
  };
}

const ROLE_WORDS: Record<Language, Record<string, string>> = {
  nb: { principal: 'rektor', safetyRep: 'verneombud', member: 'ansatt', leader: 'skoleeier', chiefSafetyRep: 'hovedverneombud' },
  nn: { principal: 'rektor', safetyRep: 'verneombod', member: 'tilsett', leader: 'skuleeigar', chiefSafetyRep: 'hovudverneombod' },
  en: { principal: 'principal', safetyRep: 'safety representative', member: 'employee', leader: 'school owner', chiefSafetyRep: 'chief safety representative' },
};

/** "rektor, Nordby skole; hovedverneombud": who the person is in the directory, for the dev sign-in. */
function rolesText(directory: Directory, personId: string, language: Language): string {
  const roles = rolesOf(directory, personId);
  const words = ROLE_WORDS[language];
  const parts = [...roles.owner].map((r) => words[r]!);
  for (const [schoolId, set] of roles.schools) parts.push(`${[...set].map((r) => words[r]).join(', ')}, ${directory.schools.find((s) => s.id === schoolId)?.name ?? schoolId}`);
  return parts.join('; ');
}

/** Followed schools for the school filter: the owner's roles all, principals and safety representatives theirs. */
function filterSchools(directory: Directory, personId: string): { schools: { id: string; name: string }[]; all: boolean } {
  const roles = rolesOf(directory, personId);
  if (roles.owner.size > 0) return { schools: directory.schools.map((s) => ({ id: s.id, name: s.name })), all: true };
  const ids = [...roles.schools.entries()].filter(([, r]) => r.has('principal') || r.has('safetyRep')).map(([id]) => id);
  return { schools: directory.schools.filter((s) => ids.includes(s.id)).map((s) => ({ id: s.id, name: s.name })), all: false };
}

export function mountWeb(server: restify.Server, current: () => WebDeps | undefined): void {
  /** Every route: 503 until the bot is built, and no fault ever escapes as a crash. */
  const route =
    (handler: (deps: WebDeps, req: Req, res: Res) => Promise<void>, page?: 'page' | 'download') =>
    async (req: Req, res: Res) => {
      const deps = current();
      const language = requestLanguage(req);
      if (!deps) {
        if (page) sendPage(res, 503, messagePage(language, 'TryggMeld', webStrings(language).errors.unavailable));
        else sendJson(res, 503, { error: 'starting', message: webStrings(language).errors.unavailable });
        return;
      }
      try {
        await handler(deps, req, res);
      } catch (err) {
        deps.log.error('web.failed', { path: req.getPath?.(), error: String((err as Error)?.stack ?? err).slice(0, 1500) });
        if (res.headersSent) {
          res.end();
          return;
        }
        if (page) sendPage(res, 503, messagePage(language, 'TryggMeld', page === 'download' ? webStrings(language).download.failed : webStrings(language).errors.failed));
        else sendJson(res, 500, { error: 'failed', message: webStrings(language).errors.failed });
      }
    };

  /** The signed-in person for an API call, or the answer has been sent. */
  const signedIn = async (deps: WebDeps, req: Req, res: Res): Promise<{ personId: string; language: Language } | undefined> => {
    const who = await deps.auth.authenticate(req.headers.authorization);
    if (who.ok) return { personId: who.personId, language: personLanguage(deps.directory(), who.personId, req) };
    const s = webStrings(requestLanguage(req)).errors;
    const message = who.reason === 'notInDirectory' ? s.notInDirectory : who.reason === 'keysUnavailable' ? s.unavailable : s.notSignedIn;
    deps.log.info('tab.unauthorised', { reason: who.reason, path: req.getPath?.() });
    sendJson(res, who.status, { error: who.reason, message });
    return undefined;
  };

  const today = (deps: WebDeps) => localDateTime(deps.now(), deps.timeZone).date;

  // ------------------------------------------------------------ pages and assets

  server.get(
    '/tab',
    route(async (deps, req, res) => {
      sendPage(res, 200, tabPage({ page: 'tab', language: requestLanguage(req), inTeams: queryOf(req).inTeams === '1', devSignIn: deps.auth.devSignIn, sso: deps.auth.ssoConfigured }));
    }, 'page'),
  );
  server.get(
    '/tab/dev',
    route(async (deps, req, res) => {
      const language = requestLanguage(req);
      if (!deps.auth.devSignIn) {
        sendPage(res, 403, messagePage(language, webStrings(language).dev.title, webStrings(language).errors.devRefused));
        return;
      }
      const directory = deps.directory();
      const ids = [...new Set([...directory.owner.leaders, ...directory.owner.chiefSafetyReps, ...directory.schools.flatMap((s) => [...s.principals, ...s.safetyReps, ...s.members]), ...directory.people.map((p) => p.aadObjectId)])];
      const people: DevPerson[] = ids.map((id) => ({ id, name: nameOf(directory, id, id), roles: rolesText(directory, id, language) }));
      sendPage(res, 200, devSignInPage(language, people));
    }, 'page'),
  );
  server.get('/tab/app.js', route(async (_deps, _req, res) => sendAsset(res, 'text/javascript; charset=utf-8', TAB_SCRIPT, 300)));
  server.get('/tab/app.css', route(async (_deps, _req, res) => sendAsset(res, 'text/css; charset=utf-8', TAB_STYLES, 300)));
  server.get('/tab/teams-js.js', route(async (_deps, _req, res) => sendAsset(res, 'text/javascript; charset=utf-8', teamsJsBundle(), 86400)));

  // ------------------------------------------------------------ the API

  server.post(
    '/api/tab/dev-session',
    route(async (deps, req, res) => {
      const language = requestLanguage(req);
      const s = webStrings(language).errors;
      if (!deps.auth.devSignIn) {
        sendJson(res, 403, { error: 'devSignInOff', message: s.devRefused });
        return;
      }
      const personId = typeof (req.body as { personId?: unknown })?.personId === 'string' ? (req.body as { personId: string }).personId.toLowerCase() : '';
      const directory = deps.directory();
      if (!isKnownPerson(directory, personId)) {
        sendJson(res, 400, { error: 'unknownPerson', message: s.unknownPerson });
        return;
      }
      deps.log.info('tab.dev_sign_in', { by: personId });
      sendJson(res, 200, { token: await deps.auth.devToken(personId), language: chooseLanguage(findPerson(directory, personId)?.locale, language) });
    }),
  );

  server.get(
    '/api/tab/me',
    route(async (deps, req, res) => {
      const who = await signedIn(deps, req, res);
      if (!who) return;
      const { personId, language } = who;
      const directory = deps.directory();
      const cs = casesStrings(language);
      const ws = webStrings(language);
      const day = today(deps);
      const { schools, all } = filterSchools(directory, personId);
      sendJson(res, 200, {
        personId,
        language,
        signedInAs: signedInAs(language, nameOf(directory, personId, A_STAFF_MEMBER[language])),
        schools,
        allSchools: all,
        periods: PERIODS.map((p) => {
          const range = periodRange(p, day);
          return { id: p, label: ws.periods[p], from: range.from, to: range.to, range: `${formatDate(range.from, language)}–${formatDate(range.to, language)}` };
        }),
        severities: SEVERITIES.map((v) => ({ value: v, label: cs.choices.severity[v] })),
        types: INCIDENT_TYPES.map((v) => ({ value: v, label: cs.choices.types[v] })),
        sections: deps.registry.tabSections.filter((s) => s.visible(personId)).map((s) => ({ id: s.id, title: s.title(language), form: s.form?.available(personId) ?? false })),
        downloads: deps.registry.downloads.filter((d) => d.visible(personId)).map((d) => ({ kind: d.name, label: d.label(language), formats: [...d.formats] })),
      });
    }),
  );

  server.get(
    '/api/tab/sections/:id',
    route(async (deps, req, res) => {
      const who = await signedIn(deps, req, res);
      if (!who) return;
      const s = webStrings(who.language).errors;
      const id = String(req.params.id ?? '');
      const section = TAB_SECTION_ID.test(id) ? deps.registry.tabSection(id) : undefined;
      if (!section || !section.visible(who.personId)) {
        sendJson(res, 404, { error: 'notFound', message: s.notFound });
        return;
      }
      const day = today(deps);
      const filters = filtersOf(queryOf(req), day);
      if (!filters) {
        sendJson(res, 400, { error: 'badFilter', message: s.badFilter });
        return;
      }
      sendJson(res, 200, await section.load({ personId: who.personId, language: who.language, filters, today: day }));
    }),
  );

  server.get(
    '/api/tab/sections/:id/:item',
    route(async (deps, req, res) => {
      const who = await signedIn(deps, req, res);
      if (!who) return;
      const s = webStrings(who.language).errors;
      const id = String(req.params.id ?? '');
      const section = TAB_SECTION_ID.test(id) ? deps.registry.tabSection(id) : undefined;
      const content = section?.detail && section.visible(who.personId) ? await section.detail({ personId: who.personId, language: who.language, today: today(deps), itemId: String(req.params.item ?? '') }) : null;
      if (!content) sendJson(res, 404, { error: 'notFound', message: s.notFound });
      else sendJson(res, 200, content);
    }),
  );

  // An editable table (Feature.tab[].form). Like every call here it takes the sign-in as a bearer token, never a
  // cookie, so another site cannot make the browser save for the person (no CSRF); only JSON bodies are read.
  // Reading needs the section in view; a save goes to the feature, which answers who may not with 403 and why.
  const formOf = (deps: WebDeps, req: Req, personId?: string) => {
    const id = String(req.params.id ?? '');
    const section = TAB_SECTION_ID.test(id) ? deps.registry.tabSection(id) : undefined;
    return section?.form && (personId === undefined || section.visible(personId)) ? section.form : undefined;
  };

  server.get(
    '/api/tab/forms/:id',
    route(async (deps, req, res) => {
      const who = await signedIn(deps, req, res);
      if (!who) return;
      const s = webStrings(who.language).errors;
      const form = formOf(deps, req, who.personId);
      const day = today(deps);
      const filters = filtersOf(queryOf(req), day);
      if (!filters) {
        sendJson(res, 400, { error: 'badFilter', message: s.badFilter });
        return;
      }
      const content = form ? await form.load({ personId: who.personId, language: who.language, filters, today: day }) : null;
      if (!content) sendJson(res, 404, { error: 'notFound', message: s.notFound });
      else {
        res.setHeader('etag', content.etag);
        sendJson(res, 200, content);
      }
    }),
  );

  server.post(
    '/api/tab/forms/:id',
    route(async (deps, req, res) => {
      const who = await signedIn(deps, req, res);
      if (!who) return;
      const s = webStrings(who.language).errors;
      const form = formOf(deps, req);
      if (!form) {
        sendJson(res, 404, { error: 'notFound', message: s.notFound });
        return;
      }
      if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) {
        sendJson(res, 415, { error: 'badRequest', message: s.badFilter });
        return;
      }
      const ifMatch = typeof req.headers['if-match'] === 'string' ? req.headers['if-match'] : undefined;
      const result = await form.save({ personId: who.personId, language: who.language, today: today(deps), ifMatch, body: req.body });
      const error = { 200: undefined, 400: 'invalid', 403: 'notAllowed', 404: 'notFound', 409: 'conflict', 428: 'preconditionRequired' }[result.status];
      sendJson(res, result.status, error ? { error, ...result } : result);
    }),
  );

  server.post(
    '/api/tab/downloads',
    route(async (deps, req, res) => {
      const who = await signedIn(deps, req, res);
      if (!who) return;
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      const format = body.format as DownloadFormat;
      const { kind: _kind, format: _format, ...input } = body;
      if (typeof body.kind !== 'string' || !DOWNLOAD_FORMATS.includes(format)) {
        sendJson(res, 400, { error: 'badRequest', message: webStrings(who.language).errors.badFilter });
        return;
      }
      const made = await deps.downloads.link({ personId: who.personId, language: who.language, kind: body.kind, format, input, today: today(deps), channel: 'tab' });
      if (!made.ok) {
        const s = webStrings(who.language).errors;
        sendJson(res, made.status, { error: made.status === 404 ? 'notFound' : made.status === 403 ? 'notAllowed' : 'badRequest', message: made.problem ?? (made.status === 404 ? s.notFound : s.failed) });
        return;
      }
      const url = new URL(made.url);
      sendJson(res, 200, { url: made.url, path: url.pathname, filename: decodeURIComponent(url.pathname.split('/').pop() ?? ''), expiresAt: made.expiresAt.toISOString() });
    }),
  );

  // ------------------------------------------------------------ downloads

  // A wildcard: a link's token is longer than the router allows a path parameter to be.
  server.get(
    '/downloads/*',
    route(async (deps, req, res) => {
      // Someone who says who they are (the tab sends its sign-in) must be the person the link was made for.
      let presenterId: string | undefined;
      if (req.headers.authorization) {
        const who = await deps.auth.authenticate(req.headers.authorization);
        if (!who.ok) {
          const language = requestLanguage(req);
          sendPage(res, who.status, messagePage(language, 'TryggMeld', webStrings(language).errors.notSignedIn));
          return;
        }
        presenterId = who.personId;
      }
      const [token = '', filename = '', ...extra] = new URL(req.url ?? '/', 'http://localhost').pathname.split('/').slice(2);
      const opened: OpenResult = extra.length > 0 ? { status: 404, reason: 'unknownKind' } : await deps.downloads.open({ token, filename: decodeURIComponent(filename), presenterId });
      if (opened.status !== 200) {
        const language = opened.language ?? requestLanguage(req);
        const ws = webStrings(language);
        const lead = opened.reason === 'expired' || opened.reason === 'invalid' || opened.reason === 'otherPerson' ? ws.downloadLead[opened.reason] : undefined;
        sendPage(res, opened.status, messagePage(language, 'TryggMeld', lead && opened.renewHint ? `${lead} ${opened.renewHint}` : ws.download[opened.reason]));
        return;
      }
      const body = typeof opened.body === 'string' ? Buffer.from(opened.body, 'utf8') : opened.body;
      res.writeHead(200, {
        'content-type': opened.contentType,
        'content-length': body.length,
        'content-disposition': `attachment; filename="${opened.filename}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(body);
    }, 'download'),
  );
}
