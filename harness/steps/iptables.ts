import { z } from 'zod';
import { iptablesCommands } from '../firewall/iptables-commands.ts';
import { checkMachine } from '../format/check-context.ts';
import { command, iptablesFamily, name } from '../format/fields.ts';
import { stepObject, type StepKind } from './step-kind.ts';
import { runAll } from './transcript.ts';

const schema = stepObject('iptables', {
  host: name,
  table: z.enum(['filter', 'nat', 'mangle', 'raw']).default('filter'),
  // A full rule specification with its -A/-I/-P/-N, e.g. "-A FORWARD -p tcp --dport 80 -j DROP".
  rule: command,
  family: iptablesFamily,
});

// A raw iptables rule in any table and chain: `iptables [-t table] <rule>`.
export const iptablesStep: StepKind<typeof schema> = {
  schema,
  evidence: 'firewall',
  target: (step) => step.host,
  check: (path, step, context) => checkMachine(`${path}.host`, step.host, context, ['host']),
  apply: (world, step) => runAll(world, step.host, iptablesCommands(step)),
};
