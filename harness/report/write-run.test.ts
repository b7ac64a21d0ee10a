import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
  it('writes TAP, JUnit, summary and JSON into a new directory', async () => {
    const run = fixtureRun();
    const out = path.join(dir, 'results', 'run-1');
    const paths = await writeRunResults(run, out);

    expect(paths).toEqual({
      tap: path.join(out, 'results.tap'),
      junit: path.join(out, 'junit.xml'),
      summary: path.join(out, 'summary.txt'),
      json: path.join(out, 'run.json'),
    });
    expect(await readFile(paths.tap, 'utf8')).toBe(toTap(run));
    expect(await readFile(paths.summary, 'utf8')).toBe(summarize(run));
    expect(JSON.parse(await readFile(paths.json, 'utf8'))).toEqual(run);
    expect(await readFile(paths.junit, 'utf8')).toMatch(/^<\?xml[\s\S]*<failure /);
  });
});
