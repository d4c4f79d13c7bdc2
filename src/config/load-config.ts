/** Everything start-up reads: environment, directory and schedule, each validated. */
import type { Directory } from '../core/directory';
import { ConfigError } from './config-error';
import type { Schedule } from '../core/schedule';
import { loadDirectory } from './directory-file';
import { loadEnvironment, type Environment } from './environment';
import { loadSchedule } from './schedule-file';

export interface Config {
  env: Environment;
  directory: Directory;
  schedule: Schedule;
  /** What start-up accepted but should be fixed (a person listed twice), logged when the bot starts. */
  warnings?: string[];
}

export function loadConfig(processEnv: NodeJS.ProcessEnv): Config {
  const env = loadEnvironment(processEnv);
  const warnings: string[] = [];
  const directory = loadDirectory(env.directoryFile, (w) => warnings.push(w));
  // A single-tenant bot registered in another tenant than the directory's would refuse every activity later.
  if (env.bot?.tenantId && env.bot.type !== 'MultiTenant' && env.bot.tenantId.toLowerCase() !== directory.tenantId) {
    throw new ConfigError([`BOT_TENANT_ID: ${env.bot.tenantId} is not the directory's tenantId ${directory.tenantId} (DIRECTORY_FILE ${env.directoryFile})`]);
  }
  return { env, directory, schedule: loadSchedule(env.scheduleFile), warnings };
}
