import { spawn, type SpawnOptions } from 'node:child_process';
import { HarnessError } from '../errors.ts';

// Runs a local command, streaming each output line to `onLine`; rejects with the output's tail on failure.
export function runLocal(command: string, args: readonly string[], onLine: (line: string) => void = () => {}, options: SpawnOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let pending = '';
    const take = (chunk: Buffer) => {
      output += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(onLine);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.on('error', (error) => reject(new HarnessError('COMMAND_FAILED', `${command} could not be started: ${error.message}`, { cause: error })));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new HarnessError('COMMAND_FAILED', `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.slice(-3000)}`));
    });
  });
}
