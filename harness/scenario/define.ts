import type { ScenarioInput } from './schema.ts';

// Identity helper: gives editor types to scenario files; the loader still validates at run time.
export function defineScenario<const T extends ScenarioInput>(scenario: T): T {
  return scenario;
}
