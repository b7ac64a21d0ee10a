import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HarnessError } from '../core/errors.ts';
import { releasePattern } from '../format/requirements.ts';

// One documented claim: its stable id (C01 ...), what the documentation says, and which
// documentation pages (names from the page list, e.g. "packet-filtering-firewalls.md") say it.
export interface ClaimInfo {
  id: string;
  text: string;
  pages: string[];
  // The first Docker release with the documented behaviour ("28.2"). On an older Docker the claim
  // is not applicable: its scenarios do not run there. Absent: every version.
  since?: string;
  // The release where the behaviour changed, for a claim that states both sides ("before 28.0 ...,
  // since 28.0 ..."): it applies to every version, and its scenarios expect each side per version.
  changedIn?: string;
  // A claim of an older version of a page that this one states differently.
  restates?: string;
}

// One documentation page. Pages are listed oldest edition first; `previous` names the older version
// of the same material, so the matrix can show where two versions disagree.
export interface PageInfo {
  name: string;
  title: string;
  // Which set of pages it belongs to: the seed pages, or the pages as they are today.
  edition: 'seed' | 'today';
  previous?: string;
}

// Typed identity, so scenarios/claims.ts gets checked by the compiler.
export function defineClaims(claims: ClaimInfo[]): ClaimInfo[] {
  return claims;
}

export function definePages(pages: PageInfo[]): PageInfo[] {
  return pages;
}

export const claimsCatalogueFile = path.join('scenarios', 'claims.ts');

// The claim catalogue of a project: the default export of <root>/scenarios/claims.ts, or [] when
// the project has none. A file whose default export is not a list of claims is an error.
export async function loadClaimsCatalogue(root: string): Promise<ClaimInfo[]> {
  const { file, module } = await catalogueModule(root);
  if (!module) return [];
  const problems = catalogueProblems(module.default);
  if (problems.length > 0) {
    throw new HarnessError('CLAIMS_INVALID', `${file}: the default export must be an array of { id, text, pages, since? } claims (use defineClaims):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return module.default as ClaimInfo[];
}

// The page list of a project: the `pages` export of <root>/scenarios/claims.ts, or [] without one.
export async function loadPageCatalogue(root: string): Promise<PageInfo[]> {
  const { file, module } = await catalogueModule(root);
  if (module?.pages === undefined) return [];
  const problems = pageProblems(module.pages);
  if (problems.length > 0) {
    throw new HarnessError('CLAIMS_INVALID', `${file}: the "pages" export must be an array of { name, title, edition, previous? } pages (use definePages):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return module.pages as PageInfo[];
}

async function catalogueModule(root: string): Promise<{ file: string; module?: { default?: unknown; pages?: unknown } }> {
  const file = path.resolve(root, claimsCatalogueFile);
  const found = await stat(file).catch(() => undefined);
  if (!found?.isFile()) return { file };
  return { file, module: (await import(pathToFileURL(file).href)) as { default?: unknown; pages?: unknown } };
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
    const { id, text, pages, since, changedIn, restates } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') problems.push(`${where}.id: must be a non-empty string`);
    else if (seen.has(id)) problems.push(`${where}.id: "${id}" appears twice`);
    else seen.add(id);
    if (typeof text !== 'string') problems.push(`${where}.text: must be a string`);
    if (!Array.isArray(pages) || !pages.every((page) => typeof page === 'string')) problems.push(`${where}.pages: must be an array of strings`);
    for (const [field, release] of [['since', since], ['changedIn', changedIn]] as const) {
      if (release !== undefined && (typeof release !== 'string' || !releasePattern.test(release))) {
        problems.push(`${where}.${field}: must be a Docker release such as "28.2" (got ${JSON.stringify(release)})`);
      }
    }
    if (since !== undefined && changedIn !== undefined) problems.push(`${where}: give since or changedIn, not both (a claim that states both sides applies to every version)`);
    if (restates !== undefined && (typeof restates !== 'string' || !value.some((other: unknown) => (other as { id?: unknown } | null)?.id === restates))) {
      problems.push(`${where}.restates: must be the id of another claim in the list (got ${JSON.stringify(restates)})`);
    }
  });
  return problems;
}

function pageProblems(value: unknown): string[] {
  if (!Array.isArray(value)) return [`"pages" is ${typeof value}, not an array`];
  const problems: string[] = [];
  const names: string[] = [];
  value.forEach((entry: unknown, index) => {
    const where = `pages[${index}]`;
    const { name, title, edition, previous } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') problems.push(`${where}.name: must be a non-empty string`);
    else if (names.includes(name)) problems.push(`${where}.name: "${name}" appears twice`);
    else names.push(name);
    if (typeof title !== 'string') problems.push(`${where}.title: must be a string`);
    if (edition !== 'seed' && edition !== 'today') problems.push(`${where}.edition: must be "seed" or "today" (got ${JSON.stringify(edition)})`);
    if (previous !== undefined && (typeof previous !== 'string' || !names.includes(previous))) {
      problems.push(`${where}.previous: must name a page listed before it (got ${JSON.stringify(previous)})`);
    }
  });
  return problems;
}
