import type { FlowResult } from '../results/flow-result.ts';
import { stoppedOnDrop } from './probe.ts';
import { isDecisive } from './rule-counters.ts';
import { describeStep } from './trace.ts';

// One line a person reads first about a flow: what happened, and the evidence that says so.
export function describeFlow(result: FlowResult): string {
  const evidence = result.evidence;
  if (!evidence) return result.state === 'error' ? result.message : result.state;
  const parts: string[] = [`${evidence.source} -> ${evidence.target}`];
  const attempt = evidence.attempts.at(-1);
  switch (result.state) {
    case 'connected':
      parts.push(attempt ? `connected in ${attempt.ms.toFixed(1)} ms` : 'connected');
      if (evidence.peerSeen) parts.push(`service saw peer ${evidence.peerSeen}`);
      break;
    case 'refused':
      parts.push(`refused: ${result.reason}`);
      break;
    case 'dropped':
      // An attempt the harness stopped once the trace showed the drop says so itself.
      if (attempt?.message.endsWith(stoppedOnDrop)) parts.push(attempt.message);
      else parts.push(`no answer to ${plural(evidence.attempts.length, 'attempt')}${attempt ? ` of ${attempt.ms.toFixed(0)} ms` : ''}`);
      break;
    case 'error':
      parts.push(result.message);
      break;
  }
  if (evidence.arrivals !== undefined) parts.push(`${plural(evidence.arrivals, 'packet')} arrived at the host`);
  if (evidence.trace?.decidedBy) {
    // An error's message may already name the deciding rule (the host accepted what the source did not get).
    const decided = describeStep(evidence.trace.decidedBy);
    if (!(result.state === 'error' && result.message.includes(decided))) parts.push(`decided by ${decided} (${evidence.trace.decidedBy.verdict})`);
    return parts.join('; ');
  }
  const decisive = evidence.ruleHits.filter(isDecisive);
  // A trace without a decision but counters with one: the rules live where nft's trace cannot see
  // them (iptables-legacy), so the counters say what decided, not "no rule".
  if (evidence.trace && result.state === 'connected' && decisive.length === 0) {
    // Traced, yet no rule or policy said accept: no filtering chain had anything to say on its path.
    const last = evidence.trace.path.filter((step) => step.verdict !== 'continue' && !step.table.endsWith('inet harness')).at(-1);
    parts.push(`accepted with no filtering rule on its path${last ? ` (last rule met: ${describeStep(last)})` : ' (no firewall table saw it)'}`);
    return parts.join('; ');
  }
  if (decisive.length > 0) parts.push(`matched ${decisive.map((hit) => `${hit.table}: ${hit.rule} (+${hit.packets})`).join(', ')}`);
  return parts.join('; ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
