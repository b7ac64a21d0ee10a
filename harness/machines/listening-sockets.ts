import { ipToBigInt, ipFamily } from '../format/addresses.ts';
import type { Machine } from './machine.ts';

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

const tables = [
  ['tcp', 4, 'tcp'],
  ['tcp', 6, 'tcp6'],
  ['udp', 4, 'udp'],
  ['udp', 6, 'udp6'],
] as const;

// Every listening socket of one network namespace, from its /proc tables under `netDir` (/proc/net
// for the machine's own, /proc/<pid>/net for a container's), in one command; a table the kernel
// does not have (no IPv6) counts as empty.
export async function listeningSockets(machine: Machine, netDir: string): Promise<ListeningSocket[]> {
  const script = tables.map(([, , file]) => `echo "=== ${file}"; cat ${netDir}/${file} 2>/dev/null`).join('; ');
  const sections = new Map<string, string>();
  for (const section of (await machine.exec(script)).stdout.split(/^=== /m).slice(1)) {
    const newline = section.indexOf('\n');
    sections.set(section.slice(0, newline), section.slice(newline + 1));
  }
  return tables.flatMap(([proto, family, file]) => parseProcNet(sections.get(file) ?? '', proto, family));
}

// Pure: a listen port ("80/tcp", "53/udp"; TCP when no protocol is given) as its number and protocol.
export function splitListenPort(port: string): { readonly number: string; readonly proto: 'tcp' | 'udp' } {
  const [number = '', proto = 'tcp'] = port.split('/');
  return { number, proto: proto as 'tcp' | 'udp' };
}

// Pure: whether every port ("80/tcp") answers at every address (undefined: at any address).
export function answersEverywhere(sockets: readonly ListeningSocket[], ports: readonly string[], addresses: ReadonlyArray<string | undefined>): boolean {
  return ports.every((port) => {
    const { number, proto } = splitListenPort(port);
    return addresses.every((address) => answersAt(sockets, proto, Number(number), address));
  });
}
