import type { StepSpec } from '../scenario/schema.ts';
import { serviceImage, type DockerHost } from './docker-host.ts';

type ServiceStep = Extract<StepSpec, { kind: 'service' }>;

// The container ports a service answers on: the container side of each publish spec unless listed.
export function listenPorts(step: Pick<ServiceStep, 'publish' | 'listen'>): string[] {
  if (step.listen?.length) return [...step.listen];
  const ports = step.publish.map((spec) => {
    const [mapping = '', proto = 'tcp'] = spec.split('/');
    const containerPort = mapping.split(':').at(-1);
    return `${containerPort}/${proto}`;
  });
  return [...new Set(ports)];
}

// Runs a netprobe service container inside the host, restarted with the daemon like a real service.
export async function startService(host: DockerHost, step: ServiceStep): Promise<string> {
  const args = ['docker', 'run', '-d', '--name', step.name, '--hostname', step.name, '--restart', 'always'];
  if (step.network) args.push('--network', step.network);
  for (const spec of step.publish) args.push('-p', spec);
  args.push(serviceImage, ...listenPorts(step));
  const output = await host.machine.run(args);
  host.services.add(step.name);
  await waitForServices(host);
  return output;
}

// Every service of the host is running and has said "ready" since it last started.
export async function waitForServices(host: DockerHost): Promise<void> {
  if (!host.daemon.isRunning) return;
  for (const name of host.services) {
    await host.machine.waitFor(
      `service ${name} ready`,
      30_000,
      async () => {
        const state = await host.machine.exec(['docker', 'inspect', '-f', '{{.State.Running}} {{.State.StartedAt}}', name], { timeoutMs: 10_000 });
        const [running, startedAt] = state.stdout.trim().split(' ');
        if (running !== 'true' || !startedAt) return undefined;
        const logs = await host.machine.exec(['docker', 'logs', '--since', startedAt, name], { timeoutMs: 10_000 });
        return `${logs.stdout}${logs.stderr}`.includes('netprobe: ready') ? true : undefined;
      },
      async () => (await host.machine.exec(['docker', 'logs', '--tail', '20', name])).stderr,
    );
  }
}
