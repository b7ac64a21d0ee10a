import { describe, expect, it } from 'vitest';
import { containerAddresses, listenPorts, serviceNetworks, probesFromNamespace, serviceRunArgs } from './services.ts';

describe('listenPorts', () => {
  it('takes the container side of each publish spec, tcp unless stated', () => {
    expect(listenPorts({ publish: ['8080:80', '5353:53/udp'] })).toEqual(['80/tcp', '53/udp']);
  });

  it('understands specs with a host address, IPv6 included, and bare container ports', () => {
    expect(listenPorts({ publish: ['127.0.0.1:8080:80', '[::1]:8443:443/tcp', '9000'] })).toEqual(['80/tcp', '443/tcp', '9000/tcp']);
  });

  it('lists a port once even when it is published twice', () => {
    expect(listenPorts({ publish: ['8080:80', '8081:80', '0.0.0.0:8082:80/tcp', '8083:80/udp'] })).toEqual(['80/tcp', '80/udp']);
  });

  it('prefers explicit listen ports', () => {
    expect(listenPorts({ publish: ['8080:80'], listen: ['9000/tcp', '9001/udp'] })).toEqual(['9000/tcp', '9001/udp']);
  });

  it('falls back to publish specs when listen is empty, and returns nothing when both are', () => {
    expect(listenPorts({ publish: ['8080:80'], listen: [] })).toEqual(['80/tcp']);
    expect(listenPorts({ publish: [] })).toEqual([]);
  });

  it('returns a copy of listen, not the step\'s own array', () => {
    const listen = ['9000/tcp'];
    const ports = listenPorts({ publish: [], listen });
    ports.push('9001/tcp');
    expect(listen).toEqual(['9000/tcp']);
  });
});

describe('listenPorts with ranges', () => {
  it('lists each container port of a published range', () => {
    expect(listenPorts({ publish: ['8000-8002:80-82', '5353:53/udp'] })).toEqual(['80/tcp', '81/tcp', '82/tcp', '53/udp']);
  });
});

describe('serviceNetworks', () => {
  it('is the default bridge unless named, and keeps the order given', () => {
    expect(serviceNetworks({})).toEqual(['bridge']);
    expect(serviceNetworks({ network: 'appnet' })).toEqual(['appnet']);
    expect(serviceNetworks({ networks: ['front', 'back'] })).toEqual(['front', 'back']);
  });
});

describe('serviceRunArgs', () => {
  it('starts the harness\'s service on the first network, answering on its listen ports', () => {
    expect(serviceRunArgs({ name: 'web', publish: ['8080:80'], networks: ['front', 'back'] })).toEqual([
      'docker', 'run', '-d', '--name', 'web', '--hostname', 'web', '--restart', 'always', '--network', 'front', '-p', '8080:80', 'harness-service:netprobe', '80/tcp',
    ]);
  });

  it('runs the user\'s image with its environment and its own command, not the listen ports', () => {
    expect(serviceRunArgs({ name: 'app', publish: [], listen: ['7000/tcp'], image: 'myorg/app:1.2', command: ['app', '--port', '7000'], env: { MODE: 'test' } })).toEqual([
      'docker', 'run', '-d', '--name', 'app', '--hostname', 'app', '--restart', 'always', '--network', 'bridge', '-e', 'MODE=test', 'myorg/app:1.2', 'app', '--port', '7000',
    ]);
  });
});

describe('containerAddresses', () => {
  it('lists the IPv4 and IPv6 address of every network, and nothing for a container without one', () => {
    const networks = { front: { IPAddress: '10.1.0.2', GlobalIPv6Address: '' }, v6net: { IPAddress: '10.2.0.2', GlobalIPv6Address: 'fd00:2::2' } };
    expect(containerAddresses(networks)).toEqual(['10.1.0.2', '10.2.0.2', 'fd00:2::2']);
    expect(containerAddresses({ host: { IPAddress: '' } })).toEqual([]);
    expect(containerAddresses({})).toEqual([]);
  });
});

describe('probesFromNamespace', () => {
  it("probes every port at every address from the container's network namespace, and fails at the first that does not connect", () => {
    const script = probesFromNamespace('4242', [
      { proto: 'tcp', address: '172.17.0.2', port: '80' },
      { proto: 'udp', address: 'fd00::2', port: '53' },
    ]);
    const lines = script.split('\n');
    expect(lines[0]).toBe('command -v nsenter >/dev/null || exit 127');
    expect(lines[1]).toContain('nsenter -t 4242 -n netprobe probe tcp 172.17.0.2 80 500');
    expect(lines[2]).toContain('nsenter -t 4242 -n netprobe probe udp fd00::2 53 500');
    expect(lines[2]).toMatch(/in \*'"outcome":"connected"'\*\) ;; \*\) exit 1 ;; esac$/);
  });

  it('refuses anything but a process id', () => {
    expect(() => probesFromNamespace('1; reboot', [])).toThrow(/not a process id/);
  });
});
