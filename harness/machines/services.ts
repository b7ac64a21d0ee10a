import { containerPortsOf, parsePublishSpec } from '../format/publish-spec.ts';
import { serviceImage, type DockerHost, type RunningService } from './docker-host.ts';
import { answersEverywhere, listeningSockets, splitListenPort } from './listening-sockets.ts';
import type { ContainerState } from './inner-engine.ts';
import { commandLine } from './machine.ts';

// What a service step asks for: the container's name, its -p specs, its networks, the ports it
// answers on, and the user's own image to run instead of netprobe.
export interface ServiceSpec {
  readonly name: string;
  readonly publish: readonly string[];
  readonly network?: string | undefined;
  readonly networks?: readonly string[] | undefined;
  readonly listen?: readonly string[] | undefined;
  readonly image?: string | undefined;
  readonly command?: readonly string[] | undefined;
  readonly env?: Readonly<Record<string, string>> | undefined;
}

// The container ports a service answers on: the container side of each publish spec unless listed.
export function listenPorts(step: Pick<ServiceSpec, 'publish' | 'listen'>): string[] {
  if (step.listen?.length) return [...step.listen];
  const ports = step.publish.flatMap((spec) => {
    const parsed = parsePublishSpec(spec);
    return 'error' in parsed ? [] : containerPortsOf(parsed);
  });
  return [...new Set(ports)];
}

// The Docker networks a service joins, the one it starts on first (the default bridge unless named).
export function serviceNetworks(step: Pick<ServiceSpec, 'network' | 'networks'>): string[] {
  if (step.networks?.length) return [...step.networks];
  return [step.network ?? 'bridge'];
}

// Pure: the `docker run` of a service: on its first network, published, with the harness's netprobe
// image answering on its listen ports, or the user's image with its own command and environment.
export function serviceRunArgs(step: ServiceSpec, image = step.image ?? serviceImage): string[] {
  const args = ['docker', 'run', '-d', '--name', step.name, '--hostname', step.name, '--restart', 'always', '--network', serviceNetworks(step)[0]!];
  for (const spec of step.publish) args.push('-p', spec);
  for (const [key, value] of Object.entries(step.env ?? {})) args.push('-e', `${key}=${value}`);
  args.push(image, ...(step.image ? (step.command ?? []) : listenPorts(step)));
  return args;
}

// Runs a service container inside the host, restarted with the daemon like a real service: on its
// first network, then connected to the others, then waited for on every address and port.
export async function startService(host: DockerHost, step: ServiceSpec): Promise<string> {
  const transcript: string[] = step.image ? [await host.loadImage(step.image)] : [];
  const run = async (args: string[]) => transcript.push(`$ ${args.join(' ')}`, (await host.machine.run(args)).trim());
  await run(serviceRunArgs(step));
  for (const network of serviceNetworks(step).slice(1)) await run(['docker', 'network', 'connect', network, step.name]);
  // Flows may start in any service container; the user's image need not hold netprobe, so it gets one.
  if (step.image) await run(['docker', 'cp', '/usr/local/bin/netprobe', `${step.name}:/netprobe`]);
  host.services.set(step.name, { ports: listenPorts(step), readiness: step.image ? 'socket' : 'netprobe' });
  await waitForServices(host);
  return `${transcript.join('\n')}\n`;
}

// Pure: a container's addresses on each of its networks.
export function containerAddresses(networks: ContainerState['networks']): string[] {
  return Object.values(networks).flatMap((settings) => [settings.IPAddress, settings.GlobalIPv6Address].filter((address): address is string => Boolean(address)));
}

// Every service of the host answers on each of its ports at each of its addresses, asked from inside
// its own network namespace (so no firewall rule of the scenario can make a ready service look unready).
export async function waitForServices(host: DockerHost): Promise<void> {
  if (!host.daemon.isRunning) return;
  for (const [name, service] of host.services) {
    await host.machine.waitFor(
      `service ${name} answering on ${service.ports.join(', ')}`,
      30_000,
      async () => ((await isReady(host, name, service)) ? true : undefined),
      async () => (await host.machine.exec(['docker', 'logs', '--tail', '20', name])).stderr,
    );
  }
  host.servicesVerified = true;
}

async function isReady(host: DockerHost, name: string, service: RunningService): Promise<boolean> {
  const state = await host.engine.container(name);
  if (!state || state.pid === 0) return false;
  const pid = String(state.pid);
  // A container on the host's network or none has no address of its own: its loopback stands for it.
  const found = containerAddresses(state.networks);
  const addresses = found.length > 0 ? found : ['127.0.0.1'];
  if (service.readiness === 'socket') return listensEverywhere(host, pid, service.ports, addresses);
  const targets = addresses.flatMap((address) => service.ports.map((port) => probeTarget(address, port)));
  const fromNamespace = await host.machine.exec(probesFromNamespace(pid, targets), { timeoutMs: 10_000 + 500 * targets.length });
  if (fromNamespace.exitCode !== 127) return fromNamespace.exitCode === 0;
  // A host without nsenter: each probe runs in the container, an engine exec each.
  for (const { proto, address, port } of targets) {
    const result = await host.machine.exec(['docker', 'exec', name, '/netprobe', 'probe', proto, address, port, '500'], { timeoutMs: 10_000 });
    if (!result.stdout.includes(connected)) return false;
  }
  return true;
}

interface ProbeTarget {
  readonly proto: string;
  readonly address: string;
  readonly port: string;
}

function probeTarget(address: string, port: string): ProbeTarget {
  const { number, proto } = splitListenPort(port);
  return { proto, address, port: number };
}

const connected = '"outcome":"connected"';

// Pure: one command that probes every target from the network namespace of process `pid` (a service
// container's), with the host's own netprobe: exit 0 when all connect, 1 at the first that does not,
// 127 when the host has no nsenter. The same view of the network as an exec in the container, without
// an engine exec (a runc start, ~100 ms of CPU) per port and address.
export function probesFromNamespace(pid: string, targets: readonly ProbeTarget[]): string {
  if (!/^\d+$/.test(pid)) throw new Error(`not a process id: ${JSON.stringify(pid)}`);
  return [
    'command -v nsenter >/dev/null || exit 127',
    ...targets.map(({ proto, address, port }) => {
      const probe = commandLine(['nsenter', '-t', pid, '-n', 'netprobe', 'probe', proto, address, port, '500']);
      return `case "$(${probe})" in *'${connected}'*) ;; *) exit 1 ;; esac`;
    }),
  ].join('\n');
}

// A program of the user's is ready when its network namespace holds a socket for every port at every
// address: read from /proc, so nothing is asked of the image.
async function listensEverywhere(host: DockerHost, pid: string, ports: readonly string[], addresses: readonly string[]): Promise<boolean> {
  const local = addresses.map((address) => (address === '127.0.0.1' ? undefined : address));
  return answersEverywhere(await listeningSockets(host.machine, `/proc/${pid}/net`), ports, local);
}
