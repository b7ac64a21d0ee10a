import { join } from 'node:path';
import { findScenarioFiles, loadScenarioFiles } from '../scenario/load.ts';

// The claims the peer baseline checks (its seed suite), so the harness runs the same ones.
export const seedClaims = ['C03', 'C06', 'C07', 'C20', 'C22'] as const;

// The scenario files under `root`/scenarios that declare one of the seed claims; every claim must
// have at least one, or the two sides would not check the same things.
export async function seedScenarioFiles(root: string): Promise<string[]> {
  const { scenarios } = await loadScenarioFiles(await findScenarioFiles(join(root, 'scenarios')), root);
  const chosen = scenarios.filter(({ scenario }) => scenario.claims.some((claim) => (seedClaims as readonly string[]).includes(claim)));
  const uncovered = seedClaims.filter((claim) => !chosen.some(({ scenario }) => scenario.claims.includes(claim)));
  if (uncovered.length > 0) throw new Error(`bench: no scenario under ${join(root, 'scenarios')} declares the seed claim(s) ${uncovered.join(', ')}`);
  return chosen.map(({ file }) => join(root, file));
}
