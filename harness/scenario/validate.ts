import { checkCommandCheck } from '../steps/command-check.ts';
import { checkFlow } from '../steps/flow.ts';
import { stepKindOf } from '../steps/registry.ts';
import { cidrContains, cidrsOverlap, isUsableHostAddress, parseCidr, type Cidr } from '../format/addresses.ts';
import { checkRoute, type CheckContext, type DeclaredMachine, type Report, type Subnets } from '../format/check-context.ts';
import type { InterfaceSpec, SubnetSourceSpec } from '../format/fields.ts';
import { isSubnetSource } from '../format/subnet-sources.ts';
import { checkSubnetSource } from './subnet-source-check.ts';
import type { Scenario } from './schema.ts';

// A problem found by cross-checking a schema-valid scenario: the field path and what is wrong with it.
export interface Problem {
  readonly path: string;
  readonly message: string;
}

// Checks what the schema alone cannot: references between parts, and addresses against their subnets.
// Files the scenario names are looked for relative to `scenarioFolder`, the scenario file's folder.
export function crossCheck(scenario: Scenario, scenarioFolder: string): Problem[] {
  const problems: Problem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });

  const subnets = checkNetworks(scenario, report);
  const machines = new Map<string, DeclaredMachine>();
  const subnetSources = new Map<string, SubnetSourceSpec>();
  for (const [name, host] of Object.entries(scenario.hosts)) machines.set(name, { kind: 'host', interfaces: host.interfaces, routes: [...host.routes] });
  for (const [name, source] of Object.entries(scenario.sources)) {
    if (machines.has(name)) report(`sources.${name}`, `"${name}" is already the name of a host; names must be unique`);
    else if (isSubnetSource(source)) subnetSources.set(name, source);
    else machines.set(name, { kind: 'source', interfaces: source.interfaces, routes: [...source.routes] });
  }

  const owners = new Map<string, string>();
  for (const [name, machine] of machines) {
    const base = `${machine.kind}s.${name}`;
    for (const [ifName, spec] of Object.entries(machine.interfaces)) {
      checkInterface(`${base}.interfaces.${ifName}`, spec, subnets, owners, name, report);
    }
    machine.routes.forEach((route, index) => checkRoute(`${base}.routes[${index}]`, route, machine, subnets, report));
  }
  const claim = (path: string, address: string, owner: string) => claimAddress(path, address, owners, owner, report);
  const machineNames = new Set([...machines.keys(), ...subnetSources.keys()]);
  for (const [name, spec] of subnetSources) checkSubnetSource(`sources.${name}`, name, spec, { subnets, networks: scenario.networks, hosts: scenario.hosts, machineNames, claim, report });

  const context: CheckContext = { machines, owners, report, subnets, subnetSources, scenarioFolder, networksByHost: new Map(), servicesByHost: new Map() };
  scenario.steps.forEach((step, index) => stepKindOf(step).check(`steps[${index}]`, step, context));
  scenario.flows.forEach((flow, index) => checkFlow(`flows[${index}]`, flow, context));
  scenario.checks.forEach((check, index) => checkCommandCheck(`checks[${index}]`, check, context));
  return problems;
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
