/**
 * The tab's single sign-on as in production (BOT_ID set, so no dev sign-in):
 * the page's API calls carry an Entra ID token, which the server verifies
 * with jose against a key endpoint. Here that endpoint is a local HTTP server
 * publishing an RS256 key as Entra ID does (JWKS), and the tokens are signed
 * with its private key: a real verification, not a mock.
 */
import { createServer, type Server } from 'node:http';
import * as jose from 'jose';
import { TabAuth, ssoSettings } from '../../src/web/auth';
import { silentLogger } from '../../src/core/log';
import { loadDirectory } from '../../src/config/directory-file';
import { FIXTURE_DIRECTORY, startHarness, type Harness } from '../support/harness';
import { freePort } from '../support/free-port';
import { P, TENANT } from '../support/people';

const CLIENT_ID = '6a1f3c2e-8b4d-4e9a-a0b1-c2d3e4f5a6b7';
const HOST = 'tryggmeld.example';
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;

interface Keys {
  privateKey: jose.KeyLike;
  jwks: { keys: jose.JWK[] };
}

async function keyPair(kid: string): Promise<Keys> {
  const { publicKey, privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  return { privateKey, jwks: { keys: [{ ...(await jose.exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] } };
}

/** A token as Entra ID issues it for the tab (v2.0), with whatever a test wants changed. */
async function token(keys: Keys, claims: Record<string, unknown> = {}, options: { kid?: string; aud?: string; iss?: string; exp?: number; iat?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new jose.SignJWT({ tid: TENANT, oid: P.rune, scp: 'access_as_user', ver: '2.0', name: 'Rune Haugen', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'key-1', typ: 'JWT' })
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? CLIENT_ID)
    .setIssuedAt(options.iat ?? now - 60)
    .setNotBefore(options.iat ?? now - 60)
    .setExpirationTime(options.exp ?? now + 3600)
    .sign(keys.privateKey);
}

describe('the tab with Teams single sign-on', () => {
  let h: Harness;
  let jwksServer: Server;
  let jwksUrl: string;
  let keys: Keys;
  let fetches = 0;

  beforeAll(async () => {
    keys = await keyPair('key-1');
    // (restify replaces ServerResponse.writeHead in this process, so no chaining on it.)
    jwksServer = createServer((req, res) => {
      fetches++;
      res.writeHead(req.url === '/discovery/v2.0/keys' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(req.url === '/discovery/v2.0/keys' ? JSON.stringify(keys.jwks) : '{}');
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwksServer.address() as { port: number }).port}/discovery/v2.0/keys`;
    h = await startHarness({
      BOT_ID: '11111111-2222-3333-4444-555555555555',
      BOT_PASSWORD: 'not-a-real-secret',
      PUBLIC_URL: `https://${HOST}`,
      DOWNLOAD_LINK_SECRET: 'a-shared-secret-of-every-instance-0123456789',
      TAB_SSO_CLIENT_ID: CLIENT_ID,
      TAB_SSO_JWKS_URL: jwksUrl,
    });
  });
  afterAll(async () => {
    await h.stop();
    await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
  });

  const me = (bearer: string) => fetch(`${h.bot.url}/api/tab/me`, { headers: { authorization: `Bearer ${bearer}` } });

  it('answers an API call with a token signed by the key the endpoint publishes', async () => {
    const res = await me(await token(keys));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ personId: P.rune, signedInAs: 'Logget inn som Rune Haugen' });
    expect(fetches).toBe(1);
    // A v1 token names the Application ID URI as its audience and has the v1 issuer.
    expect((await me(await token(keys, { ver: '1.0' }, { aud: `api://${HOST}/${CLIENT_ID}`, iss: `https://sts.windows.net/${TENANT}/` }))).status).toBe(200);
    expect(fetches).toBe(1); // the keys are cached
  });

  it.each([
    ['a wrong audience', () => token(keys, {}, { aud: 'api://someone-else/' + CLIENT_ID })],
    ['another issuer', () => token(keys, {}, { iss: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0' })],
    ['an expired token', () => token(keys, {}, { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 600 })],
    ['another tenant', () => token(keys, { tid: '00000000-0000-0000-0000-000000000000' })],
    ['no access_as_user scope', () => token(keys, { scp: 'User.Read' })],
    ['no object id', () => token(keys, { oid: undefined })],
    ['alg none', async () => new jose.UnsecuredJWT({ tid: TENANT, oid: P.rune, scp: 'access_as_user' }).setIssuer(ISSUER).setAudience(CLIENT_ID).setIssuedAt().setExpirationTime('1h').encode()],
    [
      'a bad signature',
      async () => {
        const [header, payload, signature] = (await token(keys)).split('.');
        return `${header}.${payload}.${signature!.slice(0, 20)}${signature![20] === 'A' ? 'B' : 'A'}${signature!.slice(21)}`;
      },
    ],
    [
      'a payload changed to someone else',
      async () => {
        const [header, , signature] = (await token(keys)).split('.');
        return `${header}.${jose.base64url.encode(JSON.stringify({ tid: TENANT, oid: P.siri, scp: 'access_as_user', iss: ISSUER, aud: CLIENT_ID, exp: 9999999999, iat: 1 }))}.${signature}`;
      },
    ],
    ['a key the endpoint does not publish', async () => token(await keyPair('key-1'))],
    ['an unknown key id', async () => token(await keyPair('rotated-away'), {}, { kid: 'rotated-away' })],
    ['an HS256 token (no dev sign-in with BOT_ID)', async () => new jose.SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(P.rune).setAudience('tryggmeld:dev-sign-in').setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(40)))],
    ['garbage', async () => 'not-a-token'],
  ])('refuses %s with 401', async (_what, make) => {
    const res = await me(await make());
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toBe('Du er ikke logget inn, eller innloggingen er utløpt.');
  });

  it('refuses a valid token of someone who is not in the directory with 403', async () => {
    const res = await me(await token(keys, { oid: P.stranger }));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toBe('Du er ikke satt opp i TryggMeld. Ta kontakt med HMS-seksjonen.');
  });

  it('refuses the dev sign-in: BOT_ID is set', async () => {
    const session = await fetch(`${h.bot.url}/api/tab/dev-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: P.rune }) });
    expect(session.status).toBe(403);
    expect((await fetch(`${h.bot.url}/tab/dev`)).status).toBe(403);
    const page = await (await fetch(`${h.bot.url}/tab?inTeams=1`)).text();
    expect(page).toContain('"devSignIn":false');
    expect(page).toContain('"sso":true');
  });

  it('makes download links on the public address, and serves them to the signed-in person only', async () => {
    const rune = await token(keys);
    const res = await fetch(`${h.bot.url}/api/tab/downloads`, { method: 'POST', headers: { authorization: `Bearer ${rune}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'register', format: 'csv' }) });
    expect(res.status).toBe(200);
    const made = (await res.json()) as { url: string; path: string };
    expect(made.url.startsWith(`https://${HOST}/downloads/`)).toBe(true);
    expect((await fetch(`${h.bot.url}${made.path}`, { headers: { authorization: `Bearer ${rune}` } })).status).toBe(200);
    expect((await fetch(`${h.bot.url}${made.path}`, { headers: { authorization: `Bearer ${await token(keys, { oid: P.ola })}` } })).status).toBe(403);
  });
});

describe('the key endpoint unreachable', () => {
  it('answers 503, not 401: a retry may pass', async () => {
    const directory = loadDirectory(FIXTURE_DIRECTORY);
    const port = await freePort();
    const auth = new TabAuth({
      sso: ssoSettings({ clientId: CLIENT_ID, tenantId: TENANT, publicUrl: `https://${HOST}`, jwksUrl: `http://127.0.0.1:${port}/keys` }),
      directory: () => directory,
      now: () => new Date(),
      log: silentLogger,
    });
    const keys = await keyPair('key-1');
    expect(await auth.authenticate(`Bearer ${await token(keys)}`)).toEqual({ ok: false, status: 503, reason: 'keysUnavailable' });
    expect(await auth.authenticate(undefined)).toEqual({ ok: false, status: 401, reason: 'missing' });
  });
});
