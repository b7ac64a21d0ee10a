import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineClient } from '../harness/backends/dind/engine.ts';
import { privilegeMode } from '../harness/backends/dind/privilege.ts';
import { startService } from '../harness/machines/services.ts';
import { ensureHostImage } from '../harness/backends/dind/host-image.ts';
import { silentProgress } from '../harness/core/progress.ts';
import { removeLabelled } from '../harness/backends/dind/leftovers.ts';
import { newRunId } from '../harness/run/run-id.ts';
import { configureTestcontainers } from '../harness/backends/dind/testcontainers-env.ts';
import { containerWorld } from '../harness/backends/dind/container-world.ts';
import { RunSwitches } from '../harness/backends/dind/run-switch.ts';
import { World } from '../harness/world/world.ts';
import { validateScenario } from '../harness/scenario/load.ts';
import { probeFlow } from '../harness/traffic/probe.ts';

// The outside network must behave like a real LAN segment: a packet a source sends beyond its subnet,
// routed via the Docker host, reaches the host's namespace; and nothing can route off the machine.
const loaded = validateScenario(
  {
    name: 'outside-network-test',
    networks: { lan: { subnet: '192.168.1.0/24' }, wan: { subnet: '10.20.0.0/24' } },
    hosts: {
      docker1: {
        ipForward: true,
        interfaces: { eth0: { network: 'lan', address: '192.168.1.10' }, eth1: { network: 'wan', address: '10.20.0.10' } },
      },
    },
    sources: {
      inside: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } }, routes: [{ to: '172.17.0.0/16', via: '192.168.1.10' }] },
      beyond: { interfaces: { eth0: { network: 'wan', address: '10.20.0.5' } } },
    },
  },
  'test/outside-network.test.ts',
);

describe('outside networks', () => {
  const docker = engineClient();
  const runId = newRunId();
  const switches = new RunSwitches(docker, runId);
  let world: World;

  beforeAll(async () => {
    if ('problems' in loaded) throw new Error(loaded.problems.join('\n'));
    await configureTestcontainers(docker);
    const image = await ensureHostImage(docker, 'bookworm', silentProgress);
    const privilege = await privilegeMode(docker, image);
    const lan = () => switches.segment({ suite: 'bookworm', image, privilege });
    world = await World.create(loaded.scenario, containerWorld({ docker, image, runId, scenarioName: 'outside-network-test', privilege, lan }), (warning) => console.warn(warning));
    await startService(world.host('docker1'), { name: 'web', publish: ['8080:80'] });
  });

  afterAll(async () => {
    await world?.destroy();
    await switches.close();
    await removeLabelled(docker, runId);
  });

  it('carries a packet addressed beyond the source subnet to the Docker host it is routed through', async () => {
    const host = world.host('docker1').machine;
    const containerAddress = (await host.run(['docker', 'inspect', '-f', '{{.NetworkSettings.IPAddress}}', 'web'])).trim();
    expect(containerAddress).toMatch(/^172\.17\./);
    const result = await probeFlow({ from: world.machine('inside'), observers: [host], destination: { kind: 'docker-host', host: host.name, isSource: false }, address: containerAddress, port: 80, proto: 'tcp' });
    expect(result.evidence?.arrivals).toBeGreaterThan(0);
  });

  it('keeps two outside networks apart unless a machine routes between them', async () => {
    const result = await probeFlow({ from: world.machine('beyond'), observers: [], destination: { kind: 'other-machine' }, address: '192.168.1.1', port: 9, proto: 'tcp', timing: { attemptMs: 500 } });
    expect(result.state === 'error' && result.code).toBe('no-route-at-source');
    expect(result.evidence?.attempts[0]?.errno).toBe('ENETUNREACH');
  });

  it('gives no machine a route off the machine', async () => {
    const machines = [world.host('docker1').machine, world.machine('inside'), world.machine('beyond')];
    for (const machine of machines) {
      // `ip route get` asks the routing table only; no packet is sent.
      const result = await machine.exec('ip route get 192.0.2.200; ip -6 route get 2001:db8::200; ip route show default');
      expect(result.stderr, machine.name).toMatch(/Network is unreachable[\s\S]*Network is unreachable/);
      expect(result.stdout, machine.name).toBe('');
    }
  });
});
