import type { FlowResult } from '../results/flow-result.ts';
import type { DecidingRule } from '../results/records.ts';
import { isDecisive } from './rule-counters.ts';

// The rule a flow's record names as the one that decided it: the traced step that decided the first
// packet (or a reply), else the accepting and dropping rules whose counters rose, without their
// counts. None when the flow left no evidence or nothing decisive was seen.
export function decidingRule(result: FlowResult): DecidingRule | undefined {
  const evidence = result.evidence;
  if (!evidence) return undefined;
  const traced = evidence.trace?.decidedBy;
  if (traced) return { by: 'trace', table: traced.table, chain: traced.chain, rule: traced.text, verdict: traced.verdict ?? '' };
  const rules = evidence.ruleHits.filter(isDecisive).map(({ family, table, rule }) => ({ family, table, rule }));
  return rules.length > 0 ? { by: 'rule-hits', rules } : undefined;
}
