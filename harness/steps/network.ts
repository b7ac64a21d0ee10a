import { z } from 'zod';
import { checkMachine } from '../format/check-context.ts';
import { cidr4, name } from '../format/fields.ts';
import { stepObject, type StepKind } from './step-kind.ts';
import { transcriptOf } from './transcript.ts';

const schema = stepObject('network', {
  host: name,
  name: name,
  subnet: cidr4.optional(),
  options: z.record(z.string(), z.string()).default({}),
});

// A user-defined bridge network: `docker network create` with driver options. Later service steps
// on the same host may join it.
export const networkStep: StepKind<typeof schema> = {
  schema,
  evidence: 'firewall',
  target: (step) => step.host,
  check(path, step, context) {
    checkMachine(`${path}.host`, step.host, context, ['host']);
    const networks = context.networksByHost.get(step.host) ?? new Set<string>();
    networks.add(step.name);
    context.networksByHost.set(step.host, networks);
  },
  async apply(world, step) {
    const args = ['docker', 'network', 'create', '--driver', 'bridge'];
    if (step.subnet) args.push('--subnet', step.subnet);
    for (const [key, value] of Object.entries(step.options)) args.push('-o', `${key}=${value}`);
    args.push(step.name);
    return transcriptOf(args.join(' '), await world.host(step.host).machine.run(args));
  },
};
