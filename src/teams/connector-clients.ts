/**
 * botbuilder builds a new ConnectorClient and a new UserTokenClient, each
 * with an HTTP pipeline of its own, for every activity it receives and every
 * proactive call: under load that was about a fifth of a bare bot's CPU per
 * activity, and 7 % of TryggMeld's. Neither holds anything of a turn (the
 * credentials inside cache their token), so the same bot, service URL and
 * audience get the same client for as long as the process runs.
 */
import type { BotFrameworkAuthentication, ClaimsIdentity, ConnectorClient, ConnectorFactory, UserTokenClient } from 'botframework-connector';

/** Service URLs and bot ids are few; the bound only keeps a misbehaving caller from growing the maps. */
const KEPT = 200;

/** The bot's app id of a turn, as botframework-connector reads it: the audience claim, else the app id claim. */
function appIdOf(claims: ClaimsIdentity): string {
  return claims.getClaimValue('aud') ?? claims.getClaimValue('appid') ?? '';
}

function remembered<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    if (cache.size >= KEPT) cache.clear();
    value = make();
    cache.set(key, value);
    // A failure (credentials not available yet) is tried again next time.
    value.catch(() => cache.delete(key));
  }
  return value;
}

/**
 * Clients for replies within a turn and for proactive calls are kept apart:
 * the adapter sets them up differently (BotAdapter.limitTeamsCalls: the SDK's
 * own retries only within a turn), so this wraps what that made.
 */
export function reuseConnectorClients(adapter: object): void {
  const auth = (adapter as { botFrameworkAuthentication?: BotFrameworkAuthentication }).botFrameworkAuthentication;
  if (!auth) throw new Error('botbuilder changed: the adapter has no botFrameworkAuthentication to reuse clients of');
  const forTurns = new Map<string, Promise<ConnectorClient>>();
  const proactive = new Map<string, Promise<ConnectorClient>>();
  const tokens = new Map<string, Promise<UserTokenClient>>();
  const reusing = (cache: Map<string, Promise<ConnectorClient>>, factory: ConnectorFactory, appId: string): ConnectorFactory =>
    ({
      create: (serviceUrl: string, audience?: string) => remembered(cache, `${appId}\n${serviceUrl}\n${audience ?? ''}`, () => factory.create(serviceUrl, audience)),
    }) as ConnectorFactory;

  const createConnectorFactory = auth.createConnectorFactory.bind(auth);
  auth.createConnectorFactory = (claims) => reusing(proactive, createConnectorFactory(claims), appIdOf(claims));
  const authenticateRequest = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    const result = await authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: reusing(forTurns, result.connectorFactory, appIdOf(result.claimsIdentity)) } : result;
  };
  const createUserTokenClient = auth.createUserTokenClient.bind(auth);
  auth.createUserTokenClient = (claims) => remembered(tokens, appIdOf(claims), () => createUserTokenClient(claims));
}
