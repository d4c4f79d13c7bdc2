/** The features as src/index.ts registers them, on a context that does no I/O: for tests of what they declare. */
import { createCases } from '../../src/cases';
import type { CoreContext } from '../../src/core/context';
import { Registry } from '../../src/core/registry';
import { createFollowUp } from '../../src/follow-up';
import { createRegister } from '../../src/register';

export function declaredFeatures(): Registry {
  const core = { containers: {}, log: { debug() {}, info() {}, warn() {}, error() {} } } as unknown as CoreContext;
  const registry = new Registry();
  const cases = registry.add(createCases(core));
  registry.add(createFollowUp(core, cases));
  registry.add(createRegister(core, cases));
  return registry;
}
