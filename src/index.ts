/**
 * The composition root: read the configuration, open the store, build the
 * bot and the dispatcher, serve HTTP. `startTryggMeld` is what the process
 * entry below and the integration tests both run.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'restify';
import { createCases } from './cases';
import { ConfigError } from './config/config-error';
import { loadConfig, type Config } from './config/load-config';
import { ContactStore } from './core/contacts';
import { AuditTrail } from './core/audit';
import type { CoreContext } from './core/context';
import { sourceFor, type DirectorySource } from './core/directory-source';
import { createCosmosClient } from './core/cosmos/client';
import { openContainers, type Containers } from './core/cosmos/database';
import { startEmbeddedCosmos, type EmbeddedCosmos } from './core/cosmos/embedded';
import { Dispatcher } from './core/dispatcher';
import { Downloads, LinkSigner } from './core/downloads';
import { durationMs } from './core/duration';
import { createLogger, type Logger } from './core/log';
import { jobRunner, scheduleJobs } from './core/recurring';
import { Registry } from './core/registry';
import { WorkStore } from './core/work-store';
import { createDirectory, type DirectoryFeature, type TokenProvider } from './directory';
import { createFollowUp } from './follow-up';
import { createTasks } from './tasks';
import { createInsight, tabDeepLink } from './insight';
import { createInspection } from './inspection';
import { createRisk } from './risk';
import { createRoutines } from './routines';
import { createTraining } from './training';
import { createWelcome } from './welcome';
import { createRegister } from './register';
import { createPrivacy } from './privacy';
import { createServer, type MessagesHandler } from './server';
import { createAdapter } from './teams/adapter';
import { createTeamsApp } from './teams/app';
import { Messenger } from './teams/messenger';
import { messagesEndpoint } from './teams/messages-endpoint';
import { TeamsRateLimiter } from './teams/rate-limiter';
import type { CaseStore } from './cases/store';
import { mountWeb, ssoSettings, TabAuth, type WebDeps } from './web';

export interface StartOptions {
  log?: Logger;
  now?: () => Date;
  /** The Graph token instead of the managed identity's (DIRECTORY_SOURCE=graph; tests). */
  graphToken?: TokenProvider;
  /**
   * Runs once the store is open, before the bot takes activities and the
   * dispatcher starts: `npm run local` loads its saved local data here.
   */
  beforeStart?: (containers: Containers) => Promise<void>;
}

export interface RunningBot {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  containers: Containers;
  cases: CaseStore;
  work: WorkStore;
  conversations: ContactStore;
  dispatcher: Dispatcher;
  registry: Registry;
  /** The directory in use, and the feature that keeps it current. */
  directory: DirectorySource;
  directoryFeature: DirectoryFeature;
  audit: AuditTrail;
  downloads: Downloads;
  /** The embedded store's endpoint, when it runs. */
  cosmosEndpoint: string;
  stop(): Promise<void>;
}

export async function startTryggMeld(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const { env, schedule } = config;
  const log = options.log ?? createLogger({ instance: env.instanceId });
  const now = options.now ?? (() => new Date());
  for (const warning of config.warnings ?? []) log.warn('config.warning', { warning });
  // The directory in use: read at use time everywhere, since a synchronisation may replace it.
  const directory = sourceFor(config.directory, now());

  let ready = false;
  let messages: MessagesHandler | undefined;
  let web: WebDeps | undefined;
  let containers: Containers | undefined;
  const server: Server = createServer({
    log,
    messages: () => messages,
    isReady: async () => {
      if (!ready || !containers || !directory.status.loaded) return false;
      await containers.cases.read();
      return true;
    },
    details: () => ({
      directory: { source: directory.status.origin, version: directory.status.version, syncedAt: directory.status.syncedAt ?? null, ageSeconds: directory.ageSeconds(now()) ?? null, ...(directory.status.lastError ? { lastError: directory.status.lastError } : {}) },
    }),
  });
  mountWeb(server, () => web);

  // Listen first: /healthz answers while the store is being opened, /readyz says 503 until it is.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.port, () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  let embedded: EmbeddedCosmos | undefined;
  if (!env.cosmos.endpoint) embedded = await startEmbeddedCosmos(0, log);
  const client = createCosmosClient(
    embedded
      ? { endpoint: embedded.endpoint, tokenProvider: embedded.tokenProvider, tlsInsecure: true, httpClient: embedded.httpClient }
      : { endpoint: env.cosmos.endpoint!, key: env.cosmos.key, clientId: env.cosmos.clientId, tlsInsecure: env.cosmos.tlsInsecure },
  );
  containers = await openContainers(client, env.cosmos.database);
  await options.beforeStart?.(containers);
  const work = new WorkStore(containers.cases);
  const contacts = new ContactStore(containers.conversations);

  const adapter = createAdapter(env.bot, { teamsTimeoutMs: env.teamsTimeoutMs });
  const botAppId = env.bot?.appId ?? '';
  const limiter = new TeamsRateLimiter();
  const messenger = new Messenger({
    adapter,
    botAppId,
    conversations: contacts,
    tenantId: config.directory.tenantId,
    defaultServiceUrl: env.teamsServiceUrl,
    now,
    throttle: (conversationId) => limiter.acquire(conversationId),
    callTimeoutMs: env.teamsTimeoutMs,
  });
  // The tab and download links (src/web/). Locally the link secret is this process's own; with BOT_ID
  // the configuration must give one that every instance shares (config/environment.ts insists).
  const publicUrl = env.web.publicUrl ?? `http://127.0.0.1:${port}`;
  const linkSecret = env.web.linkSecret ?? randomBytes(32);
  const registry = new Registry();
  // Openings of a case are counted per window of the schedule's retention.viewAuditWindow (core/audit.ts).
  const audit = new AuditTrail(containers.audit, now, { log, viewWindowMs: () => durationMs(schedule.retention.viewAuditWindow) });
  const downloads = new Downloads({ signer: new LinkSigner(linkSecret, env.web.linkMinutes * 60_000, now), audit, kind: (name) => registry.download(name), baseUrl: () => publicUrl, log });
  const core: CoreContext = {
    get directory() {
      return directory.current;
    },
    schedule,
    timeZone: env.timeZone,
    now,
    log,
    containers,
    work,
    contacts,
    outbound: messenger,
    downloads,
    audit,
    onWorkStored: (stored) => dispatcher.nudge(stored),
  };

  // The features: each is its folder and one line here.
  const cases = registry.add(createCases(core));
  const followUp = registry.add(createFollowUp(core, cases));
  followUp.setReminderGate(registry.add(createTasks(core)).reminderGate);
  // The prevention cards' tab button: in Teams a deep link to the app's tab (TEAMS_APP_ID); locally the page (dev sign-in); else none.
  const preventionTab = env.teamsAppId ? tabDeepLink(env.teamsAppId) : env.bot ? undefined : `${publicUrl}/tab`;
  const risk = registry.add(createRisk(core, { cases, followUp }, { tabUrl: preventionTab ? () => preventionTab : undefined }));
  registry.add(createInsight(core, cases, { teamsAppId: env.teamsAppId, localTabUrl: env.bot ? undefined : `${publicUrl}/tab`, lastRiskReview: async (schoolId) => (await risk.assessmentOf(schoolId))?.lastReview?.at }));
  const training = registry.add(createTraining(core, { risk }, { tabUrl: preventionTab }));
  const routines = registry.add(createRoutines(core));
  registry.add(createInspection(core, { cases, risk, training, routines }));
  const directoryFeature = registry.add(
    createDirectory(core, {
      setup: config.directory,
      source: directory,
      instanceId: env.instanceId,
      clientId: env.cosmos.clientId,
      graphToken: options.graphToken,
      onRolesRemoved: async (ids) => void (await followUp.handOverReminders(ids)),
    }),
  );
  registry.add(createRegister(core, cases));
  registry.add(createPrivacy(core, cases));
  // Last among the features: its `hjelp` card reads every command registered.
  registry.add(createWelcome(core, registry, routines));
  registry.add({ name: 'calendar', work: { 'job.run': jobRunner(core, () => registry.jobs) } });

  const dispatcher: Dispatcher = new Dispatcher({
    store: work,
    handlers: registry.work,
    instanceId: env.instanceId,
    intervalMs: env.dispatchIntervalMs,
    idleIntervalMs: env.dispatchIdleIntervalMs,
    leaseMs: env.dispatchLeaseMs,
    log,
    now,
  });
  const app = createTeamsApp(adapter, botAppId, {
    registry,
    get directory() {
      return directory.current;
    },
    contacts,
    log,
    now,
  });
  messages = messagesEndpoint(adapter, (context) => app.run(context), log);
  const sso = env.web.sso;
  const auth = new TabAuth({
    sso: sso.clientId ? ssoSettings({ ...sso, clientId: sso.clientId, tenantId: directory.tenantId, publicUrl }) : undefined,
    // The dev sign-in exists only locally: never with BOT_ID or in production.
    devSecret: env.bot || env.production ? undefined : linkSecret,
    directory: () => core.directory,
    now,
    log,
  });
  web = { registry, directory: () => core.directory, downloads, auth, timeZone: env.timeZone, now, log };

  ready = true;
  dispatcher.start();
  await directoryFeature.start();
  await scheduleJobs(core, registry.jobs);
  log.info('server.started', {
    port,
    mode: env.bot ? 'bot-framework' : 'local',
    store: embedded ? 'embedded' : 'cosmos',
    directory: directory.status.origin,
    schools: directory.current.schools.length,
    features: registry.features.map((f) => f.name),
    tab: { publicUrl, sso: auth.ssoConfigured, devSignIn: auth.devSignIn },
    dispatchIntervalMs: env.dispatchIntervalMs,
    dispatchIdleIntervalMs: env.dispatchIdleIntervalMs,
  });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      ready = false;
      directoryFeature.stop();
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
    cases: cases.store,
    work,
    conversations: contacts,
    dispatcher,
    registry,
    directory,
    directoryFeature,
    audit,
    downloads,
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
