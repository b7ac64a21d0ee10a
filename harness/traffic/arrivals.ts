import type { Machine } from '../machines/machine.ts';

// Counts a flow's packets as they enter a Docker host's network namespace, before any firewall
// decides anything: an nftables table of the harness's own ("inet harness") at a priority ahead of
// every other hook, holding nothing but counters, so it never changes a verdict. A timeout with
// arrivals is a drop inside the host; a timeout without them means the packet never got there.
// A second rule marks the flow's packets for `nft monitor trace` (see trace.ts).
const table = 'inet harness';
// Tracing marks both directions of the flow's connections (conntrack's original tuple names the
// flow's destination), so a reply dropped on its way back is explained as well as the request.
const setup = [
  `nft add table ${table}`,
  `nft add chain ${table} arrivals '{ type filter hook prerouting priority -500; policy accept; }'`,
  `nft add chain ${table} traces '{ type filter hook prerouting priority -190; policy accept; }'`,
].join(' && ');

export interface ArrivalCounter {
  read(): Promise<number | undefined>;
  remove(): Promise<void>;
}

export async function countArrivals(host: Machine, destination: string, port: number, proto: 'tcp' | 'udp'): Promise<ArrivalCounter | undefined> {
  const family = destination.includes(':') ? 'ip6' : 'ip';
  const result = await host.exec(
    `${setup} && nft --echo --handle add rule ${table} arrivals ${family} daddr ${destination} ${proto} dport ${port} counter` +
      ` && nft --echo --handle add rule ${table} traces meta l4proto ${proto} ct original ${family} daddr ${destination} ct original proto-dst ${port} meta nftrace set 1`,
  );
  const [handle, traceHandle] = [...result.stdout.matchAll(/# handle (\d+)/g)].map((match) => match[1]);
  if (result.exitCode !== 0 || !handle) return undefined;
  return {
    async read() {
      const listing = await host.exec(`nft --handle list chain ${table} arrivals`);
      const line = listing.stdout.split('\n').find((candidate) => candidate.includes(`# handle ${handle}`));
      const packets = line?.match(/counter packets (\d+)/)?.[1];
      return packets === undefined ? undefined : Number(packets);
    },
    async remove() {
      await host.exec(`nft delete rule ${table} arrivals handle ${handle}; nft delete rule ${table} traces handle ${traceHandle}`);
    },
  };
}
