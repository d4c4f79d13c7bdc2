/**
 * Keeps infra/ (Bicep, parameters, Agents Toolkit file) in step with the
 * code: the containers, partition keys and indexes the code uses exist in
 * the Bicep with the same definition; every environment variable the code
 * reads is set by the Bicep app settings or documented as left unset; the
 * production settings pass the code's own start-up validation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ContainerDefinition, IndexingPolicy } from '@azure/cosmos';
import { ConfigError } from '../../src/config/config-error';
import { loadDirectory } from '../../src/config/directory-file';
import { loadDirectoryMapping } from '../../src/config/directory-mapping-file';
import { ENVIRONMENT_VARIABLES, loadEnvironment } from '../../src/config/environment';
import { loadSchedule } from '../../src/config/schedule-file';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import { CONTAINERS } from '../../src/core/cosmos/containers';
import { SSO_SCOPE, ssoSettings } from '../../src/web/auth';
import { at, isExpr, parseBicep, parseValue, type BicepFile, type BicepResource, type BicepValue } from './helpers/bicep';

const ROOT = join(__dirname, '..', '..');
const INFRA = join(ROOT, 'infra');
const read = (...parts: string[]) => readFileSync(join(ROOT, ...parts), 'utf8');

const bicepFiles = readdirSync(INFRA, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.bicep'));
const parsed: Record<string, BicepFile> = Object.fromEntries(bicepFiles.map((f) => [f, parseBicep(read('infra', f))]));
const resources: BicepResource[] = Object.values(parsed).flatMap((f) => f.resources);
const main = parsed['main.bicep']!;

const ofType = (type: string) => resources.filter((r) => r.type.toLowerCase() === type.toLowerCase());
const one = (type: string): BicepResource => {
  const found = ofType(type);
  if (found.length !== 1) throw new Error(`expected one ${type} in infra/, found ${found.length}`);
  return found[0]!;
};
const text = (v: BicepValue | undefined): string => (typeof v === 'string' ? v : isExpr(v) ? v.expr : JSON.stringify(v));

/** Settings for the App Service platform and its Application Insights agent, not read by our code. */
const PLATFORM_SETTINGS = ['APPLICATIONINSIGHTS_CONNECTION_STRING', 'ApplicationInsightsAgent_EXTENSION_VERSION', 'WEBSITE_RUN_FROM_PACKAGE', 'SCM_DO_BUILD_DURING_DEPLOYMENT'];

const webApp = one('Microsoft.Web/sites');
const appSettings = (at(webApp.body, 'properties.siteConfig.appSettings') ?? []) as { name: string; value: BicepValue }[];
const settingNames = appSettings.map((s) => s.name);
const setting = (name: string) => appSettings.find((s) => s.name === name)?.value;

/** The "App settings" table in docs/deploy.md: variable -> whether main.bicep sets it. */
function documentedSettings(): Map<string, 'set' | 'unset'> {
  const doc = read('docs', 'deploy.md');
  const section = /^## App settings\n([\s\S]*?)(?=^## )/m.exec(doc);
  if (!section) throw new Error('docs/deploy.md has no "## App settings" section');
  const rows = new Map<string, 'set' | 'unset'>();
  for (const line of section[1]!.split('\n')) {
    const m = /^\|\s*`([A-Za-z_][A-Za-z0-9_]*)`\s*\|\s*([^|]*?)\s*\|/.exec(line);
    if (!m) continue;
    const where = m[2]!.toLowerCase();
    if (where.startsWith('set by')) rows.set(m[1]!, 'set');
    else if (where.startsWith('not set')) rows.set(m[1]!, 'unset');
    else throw new Error(`docs/deploy.md App settings: "${m[2]}" for ${m[1]} must start with "set by" or "not set"`);
  }
  return rows;
}

type BicepObject = { [key: string]: BicepValue };

/** The containers infra/ creates, by id. */
function bicepContainers(): Map<string, BicepObject> {
  const found = new Map<string, BicepObject>();
  for (const r of ofType('Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers')) {
    const resource = at(r.body, 'properties.resource') as BicepObject | undefined;
    if (!resource || typeof resource.id !== 'string') throw new Error(`${r.symbol}: properties.resource.id must be a literal container name`);
    if (r.body.name !== resource.id) throw new Error(`${r.symbol}: name and properties.resource.id differ`);
    found.set(resource.id, resource);
  }
  return found;
}

const paths = (list: unknown) => ((list ?? []) as { path: string }[]).map((p) => p.path).sort();
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/** What differs between the code's containers and the Bicep's; empty when they are in step. */
function containerProblems(code: ContainerDefinition[], infra: Map<string, BicepObject>): string[] {
  const problems: string[] = [];
  for (const definition of code) {
    const id = definition.id!;
    const bicep = infra.get(id);
    if (!bicep) {
      problems.push(`${id}: the code uses this container, infra/main.bicep does not create it`);
      continue;
    }
    if (!same(at(bicep, 'partitionKey.paths'), definition.partitionKey!.paths))
      problems.push(`${id}: partition key ${JSON.stringify(definition.partitionKey!.paths)} in the code, ${JSON.stringify(at(bicep, 'partitionKey.paths'))} in the Bicep`);
    if (at(bicep, 'partitionKey.kind') !== (definition.partitionKey!.kind ?? 'Hash')) problems.push(`${id}: partition key kind differs`);

    const code = (definition.indexingPolicy ?? {}) as IndexingPolicy;
    const policy = (at(bicep, 'indexingPolicy') ?? {}) as BicepObject;
    // Every path the code's queries rely on (e.g. /dueAt/? for "what is due now") must be indexed in Azure ...
    for (const path of paths(code.includedPaths)) if (!paths(policy.includedPaths).includes(path)) problems.push(`${id}: index on ${path} missing in the Bicep`);
    // ... and no more: the code excludes everything else, so report text is never indexed.
    for (const path of paths(policy.includedPaths)) if (!paths(code.includedPaths).includes(path)) problems.push(`${id}: the Bicep indexes ${path}, the code does not`);
    if (!same(paths(policy.excludedPaths), paths(code.excludedPaths))) problems.push(`${id}: excluded paths differ`);
    for (const index of code.compositeIndexes ?? [])
      if (!((policy.compositeIndexes ?? []) as BicepValue[]).some((i) => same(i, index))) problems.push(`${id}: composite index ${JSON.stringify(index)} missing in the Bicep`);
    if (!same(policy.compositeIndexes, code.compositeIndexes)) problems.push(`${id}: composite indexes differ`);
    if (!same(policy.spatialIndexes, code.spatialIndexes)) problems.push(`${id}: spatial indexes differ`);
    if (code.indexingMode !== undefined && policy.indexingMode !== code.indexingMode) problems.push(`${id}: indexingMode differs`);
    if (code.automatic !== undefined && policy.automatic !== code.automatic) problems.push(`${id}: automatic differs`);

    // Anything else the code defines (defaultTtl, uniqueKeyPolicy, ...) must be there too.
    const { id: _id, partitionKey: _pk, indexingPolicy: _ip, ...rest } = definition;
    for (const [key, value] of Object.entries(rest)) if (!same(bicep[key], value)) problems.push(`${id}: ${key} differs`);
  }
  for (const id of infra.keys()) if (!code.some((d) => d.id === id)) problems.push(`${id}: the Bicep creates this container, the code does not use it`);
  return problems;
}

describe('Cosmos DB containers: code and Bicep', () => {
  const code = Object.values(CONTAINERS) as ContainerDefinition[];

  it('the Bicep creates every container the code uses, with the same partition key and indexes', () => {
    const infra = bicepContainers();
    expect(infra.size).toBeGreaterThan(0);
    expect(containerProblems(code, infra)).toEqual([]);
  });

  it('keeps the due-time index the dispatcher queries on', () => {
    expect(paths(at(bicepContainers().get('cases'), 'indexingPolicy.includedPaths'))).toContain('/dueAt/?');
  });

  it('notices a new container, a changed key and a new index in the code', () => {
    const infra = bicepContainers();
    const cases = CONTAINERS.cases;
    const changed: ContainerDefinition[] = [
      ...code.filter((c) => c.id !== 'cases'),
      {
        ...cases,
        partitionKey: { paths: ['/schoolId'] },
        indexingPolicy: {
          ...cases.indexingPolicy,
          includedPaths: [...(cases.indexingPolicy!.includedPaths ?? []), { path: '/acknowledgedAt/?' }],
          compositeIndexes: [[{ path: '/schoolId', order: 'ascending' }, { path: '/createdAt', order: 'descending' }]],
        },
        defaultTtl: 3600,
      },
      { id: 'retention', partitionKey: { paths: ['/caseId'] } },
    ];
    const problems = containerProblems(changed, infra).join('\n');
    expect(problems).toContain('cases: partition key');
    expect(problems).toContain('cases: index on /acknowledgedAt/? missing');
    expect(problems).toContain('cases: composite index');
    expect(problems).toContain('cases: defaultTtl differs');
    expect(problems).toContain('retention: the code uses this container');
  });

  it('puts the containers in the database the app is told to use', () => {
    const database = one('Microsoft.DocumentDB/databaseAccounts/sqlDatabases');
    for (const c of ofType('Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers')) expect(text(c.body.parent)).toBe(database.symbol);
    expect(text(setting('COSMOS_DATABASE'))).toBe(text(database.body.name));
    expect(text(at(database.body, 'properties.resource.id'))).toBe(text(database.body.name));
  });
});

describe('Cosmos DB account', () => {
  const cosmos = one('Microsoft.DocumentDB/databaseAccounts');

  it('accepts only Entra ID (no account keys) and is serverless unless the free tier is chosen', () => {
    expect(at(cosmos.body, 'properties.disableLocalAuth')).toBe(true);
    const capabilities = text(at(cosmos.body, 'properties.capabilities'));
    expect(capabilities).toMatch(/cosmosFreeTier\s*\?\s*\[\]\s*:\s*\[\{\s*name:\s*'EnableServerless'\s*\}\]/);
    expect(text(at(cosmos.body, 'properties.enableFreeTier'))).toBe('cosmosFreeTier');
    expect(main.params.find((p) => p.name === 'cosmosFreeTier')).toMatchObject({ type: 'bool', defaultValue: 'false' });
    // Free tier is provisioned throughput: the database gets it, serverless gets none.
    expect(text(at(one('Microsoft.DocumentDB/databaseAccounts/sqlDatabases').body, 'properties.options'))).toMatch(/^cosmosFreeTier \? \{ throughput: /);
  });

  it('gives the app identity the built-in Data Contributor role on the data plane', () => {
    const assignment = one('Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments');
    const roleId = main.vars.cosmosDataContributorRoleId;
    expect(roleId).toBe("'00000000-0000-0000-0000-000000000002'");
    expect(text(at(assignment.body, 'properties.roleDefinitionId'))).toBe('${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}');
    const identity = one('Microsoft.ManagedIdentity/userAssignedIdentities');
    expect(text(at(assignment.body, 'properties.principalId'))).toBe(`${identity.symbol}.properties.principalId`);
    expect(text(setting('COSMOS_ENDPOINT'))).toBe(`${cosmos.symbol}.properties.documentEndpoint`);
  });
});

/** What differs between the variables the code reads, the Bicep app settings and the guide's table. */
function settingProblems(codeVariables: string[], inBicep: string[], documented: Map<string, 'set' | 'unset'>): string[] {
  const problems: string[] = [];
  for (const name of codeVariables) {
    const doc = documented.get(name);
    if (inBicep.includes(name)) {
      if (doc !== 'set') problems.push(`${name}: set by infra/main.bicep, so docs/deploy.md (App settings) must say "set by"`);
    } else if (doc !== 'unset') {
      problems.push(`${name}: the code reads it but infra/main.bicep does not set it; set it there or list it in docs/deploy.md (App settings) as "not set" with the reason`);
    }
  }
  for (const name of inBicep) {
    if (!codeVariables.includes(name) && !PLATFORM_SETTINGS.includes(name)) problems.push(`${name}: set by infra/main.bicep but read by nothing (misspelt?)`);
    if (documented.get(name) !== 'set') problems.push(`${name}: set by infra/main.bicep but not documented as such`);
  }
  for (const [name, where] of documented) {
    if (where === 'set' && !inBicep.includes(name)) problems.push(`${name}: docs/deploy.md says infra/main.bicep sets it; it does not`);
    if (where === 'unset' && !codeVariables.includes(name)) problems.push(`${name}: docs/deploy.md lists it, but the code does not read it`);
  }
  return problems;
}

describe('App settings: code and Bicep', () => {
  const codeVariables: string[] = [...ENVIRONMENT_VARIABLES];

  it('reads the app settings out of the Bicep and the table out of the guide', () => {
    expect(settingNames).toContain('NODE_ENV');
    expect(new Set(settingNames).size).toBe(settingNames.length);
    expect(documentedSettings().size).toBeGreaterThan(10);
  });

  it('every variable the code reads is set by infra/main.bicep or documented as left unset, and nothing else is set', () => {
    expect(settingProblems(codeVariables, settingNames, documentedSettings())).toEqual([]);
  });

  it('notices a new variable in the code, and a misspelt one in the Bicep', () => {
    const problems = settingProblems([...codeVariables, 'RETENTION_DAYS'], [...settingNames, 'COSMOS_ENDPIONT'], documentedSettings()).join('\n');
    expect(problems).toContain('RETENTION_DAYS: the code reads it but infra/main.bicep does not set it');
    expect(problems).toContain('COSMOS_ENDPIONT: set by infra/main.bicep but read by nothing');
  });

  it('passes the code\'s own production start-up check, with no secret set', () => {
    // Expressions are only known in Azure; give them values of the right shape.
    const sample: Record<string, string> = {
      'identity.properties.clientId': '8d2e4c61-5a3b-4f7e-b1c9-0a2d3e4f5a6b',
      'identity.properties.tenantId': '5e1c5c4a-9c7e-4a52-9f1e-2f0b7a1d0001',
      'cosmos.properties.documentEndpoint': 'https://tryggmeld-test-cosmos.documents.azure.com:443/',
      'insights.properties.ConnectionString': 'InstrumentationKey=00000000-0000-0000-0000-000000000000',
      // newGuid() at deployment time.
      downloadLinkSecret: '0f6c2a9e-3b1d-4e7a-9c58-2d4b6f8a1e30',
    };
    const params = Object.fromEntries(main.params.map((p) => [p.name, p.defaultValue === undefined ? undefined : parseValue(p.defaultValue)]));
    const valueOf = (v: BicepValue): string => {
      if (typeof v === 'string') return v.replace(/\$\{(\w+)\}/g, (_, p: string) => String(params[p]));
      if (isExpr(v)) {
        if (v.expr in sample) return sample[v.expr]!;
        if (typeof params[v.expr] === 'string') return params[v.expr] as string;
        throw new Error(`no sample value for ${v.expr}`);
      }
      return String(v);
    };
    const env = Object.fromEntries(appSettings.map((s) => [s.name, valueOf(s.value)]));
    expect(env.NODE_ENV).toBe('production');
    expect(() => loadEnvironment(env)).not.toThrow();
    const loaded = loadEnvironment(env);
    expect(loaded.production).toBe(true);
    expect(loaded.bot).toMatchObject({ type: 'UserAssignedMSI', password: undefined });
    expect(loaded.cosmos.key).toBeUndefined();
    expect(loaded.directoryFile).toBe('/home/site/config/directory.yaml');
    expect(loaded.directorySource).toBe('graph');
    expect(loaded.directoryMappingFile).toBe('/home/site/config/directory-mapping.yaml');
    expect(loaded.graphBaseUrl).toBe('https://graph.microsoft.com/v1.0');
    expect(loaded.scheduleFile).toBe('/home/site/config/schedule.yaml');
    expect(settingNames).not.toContain('BOT_PASSWORD');
    expect(settingNames).not.toContain('COSMOS_KEY');

    // Each production requirement is really checked: drop one, start-up refuses.
    for (const required of ['BOT_ID', 'COSMOS_ENDPOINT', 'DIRECTORY_MAPPING_FILE', 'BOT_TENANT_ID']) {
      const { [required]: _, ...without } = env;
      expect(() => loadEnvironment(without)).toThrow(ConfigError);
    }
    // With the file source instead, the file is what is required.
    const { DIRECTORY_FILE: _file, ...noFile } = env;
    expect(() => loadEnvironment({ ...noFile, DIRECTORY_SOURCE: 'file' })).toThrow(ConfigError);
  });

  it('uses one managed identity for the bot and for Cosmos DB', () => {
    const identity = one('Microsoft.ManagedIdentity/userAssignedIdentities');
    const clientId = `${identity.symbol}.properties.clientId`;
    expect(text(setting('BOT_ID'))).toBe(clientId);
    expect(text(setting('AZURE_CLIENT_ID'))).toBe(clientId);
    expect(text(setting('BOT_TENANT_ID'))).toBe(`${identity.symbol}.properties.tenantId`);
    expect(setting('BOT_TYPE')).toBe('UserAssignedMSI');
    expect(at(webApp.body, 'identity.type')).toBe('UserAssigned');
    expect(Object.keys(at(webApp.body, 'identity.userAssignedIdentities') as object)).toEqual([`\${${identity.symbol}.id}`]);

    const bot = one('Microsoft.BotService/botServices');
    expect(at(bot.body, 'properties.msaAppType')).toBe('UserAssignedMSI');
    expect(text(at(bot.body, 'properties.msaAppId'))).toBe(clientId);
    expect(text(at(bot.body, 'properties.msaAppMSIResourceId'))).toBe(`${identity.symbol}.id`);
    expect(text(at(bot.body, 'properties.msaAppTenantId'))).toBe(`${identity.symbol}.properties.tenantId`);
  });
});

describe('App Service and Azure Bot', () => {
  it('runs the built app on Node 22 LTS (Linux) with the start command from package.json', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(at(webApp.body, 'kind')).toBe('app,linux');
    expect(at(webApp.body, 'properties.siteConfig.linuxFxVersion')).toBe('NODE|22-lts');
    expect(at(webApp.body, 'properties.siteConfig.appCommandLine')).toBe(pkg.scripts.start);
    expect(at(webApp.body, 'properties.siteConfig.alwaysOn')).toBe(true);
    expect(at(webApp.body, 'properties.httpsOnly')).toBe(true);
    expect(['/healthz', '/readyz']).toContain(at(webApp.body, 'properties.siteConfig.healthCheckPath'));
    expect(at(one('Microsoft.Web/serverfarms').body, 'properties.reserved')).toBe(true);
    // Always On needs Basic or above.
    const sku = main.params.find((p) => p.name === 'appServiceSku');
    expect(sku?.defaultValue).not.toMatch(/'F1'|'D1'/);
  });

  it('registers the bot with the messaging endpoint on the web app and the Teams channel', () => {
    const bot = one('Microsoft.BotService/botServices');
    expect(text(at(bot.body, 'properties.endpoint'))).toBe('https://${webApp.properties.defaultHostName}/api/messages');
    const channel = one('Microsoft.BotService/botServices/channels');
    expect(text(channel.body.parent)).toBe(bot.symbol);
    expect(channel.body.name).toBe('MsTeamsChannel');
    expect(at(channel.body, 'properties.channelName')).toBe('MsTeamsChannel');
  });

  it('sends the app\'s logs to the Application Insights workspace', () => {
    const insights = one('Microsoft.Insights/components');
    expect(text(setting('APPLICATIONINSIGHTS_CONNECTION_STRING'))).toBe(`${insights.symbol}.properties.ConnectionString`);
    const diagnostics = one('Microsoft.Insights/diagnosticSettings');
    expect(text(diagnostics.body.scope)).toBe(webApp.symbol);
    expect(text(at(diagnostics.body, 'properties.workspaceId'))).toBe(text(at(insights.body, 'properties.WorkspaceResourceId')));
    expect((at(diagnostics.body, 'properties.logs') as { category: string }[]).map((l) => l.category)).toContain('AppServiceConsoleLogs');
  });
});

describe('Parameters and the Agents Toolkit file', () => {
  const toolkit = parseYaml(read('m365agents.yml')) as Record<string, { uses: string; with?: Record<string, unknown>; writeToEnvironmentFile?: Record<string, string> }[]>;
  const envFile = read('env', '.env.dev');
  const envNames = new Set([...envFile.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));
  const outputs = Object.keys(main.outputs);
  const written = Object.values(toolkit)
    .filter(Array.isArray)
    .flat()
    .flatMap((step) => Object.values(step.writeToEnvironmentFile ?? {}));
  // Set by the toolkit itself for every environment.
  const builtIn = ['TEAMSFX_ENV'];

  it('gives main.bicep every parameter it requires, and nothing it does not declare', () => {
    const parameters = JSON.parse(read('infra', 'main.parameters.json')) as { parameters: Record<string, unknown> };
    const given = Object.keys(parameters.parameters);
    for (const name of given) expect(main.params.map((p) => p.name)).toContain(name);
    for (const p of main.params.filter((x) => x.defaultValue === undefined)) expect(given).toContain(p.name);
  });

  it('provisions with infra/main.bicep and deploys the build to the App Service the Bicep outputs', () => {
    const uses = (phase: string) => (toolkit[phase] ?? []).map((s) => s.uses);
    expect(uses('provision')).toEqual(expect.arrayContaining(['teamsApp/create', 'arm/deploy', 'teamsApp/validateManifest', 'teamsApp/validateAppPackage', 'teamsApp/update']));
    const arm = toolkit.provision!.find((s) => s.uses === 'arm/deploy')!;
    const [template] = arm.with!.templates as { path: string; parameters: string }[];
    expect(existsSync(join(ROOT, template!.path))).toBe(true);
    expect(existsSync(join(ROOT, template!.parameters))).toBe(true);
    expect(template!.path).toBe('./infra/main.bicep');

    expect(uses('deploy')).toEqual(['cli/runNpmCommand', 'cli/runNpmCommand', 'cli/runNpmCommand', 'azureAppService/zipDeploy', 'cli/runNpmCommand']);
    const args = toolkit.deploy!.filter((s) => s.uses === 'cli/runNpmCommand').map((s) => s.with!.args);
    expect(args.slice(0, 3)).toEqual(['ci', 'run build', 'prune --omit=dev']);
    const zipDeploy = toolkit.deploy!.find((s) => s.uses === 'azureAppService/zipDeploy')!;
    expect(zipDeploy.with!.resourceId).toBe('${{AZURE_APP_SERVICE_RESOURCE_ID}}');
    expect(outputs).toContain('AZURE_APP_SERVICE_RESOURCE_ID');
  });

  it('has a value or a source for every ${{NAME}} in m365agents.yml, the parameters and the manifest', () => {
    const sources = [read('m365agents.yml'), read('infra', 'main.parameters.json'), read('manifest', 'manifest.json'), read('infra', 'entra', 'tab-sso.manifest.json')];
    const used = new Set(sources.flatMap((s) => [...s.matchAll(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1]!)));
    expect(used.size).toBeGreaterThan(5);
    const known = new Set([...envNames, ...outputs, ...written, ...builtIn]);
    expect([...used].filter((n) => !known.has(n))).toEqual([]);
  });

  it("registers the tab's sign-in as the code checks it: URI, scope access_as_user, the Teams clients", () => {
    const entra = JSON.parse(read('infra', 'entra', 'tab-sso.manifest.json')) as Record<string, any>;
    expect(entra.identifierUris).toEqual(['api://${{BOT_DOMAIN}}/${{TAB_SSO_CLIENT_ID}}']);
    expect(entra.accessTokenAcceptedVersion).toBe(2);
    expect(entra.oauth2Permissions.map((p: { value: string }) => p.value)).toEqual([SSO_SCOPE]);
    expect(entra.preAuthorizedApplications.map((a: { appId: string }) => a.appId).sort()).toEqual(['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346']);
    const steps = toolkit.provision!.map((s) => s.uses);
    expect(steps.indexOf('aadApp/create')).toBeLessThan(steps.indexOf('arm/deploy'));
    expect(steps.indexOf('aadApp/update')).toBeGreaterThan(steps.indexOf('arm/deploy'));
    expect(JSON.parse(read('infra', 'main.parameters.json')).parameters.tabSsoClientId.value).toBe('${{TAB_SSO_CLIENT_ID}}');
    // The URI the code accepts by default is the one registered.
    const defaults = ssoSettings({ clientId: 'c', tenantId: 't', publicUrl: 'https://tryggmeld-test.azurewebsites.net' });
    expect(defaults.audiences).toEqual(['c', 'api://tryggmeld-test.azurewebsites.net/c']);
    expect(text(setting('PUBLIC_URL'))).toBe('https://${resourceBaseName}.azurewebsites.net');
  });

  it('uploads what production runs and leaves the sources out', () => {
    const ignored = read('.webappignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const needed of ['package.json', 'cards/', 'dist/', 'dist/src/', 'node_modules/']) expect(ignored).not.toContain(needed);
    for (const left of ['src/', 'test/', 'env/', 'infra/']) expect(ignored).toContain(left);
  });
});

describe('Example directory and schedule files', () => {
  it('the example directory is valid for the bot', () => {
    const directory = loadDirectory(join(INFRA, 'config', 'directory.example.yaml'));
    expect(directory.schools.length).toBeGreaterThan(0);
  });

  it('the example schedule shows every timing with its built-in default', () => {
    const file = join(INFRA, 'config', 'schedule.example.yaml');
    expect(loadSchedule(file)).toEqual(DEFAULT_SCHEDULE);
    expect(Object.keys(parseYaml(readFileSync(file, 'utf8')) as object).sort()).toEqual(Object.keys(DEFAULT_SCHEDULE).sort());
  });

  it('the example mapping file is valid for the bot', () => {
    const mapping = loadDirectoryMapping(join(INFRA, 'config', 'directory-mapping.example.yaml'));
    expect(mapping.schools.length).toBeGreaterThan(0);
  });

  it('main.bicep points DIRECTORY_MAPPING_FILE, DIRECTORY_FILE and SCHEDULE_FILE at the folder the guide uploads to', () => {
    const folder = main.params.find((p) => p.name === 'configFolder')?.defaultValue;
    expect(folder).toBe("'/home/site/config'");
    expect(setting('DIRECTORY_MAPPING_FILE')).toBe('${configFolder}/directory-mapping.yaml');
    expect(setting('DIRECTORY_FILE')).toBe('${configFolder}/directory.yaml');
    expect(setting('SCHEDULE_FILE')).toBe('${configFolder}/schedule.yaml');
    const guide = read('docs', 'deploy.md');
    expect(guide).toContain('/home/site/config/directory-mapping.yaml');
    expect(guide).toContain('/home/site/config/directory.yaml');
    expect(guide).toContain('/home/site/config/schedule.yaml');
  });
});

describe('Microsoft Graph permissions', () => {
  const assignments = ofType('Microsoft.Graph/appRoleAssignedTo');

  it('grants the identity exactly GroupMember.Read.All and User.Read.All on Microsoft Graph, read-only', () => {
    const roles = assignments.map((a) => text(a.body.appRoleId).match(/r\.value == '([^']+)'/)?.[1]).sort();
    expect(roles).toEqual(['GroupMember.Read.All', 'User.Read.All']);
    const graph = one('Microsoft.Graph/servicePrincipals');
    expect(graph.body.appId).toEqual({ expr: 'graphAppId' });
    expect(parsed['graph-permissions.bicep']!.vars.graphAppId).toBe("'00000003-0000-0000-c000-000000000000'");
    for (const a of assignments) {
      expect(text(a.body.resourceId)).toBe(`${graph.symbol}.id`);
      expect(text(a.body.principalId)).toBe('principalId');
    }
  });

  it('gives the module the identity the app signs in as, and only for the graph source', () => {
    const source = read('infra', 'main.bicep');
    expect(source).toMatch(/module graphPermissions 'graph-permissions\.bicep' = if \(grantGraphPermissions && directorySource == 'graph'\)/);
    expect(source).toMatch(/principalId: identity\.properties\.principalId/);
    expect(read('infra', 'graph-permissions.bicep')).toMatch(/^extension 'br:mcr\.microsoft\.com\/bicep\/extensions\/microsoftgraph\/v1\.0:/m);
    expect(text(setting('DIRECTORY_SOURCE'))).toBe('directorySource');
    expect(main.params.find((p) => p.name === 'directorySource')).toMatchObject({ type: 'string', defaultValue: "'graph'" });
  });
});
