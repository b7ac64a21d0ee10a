import { readFile } from 'node:fs/promises';
import { HarnessError } from '../core/errors.ts';
import type { RunRecord } from './records.ts';
import { parseRunRecord } from './run-schema.ts';

// Another run's run.json, checked against this harness's run record schema before anything uses it.
export async function readRunRecord(file: string): Promise<RunRecord> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new HarnessError('RUN_RECORD_INVALID', `${file}: cannot be read (${error.code ?? error.message})`);
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HarnessError('RUN_RECORD_INVALID', `${file}: not JSON (${(error as Error).message})`);
  }
  return parseRunRecord(value, file);
}
