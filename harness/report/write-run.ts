import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeJunit } from './junit.ts';
import type { RunRecord } from './outcome.ts';
import { summarize } from './summary.ts';
import { toTap } from './tap.ts';

// Saves every report format of a run in its directory, so humans, CI and later tools each find theirs.
export async function writeRunResults(
  run: RunRecord,
  dir: string,
): Promise<{ tap: string; junit: string; summary: string; json: string }> {
  const outDir = path.resolve(dir);
  await mkdir(outDir, { recursive: true });
  const tap = toTap(run);
  const paths = {
    tap: path.join(outDir, 'results.tap'),
    summary: path.join(outDir, 'summary.txt'),
    json: path.join(outDir, 'run.json'),
  };
  // The plain files first: if tap-junit fails, the TAP, summary and raw record are still on disk.
  await Promise.all([
    writeFile(paths.tap, tap, 'utf8'),
    writeFile(paths.summary, summarize(run), 'utf8'),
    writeFile(paths.json, JSON.stringify(run, null, 2) + '\n', 'utf8'),
  ]);
  const junit = await writeJunit(tap, outDir, 'junit.xml');
  return { ...paths, junit };
}
