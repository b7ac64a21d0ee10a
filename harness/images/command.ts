import { spawn, type SpawnOptions } from 'node:child_process';
import { HarnessError } from '../core/errors.ts';
import { onInterrupt } from '../core/interrupt.ts';

// Runs a local command, streaming each output line to `onLine`; rejects with the output's tail on failure.
// The command leads its own process group, so an interrupted harness takes down all of it (debootstrap
// runs wget, dpkg and chroot underneath) before the build's own cleanup unmounts and removes its files.
export function runLocal(command: string, args: readonly string[], onLine: (line: string) => void = () => {}, options: SpawnOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const closed = new Promise<void>((done) => child.once('close', () => done()));
    const forget = onInterrupt(`${command} (pid ${child.pid})`, async () => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
      await Promise.race([closed, new Promise((done) => setTimeout(done, 5000))]);
    });
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
    child.on('error', (error) => {
      forget();
      reject(new HarnessError('COMMAND_FAILED', `${command} could not be started: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      forget();
      if (code === 0) resolve(output);
      else reject(new HarnessError('COMMAND_FAILED', `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.slice(-3000)}`));
    });
  });
}
