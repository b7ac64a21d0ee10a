import { readFile, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseScenarioSource, type ScenarioSource } from './yaml-source.ts';

// How scenario files are named: TypeScript (defineScenario, with editor types), or plain data in
// YAML or JSON (validated by the same schema; scenarios/scenario.schema.json gives editors help).
export const scenarioSuffixes = ['.scenario.ts', '.scenario.yaml', '.scenario.yml', '.scenario.json'] as const;

export function isScenarioFile(path: string): boolean {
  return scenarioSuffixes.some((suffix) => path.endsWith(suffix));
}

// A file's scenario value before validation; for YAML and JSON, with where each field is written.
export type ScenarioFileContent = { readonly value: unknown; readonly source?: ScenarioSource } | { readonly problems: string[] };

// Reads one scenario file of any kind; what stops it being read is a problem naming the file.
export async function readScenarioFile(path: string, file: string): Promise<ScenarioFileContent> {
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (found instanceof Error) return { problems: [`${file}: ${found.code === 'ENOENT' ? 'does not exist' : `cannot be read (${found.code ?? found.message})`}`] };
  if (!isScenarioFile(path)) return { problems: [`${file}: is not a scenario file (their names end in ${scenarioSuffixes.join(', ')})`] };
  if (path.endsWith('.scenario.ts')) return importScenario(path, file);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => error);
  if (text instanceof Error) return { problems: [`${file}: cannot be read (${text.code ?? text.message})`] };
  const parsed = parseScenarioSource(text, file);
  return 'problems' in parsed ? parsed : { value: parsed.source.value, source: parsed.source };
}

async function importScenario(path: string, file: string): Promise<ScenarioFileContent> {
  let module: { default?: unknown };
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    return { problems: [`${file}: cannot be loaded: ${(error as Error).message}`] };
  }
  if (module.default === undefined) {
    return { problems: [`${file}: has no default export; write \`export default defineScenario({ ... })\``] };
  }
  return { value: module.default };
}
