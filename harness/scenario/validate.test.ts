import { stepKinds } from '../steps/registry.ts';
import { describe, expect, it } from 'vitest';
import { validateScenario } from './load.ts';
import type { ScenarioInput } from './schema.ts';

const file = 'scenarios/x.scenario.ts';

// The shape of scenarios/docker-user/allow-one-source.scenario.ts, plus an IPv6 subnet, a second
// network, a user-defined Docker network with a service on it, and a command check.
const base = {
  name: 'docker-user-allow-one-source',
  description: 'A negated source match in DOCKER-USER restricts a published port to one outside address.',
  claims: ['C03', 'C07'],
  networks: {
    lan: { subnet: '192.168.1.0/24', subnet6: 'fd00:1::/64' },
    dmz: { subnet: '10.0.0.0/24' },
  },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10', address6: 'fd00:1::10' } } } },
  sources: {
    allowed: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } } },
    other: { interfaces: { eth0: { network: 'lan', address: '192.168.1.2' } } },
  },
  steps: [
    { kind: 'network', host: 'docker1', name: 'appnet', subnet: '172.30.0.0/16' },
    { kind: 'service', host: 'docker1', name: 'web', network: 'appnet', publish: ['8080:80'] },
    { kind: 'docker-user', host: 'docker1', rule: '-i eth0 ! -s 192.168.1.1 -j DROP' },
  ],
  flows: [
    { from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
    {
      from: 'other',
      to: 'docker1',
      port: 8080,
      expect: 'dropped',
      deviations: [{ on: ['bookworm', '20.10'], observed: 'connected', reason: 'Docker 20.10 evaluates DOCKER-USER after the DNAT accept' }],
    },
  ],
  checks: [{ name: 'the rule is listed', on: 'docker1', run: 'iptables -S DOCKER-USER', expect: { matches: ['-j DROP$'] } }],
} satisfies ScenarioInput;

// A malformed scenario is whatever a careless author could write, so the draft is deliberately untyped.
type Draft = any;

function problemsAfter(change: (draft: Draft) => void): string[] {
  const draft: Draft = structuredClone(base);
  change(draft);
  const result = validateScenario(draft, file);
  if (!('problems' in result)) throw new Error('expected the changed scenario to be refused');
  return result.problems;
}

describe('validateScenario', () => {
  it('accepts the base scenario and fills in defaults', () => {
    const result = validateScenario(structuredClone(base), file);
    if ('problems' in result) throw new Error(result.problems.join('\n'));
    expect(result.file).toBe(file);
    const { scenario } = result;
    expect(scenario.flows[0]).toEqual({ from: 'allowed', to: 'docker1', port: 8080, proto: 'tcp', family: 'ipv4', expect: 'connected', deviations: [] });
    expect(scenario.hosts.docker1).toMatchObject({ routes: [], daemon: { config: {}, args: [], start: true }, firewalld: false, ipForward: false });
    expect(scenario.sources.allowed).toMatchObject({ routes: [] });
    expect(scenario.steps[0]).toEqual({ kind: 'network', host: 'docker1', name: 'appnet', subnet: '172.30.0.0/16', ipv6: false, internal: false, external: false, options: {} });
    expect(scenario.steps[2]).toMatchObject({ position: 'insert', family: 'ipv4' });
    expect(scenario.checks[0]?.expect).toEqual({ matches: ['-j DROP$'], notMatches: [] });
    expect(scenario.tags).toEqual([]);
  });

  it('accepts an IPv6 flow to a host with an address6, by name or by address', () => {
    const draft: Draft = structuredClone(base);
    draft.flows.push({ from: 'docker1', to: 'fd00:1::10', family: 'ipv6', port: 80, expect: 'refused' });
    draft.flows.push({ from: 'allowed', to: 'docker1', family: 'ipv6', port: 8080, expect: 'connected' });
    expect(validateScenario(draft, file)).not.toHaveProperty('problems');
  });

  it('accepts a dual-stack flow with a per-family override, and a flow to one interface of a host', () => {
    const draft: Draft = structuredClone(base);
    draft.hosts.docker1.interfaces.eth1 = { network: 'dmz', address: '10.0.0.10' };
    draft.flows.push({ from: 'allowed', to: 'docker1', family: 'both', port: 8080, expect: 'connected', perFamily: { ipv6: { expect: 'dropped' } } });
    draft.flows.push({ from: 'docker1', to: { host: 'docker1', interface: 'eth1' }, port: 80, expect: 'refused' });
    draft.flows.push({ from: 'docker1', to: { source: 'allowed', interface: 'eth0' }, port: 80, expect: 'refused' });
    expect(validateScenario(draft, file)).not.toHaveProperty('problems');
  });

  it('accepts a subnet source behind a router on a Docker host\'s network, and flows from it', () => {
    const draft: Draft = structuredClone(base);
    draft.sources.admins = { subnet: '10.50.0.0/24', samples: ['10.50.0.10', '10.50.0.200'], behind: { network: 'lan', router: '192.168.1.254' } };
    draft.flows.push({ from: 'admins', to: 'docker1', port: 8080, expect: 'connected' });
    draft.flows.push({ from: 'admins', to: '192.168.1.10', port: 8080, expect: 'connected' });
    const result = validateScenario(draft, file);
    if ('problems' in result) throw new Error(result.problems.join('\n'));
    expect(result.scenario.sources.admins).toEqual(draft.sources.admins);
  });

  it('accepts a flow to a container through its host, and one with a declared route via the host instead', () => {
    const draft: Draft = structuredClone(base);
    draft.flows.push({ from: 'other', to: { container: 'web', on: 'docker1', network: 'appnet' }, via: 'docker1', port: 80, expect: 'connected' });
    draft.flows.push({ from: 'allowed', to: { container: 'web', on: 'docker1' }, port: 80, expect: 'connected' });
    draft.flows.push({ from: 'docker1', to: { container: 'web', on: 'docker1' }, port: 80, expect: 'connected' });
    draft.flows.push({ from: 'other', to: '127.0.0.1', via: 'docker1', port: 8080, expect: 'dropped' });
    draft.sources.allowed.routes = [{ to: '172.30.0.0/16', via: '192.168.1.10' }];
    expect(validateScenario(draft, file)).not.toHaveProperty('problems');
  });

  it('accepts a service on several networks, one made by hand, an internal IPv6 network, and a service of the user\'s image', () => {
    const draft: Draft = structuredClone(base);
    draft.steps.push(
      { kind: 'network', host: 'docker1', name: 'v6net', subnet: '172.31.0.0/24', gateway: '172.31.0.254', ipv6: true, subnet6: 'fd00:31::/64', gateway6: 'fd00:31::fe', internal: true },
      { kind: 'command', on: 'docker1', run: 'docker network create handmade' },
      { kind: 'network', host: 'docker1', name: 'handmade', external: true },
      { kind: 'service', host: 'docker1', name: 'multi', networks: ['appnet', 'v6net', 'handmade'], publish: ['8000-8001:80-81', '[::]:8443:443/udp'] },
      { kind: 'service', host: 'docker1', name: 'app2', image: 'registry.local:5000/team/app:V1.2', listen: ['7000/tcp'] },
      { kind: 'service', host: 'docker1', name: 'app', image: 'myorg/app:1.2', command: ['app', '--port', '7000'], env: { MODE: 'test' }, listen: ['7000/tcp'] },
    );
    draft.sources.allowed.interfaces.eth0.address6 = 'fd00:1::1';
    draft.flows.push({ from: 'allowed', to: { container: 'multi', on: 'docker1', network: 'v6net' }, via: 'docker1', family: 'ipv6', port: 80, expect: 'connected' });
    const result = validateScenario(draft, file);
    if ('problems' in result) throw new Error(result.problems.join('\n'));
  });

  it('accepts a service removed and started again under the same name', () => {
    const steps = [...base.steps, { kind: 'remove-service', host: 'docker1', name: 'web' }, { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] }];
    const result = validateScenario({ ...base, steps }, file);
    if ('problems' in result) throw new Error(result.problems.join('\n'));
    expect(result.scenario.steps[3]).toEqual({ kind: 'remove-service', host: 'docker1', name: 'web' });
  });

  it('refuses a value that is not an object at all', () => {
    expect(validateScenario('hello', file)).toEqual({ problems: [`${file}: (scenario) Invalid input: expected object, received string (got "hello")`] });
  });
});

interface Case {
  readonly name: string;
  readonly change: (draft: Draft) => void;
  readonly problems: readonly string[];
}

// Schema problems: the zod message, prefixed with the file and field path, followed by the value found.
const schemaCases: Case[] = [
  {
    name: 'a flow written with the retired ipv6: true',
    change: (s) => (s.flows[0].ipv6 = true),
    problems: [`${file}: flows[0].ipv6 is no longer a flow field: write family: 'ipv6' instead (or family: 'both' to run the flow on IPv4 and IPv6) (got true)`],
  },
  {
    name: 'a flow written with the retired ipv6: false',
    change: (s) => (s.flows[0].ipv6 = false),
    problems: [`${file}: flows[0].ipv6 is no longer a flow field: remove it (family: 'ipv4' is the default) (got false)`],
  },
  {
    name: 'a listen step with a port without its protocol',
    change: (s) => s.steps.push({ kind: 'listen', on: 'allowed', ports: ['9000'] }),
    problems: [`${file}: steps[3].ports[0] must look like 80/tcp (got "9000")`],
  },
  {
    name: 'an unknown flow family',
    change: (s) => (s.flows[0].family = 'ipv5'),
    problems: [`${file}: flows[0].family Invalid option: expected one of "ipv4"|"ipv6"|"both" (got "ipv5")`],
  },
  {
    name: 'an interface destination without its interface',
    change: (s) => (s.flows[0].to = { host: 'docker1' }),
    problems: [`${file}: flows[0].to.interface is required: Invalid input: expected string, received undefined (got nothing)`],
  },
  {
    name: 'a subnet source without samples and with a host address as its subnet',
    change: (s) => (s.sources.admins = { subnet: '10.50.0.1/24', samples: [], behind: { network: 'lan', router: '192.168.1.254' } }),
    problems: [
      `${file}: sources.admins.subnet must be an IPv4 subnet in CIDR form with no host bits set, e.g. 192.168.1.0/24 (got "10.50.0.1/24")`,
      `${file}: sources.admins.samples Too small: expected array to have >=1 items (got [])`,
    ],
  },
  {
    name: 'a Docker requirement that is not a release',
    change: (s) => (s.requires = { docker: '28.x' }),
    problems: [`${file}: requires.docker must be a Docker release such as "28.2" (got "28.x")`],
  },
  {
    name: 'a kernel feature the harness cannot probe',
    change: (s) => (s.requires = { kernel: ['ipvs', 'bpf'] }),
    problems: [`${file}: requires.kernel[1] Invalid option: expected one of "ipvs"|"ipv6" (got "bpf")`],
  },
  {
    name: 'requires as a bare list of kernel features',
    change: (s) => (s.requires = ['ipvs']),
    problems: [`${file}: requires Invalid input: expected object, received array (got ["ipvs"])`],
  },
  {
    name: 'unknown top-level key',
    change: (s) => (s.hostz = {}),
    problems: [`${file}: (scenario) Unrecognized key: "hostz"`],
  },
  {
    name: 'unknown key in a host',
    change: (s) => (s.hosts.docker1.firewall = true),
    problems: [`${file}: hosts.docker1 Unrecognized key: "firewall"`],
  },
  {
    name: 'unknown key in a step',
    change: (s) => (s.steps[1].ports = ['80']),
    problems: [`${file}: steps[1] Unrecognized key: "ports"`],
  },
  {
    name: 'port given as a string',
    change: (s) => (s.flows[0].port = '8080'),
    problems: [`${file}: flows[0].port Invalid input: expected number, received string (got "8080")`],
  },
  {
    name: 'port above 65535',
    change: (s) => (s.flows[0].port = 70000),
    problems: [`${file}: flows[0].port Too big: expected number to be <=65535 (got 70000)`],
  },
  {
    name: 'port 0',
    change: (s) => (s.flows[0].port = 0),
    problems: [`${file}: flows[0].port Too small: expected number to be >=1 (got 0)`],
  },
  {
    name: 'subnet with a prefix longer than 32',
    change: (s) => (s.networks.lan.subnet = '192.168.1.0/33'),
    problems: [`${file}: networks.lan.subnet must be an IPv4 subnet in CIDR form with no host bits set, e.g. 192.168.1.0/24 (got "192.168.1.0/33")`],
  },
  {
    name: 'subnet with host bits set',
    change: (s) => (s.networks.lan.subnet = '192.168.1.5/24'),
    problems: [`${file}: networks.lan.subnet must be an IPv4 subnet in CIDR form with no host bits set, e.g. 192.168.1.0/24 (got "192.168.1.5/24")`],
  },
  {
    name: 'IPv6 subnet with host bits set',
    change: (s) => (s.networks.lan.subnet6 = 'fd00:1::1/64'),
    problems: [`${file}: networks.lan.subnet6 must be an IPv6 subnet in CIDR form with no host bits set, e.g. fd00:1::/64 (got "fd00:1::1/64")`],
  },
  {
    name: 'interface address that is no IPv4 address',
    change: (s) => (s.hosts.docker1.interfaces.eth0.address = '192.168.1'),
    problems: [`${file}: hosts.docker1.interfaces.eth0.address must be an IPv4 address (got "192.168.1")`],
  },
  {
    name: 'missing flows[0].expect',
    change: (s) => delete s.flows[0].expect,
    problems: [`${file}: flows[0].expect is required: Invalid option: expected one of "connected"|"refused"|"dropped"|"error" (got nothing)`],
  },
  {
    name: 'expect value that is no verdict',
    change: (s) => (s.flows[0].expect = 'blocked'),
    problems: [`${file}: flows[0].expect Invalid option: expected one of "connected"|"refused"|"dropped"|"error" (got "blocked")`],
  },
  {
    name: 'deviation observed value that is no verdict',
    change: (s) => (s.flows[1].deviations[0].observed = 'blocked'),
    problems: [`${file}: flows[1].deviations[0].observed Invalid option: expected one of "connected"|"refused"|"dropped"|"error"|"fail" (got "blocked")`],
  },
  {
    name: 'deviation reason too short',
    change: (s) => (s.flows[1].deviations[0].reason = 'flaky'),
    problems: [`${file}: flows[1].deviations[0].reason must explain the deviation in a sentence (got "flaky")`],
  },
  {
    name: 'deviation for no version at all',
    change: (s) => (s.flows[1].deviations[0].on = []),
    problems: [`${file}: flows[1].deviations[0].on Too small: expected array to have >=1 items (got [])`],
  },
  {
    name: 'host name with an upper-case letter',
    change: (s) => (s.hosts = { Docker1: s.hosts.docker1 }),
    problems: [`${file}: hosts.Docker1 is not a valid name: must be lower-case letters, digits and dashes, starting with a letter, at most 20 characters (got "Docker1")`],
  },
  {
    name: 'no hosts',
    change: (s) => (s.hosts = {}),
    problems: [`${file}: hosts must declare at least one Docker host (got {})`],
  },
  {
    name: 'unknown step kind',
    change: (s) => s.steps.push({ kind: 'reboot', host: 'docker1' }),
    problems: [
      `${file}: steps[3].kind Invalid discriminator value. Expected ${stepKinds.map((kind) => `'${kind.schema.shape.kind.value}'`).join(' | ')} (got "reboot")`,
    ],
  },
  {
    name: 'publish spec that docker -p would not take',
    change: (s) => (s.steps[1].publish = ['80:abc']),
    problems: [`${file}: steps[1].publish[0] must be a docker -p spec such as 8080:80 or 0.0.0.0:5353:53/udp: container port "abc" must be a number or a range such as 8000-8010 (got "80:abc")`],
  },
  {
    name: 'published host port above 65535',
    change: (s) => (s.steps[1].publish = ['70000:443']),
    problems: [`${file}: steps[1].publish[0] must be a docker -p spec such as 8080:80 or 0.0.0.0:5353:53/udp: host port 70000 is outside 1-65535 (got "70000:443")`],
  },
  {
    name: 'published port range with a container port 0',
    change: (s) => (s.steps[1].publish = ['8080:0-2/udp']),
    problems: [`${file}: steps[1].publish[0] must be a docker -p spec such as 8080:80 or 0.0.0.0:5353:53/udp: container port 0 is outside 1-65535 (got "8080:0-2/udp")`],
  },
  {
    name: 'listen port above 65535',
    change: (s) => (s.steps[1].listen = ['65536/tcp']),
    problems: [`${file}: steps[1].listen[0] port 65536 is outside 1-65535 (got "65536/tcp")`],
  },
  {
    name: 'network with an IPv6 subnet that is not one',
    change: (s) => Object.assign(s.steps[0], { ipv6: true, subnet6: '10.0.0.0/24' }),
    problems: [`${file}: steps[0].subnet6 must be an IPv6 subnet in CIDR form with no host bits set, e.g. fd00:1::/64 (got "10.0.0.0/24")`],
  },
  {
    name: 'service image that is no image reference',
    change: (s) => Object.assign(s.steps[1], { image: 'My App', listen: ['80/tcp'] }),
    problems: [`${file}: steps[1].image must be an image reference such as myorg/app:1.2 (got "My App")`],
  },
  {
    name: 'check that expects nothing',
    change: (s) => (s.checks[0].expect = {}),
    problems: [`${file}: checks[0].expect must expect an exitCode, matches or notMatches (got {})`],
  },
  {
    name: 'several schema problems at once, in schema order',
    change: (s) => {
      s.flows[0].port = 0;
      s.hosts.docker1.interfaces.eth0.address = 'x';
    },
    problems: [
      `${file}: hosts.docker1.interfaces.eth0.address must be an IPv4 address (got "x")`,
      `${file}: flows[0].port Too small: expected number to be >=1 (got 0)`,
    ],
  },
];

// Cross-check problems: references between parts of a schema-valid scenario, and addresses against subnets.
// Their messages name the value themselves.
const crossCases: Case[] = [
  {
    name: 'a listen step on a machine the scenario does not have',
    change: (s) => s.steps.push({ kind: 'listen', on: 'nobody', ports: ['9000/tcp'] }),
    problems: [`${file}: steps[3].on "nobody" is not one of the scenario's hosts or sources (docker1, allowed, other)`],
  },
  {
    name: 'overlapping subnets',
    change: (s) => (s.networks.dmz.subnet = '192.168.0.0/16'),
    problems: [`${file}: networks.dmz.subnet 192.168.0.0/16 overlaps network "lan" (192.168.1.0/24)`],
  },
  {
    name: 'address outside its network',
    change: (s) => (s.hosts.docker1.interfaces.eth0.address = '192.168.2.10'),
    problems: [`${file}: hosts.docker1.interfaces.eth0.address 192.168.2.10 is outside network "lan" (192.168.1.0/24)`],
  },
  {
    name: 'IPv6 address outside its network',
    change: (s) => (s.hosts.docker1.interfaces.eth0.address6 = 'fd00:2::10'),
    problems: [`${file}: hosts.docker1.interfaces.eth0.address6 fd00:2::10 is outside network "lan" (fd00:1::/64)`],
  },
  {
    name: 'address6 on a network without subnet6',
    change: (s) => (s.sources.other.interfaces.eth0 = { network: 'dmz', address: '10.0.0.2', address6: 'fd00:1::2' }),
    problems: [`${file}: sources.other.interfaces.eth0.address6 network "dmz" has no subnet6, so fd00:1::2 cannot be used`],
  },
  {
    name: 'network address of the subnet',
    change: (s) => (s.hosts.docker1.interfaces.eth0.address = '192.168.1.0'),
    problems: [`${file}: hosts.docker1.interfaces.eth0.address 192.168.1.0 is the network or broadcast address of "lan" (192.168.1.0/24), not a host address`],
  },
  {
    name: 'broadcast address of the subnet',
    change: (s) => (s.sources.allowed.interfaces.eth0.address = '192.168.1.255'),
    problems: [`${file}: sources.allowed.interfaces.eth0.address 192.168.1.255 is the network or broadcast address of "lan" (192.168.1.0/24), not a host address`],
  },
  {
    name: 'same address on a host and a source',
    change: (s) => (s.sources.other.interfaces.eth0.address = '192.168.1.10'),
    problems: [`${file}: sources.other.interfaces.eth0.address 192.168.1.10 is already used by "docker1"`],
  },
  {
    name: 'host and source with the same name',
    change: (s) => {
      s.sources.docker1 = s.sources.other;
      delete s.sources.other;
      s.flows.pop();
    },
    problems: [`${file}: sources.docker1 "docker1" is already the name of a host; names must be unique`],
  },
  {
    name: 'interface on an undeclared network',
    change: (s) => (s.hosts.docker1.interfaces.eth0.network = 'wan'),
    problems: [`${file}: hosts.docker1.interfaces.eth0.network "wan" is not a declared network (declared: lan, dmz)`],
  },
  {
    name: 'route via an address not on an attached network',
    change: (s) => (s.sources.other.routes = [{ to: '172.30.0.0/16', via: '10.0.0.1' }]),
    problems: [`${file}: sources.other.routes[0].via 10.0.0.1 is not on any network this machine is attached to`],
  },
  {
    name: 'route via an address of the other family',
    change: (s) => (s.hosts.docker1.routes = [{ to: '172.30.0.0/16', via: 'fd00:1::1' }]),
    problems: [`${file}: hosts.docker1.routes[0].via fd00:1::1 is not of the same IP family as 172.30.0.0/16`],
  },
  {
    name: 'flow from an undeclared machine',
    change: (s) => (s.flows[0].from = 'ghost'),
    problems: [`${file}: flows[0].from "ghost" is not one of the scenario's hosts or sources (docker1, allowed, other)`],
  },
  {
    name: 'flow to an undeclared host',
    change: (s) => (s.flows[0].to = 'docker2'),
    problems: [`${file}: flows[0].to "docker2" is not one of the scenario's hosts or sources (docker1, allowed, other)`],
  },
  {
    name: 'flow to an IP that is no machine of the scenario',
    change: (s) => (s.flows[0].to = '8.8.8.8'),
    problems: [`${file}: flows[0].to 8.8.8.8 is not an address of any host or source in this scenario; probes go only to the run's own hosts`],
  },
  {
    name: 'IPv6 flow to a machine without address6',
    change: (s) => s.flows.push({ from: 'docker1', to: 'other', port: 80, family: 'ipv6', expect: 'refused' }),
    problems: [`${file}: flows[2].family is 'ipv6' but "other" has no interface with an address6`],
  },
  {
    name: 'IPv6 address as target of an IPv4 flow',
    change: (s) => (s.flows[0].to = 'fd00:1::10'),
    problems: [`${file}: flows[0].family is 'ipv4' but fd00:1::10 is an IPv6 address; set family: 'ipv6'`],
  },
  {
    name: 'dual-stack flow to one address',
    change: (s) => s.flows.push({ from: 'allowed', to: '192.168.1.10', family: 'both', port: 8080, expect: 'connected' }),
    problems: [`${file}: flows[2].family is 'both' but 192.168.1.10 is an IPv4 address only; name the host, source or interface in to so each family has its address`],
  },
  {
    name: 'dual-stack flow to an interface without address6',
    change: (s) => s.flows.push({ from: 'docker1', to: { source: 'other', interface: 'eth0' }, family: 'both', port: 80, expect: 'refused' }),
    problems: [`${file}: flows[2].family is 'both' but "other" interface eth0 has no address6`],
  },
  {
    name: 'override for a family the flow does not run on',
    change: (s) => (s.flows[0].perFamily = { ipv6: { expect: 'dropped' } }),
    problems: [`${file}: flows[0].perFamily.ipv6 is for IPv6, but the flow runs on family 'ipv4' only; put its expect and deviations on the flow itself`],
  },
  {
    name: 'override that contradicts its own deviation',
    change: (s) => {
      s.flows[0].family = 'both';
      s.flows[0].to = 'docker1';
      s.flows[0].perFamily = { ipv6: { deviations: [{ on: ['bookworm'], observed: 'connected', reason: 'IPv6 is not filtered there' }] } };
    },
    problems: [`${file}: flows[0].perFamily.ipv6.deviations[0].observed "connected" cannot be a flow's deviation from "connected"; name the verdict seen instead (connected, refused, dropped or error, other than the expected one)`],
  },
  {
    name: 'flow to an undeclared interface',
    change: (s) => (s.flows[0].to = { host: 'docker1', interface: 'eth1' }),
    problems: [`${file}: flows[0].to.interface "eth1" is not an interface of "docker1" (eth0)`],
  },
  {
    name: 'flow to a host interface of a source',
    change: (s) => (s.flows[0].to = { host: 'other', interface: 'eth0' }),
    problems: [`${file}: flows[0].to.host "other" is not one of the scenario's hosts (docker1)`],
  },
  {
    name: 'subnet source with a sample outside it, a router off its network and an overlapping subnet',
    change: (s) => (s.sources.admins = { subnet: '192.168.1.128/25', samples: ['10.50.0.10', '192.168.1.129'], behind: { network: 'lan', router: '10.0.0.254' } }),
    problems: [
      `${file}: sources.admins.subnet 192.168.1.128/25 overlaps network "lan" (192.168.1.0/24)`,
      `${file}: sources.admins.behind.router 10.0.0.254 is not a host address of network "lan" (192.168.1.0/24)`,
      `${file}: sources.admins.samples[0] 10.50.0.10 is outside the subnet 192.168.1.128/25`,
      `${file}: sources.admins.samples[1] 192.168.1.129 is where the router stands inside 192.168.1.128/25 (its first address); pick another sample`,
    ],
  },
  {
    name: 'subnet source named like a network',
    change: (s) => (s.sources.dmz = { subnet: '10.50.0.0/24', samples: ['10.50.0.10'], behind: { network: 'lan', router: '192.168.1.254' } }),
    problems: [`${file}: sources.dmz "dmz" is also the name of a network; the subnet source's own network takes its name, so rename one of them`],
  },
  {
    name: 'subnet source behind a network with no Docker host',
    change: (s) => (s.sources.admins = { subnet: '10.50.0.0/24', samples: ['10.50.0.10'], behind: { network: 'dmz', router: '10.0.0.254' } }),
    problems: [`${file}: sources.admins.behind.network no Docker host is on network "dmz", so none would have a route to 10.50.0.0/24 via the router`],
  },
  {
    name: 'subnet source whose router name is taken',
    change: (s) => {
      s.sources['admins-router'] = { interfaces: { eth0: { network: 'lan', address: '192.168.1.3' } } };
      s.sources.admins = { subnet: '10.50.0.0/24', samples: ['10.50.0.10'], behind: { network: 'lan', router: '192.168.1.254' } };
    },
    problems: [`${file}: sources.admins needs a machine named "admins-router" for its router or a sample, but a host or source has that name; rename it`],
  },
  {
    name: 'flows from a subnet source: on IPv6, via a host, to another network, as a destination',
    change: (s) => {
      s.hosts.docker1.interfaces.eth1 = { network: 'dmz', address: '10.0.0.10' };
      s.sources.admins = { subnet: '10.50.0.0/24', samples: ['10.50.0.10'], behind: { network: 'lan', router: '192.168.1.254' } };
      s.flows.push({ from: 'admins', to: 'docker1', family: 'ipv6', port: 8080, expect: 'connected' });
      s.flows.push({ from: 'admins', to: '127.0.0.1', via: 'docker1', port: 8080, expect: 'connected' });
      s.flows.push({ from: 'admins', to: { host: 'docker1', interface: 'eth1' }, port: 8080, expect: 'connected' });
      s.flows.push({ from: 'docker1', to: 'admins', port: 22, expect: 'refused' });
    },
    problems: [
      `${file}: flows[2].family is 'ipv6' but the samples of subnet source "admins" are IPv4 addresses; a flow from it is family: 'ipv4'`,
      `${file}: flows[3].via "admins" is a subnet source, whose samples send through its router; remove via`,
      `${file}: flows[3].to 127.0.0.1 is not an address of a machine on network "lan", the only one the samples of "admins" reach through their router`,
      `${file}: flows[4].to docker1/eth1 is on network "dmz" of a machine on network "lan", the only one the samples of "admins" reach through their router`,
      `${file}: flows[5].to "admins" is not one of the scenario's hosts or sources (docker1, allowed, other)`,
    ],
  },
  {
    name: 'flow inside a flows step from an undeclared machine',
    change: (s) => s.steps.push({ kind: 'flows', flows: [{ from: 'nobody', to: 'docker1', port: 8080, expect: 'dropped' }] }),
    problems: [`${file}: steps[3].flows[0].from "nobody" is not one of the scenario's hosts or sources (docker1, allowed, other)`],
  },
  {
    name: 'step on an unknown host',
    change: (s) => (s.steps[2].host = 'docker2'),
    problems: [`${file}: steps[2].host "docker2" is not one of the scenario's hosts (docker1)`],
  },
  {
    name: 'host step on a source',
    change: (s) => (s.steps[2].host = 'allowed'),
    problems: [`${file}: steps[2].host "allowed" is not one of the scenario's hosts (docker1)`],
  },
  {
    name: 'service on a network no step created',
    change: (s) => (s.steps[1].network = 'backend'),
    problems: [`${file}: steps[1].network "backend" is neither a built-in network (bridge, host, none) nor declared by an earlier network step on "docker1" (a network made by hand in a command step is declared with external: true)`],
  },
  {
    name: 'service on a network created only by a later step',
    change: (s) => s.steps.reverse(),
    problems: [`${file}: steps[1].network "appnet" is neither a built-in network (bridge, host, none) nor declared by an earlier network step on "docker1" (a network made by hand in a command step is declared with external: true)`],
  },
  {
    name: 'service on a second network no step declared',
    change: (s) => Object.assign(s.steps[1], { network: undefined, networks: ['appnet', 'handmade'] }),
    problems: [`${file}: steps[1].networks[1] "handmade" is neither a built-in network (bridge, host, none) nor declared by an earlier network step on "docker1" (a network made by hand in a command step is declared with external: true)`],
  },
  {
    name: 'service with both network and networks',
    change: (s) => (s.steps[1].networks = ['appnet']),
    problems: [`${file}: steps[1].networks cannot be given with network; list every network in networks`],
  },
  {
    name: 'service joining the host network and another',
    change: (s) => Object.assign(s.steps[1], { network: undefined, networks: ['appnet', 'host'] }),
    problems: [`${file}: steps[1].networks[1] "host" cannot be joined with other networks`],
  },
  {
    name: 'service of the user\'s image without listen ports',
    change: (s) => (s.steps[1].image = 'myorg/app:1.2'),
    problems: [`${file}: steps[1].listen is required with image: the harness cannot know which ports "myorg/app:1.2" answers on`],
  },
  {
    name: 'command for the harness\'s own service',
    change: (s) => (s.steps[1].command = ['nginx']),
    problems: [`${file}: steps[1].command is for a service with image; the harness's own service runs netprobe`],
  },
  {
    name: 'two services of the same name on one host',
    change: (s) => s.steps.splice(2, 0, { kind: 'service', host: 'docker1', name: 'web', listen: ['80/tcp'] }),
    problems: [`${file}: steps[2].name "web" is already a service of an earlier step on "docker1"`],
  },
  {
    name: 'a peer on a flow of both families, or of the other family',
    change: (s) => {
      s.flows[0].family = 'both';
      s.flows[0].peer = '192.168.1.1';
      s.flows.push({ from: 'allowed', to: 'docker1', port: 8080, expect: 'connected', peer: 'fd00:1::1' });
    },
    problems: [`${file}: flows[0].peer is one address, but the flow runs on both families; give each family a flow of its own`, `${file}: flows[2].peer fd00:1::1 is not an IPv4 address, the flow's family`],
  },
  {
    name: 'a peer on a flow expected to connect nowhere',
    change: (s) => (s.flows[1].peer = '192.168.1.2'),
    problems: [`${file}: flows[1].peer is checked where the flow connects, and this flow is expected to connect nowhere`],
  },
  {
    name: 'a peer that is no address',
    change: (s) => (s.flows[0].peer = 'docker1'),
    problems: [`${file}: flows[0].peer must be an address or a subnet in CIDR form, e.g. 192.168.1.50 or 172.17.0.0/16 (got "docker1")`],
  },
  {
    name: 'removing a service no earlier step started',
    change: (s) => s.steps.splice(2, 0, { kind: 'remove-service', host: 'docker1', name: 'api' }),
    problems: [`${file}: steps[2].name "api" is not a service of an earlier step on "docker1"`],
  },
  {
    name: 'a flow to a container removed before it',
    change: (s) => {
      s.steps.push({ kind: 'remove-service', host: 'docker1', name: 'web' });
      s.flows.push({ from: 'docker1', to: { container: 'web', on: 'docker1' }, port: 80, expect: 'connected' });
    },
    problems: [`${file}: flows[2].to.container "web" is not a service started by an earlier service step on "docker1" (services there: none)`],
  },
  {
    name: 'IPv6 subnet on a network without ipv6',
    change: (s) => (s.steps[0].subnet6 = 'fd00:30::/64'),
    problems: [`${file}: steps[0].subnet6 fd00:30::/64 needs ipv6: true`],
  },
  {
    name: 'IPv6 network without its subnet',
    change: (s) => (s.steps[0].ipv6 = true),
    problems: [`${file}: steps[0].subnet6 is required with ipv6: true (Docker 20.10 has no IPv6 pool to pick one from)`],
  },
  {
    name: 'gateway outside the network\'s subnet',
    change: (s) => Object.assign(s.steps[0], { gateway: '172.31.0.1', ipv6: true, subnet6: 'fd00:30::/64', gateway6: 'fd00:31::1' }),
    problems: [`${file}: steps[0].gateway 172.31.0.1 is not inside subnet 172.30.0.0/16`, `${file}: steps[0].gateway6 fd00:31::1 is not inside subnet6 fd00:30::/64`],
  },
  {
    name: 'gateway without a subnet',
    change: (s) => Object.assign(s.steps[0], { subnet: undefined, gateway: '172.30.0.1' }),
    problems: [`${file}: steps[0].gateway 172.30.0.1 needs subnet: Docker takes a gateway only for a subnet given with it`],
  },
  {
    name: 'external network with settings the harness would not apply',
    change: (s) => Object.assign(s.steps[0], { external: true, internal: true }),
    problems: [
      `${file}: steps[0].subnet cannot be set on an external network: the harness does not create it, the command step that makes it does`,
      `${file}: steps[0].internal cannot be set on an external network: the harness does not create it, the command step that makes it does`,
    ],
  },
  {
    name: 'the same network declared twice on a host',
    change: (s) => s.steps.splice(1, 0, { kind: 'network', host: 'docker1', name: 'appnet', external: true }),
    problems: [`${file}: steps[1].name "appnet" is already a network of an earlier network step on "docker1"`],
  },
  {
    name: 'service with nothing to publish or listen on',
    change: (s) => (s.steps[1].publish = []),
    problems: [`${file}: steps[1].publish a service needs at least one publish spec or listen port`],
  },
  {
    name: 'invalid regular expression in a check',
    change: (s) => (s.checks[0].expect.matches = ['DOCKER-(USER']),
    problems: [`${file}: checks[0].expect.matches[0] /DOCKER-(USER/ is not a valid regular expression: Unterminated group`],
  },
  {
    name: 'deviation target that is neither a suite nor a version prefix',
    change: (s) => (s.flows[1].deviations[0].on = ['bookworm', 'Bookworm 12']),
    problems: [`${file}: flows[1].deviations[0].on[1] "Bookworm 12" must be a Debian suite name (bookworm) or a Docker version prefix (20.10)`],
  },
  {
    name: 'several cross-check problems at once',
    change: (s) => {
      s.flows[0].from = 'a';
      s.flows[0].to = 'b';
    },
    problems: [
      `${file}: flows[0].from "a" is not one of the scenario's hosts or sources (docker1, allowed, other)`,
      `${file}: flows[0].to "b" is not one of the scenario's hosts or sources (docker1, allowed, other)`,
    ],
  },
  {
    name: 'deviation whose observed verdict is the documented one',
    change: (s) => (s.flows[1].deviations[0].observed = 'dropped'),
    problems: [`${file}: flows[1].deviations[0].observed "dropped" cannot be a flow's deviation from "dropped"; name the verdict seen instead (connected, refused, dropped or error, other than the expected one)`],
  },
  {
    name: 'route step via an address of the other family',
    change: (s) => s.steps.push({ kind: 'route', on: 'other', to: '172.30.0.0/16', via: 'fd00:9::1' }),
    problems: [`${file}: steps[3].via fd00:9::1 is not of the same IP family as 172.30.0.0/16`],
  },
  {
    name: 'route step via an address on no attached network',
    change: (s) => s.steps.push({ kind: 'route', on: 'other', to: '172.30.0.0/16', via: '10.0.0.1' }),
    problems: [`${file}: steps[3].via 10.0.0.1 is not on any network this machine is attached to`],
  },
  {
    name: 'declared route to a loopback subnet, which the local table overrides',
    change: (s) => s.sources.other.routes = [{ to: '127.0.0.0/8', via: '192.168.1.10' }],
    problems: [
      `${file}: sources.other.routes[0].to 127.0.0.0/8 is loopback: the machine's local table answers it from its own lo before any route in the main table is read, so this route would never take effect; to send a loopback address through a host, give the flow via: '<host>'`,
    ],
  },
  {
    name: 'route step to one loopback address',
    change: (s) => s.steps.push({ kind: 'route', on: 'other', to: '127.0.0.1/32', via: '192.168.1.10' }),
    problems: [
      `${file}: steps[3].to 127.0.0.1/32 is loopback: the machine's local table answers it from its own lo before any route in the main table is read, so this route would never take effect; to send a loopback address through a host, give the flow via: '<host>'`,
    ],
  },
  {
    name: 'flow to a container no earlier service step started',
    change: (s) => s.flows.push({ from: 'other', to: { container: 'db', on: 'docker1' }, via: 'docker1', port: 80, expect: 'connected' }),
    problems: [`${file}: flows[2].to.container "db" is not a service started by an earlier service step on "docker1" (services there: web)`],
  },
  {
    name: 'flow to a container on a network it did not join',
    change: (s) => s.flows.push({ from: 'other', to: { container: 'web', on: 'docker1', network: 'bridge' }, via: 'docker1', port: 80, expect: 'connected' }),
    problems: [`${file}: flows[2].to.network "bridge" is not a network "web" joined (appnet)`],
  },
  {
    name: 'flow to a container on a machine that is no Docker host',
    change: (s) => s.flows.push({ from: 'other', to: { container: 'web', on: 'allowed' }, port: 80, expect: 'connected' }),
    problems: [`${file}: flows[2].to.on "allowed" is not one of the scenario's hosts (docker1)`],
  },
  {
    name: 'flow to a container in a flows step before its service step',
    change: (s) => s.steps.splice(1, 0, { kind: 'flows', flows: [{ from: 'other', to: { container: 'web', on: 'docker1' }, via: 'docker1', port: 80, expect: 'connected' }] }),
    problems: [`${file}: steps[1].flows[0].to.container "web" is not a service started by an earlier service step on "docker1" (services there: none)`],
  },
  {
    name: 'flow to a container from another machine with neither via nor a route',
    change: (s) => s.flows.push({ from: 'other', to: { container: 'web', on: 'docker1' }, port: 80, expect: 'connected' }),
    problems: [`${file}: flows[2].via is missing: "other" is not "docker1" and has no route via one of its addresses, so web@docker1 is unreachable from it; set via: 'docker1'`],
  },
  {
    name: 'via a host other than the container\'s',
    change: (s) => {
      s.hosts.docker2 = { interfaces: { eth0: { network: 'lan', address: '192.168.1.20' } } };
      s.flows.push({ from: 'other', to: { container: 'web', on: 'docker1' }, via: 'docker2', port: 80, expect: 'connected' });
    },
    problems: [`${file}: flows[2].via is "docker2" but web@docker1 runs on "docker1"; a container is reached through its own host`],
  },
  {
    name: 'via for a destination that is reached directly',
    change: (s) => (s.flows[0].via = 'docker1'),
    problems: [`${file}: flows[0].via routes a container or a loopback address through a host, but docker1 is reached directly; remove via`],
  },
  {
    name: 'via a host that shares no network with the source',
    change: (s) => {
      s.sources.other.interfaces = { eth0: { network: 'dmz', address: '10.0.0.2' } };
      s.flows.push({ from: 'other', to: '127.0.0.1', via: 'docker1', port: 8080, expect: 'connected' });
    },
    problems: [`${file}: flows[2].via "docker1" shares no network with "other" (with an IPv4 address on it), so "other" cannot send through it`],
  },
  {
    name: 'via for IPv6 loopback',
    change: (s) => s.flows.push({ from: 'other', to: '::1', family: 'ipv6', via: 'docker1', port: 8080, expect: 'connected' }),
    problems: [`${file}: flows[2].via cannot send ::1 through "docker1": IPv6 never lets ::1 leave a machine (no route_localnet); use an IPv4 loopback address`],
  },
  {
    name: 'check deviation that observes a flow verdict',
    change: (s) => (s.checks[0].deviations = [{ on: ['28'], observed: 'connected', reason: 'a check can only pass or fail' }]),
    problems: [`${file}: checks[0].deviations[0].observed "connected" cannot be a check's deviation; a check that deviates observes "fail"`],
  },
];

describe('validateScenario schema problems', () => {
  it.each(schemaCases)('$name', ({ change, problems }) => {
    expect(problemsAfter(change)).toEqual(problems);
  });
});

describe('validateScenario cross-check problems', () => {
  it.each(crossCases)('$name', ({ change, problems }) => {
    expect(problemsAfter(change)).toEqual(problems);
  });
});

describe('validateScenario flow timing', () => {
  it('accepts a flow that sets its own probe timing, and keeps it', () => {
    const draft: Draft = structuredClone(base);
    draft.flows[0].timing = { attemptMs: 3000, retries: 4 };
    const result = validateScenario(draft, file);
    if ('problems' in result) throw new Error(result.problems.join('\n'));
    expect(result.scenario.flows[0]?.timing).toEqual({ attemptMs: 3000, retries: 4 });
    expect(result.scenario.flows[1]?.timing).toBeUndefined();
  });

  it('refuses timing outside its limits or with unknown keys', () => {
    const problems = problemsAfter((s) => (s.flows[0].timing = { attemptMs: 120_000, retries: -1, waitMs: 5 }));
    expect(problems.join('\n')).toMatch(/flows\[0\]\.timing.*waitMs/);
    expect(problems.join('\n')).toMatch(/flows\[0\]\.timing\.attemptMs .*60000/);
    expect(problems.join('\n')).toMatch(/flows\[0\]\.timing\.retries .*0/);
  });
});
