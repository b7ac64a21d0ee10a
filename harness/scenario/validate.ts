import { cidrContains, cidrsOverlap, ipFamily, isLoopback, isUsableHostAddress, parseCidr, type Cidr } from './addresses.ts';
import type { CheckSpec, FlowSpec, InterfaceSpec, RouteSpec, Scenario, StepSpec } from './schema.ts';

// A problem found by cross-checking a schema-valid scenario: the field path and what is wrong with it.
export interface Problem {
  readonly path: string;
  readonly message: string;
}

interface Machine {
  readonly kind: 'host' | 'source';
  readonly interfaces: Record<string, InterfaceSpec>;
}

// Checks what the schema alone cannot: references between parts, and addresses against their subnets.
export function crossCheck(scenario: Scenario): Problem[] {
  const problems: Problem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });

  const subnets = checkNetworks(scenario, report);
  const machines = new Map<string, Machine>();
  for (const [name, host] of Object.entries(scenario.hosts)) machines.set(name, { kind: 'host', interfaces: host.interfaces });
  for (const [name, source] of Object.entries(scenario.sources)) {
    if (machines.has(name)) report(`sources.${name}`, `"${name}" is already the name of a host; names must be unique`);
    else machines.set(name, { kind: 'source', interfaces: source.interfaces });
  }

  const owners = new Map<string, string>();
  for (const [name, machine] of machines) {
    const base = `${machine.kind}s.${name}`;
    for (const [ifName, spec] of Object.entries(machine.interfaces)) {
      checkInterface(`${base}.interfaces.${ifName}`, spec, subnets, owners, name, report);
    }
    const routes = machine.kind === 'host' ? scenario.hosts[name]?.routes : scenario.sources[name]?.routes;
    routes?.forEach((route, index) => checkRoute(`${base}.routes[${index}]`, route, machine, subnets, report));
  }

  const context: Context = { scenario, machines, owners, report, subnets, networksByHost: new Map() };
  scenario.steps.forEach((step, index) => checkStep(`steps[${index}]`, step, context));
  scenario.flows.forEach((flow, index) => checkFlow(`flows[${index}]`, flow, context));
  scenario.checks.forEach((check, index) => checkCheck(`checks[${index}]`, check, context));
  return problems;
}

type Report = (path: string, message: string) => void;

interface Context {
  readonly scenario: Scenario;
  readonly machines: ReadonlyMap<string, Machine>;
  // Every declared address -> the host or source that owns it.
  readonly owners: ReadonlyMap<string, string>;
  readonly report: Report;
  readonly subnets: Subnets;
  // Docker networks created by earlier steps, per host, so services can only join ones that exist.
  readonly networksByHost: Map<string, Set<string>>;
}

interface Subnets {
  readonly v4: Map<string, Cidr>;
  readonly v6: Map<string, Cidr>;
}

function checkNetworks(scenario: Scenario, report: Report): Subnets {
  const subnets: Subnets = { v4: new Map(), v6: new Map() };
  for (const [name, network] of Object.entries(scenario.networks)) {
    const pairs: Array<[Map<string, Cidr>, string | undefined, string]> = [
      [subnets.v4, network.subnet, 'subnet'],
      [subnets.v6, network.subnet6, 'subnet6'],
    ];
    for (const [known, text, field] of pairs) {
      const cidr = text === undefined ? undefined : parseCidr(text);
      if (!cidr) continue;
      for (const [other, otherCidr] of known) {
        if (cidrsOverlap(cidr, otherCidr)) {
          report(`networks.${name}.${field}`, `${text} overlaps network "${other}" (${otherCidr.text})`);
        }
      }
      known.set(name, cidr);
    }
  }
  return subnets;
}

function checkInterface(path: string, spec: InterfaceSpec, subnets: Subnets, owners: Map<string, string>, owner: string, report: Report): void {
  const subnet = subnets.v4.get(spec.network);
  if (!subnet) {
    report(`${path}.network`, `"${spec.network}" is not a declared network (declared: ${[...subnets.v4.keys()].join(', ') || 'none'})`);
    return;
  }
  if (!cidrContains(subnet, spec.address)) {
    report(`${path}.address`, `${spec.address} is outside network "${spec.network}" (${subnet.text})`);
  } else if (!isUsableHostAddress(subnet, spec.address)) {
    report(`${path}.address`, `${spec.address} is the network or broadcast address of "${spec.network}" (${subnet.text}), not a host address`);
  }
  claimAddress(`${path}.address`, spec.address, owners, owner, report);
  if (spec.address6 === undefined) return;
  const subnet6 = subnets.v6.get(spec.network);
  if (!subnet6) report(`${path}.address6`, `network "${spec.network}" has no subnet6, so ${spec.address6} cannot be used`);
  else if (!cidrContains(subnet6, spec.address6)) report(`${path}.address6`, `${spec.address6} is outside network "${spec.network}" (${subnet6.text})`);
  claimAddress(`${path}.address6`, spec.address6, owners, owner, report);
}

function claimAddress(path: string, address: string, owners: Map<string, string>, owner: string, report: Report): void {
  const existing = owners.get(address);
  if (existing !== undefined) report(path, `${address} is already used by "${existing}"`);
  else owners.set(address, owner);
}

function checkRoute(path: string, route: RouteSpec, machine: Machine, subnets: Subnets, report: Report): void {
  const family = ipFamily(route.via);
  const destination = route.to === 'default' ? undefined : parseCidr(route.to);
  if (destination && destination.family !== family) {
    report(`${path}.via`, `${route.via} is not of the same IP family as ${route.to}`);
    return;
  }
  const attached = Object.values(machine.interfaces).map((spec) => (family === 4 ? subnets.v4 : subnets.v6).get(spec.network));
  if (!attached.some((cidr) => cidr && cidrContains(cidr, route.via))) {
    report(`${path}.via`, `${route.via} is not on any network this machine is attached to`);
  }
}

function checkMachine(path: string, name: string, context: Context, kinds: ReadonlyArray<Machine['kind']>): void {
  const machine = context.machines.get(name);
  const wanted = kinds.map((kind) => `${kind}s`).join(' or ');
  if (!machine || !kinds.includes(machine.kind)) {
    const known = [...context.machines].filter(([, m]) => kinds.includes(m.kind)).map(([n]) => n);
    context.report(path, `"${name}" is not one of the scenario's ${wanted} (${known.join(', ') || 'none declared'})`);
  }
}

function checkStep(path: string, step: StepSpec, context: Context): void {
  switch (step.kind) {
    case 'docker-user':
    case 'iptables':
    case 'daemon':
    case 'ufw':
    case 'firewalld':
      checkMachine(`${path}.host`, step.host, context, ['host']);
      return;
    case 'network': {
      checkMachine(`${path}.host`, step.host, context, ['host']);
      const networks = context.networksByHost.get(step.host) ?? new Set<string>();
      networks.add(step.name);
      context.networksByHost.set(step.host, networks);
      return;
    }
    case 'service': {
      checkMachine(`${path}.host`, step.host, context, ['host']);
      const builtIn = ['bridge', 'host', 'none'];
      if (step.network && !builtIn.includes(step.network) && !context.networksByHost.get(step.host)?.has(step.network)) {
        context.report(`${path}.network`, `"${step.network}" is neither a built-in network (${builtIn.join(', ')}) nor created by an earlier network step on "${step.host}"`);
      }
      if (step.publish.length === 0 && !step.listen?.length) context.report(`${path}.publish`, 'a service needs at least one publish spec or listen port');
      return;
    }
    case 'route': {
      checkMachine(`${path}.on`, step.on, context, ['host', 'source']);
      const machine = context.machines.get(step.on);
      if (machine) checkRoute(path, step, machine, context.subnets, context.report);
      return;
    }
    case 'command':
      checkMachine(`${path}.on`, step.on, context, ['host', 'source']);
      return;
    case 'flows':
      step.flows.forEach((flow, index) => checkFlow(`${path}.flows[${index}]`, flow, context));
      return;
    case 'check':
      checkCheck(`${path}.check`, step.check, context);
      return;
  }
}

function checkFlow(path: string, flow: FlowSpec, context: Context): void {
  checkMachine(`${path}.from`, flow.from, context, ['host', 'source']);
  checkDeviations(path, flow.deviations, context.report);
  flow.deviations.forEach((deviation, index) => {
    if (deviation.observed === flow.expect || deviation.observed === 'fail') {
      context.report(`${path}.deviations[${index}].observed`, `"${deviation.observed}" cannot be a flow's deviation from "${flow.expect}"; name the verdict seen instead (connected, refused, dropped or error, other than the expected one)`);
    }
  });
  const family = ipFamily(flow.to);
  if (family !== undefined) {
    if (isLoopback(flow.to)) {
      if ((family === 6) !== flow.ipv6) context.report(`${path}.ipv6`, `is ${flow.ipv6} but ${flow.to} is an ${family === 6 ? 'IPv6' : 'IPv4'} address; set ipv6: ${family === 6}`);
    } else if (!context.owners.has(flow.to)) {
      context.report(`${path}.to`, `${flow.to} is not an address of any host or source in this scenario; probes go only to the run's own hosts`);
    } else if ((family === 6) !== flow.ipv6) {
      context.report(`${path}.ipv6`, `is ${flow.ipv6} but ${flow.to} is an ${family === 6 ? 'IPv6' : 'IPv4'} address; set ipv6: ${family === 6}`);
    }
    return;
  }
  checkMachine(`${path}.to`, flow.to, context, ['host', 'source']);
  const machine = context.machines.get(flow.to);
  if (machine && flow.ipv6 && !Object.values(machine.interfaces).some((spec) => spec.address6)) {
    context.report(`${path}.ipv6`, `"${flow.to}" has no interface with an address6`);
  }
}

function checkCheck(path: string, check: CheckSpec, context: Context): void {
  checkMachine(`${path}.on`, check.on, context, ['host', 'source']);
  for (const field of ['matches', 'notMatches'] as const) {
    check.expect[field].forEach((pattern, index) => {
      try {
        new RegExp(pattern, 'm');
      } catch (error) {
        const why = (error as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /, '');
        context.report(`${path}.expect.${field}[${index}]`, `/${pattern}/ is not a valid regular expression: ${why}`);
      }
    });
  }
  checkDeviations(path, check.deviations, context.report);
  check.deviations.forEach((deviation, index) => {
    if (deviation.observed !== 'fail') context.report(`${path}.deviations[${index}].observed`, `"${deviation.observed}" cannot be a check's deviation; a check that deviates observes "fail"`);
  });
}

function checkDeviations(path: string, deviations: FlowSpec['deviations'], report: Report): void {
  deviations.forEach((deviation, index) => {
    deviation.on.forEach((target, at) => {
      if (!/^(?:[a-z]+|\d+(?:\.\d+){0,2})$/.test(target)) {
        report(`${path}.deviations[${index}].on[${at}]`, `"${target}" must be a Debian suite name (bookworm) or a Docker version prefix (20.10)`);
      }
    });
  });
}
