import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layers of the harness and what each may import (besides itself). Folders not listed here
// (a new one) fail the test until they are placed. Lower layers never reach up; the two backends
// never reach into each other; only the run, the command line and the benchmark see both backends.
const mayImport: Record<string, readonly string[]> = {
  core: [],
  // The scenario format's vocabulary: field types, addresses, what cross-checks see.
  format: ['core'],
  results: ['core', 'format'],
  images: ['core'],
  machines: ['core', 'format'],
  firewall: ['core', 'format', 'machines'],
  traffic: ['core', 'format', 'results', 'machines'],
  steps: ['core', 'format', 'results', 'machines', 'firewall', 'traffic'],
  // The whole scenario: its schema assembled from the step kinds, its validation and loading.
  scenario: ['core', 'format', 'steps'],
  world: ['core', 'format', 'scenario', 'machines'],
  'backends/dind': ['core', 'format', 'scenario', 'images', 'machines', 'world'],
  'backends/vagrant': ['core', 'format', 'scenario', 'images', 'machines', 'world'],
  report: ['core', 'format', 'results'],
  run: ['core', 'format', 'results', 'images', 'machines', 'firewall', 'traffic', 'steps', 'scenario', 'world', 'backends/dind', 'backends/vagrant', 'report'],
  bench: ['core', 'format', 'results', 'images', 'machines', 'traffic', 'steps', 'scenario', 'world', 'backends/dind', 'run'],
  '.': ['core', 'format', 'results', 'images', 'machines', 'steps', 'scenario', 'world', 'backends/dind', 'backends/vagrant', 'report', 'run'],
};

const harnessDir = import.meta.dirname;

// Every non-test module under harness/ and the modules it imports (relative specifiers only).
export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const entry of readdirSync(root, { recursive: true }) as string[]) {
    if (!entry.endsWith('.ts') || entry.endsWith('.test.ts')) continue;
    const source = readFileSync(join(root, entry), 'utf8');
    const targets = [...source.matchAll(/(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)].map((match) =>
      normalize(join(dirname(entry), (match[1] ?? match[2])!)),
    );
    graph.set(normalize(entry), targets);
  }
  return graph;
}

// The cycles of a module graph, each as the path that closes it (a -> b -> a).
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

// The layer a module belongs to: its folder, with backends/<name> as a layer of its own.
function layerOf(module: string): string {
  const parts = dirname(module).split('/');
  return parts[0] === 'backends' ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('the import graph of harness/', () => {
  const graph = importGraph(harnessDir);

  it('has no cycle', () => {
    expect(findCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('keeps every layer pointing one way', () => {
    const wrong: string[] = [];
    for (const [module, targets] of graph) {
      const from = layerOf(module);
      const allowed = mayImport[from];
      if (!allowed) {
        wrong.push(`${module}: folder "${from}" has no place in the layers (add it to mayImport)`);
        continue;
      }
      for (const target of targets) {
        const to = layerOf(target);
        if (to !== from && !allowed.includes(to)) wrong.push(`${module} imports ${relative('.', target)} (${from} may not import ${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const cycles = findCycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]));
    expect(cycles).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
