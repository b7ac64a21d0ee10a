import type { FlowErrorCode } from './error-code.ts';

// What one probe attempt reported, as printed by `netprobe probe`.
export interface ProbeAttempt {
  readonly outcome: 'connected' | 'refused' | 'unreachable' | 'timeout' | 'error';
  readonly errno: string;
  readonly message: string;
  readonly ms: number;
  readonly local: string;
  readonly reply: string;
}

// A rule whose packet counter rose while the flow was probed, e.g. the DROP that stopped it.
export interface RuleHit {
  readonly family: 'ipv4' | 'ipv6';
  readonly table: string;
  readonly rule: string;
  readonly packets: number;
}

export interface FlowEvidence {
  readonly source: string;
  readonly target: string;
  readonly attempts: readonly ProbeAttempt[];
  // Packets of this flow counted arriving in the destination host's namespace, if it is a Docker host.
  readonly arrivals?: number;
  readonly ruleHits: readonly RuleHit[];
  // The address the service saw as its peer (from the reply), so NAT of the source is visible.
  readonly peerSeen?: string;
  // The first packet's path through the rules of the host that explains the flow, when it could be traced.
  readonly trace?: PacketTrace;
}

// A flow's verdict is data: which of the four states, with the evidence that backs it. An error says
// why in a closed code, for machines, and in a message, for people.
export type FlowResult =
  | { readonly state: 'connected'; readonly durationMs: number; readonly evidence: FlowEvidence }
  | { readonly state: 'refused'; readonly reason: string; readonly durationMs: number; readonly evidence: FlowEvidence }
  | { readonly state: 'dropped'; readonly durationMs: number; readonly evidence: FlowEvidence }
  | { readonly state: 'error'; readonly code: FlowErrorCode; readonly message: string; readonly durationMs: number; readonly evidence?: FlowEvidence };

// One rule (or policy, or verdict) a traced packet met, as `nft monitor trace` prints it.
export interface TraceStep {
  readonly table: string;
  readonly chain: string;
  readonly text: string;
  readonly verdict?: string;
}

export interface PacketTrace {
  // The first traced packet of the flow, rule by rule, across every table (iptables-nft's too).
  readonly path: readonly TraceStep[];
  // The step that decided the packet's fate: a drop or reject in any table (raw, mangle and nat as
  // well as filter), else the last accept of a filtering chain (not NAT, raw or mangle).
  readonly decidedBy?: TraceStep;
  // The destination's replies traced through this host, and how many of them no rule dropped: those
  // the host let back out toward the source.
  readonly replies?: { readonly traced: number; readonly passed: number };
}
