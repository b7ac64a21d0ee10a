import { readdir } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { ScenarioError } from '../core/errors.ts';
import { crossCheckProblems, schemaProblems, type FieldProblem } from './field-problem.ts';
import { isScenarioFile, readScenarioFile } from './scenario-file.ts';
import { scenarioSchema, type Scenario } from './schema.ts';
import { crossCheck } from './validate.ts';
import type { ScenarioSource } from './yaml-source.ts';

export interface LoadedScenario {
  // Path relative to the project root, used in every message about this scenario.
  readonly file: string;
  // The scenario file's folder (absolute): the files its steps name are relative to it.
  readonly folder: string;
  readonly scenario: Scenario;
}

// A scenario file that cannot be run: every problem found in it, and its tags and claims where
// they can still be read (so a selection that leaves the file out can do so without a word).
export interface InvalidScenarioFile {
  readonly file: string;
  readonly problems: readonly string[];
  readonly tags?: readonly string[];
  readonly claims?: readonly string[];
}

export interface LoadedFiles {
  readonly scenarios: LoadedScenario[];
  readonly invalid: InvalidScenarioFile[];
}

// Every scenario file below `dir` (.scenario.ts, .yaml, .yml, .json), sorted, so runs are reproducible.
export async function findScenarioFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter(isScenarioFile).map((entry) => resolve(dir, entry)).sort();
}

// Reads and validates scenario files, each on its own: a broken file is listed with its problems
// and never stops the others from loading.
export async function loadScenarioFiles(paths: readonly string[], root = process.cwd()): Promise<LoadedFiles> {
  const scenarios: LoadedScenario[] = [];
  const invalid: InvalidScenarioFile[] = [];
  const names = new Map<string, string>();
  for (const path of paths) {
    const file = relative(root, resolve(path));
    const content = await readScenarioFile(resolve(path), file);
    if ('problems' in content) {
      invalid.push({ file, problems: content.problems });
      continue;
    }
    const result = validateScenario(content.value, file, { source: content.source, folder: dirname(resolve(path)) });
    if ('problems' in result) {
      invalid.push({ file, problems: result.problems, ...readableSelection(content.value) });
      continue;
    }
    const other = names.get(result.scenario.name);
    if (other !== undefined) {
      invalid.push({ file, problems: [`${file}: name "${result.scenario.name}" is already used by ${other}`], tags: result.scenario.tags, claims: result.scenario.claims });
      continue;
    }
    names.set(result.scenario.name, file);
    scenarios.push(result);
  }
  return { scenarios, invalid };
}

// For callers that need every file valid: throws one ScenarioError listing every problem in every file.
export async function loadScenarios(paths: readonly string[], root = process.cwd()): Promise<LoadedScenario[]> {
  const { scenarios, invalid } = await loadScenarioFiles(paths, root);
  if (invalid.length > 0) throw new ScenarioError(invalid.flatMap((entry) => entry.problems));
  return scenarios;
}

// Validates one scenario value; messages name the file (and, for YAML and JSON, the line and
// column), the field path and the offending value. `folder` is the scenario file's folder, where
// files its steps name are looked for.
export function validateScenario(input: unknown, file: string, options: { readonly source?: ScenarioSource; readonly folder?: string } = {}): LoadedScenario | { problems: string[] } {
  const { source, folder = dirname(resolve(file)) } = options;
  const describe = (problem: FieldProblem) => {
    const hint = source?.hint(problem);
    return `${file}${source?.position(problem) ?? ''}: ${problem.text}${hint ? `; ${hint}` : ''}`;
  };
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) return { problems: schemaProblems(parsed.error.issues, input).map(describe) };
  const problems = crossCheck(parsed.data, folder);
  if (problems.length > 0) return { problems: crossCheckProblems(problems).map(describe) };
  return { file, folder, scenario: parsed.data };
}

// A list of strings in the raw file, or the schema's default (none) when the field is absent.
function readableSelection(value: unknown): { tags?: string[]; claims?: string[] } {
  const list = (key: string): string[] | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined) return [];
    return Array.isArray(field) && field.every((item) => typeof item === 'string') ? field : undefined;
  };
  const tags = list('tags');
  const claims = list('claims');
  return { ...(tags ? { tags } : {}), ...(claims ? { claims } : {}) };
}
