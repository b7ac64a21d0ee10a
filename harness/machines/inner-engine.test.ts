import { describe, expect, it } from 'vitest';
import { containerTable, networkTable } from './inner-engine.ts';

describe('containerTable', () => {
  it('lays out containers in the columns of docker ps -a, published ports as the CLI writes them', () => {
    const table = containerTable([
      {
        Id: '0123456789abcdef0123',
        Names: ['/web'],
        Image: 'harness-service:netprobe',
        Command: '/netprobe serve 80/tcp',
        Status: 'Up 2 seconds',
        Ports: [
          { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
          { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
          { PrivatePort: 53, Type: 'udp' },
        ],
      },
    ]);
    expect(table.split('\n')[0]).toMatch(/^CONTAINER ID {3}IMAGE +COMMAND +STATUS +PORTS +NAMES$/);
    expect(table.split('\n')[1]).toBe('0123456789ab   harness-service:netprobe   "/netprobe serve 80/tcp"   Up 2 seconds   0.0.0.0:8080->80/tcp, [::]:8080->80/tcp, 53/udp   web');
  });

  it('is the header alone for an engine without containers', () => {
    expect(containerTable([])).toBe('CONTAINER ID   IMAGE   COMMAND   STATUS   PORTS   NAMES\n');
  });
});

describe('networkTable', () => {
  it('lists networks by name', () => {
    const table = networkTable([
      { Id: 'bbbbbbbbbbbbbbbb', Name: 'none', Driver: 'null', Scope: 'local' },
      { Id: 'aaaaaaaaaaaaaaaa', Name: 'bridge', Driver: 'bridge', Scope: 'local' },
    ]);
    expect(table.split('\n').slice(1, 3)).toEqual(['aaaaaaaaaaaa   bridge   bridge   local', 'bbbbbbbbbbbb   none     null     local']);
  });
});
