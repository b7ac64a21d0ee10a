import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import claims from '../../scenarios/claims.ts';
import { defineClaims, loadClaimsCatalogue } from './claims-catalogue.ts';

const seedPages = ['docker-and-iptables.md', 'packet-filtering-firewalls.md'];

describe('scenarios/claims.ts', () => {
  it('lists exactly C01..C23 in order, each with text and at least one known seed page', () => {
    expect(claims.map((claim) => claim.id)).toEqual(Array.from({ length: 23 }, (_, i) => `C${String(i + 1).padStart(2, '0')}`));
    for (const claim of claims) {
      expect(claim.text.trim(), claim.id).not.toBe('');
      expect(claim.pages.length, claim.id).toBeGreaterThan(0);
      for (const page of claim.pages) expect(seedPages, `${claim.id} ${page}`).toContain(page);
      expect(new Set(claim.pages).size, claim.id).toBe(claim.pages.length);
    }
  });

  it('is what loadClaimsCatalogue finds from the project root', async () => {
    expect(await loadClaimsCatalogue(path.resolve(import.meta.dirname, '../..'))).toEqual(claims);
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
  });

  it('names the file and the problem when the default export is not a list of claims', async () => {
    await mkdir(path.join(dir, 'scenarios'));
    const file = path.join(dir, 'scenarios', 'claims.ts');
    await writeFile(file, `export default [{ id: 'C01', text: 'one', pages: 'a.md' }, { id: 'C01', text: 2, pages: [] }];\n`);
    const error = await loadClaimsCatalogue(dir).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      `${file}: the default export must be an array of { id, text, pages } claims (use defineClaims):\n` +
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

  it('defineClaims is the identity', () => {
    const list = [{ id: 'C01', text: 't', pages: [] }];
    expect(defineClaims(list)).toBe(list);
  });
});
