import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import claims, { pages } from '../../scenarios/claims.ts';
import { defineClaims, definePages, loadClaimsCatalogue, loadPageCatalogue } from './claims-catalogue.ts';

const seedPages = ['docker-and-iptables.md', 'packet-filtering-firewalls.md'];
const claimId = (n: number) => `C${String(n).padStart(2, '0')}`;

describe('scenarios/claims.ts', () => {
  it('lists exactly C01..C53 in order, each with text and at least one listed page, no page twice', () => {
    expect(claims.map((claim) => claim.id)).toEqual(Array.from({ length: 53 }, (_, i) => claimId(i + 1)));
    for (const claim of claims) {
      expect(claim.text.trim(), claim.id).not.toBe('');
      expect(claim.pages.length, claim.id).toBeGreaterThan(0);
      for (const page of claim.pages) expect(pages.map((p) => p.name), `${claim.id} ${page}`).toContain(page);
      expect(new Set(claim.pages).size, claim.id).toBe(claim.pages.length);
    }
  });

  it('takes C01..C23 from the seed pages (today\'s may state them too) and C24.. from today\'s pages only', () => {
    const edition = new Map(pages.map((page) => [page.name, page.edition]));
    for (const claim of claims) {
      const editions = claim.pages.map((page) => edition.get(page));
      if (Number(claim.id.slice(1)) <= 23) expect(claim.pages.filter((page) => seedPages.includes(page)).length, claim.id).toBeGreaterThan(0);
      else expect(editions.every((found) => found === 'today'), claim.id).toBe(true);
    }
  });

  it('lists the seed pages first, then today\'s', () => {
    expect(pages.map((page) => page.edition)).toEqual(['seed', 'seed', 'today', 'today', 'today', 'today']);
  });

  it('gives the release of each of today\'s claims that needs one', () => {
    const since = Object.fromEntries(claims.filter((claim) => claim.since).map((claim) => [claim.id, claim.since]));
    expect(since).toMatchObject({ C25: '28.0', C29: '27.0', C39: '28.2', C40: '28.2', C45: '28.0', C49: '29.0', C53: '29.0' });
    for (const id of ['C01', 'C18', 'C24', 'C32', 'C37']) expect(since[id], id).toBeUndefined();
    // Claims that state both sides of a change apply to every version.
    expect(claims.filter((claim) => claim.changedIn).map((claim) => claim.id)).toEqual(['C30', 'C36']);
  });

  it('is what loadClaimsCatalogue and loadPageCatalogue find from the project root', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    expect(await loadClaimsCatalogue(root)).toEqual(claims);
    expect(await loadPageCatalogue(root)).toEqual(pages);
  });
});

describe('loadClaimsCatalogue', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'claims-catalogue-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives [] when the project has no scenarios/claims.ts', async () => {
    expect(await loadClaimsCatalogue(dir)).toEqual([]);
  });

  it('loads the default export', async () => {
    await mkdir(path.join(dir, 'scenarios'));
    await writeFile(path.join(dir, 'scenarios', 'claims.ts'), `export default [{ id: 'C01', text: 'one', pages: ['a.md'] }];\n`);
    expect(await loadClaimsCatalogue(dir)).toEqual([{ id: 'C01', text: 'one', pages: ['a.md'] }]);
    // No pages export: no page list.
    expect(await loadPageCatalogue(dir)).toEqual([]);
  });

  it('names the file and the problem when the default export is not a list of claims', async () => {
    await mkdir(path.join(dir, 'scenarios'));
    const file = path.join(dir, 'scenarios', 'claims.ts');
    await writeFile(file, `export default [{ id: 'C01', text: 'one', pages: 'a.md' }, { id: 'C01', text: 2, pages: [] }];\n`);
    const error = await loadClaimsCatalogue(dir).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      `${file}: the default export must be an array of { id, text, pages, since? } claims (use defineClaims):\n` +
        '  [0].pages: must be an array of strings\n' +
        '  [1].id: "C01" appears twice\n' +
        '  [1].text: must be a string',
    );
  });

  it('rejects a file without a default export', async () => {
    await mkdir(path.join(dir, 'scenarios'));
    await writeFile(path.join(dir, 'scenarios', 'claims.ts'), `export const claims = [];\n`);
    await expect(loadClaimsCatalogue(dir)).rejects.toThrow(/claims\.ts: the default export must be .*\n {2}default export is missing, not an array$/);
  });

  it('names a since, changedIn or restates that is not a release or a claim', async () => {
    await mkdir(path.join(dir, 'scenarios'));
    const file = path.join(dir, 'scenarios', 'claims.ts');
    await writeFile(
      file,
      `export default [{ id: 'C01', text: 'one', pages: [], since: 'latest' }, { id: 'C02', text: 'two', pages: [], since: '28.0', changedIn: 28 }, { id: 'C03', text: 'three', pages: [], since: '28.2', restates: 'C99' }];\n`,
    );
    const error = await loadClaimsCatalogue(dir).then(() => undefined, (caught: unknown) => caught as Error);
    expect(error?.message.split('\n').slice(1)).toEqual([
      '  [0].since: must be a Docker release such as "28.2" (got "latest")',
      '  [1].changedIn: must be a Docker release such as "28.2" (got 28)',
      '  [1]: give since or changedIn, not both (a claim that states both sides applies to every version)',
      '  [2].restates: must be the id of another claim in the list (got "C99")',
    ]);
  });

  it('loads the pages export and names a bad page', async () => {
    await mkdir(path.join(dir, 'scenarios'));
    const file = path.join(dir, 'scenarios', 'claims.ts');
    await writeFile(file, `export default [];\nexport const pages = [{ name: 'b.md', title: 'B', edition: 'today', previous: 'a.md' }, { name: 'a.md', title: 'A', edition: 'old' }];\n`);
    await expect(loadPageCatalogue(dir)).rejects.toThrow(
      `${file}: the "pages" export must be an array of { name, title, edition, previous? } pages (use definePages):\n` +
        '  pages[0].previous: must name a page listed before it (got "a.md")\n' +
        '  pages[1].edition: must be "seed" or "today" (got "old")',
    );
  });

  it('defineClaims and definePages are the identity', () => {
    const list = [{ id: 'C01', text: 't', pages: [] }];
    expect(defineClaims(list)).toBe(list);
    const pageList = [{ name: 'a.md', title: 'A', edition: 'seed' as const }];
    expect(definePages(pageList)).toBe(pageList);
  });
});
