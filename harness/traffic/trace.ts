import { setTimeout as sleep } from 'node:timers/promises';
import { traceTiming } from '../core/timing.ts';
import type { Machine } from '../machines/machine.ts';
import type { PacketTrace, TraceStep } from '../results/flow-result.ts';

const ownTable = 'inet harness';

// The harness's marking chains. A packet is marked for tracing before anything can decide it: the
// flow's own packets at -350, ahead of raw (-300), so a DROP in raw is seen as well as one in filter;
// the destination's replies after conntrack (-190), found by the connection's original tuple because
// NAT has rewritten their addresses; in output, both directions of a host's own traffic (a host
// probing itself, a service of the host answering). Each marking rule says its direction in a comment.
const markingChains = [
  { chain: 'trace-in', hook: 'prerouting', priority: -350 },
  { chain: 'trace-replies', hook: 'prerouting', priority: -190 },
  { chain: 'trace-out', hook: 'output', priority: -350 },
] as const;

export interface TracedFlow {
  readonly address: string;
  readonly port: number;
  readonly proto: 'tcp' | 'udp';
}

// Pure: the nft commands that add the marking chains (idempotently) and the flow's marking rules.
export function markingCommands(flow: TracedFlow): { chains: string[]; rules: string[] } {
  const family = flow.address.includes(':') ? 'ip6' : 'ip';
  const { address, port, proto } = flow;
  const mark = (direction: 'original' | 'reply') => `meta nftrace set 1 comment '"${direction}"'`;
  return {
    chains: [`nft add table ${ownTable}`, ...markingChains.map(({ chain, hook, priority }) => `nft add chain ${ownTable} ${chain} '{ type filter hook ${hook} priority ${priority}; policy accept; }'`)],
    rules: [
      `trace-in ${family} daddr ${address} ${proto} dport ${port} ${mark('original')}`,
      `trace-replies meta l4proto ${proto} ct direction reply ct original ${family} daddr ${address} ct original proto-dst ${port} ${mark('reply')}`,
      `trace-out ${family} daddr ${address} ${proto} dport ${port} ${mark('original')}`,
      `trace-out ${family} saddr ${address} ${proto} sport ${port} ${mark('reply')}`,
    ].map((rule) => `nft --echo --handle add rule ${ownTable} ${rule}`),
  };
}

interface TracedPacket {
  readonly direction: 'original' | 'reply';
  readonly steps: TraceStep[];
  // The packet's header where the harness marked it last (`oif "lo"` then `iif "lo"` is one packet looping).
  header: string;
}

// Parses `nft monitor trace` output. The kernel prints a `packet:` line in every base chain a traced
// packet enters and reuses trace ids, so neither tells packets apart: a packet begins where a marking
// rule of the harness marks it (its comment gives the direction), and a packet sent out on loopback
// and received again on it stays one packet. The path shown is the first packet of the flow's own
// direction; what decided the flow is the first drop or reject of any traced packet (a reply dropped
// on its way back counts), else that first packet's last filtering accept. Rules are quoted without
// their counters, which `nft monitor trace` prints as they were before the packet counted.
export function parseTrace(output: string): PacketTrace | undefined {
  const lines = output.split('\n').map((line) => line.match(/^trace id (\S+) (\S+ \S+) (\S+) (.*)$/)).filter((match) => match !== null);
  const packets: TracedPacket[] = [];
  let current: TracedPacket | undefined;
  let header = '';
  for (const [, , table = '', chain = '', rest = ''] of lines) {
    if (table === ownTable) {
      if (rest.startsWith('packet:')) header = rest;
      const marking = rest.match(/^rule .*meta nftrace set 1 comment "(original|reply)"/);
      if (!marking) continue;
      const direction = marking[1] === 'reply' ? 'reply' : 'original';
      if (current && current.direction === direction && /\boif "lo"/.test(current.header) && /\biif "lo"/.test(header)) {
        current.header = header;
        continue;
      }
      current = { direction, steps: [], header };
      packets.push(current);
      continue;
    }
    if (!current || rest.startsWith('packet:')) continue;
    const ruleVerdict = rest.match(/^rule (.*) \(verdict ([^)]+)\)$/);
    const policy = rest.match(/^policy (\S+)/);
    const verdict = rest.match(/^verdict (.+)$/);
    if (ruleVerdict) current.steps.push({ table, chain, text: withoutCounter(ruleVerdict[1] ?? ''), verdict: ruleVerdict[2] ?? '' });
    else if (policy) current.steps.push({ table, chain, text: `policy ${policy[1]}`, verdict: policy[1] ?? '' });
    else if (verdict) current.steps.push({ table, chain, text: 'end of chain', verdict: verdict[1] ?? '' });
  }
  const first = packets.find((packet) => packet.direction === 'original') ?? packets[0];
  if (!first) return undefined;
  const replies = packets.filter((packet) => packet.direction === 'reply');
  const decidedBy = packets.map((packet) => findDrop(packet.steps)).find(Boolean) ?? lastFilteringAccept(first.steps);
  return {
    path: first.steps,
    ...(decidedBy ? { decidedBy } : {}),
    ...(replies.length > 0 ? { replies: { traced: replies.length, passed: replies.filter((packet) => !findDrop(packet.steps)).length } } : {}),
  };
}

function withoutCounter(rule: string): string {
  return rule.replace(/\s*\bcounter packets \d+ bytes \d+/g, '').trim();
}

// A step that dropped or rejected the packet.
export function isDropStep(step: TraceStep): boolean {
  return step.verdict === 'drop' || step.verdict?.startsWith('reject') === true;
}

function findDrop(path: readonly TraceStep[]): TraceStep | undefined {
  return path.find(isDropStep);
}

function lastFilteringAccept(path: readonly TraceStep[]): TraceStep | undefined {
  // NAT, raw and mangle chains (firewalld names them nat_PREROUTING and so on) accept without filtering.
  const filtering = path.filter((step) => !/ (nat|raw|mangle)$/.test(step.table) && !/^(nat|raw|mangle)_/.test(step.chain) && step.verdict === 'accept');
  return filtering.at(-1);
}

export function describeStep(step: TraceStep): string {
  return `${step.table} ${step.chain}: ${step.text}`;
}

// Records `nft monitor trace` in a host while a flow is probed, with the flow's packets marked for
// tracing by the harness's marking rules (removed again when the trace stops).
export interface TraceSession {
  // What has been traced so far, while the monitor keeps running.
  peek(): Promise<PacketTrace | undefined>;
  stop(): Promise<PacketTrace | undefined>;
}

export async function startTrace(host: Machine, id: number, flow: TracedFlow): Promise<TraceSession> {
  const file = `/tmp/harness-trace-${id}.txt`;
  const pidFile = `/tmp/harness-trace-${id}.pid`;
  // The marking rules go in first: `nft monitor trace` prints only rules it knew when it started
  // ("unknown rule handle" for later ones), and a rule's comment says the packet's direction.
  const { chains, rules } = markingCommands(flow);
  const marked = await host.exec([...chains, ...rules].join(' && '));
  const handles = [...marked.stdout.matchAll(/^add rule inet harness (\S+) .* # handle (\d+)$/gm)].map(([, chain, handle]) => ({ chain, handle }));
  const unmark = [...handles.map(({ chain, handle }) => `nft delete rule ${ownTable} ${chain} handle ${handle}`), 'true'].join('; ');
  if (marked.exitCode !== 0) {
    await host.exec(unmark);
    throw new Error(`on ${host.name}: the trace's marking rules could not be added (exit ${marked.exitCode}): ${marked.stderr.slice(0, 300)}`);
  }
  try {
    await host.spawnDetached(`echo $$ > ${pidFile}; exec nft monitor trace > ${file} 2>&1`);
    // The monitor must be listening before the first packet arrives.
    await host.waitFor('nft monitor trace listening', traceTiming.listeningMs, async () => ((await host.exec(`test -s ${pidFile} && kill -0 $(cat ${pidFile})`)).exitCode === 0 ? true : undefined));
  } catch (error) {
    await host.exec(`${unmark}; rm -f ${file} ${pidFile}`);
    throw error;
  }
  await sleep(traceTiming.settleMs);
  return {
    async peek() {
      return parseTrace((await host.exec(`cat ${file}`)).stdout);
    },
    async stop() {
      await sleep(traceTiming.drainMs);
      const output = await host.exec(`${unmark}; kill $(cat ${pidFile}); cat ${file}; rm -f ${file} ${pidFile}`);
      return parseTrace(output.stdout);
    },
  };
}
