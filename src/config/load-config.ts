/** Everything start-up reads: environment, directory and schedule, each validated. */
import type { Directory } from '../domain/directory';
import type { Schedule } from '../domain/schedule';
import { loadDirectory } from './directory-file';
import { loadEnvironment, type Environment } from './environment';
import { loadSchedule } from './schedule-file';

export interface Config {
  env: Environment;
  directory: Directory;
  schedule: Schedule;
}

export function loadConfig(processEnv: NodeJS.ProcessEnv): Config {
  const env = loadEnvironment(processEnv);
  return { env, directory: loadDirectory(env.directoryFile), schedule: loadSchedule(env.scheduleFile) };
}
