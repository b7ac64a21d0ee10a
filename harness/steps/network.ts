import { z } from 'zod';
import { HarnessError } from '../core/errors.ts';
import { cidrContains, parseCidr } from '../format/addresses.ts';
import { checkMachine, type Report } from '../format/check-context.ts';
import { cidr4, cidr6, ipv4, ipv6, name } from '../format/fields.ts';
import { stepObject, type StepKind } from './step-kind.ts';
import { transcriptOf } from './transcript.ts';

const schema = stepObject('network', {
  host: name,
  name: name,
  subnet: cidr4.optional(),
  // The bridge's own address on the subnet (docker network create --gateway).
  gateway: ipv4.optional(),
  // IPv6 on the network (--ipv6), with its subnet and optionally its gateway.
  ipv6: z.boolean().default(false),
  subnet6: cidr6.optional(),
  gateway6: ipv6.optional(),
  // No route in or out of the network: its containers reach only each other (--internal).
  internal: z.boolean().default(false),
  options: z.record(z.string(), z.string()).default({}),
  // The network was made by hand (an earlier command step); this step only declares it, so services
  // can join it, and fails when it does not exist.
  external: z.boolean().default(false),
});

type NetworkStep = z.output<typeof schema>;

// A user-defined bridge network: `docker network create` with driver options. Later service steps
// on the same host may join it.
export const networkStep: StepKind<typeof schema> = {
  schema,
  evidence: 'firewall',
  target: (step) => step.host,
  check(path, step, context) {
    checkMachine(`${path}.host`, step.host, context, ['host']);
    checkNetworkFields(path, step, context.report);
    const networks = context.networksByHost.get(step.host) ?? new Set<string>();
    if (networks.has(step.name)) context.report(`${path}.name`, `"${step.name}" is already a network of an earlier network step on "${step.host}"`);
    networks.add(step.name);
    context.networksByHost.set(step.host, networks);
  },
  async apply(world, step) {
    const machine = world.host(step.host).machine;
    if (step.external) {
      const result = await machine.exec(['docker', 'network', 'inspect', '--format', '{{.Name}} {{.Driver}} internal={{.Internal}} ipv6={{.EnableIPv6}}', step.name]);
      if (result.exitCode !== 0) {
        throw new HarnessError('STEP_FAILED', `on ${step.host}: network "${step.name}" is declared external but does not exist; create it in an earlier command step (docker network inspect: ${result.stderr.trim()})`);
      }
      return `$ docker network inspect ${step.name}\n${result.stdout}`;
    }
    const args = networkCreateArgs(step);
    return transcriptOf(args.join(' '), await machine.run(args));
  },
};

// What the schema cannot say alone: which fields go together, and gateways inside their subnets.
export function checkNetworkFields(path: string, step: NetworkStep, report: Report): void {
  if (step.external) {
    const made = (['subnet', 'gateway', 'subnet6', 'gateway6'] as const).filter((field) => step[field] !== undefined);
    const flags = (['ipv6', 'internal'] as const).filter((field) => step[field]);
    for (const field of [...made, ...flags]) report(`${path}.${field}`, `cannot be set on an external network: the harness does not create it, the command step that makes it does`);
    if (Object.keys(step.options).length > 0) report(`${path}.options`, 'cannot be set on an external network: the harness does not create it, the command step that makes it does');
    return;
  }
  checkGateway(`${path}.gateway`, step.gateway, step.subnet, 'subnet', report);
  if (step.subnet6 !== undefined && !step.ipv6) report(`${path}.subnet6`, `${step.subnet6} needs ipv6: true`);
  if (step.ipv6 && step.subnet6 === undefined) report(`${path}.subnet6`, 'is required with ipv6: true (Docker 20.10 has no IPv6 pool to pick one from)');
  checkGateway(`${path}.gateway6`, step.gateway6, step.subnet6, 'subnet6', report);
}

function checkGateway(path: string, gateway: string | undefined, subnet: string | undefined, field: string, report: Report): void {
  if (gateway === undefined) return;
  if (subnet === undefined) return report(path, `${gateway} needs ${field}: Docker takes a gateway only for a subnet given with it`);
  const cidr = parseCidr(subnet);
  if (cidr && !cidrContains(cidr, gateway)) report(path, `${gateway} is not inside ${field} ${subnet}`);
}

// Pure: the `docker network create` command a network step runs; each gateway follows its subnet.
export function networkCreateArgs(step: Omit<NetworkStep, 'kind' | 'host' | 'external'>): string[] {
  const args = ['docker', 'network', 'create', '--driver', 'bridge'];
  if (step.subnet) args.push('--subnet', step.subnet);
  if (step.gateway) args.push('--gateway', step.gateway);
  if (step.ipv6) args.push('--ipv6');
  if (step.subnet6) args.push('--subnet', step.subnet6);
  if (step.gateway6) args.push('--gateway', step.gateway6);
  if (step.internal) args.push('--internal');
  for (const [key, value] of Object.entries(step.options)) args.push('-o', `${key}=${value}`);
  args.push(step.name);
  return args;
}
