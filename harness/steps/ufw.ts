import { z } from 'zod';
import { checkMachine } from '../format/check-context.ts';
import { command, name } from '../format/fields.ts';
import { stepObject, type StepKind } from './step-kind.ts';
import { runAll } from './transcript.ts';

const schema = stepObject('ufw', { host: name, commands: z.array(command).min(1) });

// ufw as an operator drives it: `ufw <command>` for each, e.g. `default deny incoming`, `--force enable`.
export const ufwStep: StepKind<typeof schema> = {
  schema,
  evidence: 'firewall',
  target: (step) => step.host,
  check: (path, step, context) => checkMachine(`${path}.host`, step.host, context, ['host']),
  apply: (world, step) => runAll(world, step.host, step.commands.map((command) => `ufw ${command}`)),
};
