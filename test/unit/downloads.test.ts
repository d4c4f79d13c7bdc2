/**
 * Signed download links: made for one person, expiring in minutes, checked
 * again against the directory when used; a changed or expired link is 401,
 * another person's link or a person who lost the role 403; every link made
 * and every download is in the audit trail (the real container, in the
 * embedded store).
 */
import { join } from 'node:path';
import * as jose from 'jose';
import { AuditTrail } from '../../src/core/audit';
import { createCosmosClient } from '../../src/core/cosmos/client';
import { openContainers, type Containers } from '../../src/core/cosmos/database';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../src/core/cosmos/embedded';
import type { Directory } from '../../src/core/directory';
import { Downloads, LinkSigner, type DownloadKind, type LinkClaims } from '../../src/core/downloads';
import { silentLogger } from '../../src/core/log';
import { loadDirectory } from '../../src/config/directory-file';
import { registerGrant } from '../../src/register/model';
import { P } from '../support/people';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256!';
const claims: LinkClaims = { personId: P.rune, kind: 'register', format: 'xlsx', params: { school: 'nordby', from: '2026-08-01', to: '2026-11-26' }, filename: 'register.xlsx', language: 'nb', linkId: 'link-1' };

describe('link signing', () => {
  let now = new Date('2026-11-26T10:00:00Z');
  const signer = new LinkSigner(SECRET, 10 * 60_000, () => now);

  it('carries who it is for, what, and when it ends', async () => {
    const { token, expiresAt } = await signer.sign(claims);
    expect(expiresAt.toISOString()).toBe('2026-11-26T10:10:00.000Z');
    expect(await signer.verify(token)).toEqual({ ok: true, claims, expiresAt });
  });

  it('is expired a second after its minutes', async () => {
    const { token } = await signer.sign(claims);
    now = new Date('2026-11-26T10:09:59Z');
    expect((await signer.verify(token)).ok).toBe(true);
    now = new Date('2026-11-26T10:10:01Z');
    expect(await signer.verify(token)).toEqual({ ok: false, reason: 'expired' });
    now = new Date('2026-11-26T10:00:00Z');
  });

  it('refuses a link changed anywhere: payload, signature, or signed with another secret', async () => {
    const { token } = await signer.sign(claims);
    const [header, payload, signature] = token.split('.');
    const forged = jose.base64url.encode(JSON.stringify({ ...jose.decodeJwt(token), sub: P.ola }));
    expect(await signer.verify(`${header}.${forged}.${signature}`)).toEqual({ ok: false, reason: 'invalid' });
    const flipped = `${signature!.slice(0, 5)}${signature![5] === 'A' ? 'B' : 'A'}${signature!.slice(6)}`;
    expect(await signer.verify(`${header}.${payload}.${flipped}`)).toEqual({ ok: false, reason: 'invalid' });
    const other = new LinkSigner('another-secret-of-the-same-length-for-hs256', 60_000, () => now);
    expect(await other.verify(token)).toEqual({ ok: false, reason: 'invalid' });
    const unsigned = new jose.UnsecuredJWT({ knd: 'register', fmt: 'xlsx', prm: {}, fn: 'x.xlsx', lng: 'nb' }).setSubject(P.rune).setAudience('tryggmeld:download').setJti('x').setExpirationTime('5m').encode();
    expect(await signer.verify(unsigned)).toEqual({ ok: false, reason: 'invalid' });
    expect(await signer.verify('not a token')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('will not sign with a short secret', () => {
    expect(() => new LinkSigner('short', 60_000, () => now)).toThrow(/at least 32 bytes/);
  });
});

describe('downloads', () => {
  let embedded: EmbeddedCosmos;
  let containers: Containers;
  let dispose: () => void;
  let directory: Directory;
  let now: Date;
  let downloads: Downloads;
  let produced = 0;

  /** A kind as a feature registers one: the school's register, for who may have it. */
  const kind: DownloadKind = {
    name: 'register',
    formats: ['csv', 'xlsx'],
    label: () => 'Skaderegister',
    visible: () => true,
    parse: (input) => (typeof input.school === 'string' ? { ok: true, params: { school: input.school } } : { ok: false, problem: 'Velg skole.' }),
    grant: (personId, params) => registerGrant(directory, personId, params.school!),
    filename: ({ params }) => `skaderegister-${params.school}`,
    produce: async ({ params, format }) => {
      produced++;
      return { body: `${format}:${params.school}`, caseIds: ['case-a', 'case-b'] };
    },
  };

  beforeAll(async () => {
    embedded = await startEmbeddedCosmos();
    const client = createCosmosClient({ endpoint: embedded.endpoint, key: embedded.key, tlsInsecure: true });
    dispose = () => client.dispose();
    containers = await openContainers(client, 'downloads-test');
  });
  afterAll(async () => {
    dispose();
    await embedded.close();
  });
  beforeEach(() => {
    directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));
    now = new Date('2026-11-26T10:00:00Z');
    downloads = new Downloads({
      signer: new LinkSigner(SECRET, 5 * 60_000, () => now),
      audit: new AuditTrail(containers.audit, () => now),
      kind: (name) => (name === 'register' ? kind : undefined),
      baseUrl: () => 'https://tryggmeld.example',
      log: silentLogger,
    });
  });

  const link = (personId: string, format: 'csv' | 'xlsx' = 'xlsx', school = 'nordby') =>
    downloads.link({ personId, language: 'nb', kind: 'register', format, input: { school }, today: '2026-11-26', channel: 'chat' });
  const parts = (url: string) => {
    const [, , token, filename] = new URL(url).pathname.split('/');
    return { token: token!, filename: filename! };
  };

  it('makes a link whose path ends in the format, and serves it to its person, both audited', async () => {
    const made = await link(P.rune);
    if (!made.ok) throw new Error('no link');
    expect(new URL(made.url).pathname).toMatch(/^\/downloads\/[\w-]+\.[\w-]+\.[\w-]+\/skaderegister-nordby\.xlsx$/);
    expect(made.expiresAt.toISOString()).toBe('2026-11-26T10:05:00.000Z');
    now = new Date('2026-11-26T10:01:00Z');
    const opened = await downloads.open(parts(made.url));
    expect(opened).toMatchObject({ status: 200, body: 'xlsx:nordby', filename: 'skaderegister-nordby.xlsx', personId: P.rune, contentType: expect.stringContaining('spreadsheetml') });
    const trail = (await new AuditTrail(containers.audit, () => now).ofActor(P.rune)).filter((e) => e.linkId === made.linkId);
    expect(trail.map((e) => [e.action, e.roles, e.schoolIds, e.channel, e.format])).toEqual([
      ['export.download', ['principal'], ['nordby'], 'link', 'xlsx'],
      ['export.link', ['principal'], ['nordby'], 'chat', 'xlsx'],
    ]);
    expect(trail[0]).toMatchObject({ kind: 'register', caseIds: ['case-a', 'case-b'], count: 2, at: '2026-11-26T10:01:00.000Z' });
  });

  it('answers 401 to an expired link and to a changed one, and produces nothing', async () => {
    const made = await link(P.rune);
    if (!made.ok) throw new Error('no link');
    const before = produced;
    now = new Date('2026-11-26T10:05:01Z');
    expect(await downloads.open(parts(made.url))).toEqual({ status: 401, reason: 'expired', language: 'nb' });
    now = new Date('2026-11-26T10:01:00Z');
    const { token, filename } = parts(made.url);
    expect(await downloads.open({ token: token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA'), filename })).toMatchObject({ status: 401, reason: 'invalid' });
    // The same token under another name or extension was changed too.
    expect(await downloads.open({ token, filename: filename.replace('.xlsx', '.csv') })).toMatchObject({ status: 401, reason: 'invalid' });
    expect(produced).toBe(before);
  });

  it("answers 403 to someone presenting another person's link, and records the attempt", async () => {
    const made = await link(P.rune);
    if (!made.ok) throw new Error('no link');
    expect(await downloads.open({ ...parts(made.url), presenterId: P.ola })).toEqual({ status: 403, reason: 'otherPerson', language: 'nb' });
    const attempts = await new AuditTrail(containers.audit, () => now).ofActor(P.ola);
    expect(attempts.find((e) => e.linkId === made.linkId)).toMatchObject({ action: 'export.refused', reason: 'otherPerson' });
    expect((await downloads.open({ ...parts(made.url), presenterId: P.rune })).status).toBe(200);
  });

  it('answers 403 when the person lost the role after the link was made', async () => {
    const made = await link(P.rune);
    if (!made.ok) throw new Error('no link');
    // A directory is replaced, never changed in place (as a sync does it).
    directory = { ...directory, schools: directory.schools.map((s) => (s.id === 'nordby' ? { ...s, principals: [] } : s)) };
    expect(await downloads.open(parts(made.url))).toEqual({ status: 403, reason: 'notAllowed', language: 'nb' });
  });

  it('makes no link for a teacher, nor for another school\'s principal, nor for a bad request', async () => {
    expect(await link(P.tina)).toEqual({ ok: false, status: 403 });
    expect(await link(P.ola, 'csv', 'nordby')).toEqual({ ok: false, status: 403 });
    expect(await downloads.link({ personId: P.rune, language: 'nb', kind: 'register', format: 'xlsx', input: {}, today: '2026-11-26', channel: 'tab' })).toEqual({ ok: false, status: 400, problem: 'Velg skole.' });
    expect(await downloads.link({ personId: P.rune, language: 'nb', kind: 'register', format: 'pdf', input: { school: 'nordby' }, today: '2026-11-26', channel: 'tab' })).toEqual({ ok: false, status: 404 });
    expect(await downloads.link({ personId: P.rune, language: 'nb', kind: 'nothing', format: 'csv', input: { school: 'nordby' }, today: '2026-11-26', channel: 'tab' })).toEqual({ ok: false, status: 404 });
  });

  it('hands out nothing when the download cannot be recorded', async () => {
    const made = await link(P.rune);
    if (!made.ok) throw new Error('no link');
    const broken = new Downloads({
      signer: new LinkSigner(SECRET, 5 * 60_000, () => now),
      audit: new AuditTrail(containers.cases.database.container('no-such-container'), () => now),
      kind: () => kind,
      baseUrl: () => 'https://tryggmeld.example',
      log: silentLogger,
    });
    await expect(broken.open(parts(made.url))).rejects.toThrow();
  });
});
