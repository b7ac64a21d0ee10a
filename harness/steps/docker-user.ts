import { z } from 'zod';
import { dockerUserCommands } from '../firewall/iptables-commands.ts';
import { checkMachine } from '../format/check-context.ts';
import { command, iptablesFamily, name } from '../format/fields.ts';
import { stepObject, type StepKind } from './step-kind.ts';
import { runAll } from './transcript.ts';

const schema = stepObject('docker-user', {
  host: name,
  rule: command,
  position: z.enum(['insert', 'append']).default('insert'),
  family: iptablesFamily,
});

// A rule in the DOCKER-USER chain, as an operator adds one: `iptables -I DOCKER-USER <rule>`.
export const dockerUserStep: StepKind<typeof schema> = {
  schema,
  evidence: 'firewall',
  target: (step) => step.host,
  check: (path, step, context) => checkMachine(`${path}.host`, step.host, context, ['host']),
  apply: (world, step) => runAll(world, step.host, dockerUserCommands(step)),
};
