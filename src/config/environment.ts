/** The process environment (CONTRACT.md "Configuration"), parsed once at start-up. */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isValidTimeZone } from '../core/clock';
import { ConfigError } from './config-error';
import { DEMO_DIRECTORY_FILE } from './project-root';

export type BotType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export interface BotCredentials {
  appId: string;
  password?: string;
  tenantId?: string;
  type: BotType;
}

export interface Environment {
  port: number;
  production: boolean;
  /** null: local mode, no token checks (the Agents Playground sends none). */
  bot: BotCredentials | null;
  cosmos: {
    /** undefined: start the embedded Cosmos-compatible store in this process (a thread of its own). */
    endpoint?: string;
    /** undefined with an endpoint: Entra ID (managed identity). */
    key?: string;
    /** The user-assigned managed identity to sign in as (AZURE_CLIENT_ID). */
    clientId?: string;
    database: string;
    tlsInsecure: boolean;
  };
  directoryFile: string;
  /** Where the directory comes from: DIRECTORY_FILE, or Entra ID through Microsoft Graph (DIRECTORY_MAPPING_FILE says which groups). */
  directorySource: 'file' | 'graph';
  directoryMappingFile?: string;
  /** Microsoft Graph's base URL (tests point it at a fake). */
  graphBaseUrl: string;
  scheduleFile?: string;
  dispatchIntervalMs: number;
  /** How long a claim on due work lasts before another instance may take it over. */
  dispatchLeaseMs: number;
  /** Between looks for due work while none is due (at least dispatchIntervalMs); what falls due before then is seen and woken for. */
  dispatchIdleIntervalMs: number;
  timeZone: string;
  /** Where to open new 1:1 chats before any activity has told us the tenant's service URL. */
  teamsServiceUrl: string;
  /** Names this process in leases and logs. */
  instanceId: string;
  /** The time limit of every call to Teams (connect and answer). */
  teamsTimeoutMs: number;
  /** The Teams app's id (manifest `id`): deep links to the app's tab. */
  teamsAppId?: string;
  /** The tab and the download links (src/web/). */
  web: WebSettings;
}

export interface WebSettings {
  /** Where people reach this server (https://host), no trailing slash; undefined locally: http://localhost:<port>. */
  publicUrl?: string;
  /** Signs download links (and local sign-ins); undefined locally: a random one per process. */
  linkSecret?: string;
  linkMinutes: number;
  /** The Entra app the tab's single sign-on asks a token for; without a client id the tab accepts no Teams sign-in. */
  sso: {
    clientId?: string;
    /** Default api://<host of publicUrl>/<clientId>. */
    appIdUri?: string;
    /** Default: the tenant's keys at login.microsoftonline.com. */
    jwksUrl?: string;
    /** Default: the tenant's v2.0 and v1 issuers. */
    issuers?: string[];
  };
}

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = z.preprocess(blank, z.string().trim().optional());
const wholeNumber = (min: number, max: number, fallback: number) =>
  z.preprocess(
    blank,
    z.coerce
      .number({ invalid_type_error: 'must be a whole number' })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );

const schema = z.object({
  PORT: wholeNumber(0, 65535, 3978),
  NODE_ENV: optionalText,
  BOT_ID: optionalText,
  BOT_PASSWORD: optionalText,
  BOT_TENANT_ID: optionalText,
  BOT_TYPE: z.preprocess(blank, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
  COSMOS_ENDPOINT: z.preprocess(blank, z.string().url('must be a URL such as https://<account>.documents.azure.com:443/').optional()),
  COSMOS_KEY: optionalText,
  AZURE_CLIENT_ID: optionalText,
  COSMOS_DATABASE: z.preprocess(blank, z.string().regex(/^[A-Za-z0-9-_]{1,255}$/, 'must be letters, digits, - or _').default('tryggmeld')),
  COSMOS_TLS_INSECURE: z.preprocess(blank, z.enum(['0', '1'], { message: 'must be 0 or 1' }).default('0')),
  DIRECTORY_FILE: optionalText,
  DIRECTORY_SOURCE: z.preprocess(blank, z.enum(['file', 'graph'], { message: 'must be file or graph' }).default('file')),
  DIRECTORY_MAPPING_FILE: optionalText,
  GRAPH_BASE_URL: z.preprocess(blank, z.string().url('must be a URL such as https://graph.microsoft.com/v1.0').default('https://graph.microsoft.com/v1.0')),
  SCHEDULE_FILE: optionalText,
  DISPATCH_INTERVAL_MS: wholeNumber(50, 60000, 2000),
  DISPATCH_LEASE_MS: wholeNumber(1000, 600000, 60000),
  // 0 (unset): 15000, or DISPATCH_INTERVAL_MS when that is set (who sets how often to look gets it).
  DISPATCH_IDLE_INTERVAL_MS: wholeNumber(0, 600000, 0),
  TZ_NAME: z.preprocess(blank, z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Oslo').default('Europe/Oslo')),
  TEAMS_SERVICE_URL: z.preprocess(blank, z.string().url('must be a URL').optional()),
  INSTANCE_ID: optionalText,
  TEAMS_TIMEOUT_MS: wholeNumber(100, 120000, 15000),
  TEAMS_APP_ID: optionalText,
  PUBLIC_URL: z.preprocess(blank, z.string().url('must be a URL such as https://tryggmeld.azurewebsites.net').optional()),
  DOWNLOAD_LINK_SECRET: z.preprocess(blank, z.string().min(32, 'must be at least 32 characters').optional()),
  DOWNLOAD_LINK_MINUTES: wholeNumber(1, 60, 10),
  TAB_SSO_CLIENT_ID: z.preprocess(blank, z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be the GUID of an Entra app registration (its client id)').optional()),
  TAB_SSO_APP_ID_URI: optionalText,
  TAB_SSO_JWKS_URL: z.preprocess(blank, z.string().url('must be a URL').optional()),
  TAB_SSO_ISSUER: optionalText,
});

/** Every variable this program reads from the environment (infra/ sets them; a test keeps the two in step). */
export const ENVIRONMENT_VARIABLES = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

export function loadEnvironment(env: NodeJS.ProcessEnv): Environment {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  const botType: BotType = e.BOT_TYPE ?? 'MultiTenant';

  if (production) {
    if (!e.BOT_ID) problems.push('BOT_ID: is required when NODE_ENV=production (without it the bot would accept unauthenticated requests)');
    else if (!e.BOT_TYPE) problems.push('BOT_TYPE: is required when NODE_ENV=production: UserAssignedMSI or SingleTenant (Azure no longer creates multi-tenant bots)');
    if (!e.COSMOS_ENDPOINT) problems.push('COSMOS_ENDPOINT: is required when NODE_ENV=production (the embedded store keeps data only in memory)');
    if (e.COSMOS_TLS_INSECURE === '1') problems.push('COSMOS_TLS_INSECURE: 1 is refused when NODE_ENV=production');
    if (e.DIRECTORY_SOURCE === 'file' && !e.DIRECTORY_FILE) problems.push('DIRECTORY_FILE: is required when NODE_ENV=production (the demo directory is for local runs)');
    if (e.DIRECTORY_SOURCE === 'graph' && !e.GRAPH_BASE_URL.startsWith('https://')) problems.push('GRAPH_BASE_URL: must be https when NODE_ENV=production');
  }
  if (e.DIRECTORY_SOURCE === 'graph' && !e.DIRECTORY_MAPPING_FILE) problems.push('DIRECTORY_MAPPING_FILE: is required when DIRECTORY_SOURCE=graph (which Entra groups make the directory)');
  if (e.BOT_ID) {
    if (botType !== 'UserAssignedMSI' && !e.BOT_PASSWORD) problems.push(`BOT_PASSWORD: is required with BOT_ID when BOT_TYPE is ${botType}`);
    if (botType !== 'MultiTenant' && !e.BOT_TENANT_ID) problems.push(`BOT_TENANT_ID: is required when BOT_TYPE is ${botType}`);
  } else if (e.BOT_PASSWORD || e.BOT_TENANT_ID || e.BOT_TYPE) {
    problems.push('BOT_ID: is required when BOT_PASSWORD, BOT_TENANT_ID or BOT_TYPE is set');
  }
  if (e.COSMOS_KEY && !e.COSMOS_ENDPOINT) problems.push('COSMOS_ENDPOINT: is required when COSMOS_KEY is set');
  // With BOT_ID the bot runs for real: links must be signed with a secret every instance shares, and point to the public address.
  if (e.BOT_ID && !e.PUBLIC_URL) problems.push('PUBLIC_URL: is required with BOT_ID (the https address of this app, for the tab and download links)');
  if (e.BOT_ID && !e.DOWNLOAD_LINK_SECRET) problems.push('DOWNLOAD_LINK_SECRET: is required with BOT_ID (at least 32 random characters, the same on every instance)');
  if (production && e.PUBLIC_URL && !e.PUBLIC_URL.startsWith('https://')) problems.push('PUBLIC_URL: must start with https:// when NODE_ENV=production');
  if (!e.TAB_SSO_CLIENT_ID && (e.TAB_SSO_APP_ID_URI || e.TAB_SSO_JWKS_URL || e.TAB_SSO_ISSUER)) problems.push('TAB_SSO_CLIENT_ID: is required when TAB_SSO_APP_ID_URI, TAB_SSO_JWKS_URL or TAB_SSO_ISSUER is set');
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: e.PORT,
    production,
    bot: e.BOT_ID ? { appId: e.BOT_ID, password: e.BOT_PASSWORD, tenantId: e.BOT_TENANT_ID, type: botType } : null,
    cosmos: { endpoint: e.COSMOS_ENDPOINT, key: e.COSMOS_KEY, clientId: e.AZURE_CLIENT_ID, database: e.COSMOS_DATABASE, tlsInsecure: e.COSMOS_TLS_INSECURE === '1' },
    directoryFile: e.DIRECTORY_FILE ?? DEMO_DIRECTORY_FILE,
    directorySource: e.DIRECTORY_SOURCE,
    directoryMappingFile: e.DIRECTORY_MAPPING_FILE,
    graphBaseUrl: e.GRAPH_BASE_URL.replace(/\/+$/, ''),
    scheduleFile: e.SCHEDULE_FILE,
    dispatchIntervalMs: e.DISPATCH_INTERVAL_MS,
    dispatchLeaseMs: e.DISPATCH_LEASE_MS,
    dispatchIdleIntervalMs: Math.max(e.DISPATCH_INTERVAL_MS, e.DISPATCH_IDLE_INTERVAL_MS || (blank(env.DISPATCH_INTERVAL_MS) === undefined ? 15000 : e.DISPATCH_INTERVAL_MS)),
    timeZone: e.TZ_NAME,
    teamsServiceUrl: e.TEAMS_SERVICE_URL ?? (e.BOT_ID ? 'https://smba.trafficmanager.net/teams/' : 'http://localhost:56150/_connector'),
    instanceId: e.INSTANCE_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    teamsTimeoutMs: e.TEAMS_TIMEOUT_MS,
    teamsAppId: e.TEAMS_APP_ID,
    web: {
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
      linkSecret: e.DOWNLOAD_LINK_SECRET,
      linkMinutes: e.DOWNLOAD_LINK_MINUTES,
      sso: {
        clientId: e.TAB_SSO_CLIENT_ID?.toLowerCase(),
        appIdUri: e.TAB_SSO_APP_ID_URI,
        jwksUrl: e.TAB_SSO_JWKS_URL,
        issuers: e.TAB_SSO_ISSUER?.split(',').map((s) => s.trim()).filter((s) => s !== ''),
      },
    },
  };
}
