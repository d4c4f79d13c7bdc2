/**
 * Downloads through short-lived signed links. A feature registers a
 * download kind (`Feature.downloads`): its name, its formats, who may have it
 * (from the directory) and how to produce the file. `Downloads.link` makes a
 * link for one person (HS256 JWT in the URL path, expiring in minutes, the
 * path ending in the file's extension); `Downloads.open` serves it after
 * checking the signature, the expiry, the person and, again, the directory.
 * Both are written to the audit trail; a file whose download could not be
 * recorded is not handed out.
 */
import { randomUUID } from 'node:crypto';
import * as jose from 'jose';
import type { AuditTrail } from './audit';
import type { Language } from './i18n';
import type { Logger } from './log';

export type DownloadFormat = 'csv' | 'xlsx' | 'pdf' | 'json';
export const DOWNLOAD_FORMATS: readonly DownloadFormat[] = ['csv', 'xlsx', 'pdf', 'json'];

export const CONTENT_TYPES: Record<DownloadFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
};

/** A kind's parameters, as strings (they travel in the signed link). */
export type DownloadParams = Record<string, string>;

/** Why a person may have a download: the roles and schools it was allowed for (for the audit trail). */
export interface DownloadGrant {
  roles: string[];
  schoolIds: string[];
}

export interface DownloadRequest {
  personId: string;
  language: Language;
  format: DownloadFormat;
  params: DownloadParams;
}

export interface DownloadFile {
  body: Buffer | string;
  /** The cases whose data is in the file (for the audit trail). */
  caseIds?: string[];
}

export interface DownloadKind {
  /** Stable name: in links and audit entries. */
  name: string;
  formats: readonly DownloadFormat[];
  /** The button's text in the tab. */
  label(language: Language): string;
  /** Whether the tab offers it to the person at all (from the directory). */
  visible(personId: string): boolean;
  /**
   * Checks and completes what was asked for (a school, a period ...); a
   * problem is a text for the person. `today` is the organisation's date.
   */
  parse(input: Record<string, unknown>, context: { personId: string; language: Language; today: string }): { ok: true; params: DownloadParams } | { ok: false; problem: string };
  /** Whether the person may have it now, from the directory; asked when the link is made and again when it is used. */
  grant(personId: string, params: DownloadParams): DownloadGrant | null;
  /** The file's name without extension: letters, digits, '.', '_' and '-' only. */
  filename(request: DownloadRequest): string;
  produce(request: DownloadRequest): Promise<DownloadFile>;
  /** How to get a new link, for the page that refuses an expired or changed one; without it the page names `eksport`. */
  renewHint?(language: Language): string;
}

/** What a signed link carries. */
export interface LinkClaims {
  /** The person the link was made for. */
  personId: string;
  kind: string;
  format: DownloadFormat;
  params: DownloadParams;
  /** The last path segment, with extension. */
  filename: string;
  language: Language;
  /** Ties the link to its audit entries. */
  linkId: string;
}

const AUDIENCE = 'tryggmeld:download';

export type VerifyResult = { ok: true; claims: LinkClaims; expiresAt: Date } | { ok: false; reason: 'expired' | 'invalid' };

/** Signs and checks links with a shared secret (HS256), so any instance can serve a link another made. */
export class LinkSigner {
  private readonly key: Uint8Array;

  constructor(
    secret: string | Uint8Array,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {
    this.key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
    if (this.key.length < 32) throw new Error('the link secret must be at least 32 bytes');
  }

  get ttl(): number {
    return this.ttlMs;
  }

  async sign(claims: LinkClaims): Promise<{ token: string; expiresAt: Date }> {
    const issued = Math.floor(this.now().getTime() / 1000);
    const expires = issued + Math.ceil(this.ttlMs / 1000);
    const token = await new jose.SignJWT({ knd: claims.kind, fmt: claims.format, prm: claims.params, fn: claims.filename, lng: claims.language })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.personId)
      .setAudience(AUDIENCE)
      .setJti(claims.linkId)
      .setIssuedAt(issued)
      .setExpirationTime(expires)
      .sign(this.key);
    return { token, expiresAt: new Date(expires * 1000) };
  }

  async verify(token: string): Promise<VerifyResult> {
    try {
      const { payload } = await jose.jwtVerify(token, this.key, { algorithms: ['HS256'], audience: AUDIENCE, currentDate: this.now(), requiredClaims: ['sub', 'exp', 'jti'] });
      const p = payload as jose.JWTPayload & { knd?: unknown; fmt?: unknown; prm?: unknown; fn?: unknown; lng?: unknown };
      const params = p.prm && typeof p.prm === 'object' && !Array.isArray(p.prm) ? (p.prm as Record<string, unknown>) : undefined;
      if (
        typeof p.knd !== 'string' ||
        !DOWNLOAD_FORMATS.includes(p.fmt as DownloadFormat) ||
        typeof p.fn !== 'string' ||
        !params ||
        !Object.values(params).every((v) => typeof v === 'string') ||
        !['nb', 'nn', 'en'].includes(p.lng as string)
      ) {
        return { ok: false, reason: 'invalid' };
      }
      return {
        ok: true,
        expiresAt: new Date(p.exp! * 1000),
        claims: { personId: p.sub!, kind: p.knd, format: p.fmt as DownloadFormat, params: params as DownloadParams, filename: p.fn, language: p.lng as Language, linkId: p.jti! },
      };
    } catch (err) {
      return { ok: false, reason: err instanceof jose.errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }

  /** The language a link asks for, read without trusting it: only to word an error page. */
  static languageOf(token: string): Language | undefined {
    return LinkSigner.wordingOf(token).language;
  }

  /** The language and kind a link names, read without trusting them: only to word an error page. */
  static wordingOf(token: string): { language?: Language; kind?: string } {
    try {
      const { lng, knd } = jose.decodeJwt(token) as { lng?: unknown; knd?: unknown };
      return { language: lng === 'nb' || lng === 'nn' || lng === 'en' ? lng : undefined, kind: typeof knd === 'string' ? knd : undefined };
    } catch {
      return {};
    }
  }
}

export const SAFE_FILENAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/;

export type LinkResult = { ok: true; url: string; expiresAt: Date; linkId: string } | { ok: false; status: 400 | 403 | 404; problem?: string };

export type OpenResult =
  | { status: 200; body: Buffer | string; contentType: string; filename: string; personId: string; language: Language }
  | { status: 401 | 403 | 404; reason: 'expired' | 'invalid' | 'otherPerson' | 'notAllowed' | 'unknownKind'; language?: Language; renewHint?: string };

export interface DownloadsOptions {
  signer: LinkSigner;
  audit: AuditTrail;
  /** The registered kind of this name. */
  kind: (name: string) => DownloadKind | undefined;
  /** Where people reach the bot's web server (https://host), without a trailing slash; known once it listens. */
  baseUrl: () => string;
  log: Logger;
}

export class Downloads {
  constructor(private readonly options: DownloadsOptions) {}

  /** Minutes a link lasts. */
  get minutes(): number {
    return Math.round(this.options.signer.ttl / 60000);
  }

  /**
   * A link for this person to a download they may have now (their roles from
   * the directory), written to the audit trail. `input` is what they asked
   * for; the kind checks it.
   */
  async link(request: { personId: string; language: Language; kind: string; format: DownloadFormat; input: Record<string, unknown>; today: string; channel: 'chat' | 'tab' }): Promise<LinkResult> {
    const kind = this.options.kind(request.kind);
    if (!kind || !kind.formats.includes(request.format)) return { ok: false, status: 404 };
    const parsed = kind.parse(request.input, { personId: request.personId, language: request.language, today: request.today });
    if (!parsed.ok) return { ok: false, status: 400, problem: parsed.problem };
    const grant = kind.grant(request.personId, parsed.params);
    if (!grant) return { ok: false, status: 403 };
    const name = kind.filename({ personId: request.personId, language: request.language, format: request.format, params: parsed.params });
    if (!SAFE_FILENAME.test(name)) throw new Error(`download kind ${kind.name}: unsafe file name ${JSON.stringify(name)}`);
    const claims: LinkClaims = { personId: request.personId, kind: kind.name, format: request.format, params: parsed.params, filename: `${name}.${request.format}`, language: request.language, linkId: randomUUID() };
    const { token, expiresAt } = await this.options.signer.sign(claims);
    await this.options.audit.record({ actorId: request.personId, action: 'export.link', roles: grant.roles, schoolIds: grant.schoolIds, channel: request.channel, kind: kind.name, format: request.format, params: parsed.params, linkId: claims.linkId });
    return { ok: true, url: `${this.options.baseUrl()}/downloads/${token}/${claims.filename}`, expiresAt, linkId: claims.linkId };
  }

  /**
   * Serves a link. 401: not a link we made, changed, or expired. 403: someone
   * else presents it (`presenterId`, when the request says who it is), or the
   * person may no longer have it. The download is recorded before the file is
   * handed out; if that fails, this throws and nothing is served.
   */
  async open(input: { token: string; filename: string; presenterId?: string }): Promise<OpenResult> {
    const { log, audit } = this.options;
    const verified = await this.options.signer.verify(input.token);
    // Only words for the page: how to get a new link of this kind.
    const hintFor = (kindName: string | undefined, language: Language | undefined) => {
      const hint = kindName && language ? this.options.kind(kindName)?.renewHint?.(language) : undefined;
      return hint ? { renewHint: hint } : {};
    };
    if (!verified.ok) {
      log.info('download.refused', { reason: verified.reason });
      const wording = LinkSigner.wordingOf(input.token);
      return { status: 401, reason: verified.reason, language: wording.language, ...hintFor(wording.kind, wording.language) };
    }
    const { claims } = verified;
    const language = claims.language;
    // The signed name is the path: a link with another extension or name was changed.
    if (input.filename !== claims.filename) {
      log.info('download.refused', { reason: 'path', linkId: claims.linkId });
      return { status: 401, reason: 'invalid', language, ...hintFor(claims.kind, language) };
    }
    const kind = this.options.kind(claims.kind);
    if (!kind || !kind.formats.includes(claims.format)) return { status: 404, reason: 'unknownKind', language };
    const refuse = async (reason: 'otherPerson' | 'notAllowed', actorId: string) => {
      log.info('download.refused', { reason, linkId: claims.linkId, by: actorId, for: claims.personId });
      await audit
        .record({ actorId, action: 'export.refused', roles: [], schoolIds: [], channel: 'link', kind: kind.name, format: claims.format, params: claims.params, linkId: claims.linkId, reason })
        .catch((err: unknown) => log.warn('audit.failed', { action: 'export.refused', error: String(err).slice(0, 300) }));
      return { status: 403 as const, reason, language, ...hintFor(kind.name, language) };
    };
    if (input.presenterId !== undefined && input.presenterId !== claims.personId) return refuse('otherPerson', input.presenterId);
    const grant = kind.grant(claims.personId, claims.params);
    if (!grant) return refuse('notAllowed', claims.personId);

    const request: DownloadRequest = { personId: claims.personId, language, format: claims.format, params: claims.params };
    const file = await kind.produce(request);
    await audit.record({
      actorId: claims.personId,
      action: 'export.download',
      roles: grant.roles,
      schoolIds: grant.schoolIds,
      channel: 'link',
      kind: kind.name,
      format: claims.format,
      params: claims.params,
      linkId: claims.linkId,
      caseIds: file.caseIds ?? [],
      count: file.caseIds?.length ?? 0,
    });
    log.info('download.served', { kind: kind.name, format: claims.format, linkId: claims.linkId, by: claims.personId, cases: file.caseIds?.length ?? 0 });
    return { status: 200, body: file.body, contentType: CONTENT_TYPES[claims.format], filename: claims.filename, personId: claims.personId, language };
  }
}
