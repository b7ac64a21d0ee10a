import { z } from 'zod';
import { HarnessError } from '../core/errors.ts';
import { checkMachine } from '../format/check-context.ts';
import { command, name } from '../format/fields.ts';
import { stepObject, type StepKind } from './step-kind.ts';

const schema = stepObject('command', { on: name, run: command, exitCode: z.number().int().min(0).max(255).default(0) });

// The escape hatch: any shell command on any host or source; another exit code than the expected one fails the step.
export const commandStep: StepKind<typeof schema> = {
  schema,
  evidence: 'transcript',
  target: (step) => step.on,
  check: (path, step, context) => checkMachine(`${path}.on`, step.on, context, ['host', 'source']),
  async apply(world, step) {
    const result = await world.machine(step.on).exec(step.run, { timeoutMs: 120_000 });
    const transcript = `$ ${step.run}\n${result.stdout}${result.stderr}(exit ${result.exitCode})\n`;
    if (result.exitCode !== step.exitCode) {
      throw new HarnessError('STEP_FAILED', `on ${step.on}: \`${step.run}\` exited with ${result.exitCode}, expected ${step.exitCode}:\n${(result.stderr || result.stdout).trim().slice(-1500)}`);
    }
    return transcript;
  },
};
