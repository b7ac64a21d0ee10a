import { access, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { execProcess } from '../core/process.ts';

// tap-junit rewrites --name (drops characters outside [\w.-], drops the last dotted part of the
// stem so "results.v2.xml" becomes "results.xml", appends .xml when there is no extension) and
// minimist turns number-like or dash-led arguments into numbers or flags. Only names it keeps
// verbatim are accepted, so the path returned is the path written.
const SAFE_FILE_NAME = /^\w[\w-]*\.[A-Za-z][A-Za-z0-9]*$/;
const MINIMIST_NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(e[-+]?\d+)?$/;

// JUnit XML for CI systems that only read JUnit, made from the run's TAP by tap-junit's CLI.
export async function writeJunit(tap: string, dir: string, fileName = 'junit.xml'): Promise<string> {
  if (!SAFE_FILE_NAME.test(fileName) || MINIMIST_NUMBER.test(fileName)) {
    throw new Error(
      `writeJunit: file name ${JSON.stringify(fileName)} would be renamed or misread by tap-junit; ` +
        'use letters, digits, "_" or "-" and one extension, e.g. "junit.xml"',
    );
  }
  const outDir = path.resolve(dir);
  const target = path.join(outDir, fileName);
  await mkdir(outDir, { recursive: true });
  // A file left by an earlier run must not pass for this run's output.
  await rm(target, { force: true });

  const bin = path.join(path.dirname(createRequire(import.meta.url).resolve('tap-junit/package.json')), 'bin', 'tap-junit');
  const result = await execProcess([process.execPath, bin, '--output', outDir, '--name', fileName], { input: tap });

  // tap-junit exits 1 when the TAP has failing points; only a missing file is an error.
  try {
    await access(target);
  } catch {
    throw new Error(`writeJunit: tap-junit did not write ${target} (exit code ${result.exitCode}); stderr:\n${result.stderr.trim()}`);
  }
  return target;
}
