import { describe, expect, it } from 'vitest';
import { answersAt, answersEverywhere, parseProcNet } from './listening-sockets.ts';

// As /proc/<pid>/net/tcp, tcp6 and udp print them (columns after the state trimmed).
const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1B58 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1
   1: 0201A8C0:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2
   2: 0201A8C0:0051 0101A8C0:D431 01 00000000:00000000 00:00000000 00000000     0        0 3
`;
const tcp6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue
   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000
   1: 000080FD000000000000000001000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000
`;
const udp = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  100: 00000000:1B59 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4 2 0 0
`;

describe('parseProcNet', () => {
  it('reads listening TCP sockets and bound UDP ones, addresses in the kernel\'s byte order', () => {
    expect(parseProcNet(tcp, 'tcp', 4)).toEqual([
      { proto: 'tcp', family: 4, address: 0n, port: 7000 },
      { proto: 'tcp', family: 4, address: 0xc0a80102n, port: 80 },
    ]);
    expect(parseProcNet(tcp6, 'tcp', 6)).toEqual([
      { proto: 'tcp', family: 6, address: 0n, port: 8080 },
      { proto: 'tcp', family: 6, address: 0xfd800000000000000000000000000001n, port: 443 },
    ]);
    expect(parseProcNet(udp, 'udp', 4)).toEqual([{ proto: 'udp', family: 4, address: 0n, port: 7001 }]);
  });
});

describe('answersAt', () => {
  const sockets = [...parseProcNet(tcp, 'tcp', 4), ...parseProcNet(tcp6, 'tcp', 6), ...parseProcNet(udp, 'udp', 4)];

  it('counts a wildcard socket of the address\'s family, or IPv6\'s dual-stack wildcard', () => {
    expect(answersAt(sockets, 'tcp', 7000, '10.1.0.2')).toBe(true);
    expect(answersAt(sockets, 'tcp', 7000, 'fd00::2')).toBe(false);
    expect(answersAt(sockets, 'tcp', 8080, '10.1.0.2')).toBe(true);
    expect(answersAt(sockets, 'tcp', 8080, 'fd00::2')).toBe(true);
    expect(answersAt(sockets, 'udp', 7001, '10.1.0.2')).toBe(true);
  });

  it('counts a socket bound to one address only for that address', () => {
    expect(answersAt(sockets, 'tcp', 80, '192.168.1.2')).toBe(true);
    expect(answersAt(sockets, 'tcp', 80, '192.168.1.3')).toBe(false);
    expect(answersAt(sockets, 'tcp', 443, 'fd80::1')).toBe(true);
  });

  it('never counts a connected socket, another protocol or another port', () => {
    expect(answersAt(sockets, 'tcp', 81, '192.168.1.2')).toBe(false);
    expect(answersAt(sockets, 'udp', 7000, '10.1.0.2')).toBe(false);
    expect(answersAt(sockets, 'tcp', 7002, undefined)).toBe(false);
    expect(answersAt(sockets, 'tcp', 7000, undefined)).toBe(true);
  });
});

describe('answersEverywhere', () => {
  const sockets = [...parseProcNet(tcp, 'tcp', 4), ...parseProcNet(tcp6, 'tcp', 6), ...parseProcNet(udp, 'udp', 4)];

  it('needs every port at every address, a port without its protocol being TCP', () => {
    expect(answersEverywhere(sockets, ['7000/tcp', '7001/udp'], [undefined])).toBe(true);
    expect(answersEverywhere(sockets, ['80/tcp', '8080'], ['192.168.1.2'])).toBe(true);
    expect(answersEverywhere(sockets, ['80/tcp'], ['192.168.1.2', '192.168.1.3'])).toBe(false);
    expect(answersEverywhere(sockets, ['7000/tcp', '7002/tcp'], [undefined])).toBe(false);
  });
});
