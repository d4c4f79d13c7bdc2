/**
 * The composition root: read the configuration, open the store, build the
 * bot and the dispatcher, serve HTTP. `startTryggMeld` is what the process
 * entry below and the integration tests both run.
 */
import type { Server } from 'restify';
import { ConfigError } from './config/config-error';
import { loadConfig, type Config } from './config/load-config';
import { Dispatcher } from './dispatch/dispatcher';
import { TeamsRateLimiter } from './dispatch/rate-limiter';
import { checkCluster } from './flows/check-cluster';
import type { FlowContext } from './flows/flow-context';
import { recordUnreachable } from './flows/record-unreachable';
import { ClusterStore } from './store/cluster-store';
import { createLogger, type Logger } from './log';
import { CaseStore } from './store/case-store';
import { ConversationStore } from './store/conversation-store';
import { createCosmosClient } from './store/cosmos-client';
import { CounterStore } from './store/counter-store';
import { openContainers, type Containers } from './store/database';
import { startEmbeddedCosmos, type EmbeddedCosmos } from './store/embedded-cosmos';
import { createAdapter } from './teams/adapter';
import { createTeamsApp } from './teams/app';
import { deliverWork } from './teams/deliver-work';
import { Messenger } from './teams/messenger';
import { messagesEndpoint } from './teams/messages-endpoint';
import { createServer, type MessagesHandler } from './server';

export interface StartOptions {
  log?: Logger;
  now?: () => Date;
}

export interface RunningBot {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  containers: Containers;
  cases: CaseStore;
  conversations: ConversationStore;
  dispatcher: Dispatcher;
  /** The embedded store's endpoint, when it runs. */
  cosmosEndpoint: string;
  stop(): Promise<void>;
}

export async function startTryggMeld(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const { env, directory, schedule } = config;
  const log = options.log ?? createLogger({ instance: env.instanceId });
  const now = options.now ?? (() => new Date());

  let ready = false;
  let messages: MessagesHandler | undefined;
  let containers: Containers | undefined;
  const server: Server = createServer({
    log,
    messages: () => messages,
    isReady: async () => {
      if (!ready || !containers) return false;
      await containers.cases.read();
      return true;
    },
  });

  // Listen first: /healthz answers while the store is being opened, /readyz says 503 until it is.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.port, () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  let embedded: EmbeddedCosmos | undefined;
  if (!env.cosmos.endpoint) embedded = await startEmbeddedCosmos();
  const client = createCosmosClient(
    embedded
      ? { endpoint: embedded.endpoint, key: embedded.key, tlsInsecure: true, httpClient: embedded.httpClient }
      : { endpoint: env.cosmos.endpoint!, key: env.cosmos.key, clientId: env.cosmos.clientId, tlsInsecure: env.cosmos.tlsInsecure },
  );
  containers = await openContainers(client, env.cosmos.database);
  const cases = new CaseStore(containers.cases);
  const conversations = new ConversationStore(containers.conversations);
  const counters = new CounterStore(containers.counters);

  const adapter = createAdapter(env.bot);
  const botAppId = env.bot?.appId ?? '';
  const clusters = new ClusterStore(containers.cases);
  const limiter = new TeamsRateLimiter();
  const messenger = new Messenger({
    adapter,
    botAppId,
    conversations,
    tenantId: directory.tenantId,
    defaultServiceUrl: env.teamsServiceUrl,
    now,
    throttle: (conversationId) => limiter.acquire(conversationId),
  });
  const nudge = () => dispatcher.nudge();
  const flow: FlowContext = { directory, schedule, timeZone: env.timeZone, cases, now, onWorkStored: nudge };
  const send = deliverWork({ ...flow, conversations, messenger });
  const dispatcher: Dispatcher = new Dispatcher({
    cases,
    handle: async (item) => {
      // A cluster check tells nobody by itself; it may store alerts, which are sent like any work.
      if (item.kind !== 'cluster.check') return send(item);
      await checkCluster({ ...flow, clusters, log }, item.schoolId!);
      return { kind: 'done' };
    },
    onUndeliverable: (item) => recordUnreachable({ ...flow, log }, item),
    instanceId: env.instanceId,
    intervalMs: env.dispatchIntervalMs,
    leaseMs: env.dispatchLeaseMs,
    log,
    now,
  });
  const app = createTeamsApp(adapter, botAppId, { ...flow, counters, conversations, log, onWorkStored: nudge });
  messages = messagesEndpoint(adapter, (context) => app.run(context), log);

  ready = true;
  dispatcher.start();
  log.info('server.started', {
    port,
    mode: env.bot ? 'bot-framework' : 'local',
    store: embedded ? 'embedded' : 'cosmos',
    schools: directory.schools.length,
    dispatchIntervalMs: env.dispatchIntervalMs,
  });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      ready = false;
      await dispatcher.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      client.dispose();
      await embedded?.close();
      log.info('server.stopped', {});
    })());

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    containers,
    cases,
    conversations,
    dispatcher,
    cosmosEndpoint: embedded?.endpoint ?? env.cosmos.endpoint!,
    stop,
  };
}

async function main(): Promise<void> {
  const log = createLogger();
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      log.error('config.invalid', { problems: err.problems });
      process.stderr.write(`TryggMeld cannot start.\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  process.on('unhandledRejection', (reason) => log.error('process.unhandled_rejection', { error: String(reason).slice(0, 1000) }));
  let running: RunningBot;
  try {
    running = await startTryggMeld(config, { log: createLogger({ instance: config.env.instanceId }) });
  } catch (err) {
    // The store unreachable, refused (403) or without its containers: said once, findable in the logs.
    log.error('server.start_failed', { error: String((err as Error)?.message ?? err).slice(0, 1000) });
    process.stderr.write(`TryggMeld failed to start: ${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info('server.stopping', { signal });
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`TryggMeld failed to start: ${String(err?.stack ?? err)}\n`);
    process.exit(1);
  });
}
