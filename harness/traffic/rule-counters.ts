import type { RuleHit } from '../results/flow-result.ts';

// One counted line of `iptables-save -c`: a rule ("-A DOCKER-USER ... -j DROP") or a chain policy.
interface CountedRule {
  readonly key: string;
  readonly table: string;
  readonly rule: string;
  readonly packets: number;
}

// Parses `iptables-save -c` output into counted rules keyed by table, text and occurrence.
export function parseCounters(saveOutput: string): CountedRule[] {
  const rules: CountedRule[] = [];
  const seen = new Map<string, number>();
  let table = '';
  for (const line of saveOutput.split('\n')) {
    if (line.startsWith('*')) {
      table = line.slice(1).trim();
      continue;
    }
    const policy = line.match(/^:(\S+) (ACCEPT|DROP) \[(\d+):\d+\]/);
    const rule = line.match(/^\[(\d+):\d+\] (.*)$/);
    const text = policy ? `${policy[1]} policy ${policy[2]}` : rule?.[2];
    const packets = Number(policy ? policy[3] : rule?.[1]);
    if (text === undefined || Number.isNaN(packets)) continue;
    const base = `${table}\0${text}`;
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    rules.push({ key: `${base}\0${occurrence}`, table, rule: text, packets });
  }
  return rules;
}

// Rules whose packet counters rose between two snapshots: the path the flow's packets took.
export function counterHits(before: string, after: string, family: RuleHit['family']): RuleHit[] {
  const earlier = new Map(parseCounters(before).map((rule) => [rule.key, rule.packets]));
  return parseCounters(after)
    .map((rule) => ({ family, table: rule.table, rule: rule.rule, packets: rule.packets - (earlier.get(rule.key) ?? 0) }))
    .filter((hit) => hit.packets > 0);
}

// A hit that decides a packet's fate (DROP, REJECT, ACCEPT, a DROP policy), as opposed to a jump.
export function isDecisive(hit: RuleHit): boolean {
  return /-j (DROP|REJECT|ACCEPT)(\s|$)|policy DROP$/.test(hit.rule);
}

// A hit that dropped packets: a DROP rule or a chain's DROP policy.
export function isDropRule(hit: RuleHit): boolean {
  return /-j DROP(\s|$)|policy DROP$/.test(hit.rule);
}
