import { readdir } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ScenarioError } from '../core/errors.ts';
import { formatFieldPath, formatValue, valueAt } from '../format/field-path.ts';
import { scenarioSchema, type Scenario } from './schema.ts';
import { crossCheck } from './validate.ts';

export const scenarioSuffix = '.scenario.ts';

export interface LoadedScenario {
  // Path relative to the project root, used in every message about this scenario.
  readonly file: string;
  // The scenario file's folder (absolute): the files its steps name are relative to it.
  readonly folder: string;
  readonly scenario: Scenario;
}

// Every scenario file below `dir`, sorted, so runs are reproducible.
export async function findScenarioFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((entry) => entry.endsWith(scenarioSuffix)).map((entry) => resolve(dir, entry)).sort();
}

// Imports and validates scenario files; throws one ScenarioError listing every problem in every file.
export async function loadScenarios(files: readonly string[], root = process.cwd()): Promise<LoadedScenario[]> {
  const loaded: LoadedScenario[] = [];
  const problems: string[] = [];
  for (const path of files) {
    const file = relative(root, resolve(path));
    const result = await loadOne(resolve(path), file);
    if ('problems' in result) problems.push(...result.problems);
    else loaded.push(result);
  }
  const names = new Map<string, string>();
  for (const { file, scenario } of loaded) {
    const other = names.get(scenario.name);
    if (other !== undefined) problems.push(`${file}: name "${scenario.name}" is already used by ${other}`);
    names.set(scenario.name, file);
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return loaded;
}

async function loadOne(path: string, file: string): Promise<LoadedScenario | { problems: string[] }> {
  let module: { default?: unknown };
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    return { problems: [`${file}: cannot be loaded: ${(error as Error).message}`] };
  }
  if (module.default === undefined) {
    return { problems: [`${file}: has no default export; write \`export default defineScenario({ ... })\``] };
  }
  return validateScenario(module.default, file, dirname(path));
}

// Validates one scenario value; messages name the file, the field path and the offending value.
// `folder` is the scenario file's folder, where files its steps name are looked for.
export function validateScenario(input: unknown, file: string, folder = dirname(resolve(file))): LoadedScenario | { problems: string[] } {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const field = formatFieldPath(issue.path) || '(scenario)';
        if (issue.code === 'unrecognized_keys') return `${file}: ${field} ${issue.message}`;
        if (issue.code === 'invalid_key') {
          const why = issue.issues[0]?.message ?? issue.message;
          return `${file}: ${field} is not a valid name: ${why} (got ${formatValue(issue.path.at(-1))})`;
        }
        const value = valueAt(input, issue.path);
        const required = value === undefined ? 'is required: ' : '';
        return `${file}: ${field} ${required}${issue.message} (got ${formatValue(value)})`;
      }),
    };
  }
  const problems = crossCheck(parsed.data, folder);
  if (problems.length > 0) return { problems: problems.map((problem) => `${file}: ${problem.path} ${problem.message}`) };
  return { file, folder, scenario: parsed.data };
}
