import { log } from '../core/log.ts';
import { traceTiming } from '../core/timing.ts';
import type { Machine } from '../machines/machine.ts';
import type { PacketTrace } from '../results/flow-result.ts';
import { harnessTable, parseTrace } from './trace.ts';

// What a Docker host records around one flow, in one command before the probe and one after:
// - an arrivals counter: the flow's packets as they enter the host's network namespace, before any
//   firewall decides anything (a hook at -500 holding nothing but a counter, so it changes no
//   verdict). A timeout with arrivals is a drop inside the host; without them the packet never got there.
// - a packet trace (`nft monitor trace`) of the flow's packets, marked by the harness's own rules;
// - the host's iptables counters (`iptables-save -c`) before and after: the rules the packets hit.
//
// When the trace is complete is decided on evidence, not by a fixed wait: the host sends itself a
// sentinel packet, marked for tracing by a rule of its own, and the trace counts as caught up once
// the sentinel shows in it (the monitor prints events in the order the kernel emits them). The
// first sentinel proves the monitor listens; the last is sent after the counters are read, so it
// never counts in them.

const sentinelPort = 9;
const section = '### harness';

// The marking chains. A packet is marked for tracing before anything can decide it: the flow's own
// packets at -350, ahead of raw (-300), so a DROP in raw is seen as well as one in filter; the
// destination's replies after conntrack (-190), found by the connection's original tuple because NAT
// has rewritten their addresses; in output, both directions of a host's own traffic (a host probing
// itself, a service of the host answering). Each marking rule says its direction in a comment.
const chains = [
  { chain: 'arrivals', hook: 'prerouting', priority: -500 },
  { chain: 'trace-in', hook: 'prerouting', priority: -350 },
  { chain: 'trace-replies', hook: 'prerouting', priority: -190 },
  { chain: 'trace-out', hook: 'output', priority: -350 },
] as const;

export interface WatchedFlow {
  readonly address: string;
  readonly port: number;
  readonly proto: 'tcp' | 'udp';
}

// Pure: the nft batch that adds the chains (idempotently) and the flow's rules.
export function watchRules(flow: WatchedFlow, arrivals: boolean): string[] {
  const family = flow.address.includes(':') ? 'ip6' : 'ip';
  const { address, port, proto } = flow;
  const mark = (comment: string) => `meta nftrace set 1 comment "${comment}"`;
  return [
    `add table ${harnessTable}`,
    ...chains.map(({ chain, hook, priority }) => `add chain ${harnessTable} ${chain} { type filter hook ${hook} priority ${priority}; policy accept; }`),
    ...(arrivals ? [`add rule ${harnessTable} arrivals ${family} daddr ${address} ${proto} dport ${port} counter`] : []),
    `add rule ${harnessTable} trace-in ${family} daddr ${address} ${proto} dport ${port} ${mark('original')}`,
    `add rule ${harnessTable} trace-replies meta l4proto ${proto} ct direction reply ct original ${family} daddr ${address} ct original proto-dst ${port} ${mark('reply')}`,
    `add rule ${harnessTable} trace-out ${family} daddr ${address} ${proto} dport ${port} ${mark('original')}`,
    `add rule ${harnessTable} trace-out ${family} saddr ${address} ${proto} sport ${port} ${mark('reply')}`,
    `add rule ${harnessTable} trace-out ip daddr 127.0.0.1 udp dport ${sentinelPort} ${mark('sentinel')}`,
  ];
}

interface Files {
  readonly trace: string;
  readonly pid: string;
}

// Sends sentinel packets until one more shows in the trace than before, at most $1 times.
const sentinelFunction = (files: Files) => `
sentinel() {
  netprobe sentinel ${files.trace} 'comment "sentinel"' ${sentinelPort} "$1"
}`;

const saveCommand = (flow: WatchedFlow) => (flow.address.includes(':') ? 'ip6tables-save -c 2>/dev/null' : 'iptables-save -c 2>/dev/null');

// Pure: the command before the probe. It prints the added rules with their handles, whether the
// monitor listens, and the counters.
export function beginScript(flow: WatchedFlow, arrivals: boolean, files: Files, tries: number): string {
  return [
    sentinelFunction(files),
    `echo '${section} rules'`,
    `if nft --echo --handle -f - <<'EOF' 2>&1; then`,
    ...watchRules(flow, arrivals),
    'EOF',
    `  sh -c 'echo $$ > "$1"; exec nft monitor trace > "$2" 2>&1' monitor ${files.pid} ${files.trace} </dev/null >/dev/null 2>&1 &`,
    `  sentinel ${tries} && echo '${section} listening'`,
    'else',
    `  echo '${section} rules-failed'`,
    'fi',
    `echo '${section} before'`,
    saveCommand(flow),
  ].join('\n');
}

// Pure: the command after the probe: counters first (no sentinel counted in them), then the trace once
// the sentinel shows, then the flow's rules and the monitor go.
export function endScript(flow: WatchedFlow, handles: readonly Handle[], files: Files, tries: number): string {
  return [
    sentinelFunction(files),
    `echo '${section} after'`,
    saveCommand(flow),
    `echo '${section} arrivals'`,
    `nft --handle list chain ${harnessTable} arrivals 2>/dev/null`,
    `if [ -s ${files.pid} ]; then`,
    `  sentinel ${tries} || echo '${section} trace-lagging'`,
    `  echo '${section} trace'`,
    `  cat ${files.trace}`,
    `  kill $(cat ${files.pid}) 2>/dev/null`,
    'fi',
    ...(handles.length > 0 ? [`nft -f - <<'EOF'`, ...handles.map(({ chain, handle }) => `delete rule ${harnessTable} ${chain} handle ${handle}`), 'EOF'] : []),
    `rm -f ${files.trace} ${files.pid}`,
  ].join('\n');
}

// Pure: the command that reads the trace so far, once it has caught up.
export function peekScript(files: Files, tries: number): string {
  return [sentinelFunction(files), `sentinel ${tries} >/dev/null`, `cat ${files.trace}`].join('\n');
}

// Pure: the command that waits, at most `ms`, for more drop lines in the trace than `seen` (and stops
// when the flow's end removes the trace), then prints how many there are and the trace. The harness
// decides from the parsed trace whether they are the flow's (a sentinel dropped by the host's OUTPUT
// rules is not).
export function dropWaitScript(files: Files, seen: number, ms: number): string {
  return [
    `n=$(netprobe await ${files.trace} ${seen} ${ms} 'verdict drop' 'policy drop')`,
    `echo "${section} drops \${n:-0}"`,
    `cat ${files.trace} 2>/dev/null`,
  ].join('\n');
}

export interface Handle {
  readonly chain: string;
  readonly handle: string;
}

// Pure: a command's output cut at its section lines.
export function sections(output: string): Map<string, string> {
  const parts = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  for (const line of output.split('\n')) {
    const header = line.startsWith(`${section} `) ? line.slice(section.length + 1).trim() : undefined;
    if (header === undefined) {
      lines.push(line);
      continue;
    }
    if (name !== undefined) parts.set(name, lines.join('\n'));
    name = header;
    lines = [];
  }
  if (name !== undefined) parts.set(name, lines.join('\n'));
  return parts;
}

// Pure: the handles of the rules the batch added (`add rule inet harness <chain> ... # handle N`).
export function addedHandles(rulesOutput: string): Handle[] {
  return [...rulesOutput.matchAll(/^add rule inet harness (\S+) .* # handle (\d+)$/gm)].map(([, chain = '', handle = '']) => ({ chain, handle }));
}

// Pure: the arrivals counter of the rule with this handle, in `nft --handle list chain` output.
export function arrivalsCount(listing: string, handle: string): number | undefined {
  const line = listing.split('\n').find((candidate) => candidate.endsWith(`# handle ${handle}`));
  const packets = line?.match(/counter packets (\d+)/)?.[1];
  return packets === undefined ? undefined : Number(packets);
}

export interface WatchEnd {
  readonly after: string;
  readonly arrivals?: number;
  readonly trace?: PacketTrace;
}

export interface HostWatch {
  readonly before: string;
  // The trace so far, caught up; undefined when there is no trace.
  peek(): Promise<PacketTrace | undefined>;
  // Waits up to `ms` for more drop lines in the trace than `seen`: how many there are, and the trace;
  // undefined when this host has no trace to watch.
  nextDrop(seen: number, ms: number): Promise<{ drops: number; trace: PacketTrace | undefined } | undefined>;
  end(): Promise<WatchEnd>;
}

export async function watchHost(host: Machine, id: number, flow: WatchedFlow, countArrivals: boolean): Promise<HostWatch> {
  const files = { trace: `/tmp/harness-trace-${id}.txt`, pid: `/tmp/harness-trace-${id}.pid` };
  const begun = sections((await host.exec(beginScript(flow, countArrivals, files, traceTiming.startSentinels))).stdout);
  const rules = begun.get('rules') ?? '';
  const handles = addedHandles(rules);
  if (begun.has('rules-failed')) log.probe('%s: no arrivals counter or trace, nft said: %s', host.name, rules.slice(0, 300));
  const tracing = begun.has('listening');
  if (!tracing && !begun.has('rules-failed')) log.probe('%s: no trace: nft monitor trace never showed the sentinel', host.name);
  const arrivalsHandle = countArrivals ? handles.find((handle) => handle.chain === 'arrivals')?.handle : undefined;
  return {
    before: begun.get('before') ?? '',
    async peek() {
      if (!tracing) return undefined;
      return parseTrace((await host.exec(peekScript(files, traceTiming.catchUpSentinels))).stdout);
    },
    async nextDrop(seen, ms) {
      if (!tracing) return undefined;
      const output = (await host.exec(dropWaitScript(files, seen, Math.max(1, Math.ceil(ms))), { timeoutMs: ms + 10_000 })).stdout;
      const drops = Number(new RegExp(`^${section} drops (\\d+)$`, 'm').exec(output)?.[1] ?? seen);
      return { drops, trace: parseTrace(output) };
    },
    async end() {
      const ended = sections((await host.exec(endScript(flow, handles, files, traceTiming.catchUpSentinels))).stdout);
      if (ended.has('trace-lagging')) log.probe('%s: the trace never showed the last sentinel; it may miss the last packets', host.name);
      const arrivals = arrivalsHandle === undefined ? undefined : arrivalsCount(ended.get('arrivals') ?? '', arrivalsHandle);
      const trace = tracing ? parseTrace(ended.get('trace') ?? '') : undefined;
      return { after: ended.get('after') ?? '', ...(arrivals !== undefined ? { arrivals } : {}), ...(trace ? { trace } : {}) };
    },
  };
}
