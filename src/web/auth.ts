/**
 * Who calls the tab's API. In Teams the page sends the single sign-on token
 * Teams gives it (authentication.getAuthToken): an Entra ID access token for
 * our app, checked here with jose against the tenant's published keys
 * (signature RS256, issuer, audience, expiry, tenant, scope
 * access_as_user). Locally (no BOT_ID) a dev sign-in gives a short-lived
 * token signed with this process's secret instead. Either way the person's
 * roles come from the directory, not from the token.
 */
import { createHmac } from 'node:crypto';
import * as jose from 'jose';
import { isKnownPerson, type Directory } from '../core/directory';
import type { Logger } from '../core/log';

export const SSO_SCOPE = 'access_as_user';
const DEV_AUDIENCE = 'tryggmeld:dev-sign-in';
const DEV_MINUTES = 60;

export interface SsoSettings {
  /** The Entra app registration the tab asks tokens for. */
  clientId: string;
  /** Accepted `aud`: the client id (v2.0 tokens) and the Application ID URI (v1 tokens). */
  audiences: string[];
  /** Accepted `iss`: the tenant's v2.0 and v1 issuers. */
  issuers: string[];
  jwksUrl: string;
  tenantId: string;
}

/** The settings for a tenant, with the defaults of Entra ID's public cloud. */
export function ssoSettings(input: { clientId: string; appIdUri?: string; jwksUrl?: string; issuers?: string[]; tenantId: string; publicUrl: string }): SsoSettings {
  const tenant = input.tenantId;
  return {
    clientId: input.clientId,
    audiences: [input.clientId, input.appIdUri ?? `api://${new URL(input.publicUrl).host}/${input.clientId}`],
    issuers: input.issuers && input.issuers.length > 0 ? input.issuers : [`https://login.microsoftonline.com/${tenant}/v2.0`, `https://sts.windows.net/${tenant}/`],
    jwksUrl: input.jwksUrl ?? `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`,
    tenantId: tenant,
  };
}

export type AuthFailure = 'missing' | 'invalid' | 'expired' | 'notInDirectory' | 'keysUnavailable';

export type Authenticated = { ok: true; personId: string; via: 'sso' | 'dev' } | { ok: false; status: 401 | 403 | 503; reason: AuthFailure };

export interface TabAuthOptions {
  /** Undefined: no Teams sign-in is set up (TAB_SSO_CLIENT_ID). */
  sso?: SsoSettings;
  /** Undefined: no dev sign-in (whenever BOT_ID is set or NODE_ENV=production). */
  devSecret?: Uint8Array | string;
  directory: () => Directory;
  now: () => Date;
  log: Logger;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TabAuth {
  private readonly jwks: ReturnType<typeof jose.createRemoteJWKSet> | undefined;
  private readonly devKey: Uint8Array | undefined;

  constructor(private readonly options: TabAuthOptions) {
    // Keys are fetched on first use and cached; an unknown key id fetches again (key rotation), at most every 30 s.
    this.jwks = options.sso ? jose.createRemoteJWKSet(new URL(options.sso.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 }) : undefined;
    // A key of its own, derived from the link secret, so a sign-in can never pass as a download link or the other way round.
    this.devKey = options.devSecret === undefined ? undefined : createHmac('sha256', options.devSecret).update('tryggmeld dev sign-in').digest();
  }

  get ssoConfigured(): boolean {
    return this.jwks !== undefined;
  }

  get devSignIn(): boolean {
    return this.devKey !== undefined;
  }

  /** A local sign-in for a person in the directory. Only without BOT_ID. */
  async devToken(personId: string): Promise<string> {
    if (!this.devKey) throw new Error('dev sign-in is off');
    const now = Math.floor(this.options.now().getTime() / 1000);
    return new jose.SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(personId)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + DEV_MINUTES * 60)
      .sign(this.devKey);
  }

  /** The person behind an `Authorization: Bearer` header. */
  async authenticate(authorization: string | undefined): Promise<Authenticated> {
    const m = /^Bearer\s+([A-Za-z0-9_\-.]+)$/.exec(authorization?.trim() ?? '');
    if (!m) return { ok: false, status: 401, reason: 'missing' };
    const token = m[1]!;
    let alg: string | undefined;
    try {
      alg = jose.decodeProtectedHeader(token).alg;
    } catch {
      return { ok: false, status: 401, reason: 'invalid' };
    }
    const personId = alg === 'HS256' && this.devKey ? await this.verifyDev(token) : await this.verifySso(token);
    if (typeof personId !== 'string') return personId;
    if (!isKnownPerson(this.options.directory(), personId)) return { ok: false, status: 403, reason: 'notInDirectory' };
    return { ok: true, personId, via: alg === 'HS256' ? 'dev' : 'sso' };
  }

  private async verifyDev(token: string): Promise<string | Authenticated> {
    try {
      const { payload } = await jose.jwtVerify(token, this.devKey!, { algorithms: ['HS256'], audience: DEV_AUDIENCE, currentDate: this.options.now(), requiredClaims: ['sub', 'exp'] });
      return payload.sub!.toLowerCase();
    } catch (err) {
      return { ok: false, status: 401, reason: err instanceof jose.errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }

  private async verifySso(token: string): Promise<string | Authenticated> {
    const sso = this.options.sso;
    if (!sso || !this.jwks) return { ok: false, status: 401, reason: 'invalid' };
    try {
      const { payload } = await jose.jwtVerify(token, this.jwks, {
        algorithms: ['RS256'],
        issuer: sso.issuers,
        audience: sso.audiences,
        currentDate: this.options.now(),
        clockTolerance: 60,
        requiredClaims: ['exp', 'iat', 'oid', 'tid'],
      });
      const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
      const oid = payload.oid;
      if (payload.tid !== sso.tenantId || !scopes.includes(SSO_SCOPE) || typeof oid !== 'string' || !GUID.test(oid)) {
        this.options.log.info('tab.token_refused', { reason: 'claims', tenant: payload.tid === sso.tenantId, scope: scopes.includes(SSO_SCOPE) });
        return { ok: false, status: 401, reason: 'invalid' };
      }
      return oid.toLowerCase();
    } catch (err) {
      if (err instanceof jose.errors.JWTExpired) return { ok: false, status: 401, reason: 'expired' };
      // The key endpoint down or slow is not the caller's fault: 503, and a retry may pass.
      const keysDown =
        err instanceof jose.errors.JWKSTimeout || err instanceof jose.errors.JWKSInvalid || !(err instanceof jose.errors.JOSEError) || /^Expected 200 OK/.test((err as Error).message);
      this.options.log.info('tab.token_refused', { reason: keysDown ? 'keysUnavailable' : (err as jose.errors.JOSEError).code, error: String((err as Error).message).slice(0, 200) });
      return keysDown ? { ok: false, status: 503, reason: 'keysUnavailable' } : { ok: false, status: 401, reason: 'invalid' };
    }
  }
}
