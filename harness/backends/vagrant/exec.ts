import { execFile } from 'node:child_process';
import { HarnessError } from '../../core/errors.ts';

// Runs a short command and returns its stdout; a failure or time-out names the command and its stderr.
export function capture(command: string, args: readonly string[], options: { readonly timeoutMs?: number; readonly env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, env: options.env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const why = error.killed ? `timed out after ${timeoutMs} ms` : `failed (${error.code ?? error.signal})`;
      reject(new HarnessError('COMMAND_FAILED', `${command} ${args.join(' ')} ${why}: ${`${stderr}`.trim().slice(-2000) || `${stdout}`.trim().slice(-2000)}`, { cause: error }));
    });
  });
}
