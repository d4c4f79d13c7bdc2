/** The features as src/index.ts registers them, on a context that does no I/O: for tests of what they declare. */
import { createCases } from '../../src/cases';
import type { CoreContext } from '../../src/core/context';
import { DEFAULT_SCHEDULE } from '../../src/core/schedule';
import { Registry } from '../../src/core/registry';
import { createFollowUp } from '../../src/follow-up';
import { createInspection } from '../../src/inspection';
import { createRisk } from '../../src/risk';
import { createRoutines } from '../../src/routines';
import { createTraining } from '../../src/training';
import { createRegister } from '../../src/register';

export function declaredFeatures(): Registry {
  const core = { containers: {}, schedule: DEFAULT_SCHEDULE, log: { debug() {}, info() {}, warn() {}, error() {} } } as unknown as CoreContext;
  const registry = new Registry();
  const cases = registry.add(createCases(core));
  const followUp = registry.add(createFollowUp(core, cases));
  const risk = registry.add(createRisk(core, { cases, followUp }));
  const training = registry.add(createTraining(core, { risk }));
  const routines = registry.add(createRoutines(core));
  registry.add(createInspection(core, { cases, risk, training, routines }));
  registry.add(createRegister(core, cases));
  return registry;
}
