import { setTimeout as sleep } from 'node:timers/promises';
import { traceTiming } from '../core/timing.ts';
import type { Machine } from '../machines/machine.ts';
import type { PacketTrace, TraceStep } from '../results/flow-result.ts';

const ownTable = 'inet harness';

// Parses `nft monitor trace` output. Trace ids are no use to tell packets apart (the kernel reuses
// them, and a packet's id changes when NAT rewrites it), so a packet's trace is everything from where
// it enters the harness's own chain (the first traced hook) to where the next packet does. The path
// shown is the first packet's; what decided the flow is the first drop of any traced packet (a reply
// dropped on its way back counts), else the first packet's last filtering accept.
export function parseTrace(output: string): PacketTrace | undefined {
  const lines = output.split('\n').map((line) => line.match(/^trace id (\S+) (\S+ \S+) (\S+) (.*)$/)).filter((match) => match !== null);
  const packets: TraceStep[][] = [];
  let current: { steps: TraceStep[] } | undefined;
  for (const [, , table = '', chain = '', rest = ''] of lines) {
    if (table === ownTable && rest.startsWith('packet:')) {
      current = { steps: [] };
      packets.push(current.steps);
      continue;
    }
    if (!current || rest.startsWith('packet:')) continue;
    const ruleVerdict = rest.match(/^rule (.*) \(verdict ([^)]+)\)$/);
    const policy = rest.match(/^policy (\S+)/);
    const verdict = rest.match(/^verdict (.+)$/);
    if (ruleVerdict) current.steps.push({ table, chain, text: ruleVerdict[1] ?? '', verdict: ruleVerdict[2] ?? '' });
    else if (policy) current.steps.push({ table, chain, text: `policy ${policy[1]}`, verdict: policy[1] ?? '' });
    else if (verdict) current.steps.push({ table, chain, text: 'end of chain', verdict: verdict[1] ?? '' });
  }
  const path = packets[0];
  if (!path) return undefined;
  const decidedBy = packets.map(findDrop).find(Boolean) ?? lastFilteringAccept(path);
  return decidedBy ? { path, decidedBy } : { path };
}

function findDrop(path: readonly TraceStep[]): TraceStep | undefined {
  return path.find((step) => step.verdict === 'drop' || step.verdict?.startsWith('reject'));
}

function lastFilteringAccept(path: readonly TraceStep[]): TraceStep | undefined {
  // NAT, raw and mangle chains (firewalld names them nat_PREROUTING and so on) accept without filtering.
  const filtering = path.filter((step) => step.table !== ownTable && !/ (nat|raw|mangle)$/.test(step.table) && !/^(nat|raw|mangle)_/.test(step.chain) && step.verdict === 'accept');
  return filtering.at(-1);
}

export function describeStep(step: TraceStep): string {
  return `${step.table} ${step.chain}: ${step.text}`;
}

// Records `nft monitor trace` in a host while a flow is probed; packets are marked for tracing by the
// harness's own tracing rule (see arrivals.ts).
export interface TraceSession {
  // What has been traced so far, while the monitor keeps running.
  peek(): Promise<PacketTrace | undefined>;
  stop(): Promise<PacketTrace | undefined>;
}

export async function startTrace(host: Machine, id: number): Promise<TraceSession> {
  const file = `/tmp/harness-trace-${id}.txt`;
  const pidFile = `/tmp/harness-trace-${id}.pid`;
  await host.spawnDetached(`echo $$ > ${pidFile}; exec nft monitor trace > ${file} 2>&1`);
  // The monitor must be listening before the first packet arrives.
  await host.waitFor('nft monitor trace listening', traceTiming.listeningMs, async () => ((await host.exec(`test -s ${pidFile} && kill -0 $(cat ${pidFile})`)).exitCode === 0 ? true : undefined));
  await sleep(traceTiming.settleMs);
  return {
    async peek() {
      return parseTrace((await host.exec(`cat ${file}`)).stdout);
    },
    async stop() {
      await sleep(traceTiming.drainMs);
      const output = await host.exec(`kill $(cat ${pidFile}); cat ${file}; rm -f ${file} ${pidFile}`);
      return parseTrace(output.stdout);
    },
  };
}
