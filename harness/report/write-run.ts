import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClaimInfo, PageInfo } from './claims-catalogue.ts';
import { writeJunit } from './junit.ts';
import { buildMatrix } from './matrix.ts';
import { matrixHtml } from './matrix-html.ts';
import { matrixMarkdown } from './matrix-markdown.ts';
import type { RunRecord } from '../results/records.ts';
import { summarize } from './summary.ts';
import { toTap } from './tap.ts';

export interface RunResultPaths {
  readonly tap: string;
  readonly junit: string;
  readonly summary: string;
  readonly json: string;
  // The claims x Docker versions matrix: Markdown, a self-contained HTML page, and its data.
  readonly claimsMarkdown: string;
  readonly claimsHtml: string;
  readonly claimsJson: string;
}

// Saves every report format of a run in its directory, so humans, CI and later tools each find theirs.
export async function writeRunResults(run: RunRecord, dir: string, catalogue: ClaimInfo[] = [], pages: PageInfo[] = []): Promise<RunResultPaths> {
  const outDir = path.resolve(dir);
  await mkdir(outDir, { recursive: true });
  const tap = toTap(run);
  const matrix = buildMatrix(run, catalogue, pages);
  const paths = {
    tap: path.join(outDir, 'results.tap'),
    summary: path.join(outDir, 'summary.txt'),
    json: path.join(outDir, 'run.json'),
    claimsMarkdown: path.join(outDir, 'claims.md'),
    claimsHtml: path.join(outDir, 'claims.html'),
    claimsJson: path.join(outDir, 'claims.json'),
  };
  // The plain files first: if tap-junit fails, the TAP, summary, claims and raw record are still on disk.
  await Promise.all([
    writeFile(paths.tap, tap, 'utf8'),
    writeFile(paths.summary, summarize(run), 'utf8'),
    writeFile(paths.json, JSON.stringify(run, null, 2) + '\n', 'utf8'),
    writeFile(paths.claimsMarkdown, matrixMarkdown(matrix, run), 'utf8'),
    writeFile(paths.claimsHtml, matrixHtml(matrix, run), 'utf8'),
    writeFile(paths.claimsJson, JSON.stringify(matrix, null, 2) + '\n', 'utf8'),
  ]);
  const junit = await writeJunit(tap, outDir, 'junit.xml');
  return { ...paths, junit };
}
