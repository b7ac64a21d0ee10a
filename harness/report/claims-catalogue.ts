import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HarnessError } from '../core/errors.ts';

// One documented claim: its stable id (C01 ...), what the documentation says, and which
// documentation pages (seed file names, e.g. "packet-filtering-firewalls.md") say it.
export interface ClaimInfo {
  id: string;
  text: string;
  pages: string[];
}

// Typed identity, so scenarios/claims.ts gets checked by the compiler.
export function defineClaims(claims: ClaimInfo[]): ClaimInfo[] {
  return claims;
}

export const claimsCatalogueFile = path.join('scenarios', 'claims.ts');

// The claim catalogue of a project: the default export of <root>/scenarios/claims.ts, or [] when
// the project has none. A file whose default export is not a list of claims is an error.
export async function loadClaimsCatalogue(root: string): Promise<ClaimInfo[]> {
  const file = path.resolve(root, claimsCatalogueFile);
  const found = await stat(file).catch(() => undefined);
  if (!found?.isFile()) return [];
  const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  const problems = catalogueProblems(module.default);
  if (problems.length > 0) {
    throw new HarnessError('CLAIMS_INVALID', `${file}: the default export must be an array of { id, text, pages } claims (use defineClaims):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return module.default as ClaimInfo[];
}

function catalogueProblems(value: unknown): string[] {
  if (!Array.isArray(value)) return [`default export is ${value === undefined ? 'missing' : typeof value}, not an array`];
  const problems: string[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const where = `[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      problems.push(`${where}: not an object`);
      return;
    }
    const { id, text, pages } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') problems.push(`${where}.id: must be a non-empty string`);
    else if (seen.has(id)) problems.push(`${where}.id: "${id}" appears twice`);
    else seen.add(id);
    if (typeof text !== 'string') problems.push(`${where}.text: must be a string`);
    if (!Array.isArray(pages) || !pages.every((page) => typeof page === 'string')) problems.push(`${where}.pages: must be an array of strings`);
  });
  return problems;
}
