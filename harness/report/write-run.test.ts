import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMatrix, type ClaimMatrix } from './matrix.ts';
import { matrixFixtureCatalogue, matrixFixturePages, matrixFixtureRun } from './matrix-fixture.ts';
import { matrixHtml } from './matrix-html.ts';
import { matrixMarkdown } from './matrix-markdown.ts';
import { fixtureRun } from './run-fixture.ts';
import { summarize } from './summary.ts';
import { toTap } from './tap.ts';
import { writeRunResults } from './write-run.ts';

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'write-run-test-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeRunResults', () => {
  it('writes TAP, JUnit, summary, JSON and the claims matrix into a new directory', async () => {
    const run = fixtureRun();
    const out = path.join(dir, 'results', 'run-1');
    const paths = await writeRunResults(run, out);

    expect(paths).toEqual({
      tap: path.join(out, 'results.tap'),
      junit: path.join(out, 'junit.xml'),
      summary: path.join(out, 'summary.txt'),
      json: path.join(out, 'run.json'),
      claimsMarkdown: path.join(out, 'claims.md'),
      claimsHtml: path.join(out, 'claims.html'),
      claimsJson: path.join(out, 'claims.json'),
    });
    expect(await readFile(paths.tap, 'utf8')).toBe(toTap(run));
    expect(await readFile(paths.summary, 'utf8')).toBe(summarize(run));
    expect(JSON.parse(await readFile(paths.json, 'utf8'))).toEqual(run);
    expect(await readFile(paths.junit, 'utf8')).toMatch(/^<\?xml[\s\S]*<failure /);
    expect(JSON.parse(await readFile(paths.claimsJson, 'utf8'))).toEqual(buildMatrix(run, []));
    expect(await readFile(paths.claimsMarkdown, 'utf8')).toBe(matrixMarkdown(buildMatrix(run, []), run));
    expect(await readFile(paths.claimsHtml, 'utf8')).toBe(matrixHtml(buildMatrix(run, []), run));
  });

  it('builds the claims matrix against the catalogue it is given', async () => {
    const run = matrixFixtureRun();
    const paths = await writeRunResults(run, dir, matrixFixtureCatalogue(), matrixFixturePages());
    const matrix = JSON.parse(await readFile(paths.claimsJson, 'utf8')) as ClaimMatrix;
    expect(matrix).toEqual(buildMatrix(run, matrixFixtureCatalogue(), matrixFixturePages()));
    expect(matrix.claims.map((claim) => claim.id)).toEqual(['C03', 'C07', 'C14', 'C20', 'C23']);
    expect(await readFile(paths.claimsMarkdown, 'utf8')).toContain('| **C23** --ip only changes the default. | all | docker-and-iptables.md | — not run | — not run |');
  });
});
