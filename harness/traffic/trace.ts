import type { PacketTrace, TraceStep } from '../results/flow-result.ts';

// The harness's own table: its marking rules (host-watch.ts) are in it, and are not the flow's path.
export const harnessTable = 'inet harness';

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
    if (table === harnessTable) {
      if (rest.startsWith('packet:')) header = rest;
      const marking = rest.match(/^rule .*meta nftrace set 1 comment "(original|reply|sentinel)"/);
      if (!marking) continue;
      // The harness's own sentinel packet (host-watch.ts) belongs to no flow: nothing until the next mark is the flow's.
      if (marking[1] === 'sentinel') {
        current = undefined;
        continue;
      }
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
