import { z } from 'zod';
import { checkMachine } from '../format/check-context.ts';
import { command, name } from '../format/fields.ts';
import { stepObject, type StepKind } from './step-kind.ts';
import { runAll } from './transcript.ts';

const schema = stepObject('firewalld', { host: name, commands: z.array(command).min(1) });

// firewalld as an operator drives it: `firewall-cmd <command>` for each, e.g. `--reload`.
export const firewalldStep: StepKind<typeof schema> = {
  schema,
  evidence: 'firewall',
  target: (step) => step.host,
  check: (path, step, context) => checkMachine(`${path}.host`, step.host, context, ['host']),
  apply: (world, step) => runAll(world, step.host, step.commands.map((command) => `firewall-cmd ${command}`)),
};
