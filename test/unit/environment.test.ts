import { ConfigError } from '../../src/config/config-error';
import { loadEnvironment } from '../../src/config/environment';
import { DEMO_DIRECTORY_FILE } from '../../src/config/project-root';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadEnvironment(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

/** What a real bot (BOT_ID) needs for the tab and download links. */
const WEB = { PUBLIC_URL: 'https://tryggmeld.azurewebsites.net', DOWNLOAD_LINK_SECRET: 'k'.repeat(40) };

const PROD = {
  ...WEB,
  NODE_ENV: 'production',
  BOT_ID: '11111111-2222-3333-4444-555555555555',
  BOT_TYPE: 'UserAssignedMSI',
  BOT_TENANT_ID: '5e1c5c4a-9c7e-4a52-9f1e-2f0b7a1d0001',
  COSMOS_ENDPOINT: 'https://tryggmeld.documents.azure.com:443/',
  DIRECTORY_FILE: '/home/site/config/directory.yaml',
};

describe('environment', () => {
  it('runs locally with nothing set: embedded store, demo directory, no token checks', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({
      port: 3978,
      production: false,
      bot: null,
      cosmos: { endpoint: undefined, key: undefined, database: 'tryggmeld', tlsInsecure: false },
      directoryFile: DEMO_DIRECTORY_FILE,
      dispatchIntervalMs: 2000,
      timeZone: 'Europe/Oslo',
    });
  });

  it('looks for due work every 15 s while none is due, unless told how often to look', () => {
    expect(loadEnvironment({}).dispatchIdleIntervalMs).toBe(15000);
    expect(loadEnvironment({ DISPATCH_INTERVAL_MS: '500' }).dispatchIdleIntervalMs).toBe(500);
    expect(loadEnvironment({ DISPATCH_INTERVAL_MS: '500', DISPATCH_IDLE_INTERVAL_MS: '20000' }).dispatchIdleIntervalMs).toBe(20000);
    // Never more often while idle than while busy.
    expect(loadEnvironment({ DISPATCH_IDLE_INTERVAL_MS: '100' }).dispatchIdleIntervalMs).toBe(2000);
  });

  it('accepts a complete production setting with a managed identity and no secrets', () => {
    const env = loadEnvironment(PROD);
    expect(env.bot).toEqual({ appId: PROD.BOT_ID, password: undefined, tenantId: PROD.BOT_TENANT_ID, type: 'UserAssignedMSI' });
    expect(env.cosmos.key).toBeUndefined();
    expect(env.teamsServiceUrl).toBe('https://smba.trafficmanager.net/teams/');
  });

  it('refuses production without BOT_ID, naming it', () => {
    const { BOT_ID: _, BOT_TYPE: __, BOT_TENANT_ID: ___, ...rest } = PROD;
    expect(problemsOf(rest)).toEqual([expect.stringMatching(/^BOT_ID: is required when NODE_ENV=production/)]);
  });

  it('names every missing production setting at once', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).map((p) => p.split(':')[0])).toEqual(['BOT_ID', 'COSMOS_ENDPOINT', 'DIRECTORY_FILE']);
  });

  it('requires BOT_TYPE in production: Azure creates no new multi-tenant bots', () => {
    const { BOT_TYPE: _, ...rest } = PROD;
    expect(problemsOf(rest)[0]).toMatch(/^BOT_TYPE: is required when NODE_ENV=production/);
  });

  it('reads the managed identity to sign in to Cosmos DB as', () => {
    expect(loadEnvironment({ ...PROD, AZURE_CLIENT_ID: '22222222-3333-4444-5555-666666666666' }).cosmos.clientId).toBe('22222222-3333-4444-5555-666666666666');
  });

  it('refuses an insecure store connection in production', () => {
    expect(problemsOf({ ...PROD, COSMOS_TLS_INSECURE: '1' })).toEqual(['COSMOS_TLS_INSECURE: 1 is refused when NODE_ENV=production']);
  });

  it('needs a password for a multi-tenant or single-tenant app, and a tenant for single-tenant', () => {
    expect(problemsOf({ ...WEB, BOT_ID: 'x' })).toEqual(['BOT_PASSWORD: is required with BOT_ID when BOT_TYPE is MultiTenant']);
    expect(problemsOf({ ...WEB, BOT_ID: 'x', BOT_PASSWORD: 'y', BOT_TYPE: 'SingleTenant' })).toEqual(['BOT_TENANT_ID: is required when BOT_TYPE is SingleTenant']);
  });

  it('names malformed values', () => {
    expect(problemsOf({ PORT: 'eighty', DISPATCH_INTERVAL_MS: '120000', TZ_NAME: 'Oslo', BOT_TYPE: 'Single', COSMOS_TLS_INSECURE: 'yes' })).toEqual([
      'PORT: must be a whole number',
      'BOT_TYPE: Invalid enum value. Expected \'MultiTenant\' | \'SingleTenant\' | \'UserAssignedMSI\', received \'Single\'',
      'COSMOS_TLS_INSECURE: must be 0 or 1',
      'DISPATCH_INTERVAL_MS: must be at most 60000',
      'TZ_NAME: must be an IANA time zone such as Europe/Oslo',
    ]);
  });
});
