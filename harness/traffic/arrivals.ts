import type { Machine } from '../machines/machine.ts';

// Counts a flow's packets as they enter a Docker host's network namespace, before any firewall
// decides anything: an nftables table of the harness's own ("inet harness") at a priority ahead of
// every other hook, holding nothing but counters, so it never changes a verdict. A timeout with
// arrivals is a drop inside the host; a timeout without them means the packet never got there.
// The same table holds the chains that mark the flow's packets for `nft monitor trace` (trace.ts).
const table = 'inet harness';
const setup = [`nft add table ${table}`, `nft add chain ${table} arrivals '{ type filter hook prerouting priority -500; policy accept; }'`].join(' && ');

export interface ArrivalCounter {
  read(): Promise<number | undefined>;
  remove(): Promise<void>;
}

export async function countArrivals(host: Machine, destination: string, port: number, proto: 'tcp' | 'udp'): Promise<ArrivalCounter | undefined> {
  const family = destination.includes(':') ? 'ip6' : 'ip';
  const result = await host.exec(`${setup} && nft --echo --handle add rule ${table} arrivals ${family} daddr ${destination} ${proto} dport ${port} counter`);
  const handle = result.stdout.match(/# handle (\d+)/)?.[1];
  if (result.exitCode !== 0 || !handle) return undefined;
  return {
    async read() {
      const listing = await host.exec(`nft --handle list chain ${table} arrivals`);
      const line = listing.stdout.split('\n').find((candidate) => candidate.includes(`# handle ${handle}`));
      const packets = line?.match(/counter packets (\d+)/)?.[1];
      return packets === undefined ? undefined : Number(packets);
    },
    async remove() {
      await host.exec(`nft delete rule ${table} arrivals handle ${handle}`);
    },
  };
}
