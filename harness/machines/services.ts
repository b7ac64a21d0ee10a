import { serviceImage, type DockerHost } from './docker-host.ts';

// What a service step asks for: the container's name, its -p specs, its network and the ports it answers on.
export interface ServiceSpec {
  readonly name: string;
  readonly publish: readonly string[];
  readonly network?: string | undefined;
  readonly listen?: readonly string[] | undefined;
}

// The container ports a service answers on: the container side of each publish spec unless listed.
export function listenPorts(step: Pick<ServiceSpec, 'publish' | 'listen'>): string[] {
  if (step.listen?.length) return [...step.listen];
  const ports = step.publish.map((spec) => {
    const [mapping = '', proto = 'tcp'] = spec.split('/');
    const containerPort = mapping.split(':').at(-1);
    return `${containerPort}/${proto}`;
  });
  return [...new Set(ports)];
}

// Runs a netprobe service container inside the host, restarted with the daemon like a real service.
export async function startService(host: DockerHost, step: ServiceSpec): Promise<string> {
  const args = ['docker', 'run', '-d', '--name', step.name, '--hostname', step.name, '--restart', 'always'];
  if (step.network) args.push('--network', step.network);
  for (const spec of step.publish) args.push('-p', spec);
  args.push(serviceImage, ...listenPorts(step));
  const output = await host.machine.run(args);
  host.services.set(step.name, listenPorts(step));
  await waitForServices(host);
  return output;
}

// Every service of the host answers on each of its ports, asked from inside its own network namespace
// (so no firewall rule of the scenario can make a ready service look unready).
export async function waitForServices(host: DockerHost): Promise<void> {
  if (!host.daemon.isRunning) return;
  for (const [name, ports] of host.services) {
    await host.machine.waitFor(
      `service ${name} answering on ${ports.join(', ')}`,
      30_000,
      async () => {
        for (const port of ports) {
          const [number = '', proto = 'tcp'] = port.split('/');
          const result = await host.machine.exec(['docker', 'exec', name, '/netprobe', 'probe', proto, '127.0.0.1', number, '500'], { timeoutMs: 10_000 });
          if (!result.stdout.includes('"outcome":"connected"')) return undefined;
        }
        return true;
      },
      async () => (await host.machine.exec(['docker', 'logs', '--tail', '20', name])).stderr,
    );
  }
}
