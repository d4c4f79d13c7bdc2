/**
 * The Teams edge refuses what is not a 1:1 chat in Teams in the directory's
 * tenant: other channels, activities without a tenant, group chats and
 * channels; a card action without a value is a bad request; with BOT_ID an
 * unsigned or badly signed token is 401, never a 500.
 */
import { createSign, generateKeyPairSync } from 'node:crypto';
import { startHarness, textsOf, type Harness } from '../support/harness';
import { todayInOslo } from '../support/case-flow';
import { P, TENANT } from '../support/people';

const report = (clientRequestId: string) => ({ date: todayInOslo(), location: 'gym', types: 'threat', severity: 'serious', description: 'Truet i gangen.', clientRequestId });

describe('the Teams edge', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.user(P.rune).install();
  });
  afterAll(() => h.stop());

  it('refuses a channel other than msteams, and an activity without a tenant, and tells or stores nothing', async () => {
    const rune = h.user(P.rune);
    const sent = h.teams.activities.length;
    const directline = { ...rune.activity({ type: 'message', text: 'saker' }), channelId: 'directline', channelData: {}, conversation: { id: 'dl-1' } };
    expect((await rune.post(directline)).status).toBe(403);
    const noTenant = { ...rune.activity({ type: 'message', text: 'saker' }), channelData: {}, conversation: { id: rune.conversationId, conversationType: 'personal' } };
    expect((await rune.post(noTenant)).status).toBe(403);
    const tina = h.user(P.tina);
    const invoke = tina.activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'incident.submit', data: report('9f1c0d7e-1111-4222-8333-000000000001') } } });
    expect((await tina.post({ ...invoke, channelId: 'webchat' })).status).toBe(403);
    expect((await tina.post({ ...invoke, channelData: {}, conversation: { id: tina.conversationId } })).status).toBe(403);
    expect(await h.caseCount()).toBe(0);
    expect(h.teams.activities.length).toBe(sent);
  });

  it('never creates, shows or lists a case from a group chat or a channel', async () => {
    const tina = h.user(P.tina);
    const rune = h.user(P.rune);
    const sent = h.teams.activities.length;
    for (const [i, conversation] of [
      { id: '19:group@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TENANT },
      { id: '19:channel@thread.tacv2', conversationType: 'channel', isGroup: true, tenantId: TENANT },
    ].entries()) {
      const submit = await tina.post(tina.activity({ type: 'invoke', name: 'adaptiveCard/action', conversation, value: { action: { type: 'Action.Execute', verb: 'incident.submit', data: report(`9f1c0d7e-1111-4222-8333-00000000001${i}`) } } }));
      expect(submit.status).toBe(200);
      expect(textsOf(submit.body.value).join(' ')).toContain('privat chat');
      const list = await rune.post(rune.activity({ type: 'invoke', name: 'adaptiveCard/action', conversation, value: { action: { type: 'Action.Execute', verb: 'cases.list', data: { scope: 'school' } } } }));
      expect(textsOf(list.body.value).join(' ')).toContain('privat chat');
    }
    expect(await h.caseCount()).toBe(0);
    // Nothing was written into the group or the channel.
    expect(h.teams.activities.slice(sent).filter((a) => a.conversationId.startsWith('19:'))).toEqual([]);
  });

  it('answers an adaptiveCard/action without a value with 400', async () => {
    const tina = h.user(P.tina);
    expect((await tina.post(tina.activity({ type: 'invoke', name: 'adaptiveCard/action' }))).status).toBe(400);
    expect((await tina.post(tina.activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute' } } }))).status).toBe(400);
    expect(h.logs.some((l) => l.includes('"level":"error"'))).toBe(false);
  });
});

describe('the Teams edge with BOT_ID set', () => {
  const BOT_ID = '11111111-2222-3333-4444-555555555555';
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ BOT_ID, BOT_PASSWORD: 'not-a-real-secret', PUBLIC_URL: 'https://tryggmeld.example', DOWNLOAD_LINK_SECRET: 'k'.repeat(40) });
  });
  afterAll(() => h.stop());

  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = { iss: 'https://api.botframework.com', aud: BOT_ID, serviceurl: 'http://127.0.0.1:1/', nbf: Math.floor(Date.now() / 1000) - 60, exp: Math.floor(Date.now() / 1000) + 3600 };

  it('answers an unsigned (alg none) and a badly signed token with 401, logging no stack trace, and stores nothing', async () => {
    const tina = h.user(P.tina);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT', kid: 'x' })}.${b64(claims)}.`;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const head = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'not-a-bot-framework-key' })}.${b64(claims)}`;
    const badlySigned = `${head}.${createSign('RSA-SHA256').update(head).sign(privateKey).toString('base64url')}`;
    for (const token of [unsigned, badlySigned, `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.c2ln`]) {
      const res = await tina.post(tina.activity({ type: 'message', text: 'meld' }), { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
    }
    expect(h.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
    expect(h.logs.some((l) => l.includes('"event":"http.unauthorized"'))).toBe(true);
    expect(await h.caseCount()).toBe(0);
    expect(h.teams.activities).toHaveLength(0);
  });
});
