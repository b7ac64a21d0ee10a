import { z } from 'zod';
import { probeTimingLimits } from '../core/timing.ts';
import { ipFamily, parseCidr } from './addresses.ts';

// The building blocks of the scenario format: field types and the parts a scenario is made of.
// The whole scenario (schema.ts) and each step kind (harness/steps/) are assembled from them.

export const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,19}$/, 'must be lower-case letters, digits and dashes, starting with a letter, at most 20 characters');
export const interfaceName = z.string().regex(/^[a-z][a-z0-9]{0,11}$/, 'must be an interface name such as eth0 (letters and digits, at most 12)');
export const ipv4 = z.string().refine((value) => ipFamily(value) === 4, 'must be an IPv4 address');
export const ipv6 = z.string().refine((value) => ipFamily(value) === 6, 'must be an IPv6 address');
export const ipAddress = z.string().refine((value) => ipFamily(value) !== undefined, 'must be an IPv4 or IPv6 address');
export const cidr4 = z.string().refine((value) => parseCidr(value)?.family === 4, 'must be an IPv4 subnet in CIDR form with no host bits set, e.g. 192.168.1.0/24');
export const cidr6 = z.string().refine((value) => parseCidr(value)?.family === 6, 'must be an IPv6 subnet in CIDR form with no host bits set, e.g. fd00:1::/64');
export const addressOrCidr = z.string().refine((value) => ipFamily(value) !== undefined || parseCidr(value) !== undefined, 'must be an address or a subnet in CIDR form, e.g. 192.168.1.50 or 172.17.0.0/16');
export const routeDestination = z.string().refine((value) => value === 'default' || parseCidr(value) !== undefined, 'must be "default" or a subnet in CIDR form');
export const port = z.number().int().min(1).max(65535);
export const command = z.string().min(1);
// A port something answers on, with its protocol: 80/tcp, 53/udp.
export const listenPort = z.string().superRefine((text, context) => {
  const match = /^(\d+)\/(tcp|udp)$/.exec(text);
  if (!match) context.addIssue({ code: 'custom', message: 'must look like 80/tcp' });
  else if (Number(match[1]) < 1 || Number(match[1]) > 65535) context.addIssue({ code: 'custom', message: `port ${match[1]} is outside 1-65535` });
});
export const iptablesFamily = z.enum(['ipv4', 'ipv6', 'both']).default('ipv4');

// What a scenario's machines are: privileged DinD containers, or Vagrant VMs.
export const backends = ['dind', 'vagrant'] as const;
export type Backend = (typeof backends)[number];

// The forms of every field made by chosenByForm, keyed by its input type: the JSON Schema for
// editors (harness/scenario/json-schema.ts) offers them as alternatives.
export const fieldForms = new Map<z.core.$ZodType, readonly z.ZodType[]>();

// A field with several forms, parsed by the one schema its value's shape picks, so a problem is
// reported against the form the author wrote rather than as "no union member matched".
function chosenByForm<S extends z.ZodType>(forms: readonly S[], pick: (value: unknown) => S) {
  const input = z.custom<z.input<S>>();
  fieldForms.set(input, forms);
  return input.transform((value, context): z.output<S> => {
    const result = pick(value).safeParse(value);
    if (result.success) return result.data as z.output<S>;
    for (const issue of result.error.issues) context.addIssue({ ...issue, input: value } as Parameters<typeof context.addIssue>[0]);
    return z.NEVER;
  });
}

export const verdicts = ['connected', 'refused', 'dropped', 'error'] as const;
export const verdict = z.enum(verdicts);

// A verdict per version: `default`, and keys naming a Debian suite (bookworm), a Docker version
// prefix (20.10, 28, 28.5) or `vm`; which keys are allowed, and which one applies on a version, is
// decided in harness/results/expectations.ts.
export const verdictByVersion = z.object({ default: verdict }).catchall(verdict);
export type VerdictByVersion = { readonly default: Verdict } & { readonly [key: string]: Verdict };

// A flow's expectation: one verdict everywhere, or a verdict per version. The form is chosen by the
// value's type, so a problem is reported against the form the author wrote (expect.28, not "no union
// member matched").
export const flowExpect = chosenByForm([verdict, verdictByVersion], (value) => (typeof value === 'object' && value !== null ? verdictByVersion : verdict));

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

// A source that stands for a whole remote subnet: the harness adds a router on `behind.network` at
// `behind.router` (and at the subnet's first address), one machine per sample behind it, and gives
// the Docker hosts on that network a route to the subnet via the router. A flow from it runs from
// every sample.
export const subnetSourceSchema = z.strictObject({
  subnet: cidr4,
  samples: z.array(ipv4).min(1),
  behind: z.strictObject({ network: name, router: ipv4 }),
});

// A declared source: a machine with interfaces, or a subnet (told apart by `subnet`).
export const declaredSourceSchema = chosenByForm([sourceSchema, subnetSourceSchema], (value) => (typeof value === 'object' && value !== null && 'subnet' in value ? subnetSourceSchema : sourceSchema));

export const deviationSchema = z.strictObject({
  // Suite names ("bookworm"), "vm" for the Vagrant backend, or Docker version prefixes ("20.10",
  // "28.5.2") the deviation applies to.
  on: z.array(z.string().min(1)).min(1),
  // What is observed there instead of what the documentation says.
  // For a flow: the verdict seen instead of the expected one. For a command check: "fail".
  observed: z.enum([...verdicts, 'fail']),
  reason: z.string().min(10, 'must explain the deviation in a sentence'),
});

// A service container started by a `service` step, on Docker host `on`; `network` picks which of its
// addresses when it has several (default: its first).
export const containerEndpoint = z.strictObject({ container: name, on: name, network: name.optional() });

// One declared interface of a Docker host or a source, whose address (address6 for IPv6) a flow goes to.
const hostInterface = z.strictObject({ host: name, interface: interfaceName });
const sourceInterface = z.strictObject({ source: name, interface: interfaceName });
export type InterfaceEndpoint = z.output<typeof hostInterface> | z.output<typeof sourceInterface>;

// A flow's destination: a name or address, a service container, or a machine's interface.
const targetName = z.string().min(1);
const flowTarget = chosenByForm([targetName, containerEndpoint, hostInterface, sourceInterface], (value) => {
  if (typeof value !== 'object' || value === null) return targetName;
  if ('container' in value) return containerEndpoint;
  return 'source' in value ? sourceInterface : hostInterface;
});

export const flowFamilies = ['ipv4', 'ipv6'] as const;
export type FlowFamily = (typeof flowFamilies)[number];

// What differs on one family of a flow that runs on both: its expectation, its deviations.
const familyOverride = z.strictObject({ expect: flowExpect.optional(), deviations: z.array(deviationSchema).optional() });

// The field flows once had; its replacement is named, so old scenarios say what to write.
const retiredIpv6 = z
  .never({ error: (issue) => (issue.input === false ? 'is no longer a flow field: remove it (family: \'ipv4\' is the default)' : "is no longer a flow field: write family: 'ipv6' instead (or family: 'both' to run the flow on IPv4 and IPv6)") })
  .optional();

export const flowSchema = z.strictObject({
  name: z.string().min(1).optional(),
  // A host or source name, or a service container: { container: 'web', on: 'docker1' }, whose probe
  // runs inside it (docker exec) on that host.
  from: z.union([name, containerEndpoint]),
  // A host or source name (its first address), an address of one of them, a loopback address
  // (127.0.0.1, ::1), which means the `from` machine itself (or `via`'s), a service container, or one
  // interface of a host or source: { host: 'edge', interface: 'eth1' }.
  to: flowTarget,
  // The Docker host the source sends through: a route for the destination via that host's address.
  via: name.optional(),
  port,
  proto: z.enum(['tcp', 'udp']).default('tcp'),
  // The IP family probed: with a name or interface in `to`, address6 is used for IPv6; 'both' runs the
  // flow once per family and records each as its own check.
  family: z.enum([...flowFamilies, 'both']).default('ipv4'),
  ipv6: retiredIpv6,
  // The verdict expected, or the verdict per version: { default: 'dropped', '28': 'connected' }.
  expect: flowExpect,
  deviations: z.array(deviationSchema).default([]),
  // The address the destination must see the flow come from (or a subnet holding it): the source's
  // own where nothing translates it, the host's where it is masqueraded. Checked wherever the flow
  // is expected to connect, as a check of its own named "<flow>: seen from <peer>".
  peer: addressOrCidr.optional(),
  // Where one family's truth differs: its expect and/or deviations, in place of the flow's own.
  perFamily: z.strictObject({ ipv4: familyOverride.optional(), ipv6: familyOverride.optional() }).optional(),
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
  // Versions (suite names, Docker version prefixes, "vm") on which the check is expected to fail:
  // the truth there, not a deviation from the documentation.
  failsOn: z.array(z.string().min(1)).default([]),
  deviations: z.array(deviationSchema).default([]),
});

export type NetworkSpec = z.output<typeof networkSchema>;
export type InterfaceSpec = z.output<typeof interfaceSchema>;
export type RouteSpec = z.output<typeof routeSchema>;
export type HostSpec = z.output<typeof hostSchema>;
export type SourceSpec = z.output<typeof sourceSchema>;
export type SubnetSourceSpec = z.output<typeof subnetSourceSchema>;
export type DeclaredSourceSpec = z.output<typeof declaredSourceSchema>;
export type FlowSpec = z.output<typeof flowSchema>;
export type ContainerEndpoint = z.output<typeof containerEndpoint>;
export type CheckSpec = z.output<typeof checkSchema>;
export type DeviationSpec = z.output<typeof deviationSchema>;
export type FlowExpect = z.output<typeof flowExpect>;
export type Verdict = (typeof verdicts)[number];
