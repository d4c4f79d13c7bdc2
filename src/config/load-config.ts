/** Everything start-up reads: environment, directory (or the Graph source's mapping) and schedule, each validated. */
import type { DirectorySetup } from '../core/directory-source';
import { ConfigError } from './config-error';
import type { Schedule } from '../core/schedule';
import { loadDirectory } from './directory-file';
import { loadDirectoryMapping } from './directory-mapping-file';
import { loadEnvironment, type Environment } from './environment';
import { loadSchedule } from './schedule-file';

export type { DirectorySetup };

export interface Config {
  env: Environment;
  directory: DirectorySetup;
  schedule: Schedule;
  /** What start-up accepted but should be fixed (a person listed twice), logged when the bot starts. */
  warnings?: string[];
}

function loadDirectorySetup(env: Environment, warn: (warning: string) => void): DirectorySetup {
  if (env.directorySource === 'graph') {
    const file = env.directoryMappingFile!;
    const mapping = loadDirectoryMapping(file);
    return { source: 'graph', file, tenantId: mapping.tenantId, mapping, graphBaseUrl: env.graphBaseUrl };
  }
  const directory = loadDirectory(env.directoryFile, warn);
  return { source: 'file', file: env.directoryFile, tenantId: directory.tenantId, directory };
}

export function loadConfig(processEnv: NodeJS.ProcessEnv): Config {
  const env = loadEnvironment(processEnv);
  const warnings: string[] = [];
  const directory = loadDirectorySetup(env, (w) => warnings.push(w));
  // A single-tenant bot registered in another tenant than the directory's would refuse every activity later.
  if (env.bot?.tenantId && env.bot.type !== 'MultiTenant' && env.bot.tenantId.toLowerCase() !== directory.tenantId) {
    const variable = directory.source === 'graph' ? 'DIRECTORY_MAPPING_FILE' : 'DIRECTORY_FILE';
    throw new ConfigError([`BOT_TENANT_ID: ${env.bot.tenantId} is not the directory's tenantId ${directory.tenantId} (${variable} ${directory.file})`]);
  }
  return { env, directory, schedule: loadSchedule(env.scheduleFile), warnings };
}
