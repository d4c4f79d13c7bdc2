/**
 * The adapter keeps one ConnectorClient per bot, service URL and audience
 * (src/teams/connector-clients.ts) instead of building one for every turn.
 */
import type { TurnContext } from 'botbuilder';
import { createAdapter } from '../../src/teams/adapter';

describe('connector clients', () => {
  const adapter = createAdapter(null);
  const reference = (serviceUrl: string) => ({
    channelId: 'msteams',
    serviceUrl,
    bot: { id: '28:bot', name: 'TryggMeld' },
    conversation: { id: 'a:chat', isGroup: false, conversationType: 'personal', name: '' },
  });
  const clientsOfATurn = async (serviceUrl: string) => {
    let seen: { connector: unknown; token: unknown } | undefined;
    await adapter.continueConversationAsync('', reference(serviceUrl), async (ctx: TurnContext) => {
      seen = { connector: ctx.turnState.get(adapter.ConnectorClientKey), token: ctx.turnState.get(adapter.UserTokenClientKey) };
    });
    return seen!;
  };

  it('are the same for every turn with the same service URL, and another for another', async () => {
    const first = await clientsOfATurn('http://127.0.0.1:9/a/');
    const again = await clientsOfATurn('http://127.0.0.1:9/a/');
    const other = await clientsOfATurn('http://127.0.0.1:9/b/');
    expect(first.connector).toBeDefined();
    expect(again.connector).toBe(first.connector);
    expect(other.connector).not.toBe(first.connector);
    expect(again.token).toBe(first.token);
    expect((other.connector as { baseUri?: string }).baseUri ?? JSON.stringify(other.connector)).toContain('/b/');
  });
});
