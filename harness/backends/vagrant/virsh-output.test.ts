import { describe, expect, it } from 'vitest';
import { leasedAddresses } from './virsh-output.ts';

describe('leasedAddresses', () => {
  it('lists the IPv4 leases of a MAC, newest first', () => {
    const table = [
      ' Expiry Time           MAC address         Protocol   IP address           Hostname   Client ID or DUID',
      '-----------------------------------------------------------------------------------------------------------',
      ' 2026-11-22 22:05:41   0a:68:76:6c:b3:74   ipv4       192.168.121.142/24   -          ff:76:6c:b3:74:00:01',
      ' 2026-11-22 22:12:09   0a:68:76:6c:b3:74   ipv4       192.168.121.143/24   bookworm   ff:76:6c:b3:74:00:02',
      '',
    ].join('\n');
    expect(leasedAddresses(table)).toEqual(['192.168.121.143', '192.168.121.142']);
  });
});
