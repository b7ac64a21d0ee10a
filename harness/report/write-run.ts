import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClaimInfo, PageInfo } from './claims-catalogue.ts';
import { writeJunit } from './junit.ts';
import { buildMatrix } from './matrix.ts';
import { matrixHtml } from './matrix-html.ts';
import { matrixMarkdown } from './matrix-markdown.ts';
import type { RunRecord } from '../results/records.ts';
import { buildRunReport } from './run-report.ts';
import { runReportHtml } from './run-report-html.ts';
import { runReportMarkdown } from './run-report-markdown.ts';
import { summarize } from './summary.ts';
import { toTap } from './tap.ts';

export interface RunResultPaths {
  readonly tap: string;
  readonly junit: string;
  readonly summary: string;
  readonly json: string;
  // Every flow and check of the run, per suite and scenario: Markdown and a self-contained HTML page.
  readonly reportMarkdown: string;
  readonly reportHtml: string;
  // The claims x Docker versions matrix (Markdown, HTML, data), when the run checked a claim.
  readonly claimsMarkdown?: string;
  readonly claimsHtml?: string;
  readonly claimsJson?: string;
}

// Saves every report format of a run in its directory, so humans, CI and later tools each find theirs.
export async function writeRunResults(run: RunRecord, dir: string, catalogue: ClaimInfo[] = [], pages: PageInfo[] = []): Promise<RunResultPaths> {
  const outDir = path.resolve(dir);
  await mkdir(outDir, { recursive: true });
  const tap = toTap(run);
  const report = buildRunReport(run);
  const paths = {
    tap: path.join(outDir, 'results.tap'),
    summary: path.join(outDir, 'summary.txt'),
    json: path.join(outDir, 'run.json'),
    reportMarkdown: path.join(outDir, 'report.md'),
    reportHtml: path.join(outDir, 'report.html'),
  };
  const claims = checksClaims(run)
    ? { claimsMarkdown: path.join(outDir, 'claims.md'), claimsHtml: path.join(outDir, 'claims.html'), claimsJson: path.join(outDir, 'claims.json') }
    : undefined;
  const matrix = claims ? buildMatrix(run, catalogue, pages) : undefined;
  // The plain files first: if tap-junit fails, the TAP, summary, reports and raw record are still on disk.
  await Promise.all([
    writeFile(paths.tap, tap, 'utf8'),
    writeFile(paths.summary, summarize(run), 'utf8'),
    writeFile(paths.json, JSON.stringify(run, null, 2) + '\n', 'utf8'),
    writeFile(paths.reportMarkdown, runReportMarkdown(report), 'utf8'),
    writeFile(paths.reportHtml, runReportHtml(report), 'utf8'),
    ...(claims && matrix
      ? [
          writeFile(claims.claimsMarkdown, matrixMarkdown(matrix, run), 'utf8'),
          writeFile(claims.claimsHtml, matrixHtml(matrix, run), 'utf8'),
          writeFile(claims.claimsJson, JSON.stringify(matrix, null, 2) + '\n', 'utf8'),
        ]
      : []),
  ]);
  const junit = await writeJunit(tap, outDir, 'junit.xml');
  return { ...paths, ...claims, junit };
}

// Whether any scenario of the run checks a documented claim: a run of the user's own policy
// scenarios only has no claims matrix to show.
export function checksClaims(run: RunRecord): boolean {
  return run.scenarios.some((scenario) => scenario.claims.length > 0 || scenario.checks.some((check) => check.claims.length > 0));
}
