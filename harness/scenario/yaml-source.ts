import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { FieldProblem } from './field-problem.ts';

// A scenario read from YAML (or JSON, which YAML reads too), keeping where each field is written,
// so a problem can be reported at its line and column.
export interface ScenarioSource {
  readonly value: unknown;
  // ":14:7" where the problem's field (or the nearest part of it present in the file) is written.
  position(problem: FieldProblem): string;
  // Advice that only makes sense for this file's syntax, or nothing.
  hint(problem: FieldProblem): string | undefined;
}

// The file's scenario, or one problem per syntax error, each with its line and column.
export function parseScenarioSource(text: string, file: string): { source: ScenarioSource } | { problems: string[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `:${line}:${col}`;
  };
  if (doc.errors.length > 0) return { problems: doc.errors.map((error) => `${file}${at(error.pos[0])}: cannot be parsed: ${error.message}`) };
  keepKeysAsWritten(doc);
  // The editor's pointer to the JSON Schema belongs to the file, not to the scenario.
  if (isMap(doc.contents)) doc.contents.delete('$schema');
  return {
    source: {
      value: doc.toJS({ maxAliasCount: 100 }),
      position: (problem) => {
        const node = nodeOf(doc, problem);
        return node?.range ? at(node.range[0]) : '';
      },
      hint: (problem) => {
        const node = nodeOf(doc, problem);
        if (!problem.wantedText || !isScalar(node) || typeof node.value === 'string' || node.source === undefined) return undefined;
        return `put it in quotes to keep it as written: "${String(node.source)}"`;
      },
    },
  };
}

// Map keys are names: a key written 20.10 (a per-version expect) means "20.10", not the number 20.1.
function keepKeysAsWritten(doc: Document): void {
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && typeof pair.key.value !== 'string' && pair.key.value !== null) {
        pair.key.value = typeof pair.key.source === 'string' ? pair.key.source : String(pair.key.value);
      }
    },
  });
}

// The node a problem's field path leads to, as far as the file has it. Keys may contain dots
// (expect.28.5), so at each map the longest key that the rest of the path starts with is taken.
function nodeOf(doc: Document, problem: FieldProblem): Node | undefined {
  let node: Node | undefined = doc.contents ?? undefined;
  let key: Node | undefined;
  let rest = problem.field;
  while (rest !== '' && node) {
    if (isAlias(node)) node = node.resolve(doc) ?? node;
    const index = /^\[(\d+)\]/.exec(rest);
    if (index && isSeq(node)) {
      const item = node.items[Number(index[1])];
      if (!item) break;
      node = item as Node;
      key = undefined;
      rest = rest.slice(index[0].length);
    } else if (isMap(node)) {
      const pairs = node.items.filter((pair) => isScalar(pair.key) && typeof pair.key.value === 'string' && startsWithKey(rest, pair.key.value));
      const pair = pairs.sort((a, b) => keyText(b).length - keyText(a).length)[0];
      if (!pair) break;
      key = pair.key as Node;
      node = (pair.value as Node | null) ?? key;
      rest = rest.slice(keyText(pair).length);
    } else {
      break;
    }
    rest = rest.replace(/^\./, '');
  }
  return problem.at === 'key' && rest === '' && key ? key : node;
}

function startsWithKey(path: string, key: string): boolean {
  return path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`);
}

function keyText(pair: { key: unknown }): string {
  return isScalar(pair.key) ? String(pair.key.value) : '';
}
