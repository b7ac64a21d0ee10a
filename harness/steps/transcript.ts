import type { StepWorld } from './step-kind.ts';

// Runs commands one after another on a host or source; returns what was typed and what came back.
export async function runAll(world: StepWorld, on: string, commands: readonly string[]): Promise<string> {
  const machine = world.machine(on);
  let transcript = '';
  for (const command of commands) transcript += transcriptOf(command, await machine.run(command, { timeoutMs: 120_000 }));
  return transcript;
}

// One command and its output, as they appear in a step's evidence file.
export function transcriptOf(command: string, output: string): string {
  return `$ ${command}\n${output}`;
}
