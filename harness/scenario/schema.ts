import { z } from 'zod';
import { probeTimingLimits } from '../core/timing.ts';
import { ipFamily, parseCidr } from './addresses.ts';

// The scenario format: the single source of truth. Types are inferred from it; the loader validates
// every file against it before anything starts, then cross-checks references (see validate.ts).

const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,19}$/, 'must be lower-case letters, digits and dashes, starting with a letter, at most 20 characters');
const interfaceName = z.string().regex(/^[a-z][a-z0-9]{0,11}$/, 'must be an interface name such as eth0 (letters and digits, at most 12)');
const ipv4 = z.string().refine((value) => ipFamily(value) === 4, 'must be an IPv4 address');
const ipv6 = z.string().refine((value) => ipFamily(value) === 6, 'must be an IPv6 address');
const ipAddress = z.string().refine((value) => ipFamily(value) !== undefined, 'must be an IPv4 or IPv6 address');
const cidr4 = z.string().refine((value) => parseCidr(value)?.family === 4, 'must be an IPv4 subnet in CIDR form with no host bits set, e.g. 192.168.1.0/24');
const cidr6 = z.string().refine((value) => parseCidr(value)?.family === 6, 'must be an IPv6 subnet in CIDR form with no host bits set, e.g. fd00:1::/64');
const routeDestination = z.string().refine((value) => value === 'default' || parseCidr(value) !== undefined, 'must be "default" or a subnet in CIDR form');
const port = z.number().int().min(1).max(65535);
const command = z.string().min(1);

export const backends = ['dind', 'vagrant'] as const;
export type Backend = (typeof backends)[number];

export const verdicts = ['connected', 'refused', 'dropped', 'error'] as const;
export const verdict = z.enum(verdicts);

export const networkSchema = z.strictObject({
  subnet: cidr4,
  subnet6: cidr6.optional(),
});

export const interfaceSchema = z.strictObject({
  network: name,
  address: ipv4,
  address6: ipv6.optional(),
});

export const routeSchema = z.strictObject({
  to: routeDestination,
  via: ipAddress,
});

export const daemonSchema = z.strictObject({
  // Merged into /etc/docker/daemon.json before the daemon first starts.
  config: z.record(z.string(), z.unknown()).default({}),
  // Extra dockerd command-line flags, e.g. ["--ip", "127.0.0.1"].
  args: z.array(z.string()).default([]),
  // false: the host comes up without dockerd; a later daemon step starts it.
  start: z.boolean().default(true),
});

export const hostSchema = z.strictObject({
  interfaces: z.record(interfaceName, interfaceSchema).refine((value) => Object.keys(value).length > 0, 'must declare at least one interface'),
  routes: z.array(routeSchema).default([]),
  daemon: daemonSchema.default({ config: {}, args: [], start: true }),
  // Starts dbus and firewalld inside the host before dockerd, as on a distribution that ships it.
  firewalld: z.boolean().default(false),
  // Turns on IPv4 forwarding before dockerd starts, as on a host that is also a router.
  ipForward: z.boolean().default(false),
});

export const sourceSchema = z.strictObject({
  interfaces: z.record(interfaceName, interfaceSchema).refine((value) => Object.keys(value).length > 0, 'must declare at least one interface'),
  routes: z.array(routeSchema).default([]),
});

export const deviationSchema = z.strictObject({
  // Suite names ("bookworm"), "vm" for the Vagrant backend, or Docker version prefixes ("20.10",
  // "28.5.2") the deviation applies to.
  on: z.array(z.string().min(1)).min(1),
  // What is observed there instead of what the documentation says.
  // For a flow: the verdict seen instead of the expected one. For a command check: "fail".
  observed: z.enum([...verdicts, 'fail']),
  reason: z.string().min(10, 'must explain the deviation in a sentence'),
});

export const flowSchema = z.strictObject({
  name: z.string().min(1).optional(),
  from: name,
  // A host or source name (its first address), an address of one of them, or a loopback address
  // (127.0.0.1, ::1), which means the `from` machine itself.
  to: z.string().min(1),
  port,
  proto: z.enum(['tcp', 'udp']).default('tcp'),
  // IPv6 probes: with a name in `to`, its address6 is used.
  ipv6: z.boolean().default(false),
  expect: verdict,
  deviations: z.array(deviationSchema).default([]),
  // How this flow is probed, where the defaults in harness/core/timing.ts do not fit (a slow path).
  timing: z
    .strictObject({
      quickAttemptMs: z.number().int().min(probeTimingLimits.quickAttemptMs.min).max(probeTimingLimits.quickAttemptMs.max).optional(),
      attemptMs: z.number().int().min(probeTimingLimits.attemptMs.min).max(probeTimingLimits.attemptMs.max).optional(),
      retries: z.number().int().min(probeTimingLimits.retries.min).max(probeTimingLimits.retries.max).optional(),
    })
    .optional(),
});

export const checkSchema = z.strictObject({
  name: z.string().min(1),
  on: name,
  run: command,
  expect: z
    .strictObject({
      exitCode: z.number().int().min(0).max(255).optional(),
      // Regular expressions (multiline) that stdout must match / must not match.
      matches: z.array(z.string()).default([]),
      notMatches: z.array(z.string()).default([]),
    })
    .refine((value) => value.exitCode !== undefined || value.matches.length > 0 || value.notMatches.length > 0, 'must expect an exitCode, matches or notMatches'),
  deviations: z.array(deviationSchema).default([]),
});

const iptablesFamily = z.enum(['ipv4', 'ipv6', 'both']).default('ipv4');

export const stepSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('docker-user'),
    host: name,
    rule: command,
    position: z.enum(['insert', 'append']).default('insert'),
    family: iptablesFamily,
  }),
  z.strictObject({
    kind: z.literal('iptables'),
    host: name,
    table: z.enum(['filter', 'nat', 'mangle', 'raw']).default('filter'),
    // A full rule specification with its -A/-I/-P/-N, e.g. "-A FORWARD -p tcp --dport 80 -j DROP".
    rule: command,
    family: iptablesFamily,
  }),
  z.strictObject({
    kind: z.literal('daemon'),
    host: name,
    action: z.enum(['restart', 'start', 'stop']).default('restart'),
    // Merged into daemon.json (null removes a key) before the action.
    config: z.record(z.string(), z.unknown()).optional(),
    // Replaces the extra dockerd flags before the action.
    args: z.array(z.string()).optional(),
  }),
  z.strictObject({
    kind: z.literal('network'),
    host: name,
    name: name,
    subnet: cidr4.optional(),
    options: z.record(z.string(), z.string()).default({}),
  }),
  z.strictObject({
    kind: z.literal('service'),
    host: name,
    name: name,
    // docker run -p specs: "8080:80", "127.0.0.1:8080:80", "5353:53/udp".
    publish: z.array(z.string().regex(/^(?:\[?[0-9a-fA-F.:]+\]?:)?(?:\d+:)?\d+(?:\/(?:tcp|udp))?$/, 'must be a docker -p spec such as 8080:80 or 0.0.0.0:5353:53/udp')).default([]),
    network: name.optional(),
    // Container ports the service answers on; defaults to the container side of every publish spec.
    listen: z.array(z.string().regex(/^\d+\/(tcp|udp)$/, 'must look like 80/tcp')).optional(),
  }),
  z.strictObject({ kind: z.literal('ufw'), host: name, commands: z.array(command).min(1) }),
  z.strictObject({ kind: z.literal('firewalld'), host: name, commands: z.array(command).min(1) }),
  z.strictObject({ kind: z.literal('route'), on: name, to: routeDestination, via: ipAddress }),
  z.strictObject({ kind: z.literal('command'), on: name, run: command, exitCode: z.number().int().min(0).max(255).default(0) }),
  z.strictObject({ kind: z.literal('flows'), flows: z.array(flowSchema).min(1) }),
  z.strictObject({ kind: z.literal('check'), check: checkSchema }),
]);

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  // Claim ids from the documentation this scenario checks, e.g. ["C03", "C07"].
  claims: z.array(z.string().regex(/^[A-Z][A-Z0-9-]*\d$/, 'must be a claim id such as C07')).default([]),
  // The documentation page (seed file name) the claims come from.
  page: z.string().optional(),
  tags: z.array(z.string().min(1)).default([]),
  // Kernel features the Docker hosts need; where one is missing the scenario is an error naming it.
  requires: z.array(z.enum(['ipvs', 'ipv6'])).default([]),
  // What the hosts and sources are: privileged DinD containers (the default), or Vagrant VMs with
  // systemd, a distribution kernel and sshd. `--backend` on the command line overrides it.
  backend: z.enum(backends).optional(),
  networks: z.record(name, networkSchema).refine((value) => Object.keys(value).length > 0, 'must declare at least one network'),
  hosts: z.record(name, hostSchema).refine((value) => Object.keys(value).length > 0, 'must declare at least one Docker host'),
  sources: z.record(name, sourceSchema).default({}),
  steps: z.array(stepSchema).default([]),
  flows: z.array(flowSchema).default([]),
  checks: z.array(checkSchema).default([]),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type NetworkSpec = z.output<typeof networkSchema>;
export type InterfaceSpec = z.output<typeof interfaceSchema>;
export type RouteSpec = z.output<typeof routeSchema>;
export type HostSpec = z.output<typeof hostSchema>;
export type SourceSpec = z.output<typeof sourceSchema>;
export type FlowSpec = z.output<typeof flowSchema>;
export type CheckSpec = z.output<typeof checkSchema>;
export type DeviationSpec = z.output<typeof deviationSchema>;
export type StepSpec = z.output<typeof stepSchema>;
export type Verdict = (typeof verdicts)[number];
