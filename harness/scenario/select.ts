import type { InvalidScenarioFile, LoadedFiles, LoadedScenario } from './load.ts';

// What the command line asks for: --tag, --skip-tag, --claim.
export interface Selection {
  readonly tag?: string;
  readonly skipTag?: string;
  readonly claim?: string;
}

// The scenarios the selection keeps, and the invalid files it cannot leave out: a broken file whose
// own tags and claims show it is not wanted is left out without a word, as a valid one would be.
export function selectScenarios(files: LoadedFiles, selection: Selection): LoadedFiles {
  return {
    scenarios: files.scenarios.filter(({ scenario }) => wanted(scenario, selection) !== false),
    invalid: files.invalid.filter((file) => wanted(file, selection) !== false),
  };
}

// false when the selection leaves it out, undefined when what it needs to know cannot be read.
function wanted(item: Pick<InvalidScenarioFile, 'tags' | 'claims'> | LoadedScenario['scenario'], selection: Selection): boolean | undefined {
  const { tags, claims } = item;
  const verdicts = [
    selection.tag === undefined ? true : tags?.includes(selection.tag),
    selection.skipTag === undefined ? true : tags === undefined ? undefined : !tags.includes(selection.skipTag),
    selection.claim === undefined ? true : claims?.includes(selection.claim),
  ];
  if (verdicts.includes(false)) return false;
  return verdicts.includes(undefined) ? undefined : true;
}
