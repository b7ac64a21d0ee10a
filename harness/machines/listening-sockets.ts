import { ipToBigInt, ipFamily } from '../format/addresses.ts';

// The sockets a process's network namespace listens on, read from /proc/<pid>/net/{tcp,tcp6,udp,udp6}:
// how the harness sees a service of the user's own image ready without asking anything of the image.

export interface ListeningSocket {
  readonly proto: 'tcp' | 'udp';
  readonly family: 4 | 6;
  readonly address: bigint;
  readonly port: number;
}

// TCP LISTEN; for UDP, a socket bound and not connected (07, "close") is one that receives.
const listeningState = { tcp: '0A', udp: '07' } as const;

// Pure: the listening sockets of one /proc/net table (the kernel writes each 32-bit word of an address
// in the machine's byte order, little-endian on the machines the harness runs on).
export function parseProcNet(text: string, proto: 'tcp' | 'udp', family: 4 | 6): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [local, , state] = fields.slice(1, 4);
    if (!local || state !== listeningState[proto]) continue;
    const [hex = '', portHex = ''] = local.split(':');
    if (hex.length !== (family === 4 ? 8 : 32)) continue;
    const words = hex.match(/.{8}/g) ?? [];
    const address = words.reduce((value, word) => (value << 32n) | BigInt(`0x${word.match(/../g)!.reverse().join('')}`), 0n);
    sockets.push({ proto, family, address, port: parseInt(portHex, 16) });
  }
  return sockets;
}

// Pure: whether some socket answers `port/proto` at `address`: bound to it, to its family's wildcard,
// or to IPv6's wildcard (dual-stack unless the program asked otherwise, which /proc does not show).
export function answersAt(sockets: readonly ListeningSocket[], proto: 'tcp' | 'udp', port: number, address: string | undefined): boolean {
  const family = address === undefined ? undefined : ipFamily(address);
  const wanted = address === undefined ? undefined : ipToBigInt(address);
  return sockets.some((socket) => {
    if (socket.proto !== proto || socket.port !== port) return false;
    if (wanted === undefined || (socket.address === 0n && (socket.family === family || socket.family === 6))) return true;
    return socket.family === family && socket.address === wanted;
  });
}
