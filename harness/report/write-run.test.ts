import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMatrix, type ClaimMatrix } from './matrix.ts';
import { matrixFixtureCatalogue, matrixFixturePages, matrixFixtureRun } from './matrix-fixture.ts';
import { matrixHtml } from './matrix-html.ts';
import { matrixMarkdown } from './matrix-markdown.ts';
import { fixtureRun } from './run-fixture.ts';
import { buildRunReport } from './run-report.ts';
import { reportFixtureRun } from './run-report-fixture.ts';
import { runReportHtml } from './run-report-html.ts';
import { runReportMarkdown } from './run-report-markdown.ts';
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
  it('writes TAP, JUnit, summary, JSON, the run report and the claims matrix into a new directory', async () => {
    const run = fixtureRun();
    const out = path.join(dir, 'results', 'run-1');
    const paths = await writeRunResults(run, out);

    expect(paths).toEqual({
      tap: path.join(out, 'results.tap'),
      junit: path.join(out, 'junit.xml'),
      summary: path.join(out, 'summary.txt'),
      json: path.join(out, 'run.json'),
      reportMarkdown: path.join(out, 'report.md'),
      reportHtml: path.join(out, 'report.html'),
      claimsMarkdown: path.join(out, 'claims.md'),
      claimsHtml: path.join(out, 'claims.html'),
      claimsJson: path.join(out, 'claims.json'),
    });
    expect(await readFile(paths.tap, 'utf8')).toBe(toTap(run));
    expect(await readFile(paths.summary, 'utf8')).toBe(summarize(run));
    expect(JSON.parse(await readFile(paths.json, 'utf8'))).toEqual(run);
    expect(await readFile(paths.junit, 'utf8')).toMatch(/^<\?xml[\s\S]*<failure /);
    expect(JSON.parse(await readFile(paths.claimsJson!, 'utf8'))).toEqual(buildMatrix(run, []));
    expect(await readFile(paths.claimsMarkdown!, 'utf8')).toBe(matrixMarkdown(buildMatrix(run, []), run));
    expect(await readFile(paths.claimsHtml!, 'utf8')).toBe(matrixHtml(buildMatrix(run, []), run));
    expect(await readFile(paths.reportMarkdown, 'utf8')).toBe(runReportMarkdown(buildRunReport(run)));
    expect(await readFile(paths.reportHtml, 'utf8')).toBe(runReportHtml(buildRunReport(run)));
  });

  it('writes the run report but no claims matrix for a run whose scenarios name no claim', async () => {
    const run = reportFixtureRun();
    const policyOnly = { ...run, scenarios: run.scenarios.filter((scenario) => scenario.claims.length === 0) };
    const paths = await writeRunResults(policyOnly, dir, matrixFixtureCatalogue());
    expect(paths.claimsHtml).toBeUndefined();
    expect((await readdir(dir)).sort()).toEqual(['junit.xml', 'report.html', 'report.md', 'results.tap', 'run.json', 'summary.txt']);
    expect(await readFile(paths.reportMarkdown, 'utf8')).toContain('**✘ The run failed: 1 failed, 2 errors.**');
  });

  it('builds the claims matrix against the catalogue it is given', async () => {
    const run = matrixFixtureRun();
    const paths = await writeRunResults(run, dir, matrixFixtureCatalogue(), matrixFixturePages());
    const matrix = JSON.parse(await readFile(paths.claimsJson!, 'utf8')) as ClaimMatrix;
    expect(matrix).toEqual(buildMatrix(run, matrixFixtureCatalogue(), matrixFixturePages()));
    expect(matrix.claims.map((claim) => claim.id)).toEqual(['C03', 'C07', 'C14', 'C20', 'C23']);
    expect(await readFile(paths.claimsMarkdown!, 'utf8')).toContain('| **C23** --ip only changes the default. | all | docker-and-iptables.md | — not run | — not run |');
  });
});
