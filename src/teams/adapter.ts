/** The Bot Framework adapter: token checks on with BOT_ID, none in local mode (the Agents Playground sends no token). */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import type { BotFrameworkAuthentication, ConnectorClient, ConnectorFactory } from 'botframework-connector';
import type { BotCredentials } from '../config/environment';
import { reuseConnectorClients } from './connector-clients';

/** TeamsAdapter with its authenticate-and-run step exposed, so the HTTP layer is ours (see messages-endpoint). */
export class BotAdapter extends TeamsAdapter {
  authenticateAndRun(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }

  /**
   * Every call to Teams through this adapter (replies in a turn, proactive
   * sends and updates, opening chats) gets a time limit for connecting and
   * answering. Proactive calls (the dispatcher's) also lose the SDK's own
   * retries: it would retry 429s and 5xx out of sight, and after our time
   * limit send a message we have already counted as failed; the dispatcher
   * retries instead, with its own backoff and Retry-After. A reply within a
   * turn has nobody else to retry it, so it keeps the SDK's retries.
   */
  limitTeamsCalls(timeoutMs: number): void {
    const auth = (this as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication }).botFrameworkAuthentication;
    const limited = (factory: ConnectorFactory, retries: boolean): ConnectorFactory =>
      ({ create: async (serviceUrl: string, audience?: string) => limitCalls(await factory.create(serviceUrl, audience), timeoutMs, retries) }) as ConnectorFactory;
    const createConnectorFactory = auth.createConnectorFactory.bind(auth);
    auth.createConnectorFactory = (claims) => limited(createConnectorFactory(claims), false);
    const authenticateRequest = auth.authenticateRequest.bind(auth);
    auth.authenticateRequest = async (activity, authHeader) => {
      const result = await authenticateRequest(activity, authHeader);
      return result.connectorFactory ? { ...result, connectorFactory: limited(result.connectorFactory, true) } : result;
    };
  }
}

/** The part of @azure/core-rest-pipeline's Pipeline used here. */
interface PipelineLike {
  removePolicy(options: { phase?: string; name?: string }): unknown;
  addPolicy(policy: { name: string; sendRequest(request: { timeout: number }, next: (request: unknown) => Promise<unknown>): Promise<unknown> }): void;
  getOrderedPolicies(): { name: string }[];
}

const TIME_LIMIT_POLICY = 'tryggmeldTimeLimit';

function limitCalls(client: ConnectorClient, timeoutMs: number, retries: boolean): ConnectorClient {
  // ConnectorClient keeps its @azure/core-client ServiceClient in a private field; test/integration/delivery.test.ts fails if that changes.
  const pipeline = (client as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
  if (!pipeline) throw new Error('botframework-connector changed: no request pipeline to put a time limit on');
  if (pipeline.getOrderedPolicies().some((p) => p.name === TIME_LIMIT_POLICY)) return client;
  if (!retries) pipeline.removePolicy({ phase: 'Retry' });
  pipeline.addPolicy({
    name: TIME_LIMIT_POLICY,
    sendRequest: (request, next) => {
      // Aborts a request that has not been answered in time (connect and answer).
      request.timeout = timeoutMs;
      return next(request);
    },
  });
  return client;
}

export function createAdapter(bot: BotCredentials | null, options: { teamsTimeoutMs: number } = { teamsTimeoutMs: 15_000 }): BotAdapter {
  const adapter = bot
    ? new BotAdapter({
        MicrosoftAppId: bot.appId,
        MicrosoftAppPassword: bot.password ?? '',
        MicrosoftAppType: bot.type,
        MicrosoftAppTenantId: bot.tenantId ?? '',
      })
    : new BotAdapter({});
  adapter.limitTeamsCalls(options.teamsTimeoutMs);
  // Outside the time limits: the clients kept are the limited ones, for turns and for proactive calls apart.
  reuseConnectorClients(adapter);
  return adapter;
}
