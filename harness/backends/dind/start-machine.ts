import type Docker from 'dockerode';
import { Wait } from 'testcontainers';
import { shortHash } from '../../core/short-hash.ts';
import { engineCallTiming } from '../../core/timing.ts';
import { withinEngineTime } from './engine.ts';
import { HarnessContainer } from './harness-container.ts';
import { resourceLabels, type Role } from './labels.ts';
import { ContainerMachine } from './container-machine.ts';
import { privilegedHostConfig, type PrivilegeMode } from './privilege.ts';

export interface MachineRequest {
  readonly docker: Docker;
  readonly image: string;
  readonly runId: string;
  readonly scenario: string;
  readonly role: Role;
  readonly name: string;
  readonly privilege: PrivilegeMode;
  // For an image the harness did not build (docker:<version>-dind, say): the netprobe binary to copy
  // in, with the host init script, before the container starts.
  readonly foreignImage?: { readonly netprobe: string };
}

// Readable and unique: long scenario names are cut, with a hash of the whole name to keep them apart.
export function containerName(runId: string, scenario: string, machine: string): string {
  const tag = shortHash(scenario);
  return `harness-${runId}-${scenario.slice(0, 40)}-${tag}-${machine}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

export const hostInitScript = new URL('../../assets/host-init.sh', import.meta.url).pathname;

// Starts one container of the run from the host image, with no network of the engine's at all (not
// even the engine's "none" network): its only interfaces are the ones the switch gives it. Docker hosts get a tmpfs for the inner engine's
// data, the switch joins the engine's pid namespace to reach every machine's network namespace.
export async function startMachine(request: MachineRequest): Promise<ContainerMachine> {
  const { docker, image, runId, scenario, role, name, privilege } = request;
  const fullName = containerName(runId, scenario, name);
  const container = new HarnessContainer(image)
    .withName(fullName)
    .withHostname(name)
    .withLabels(resourceLabels(runId, scenario, role))
    .withNetworkMode('none')
    .withEngineNetworkingOff()
    .withEnvironment({ HARNESS_ROLE: role })
    .withHostConfig(privilegedHostConfig(privilege))
    .withStartupTimeout(30_000)
    .withWaitStrategy(Wait.forLogMessage('harness host ready'));
  if (role === 'host') container.withTmpFs({ '/var/lib/docker': 'rw,exec,suid,dev' });
  if (role === 'switch') container.withHostConfig({ PidMode: 'host' });
  if (request.foreignImage) {
    container
      .withCopyFilesToContainer([
        { source: request.foreignImage.netprobe, target: '/usr/local/bin/netprobe', mode: 0o755 },
        { source: hostInitScript, target: '/opt/harness/host-init.sh', mode: 0o755 },
      ])
      .withEntrypoint(['/bin/sh'])
      .withCommand(['/opt/harness/host-init.sh']);
  }
  const started = await withinEngineTime(`starting the container ${fullName}`, container.start(), engineCallTiming.containerStartMs);
  const inspect = await withinEngineTime(`inspecting ${fullName}`, docker.getContainer(started.getId()).inspect(), engineCallTiming.containerStartMs);
  return new ContainerMachine(name, started, docker, { pid: inspect.State.Pid, role, hostname: inspect.Config.Hostname, env: inspect.Config.Env ?? [] });
}
