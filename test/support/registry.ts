/** The features as src/index.ts registers them, on a context that does no I/O: for tests of what they declare. */
import { join } from 'node:path';
import { createCases } from '../../src/cases';
import { loadDirectory } from '../../src/config/directory-file';
import type { CoreContext } from '../../src/core/context';
import { sourceFor } from '../../src/core/directory-source';
import { Registry } from '../../src/core/registry';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import { createDirectory } from '../../src/directory';
import { createFollowUp } from '../../src/follow-up';
import { createInspection } from '../../src/inspection';
import { createRisk } from '../../src/risk';
import { createRoutines } from '../../src/routines';
import { createTraining } from '../../src/training';
import { createPrivacy } from '../../src/privacy';
import { createRegister } from '../../src/register';
import { createTasks } from '../../src/tasks';

export function declaredFeatures(): Registry {
  const file = join(__dirname, '..', 'fixtures', 'directory.yaml');
  const directory = loadDirectory(file);
  const core = { containers: {}, schedule: DEFAULT_SCHEDULE, log: { debug() {}, info() {}, warn() {}, error() {} } } as unknown as CoreContext;
  const registry = new Registry();
  const cases = registry.add(createCases(core));
  const followUp = registry.add(createFollowUp(core, cases));
  registry.add(createTasks(core));
  const risk = registry.add(createRisk(core, { cases, followUp }));
  const training = registry.add(createTraining(core, { risk }));
  const routines = registry.add(createRoutines(core));
  registry.add(createInspection(core, { cases, risk, training, routines }));
  const setup = { source: 'file' as const, file, tenantId: directory.tenantId, directory };
  registry.add(createDirectory(core, { setup, source: sourceFor(setup, new Date()), instanceId: 'declared' }));
  registry.add(createRegister(core, cases));
  registry.add(createPrivacy(core, cases));
  return registry;
}
