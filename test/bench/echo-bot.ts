/**
 * The bench's yardstick: a bare bot on the same stack as TryggMeld (restify
 * with its body parser, the teams-ai TeamsAdapter, botbuilder's turn
 * pipeline, no credentials as in local mode) that answers every invoke with
 * one fixed card, and stores nothing.
 */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import * as restify from 'restify';

const CARD = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Takk. Hendelsen er meldt.', weight: 'Bolder', wrap: true },
    { type: 'TextBlock', text: 'VT-2026-0001', wrap: true },
  ],
};

export async function startEchoBot(): Promise<{ url: string; stop(): Promise<void> }> {
  const adapter = new TeamsAdapter({});
  const server = restify.createServer({ name: 'echo', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }));
  const logic = async (context: TurnContext) => {
    if (context.activity.type === 'invoke') {
      await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: CARD } } });
    }
  };
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, logic);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
