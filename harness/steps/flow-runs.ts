import type { DeviationSpec, FlowExpect, FlowFamily, FlowSpec, SubnetSourceSpec } from '../format/fields.ts';
import { samplesOf, type SubnetSample } from '../format/subnet-sources.ts';

// The probes one flow stands for: one per family it runs on (two for family: 'both'), and from a
// subnet source one per sample. Each is recorded as its own check, under its own name.

export interface FlowRun {
  readonly family: FlowFamily;
  // The subnet source's sample it starts from, when `from` is a subnet source.
  readonly sample?: SubnetSample;
  readonly expect: FlowExpect;
  readonly deviations: readonly DeviationSpec[];
  // Added to the flow's name so every run's record has its own: " [from 10.50.0.10]", " [IPv6]".
  readonly suffix: string;
}

export const familyLabel = (family: FlowFamily): string => (family === 'ipv4' ? 'IPv4' : 'IPv6');

// Pure: the families a flow runs on.
export function familiesOf(flow: Pick<FlowSpec, 'family'>): FlowFamily[] {
  return flow.family === 'both' ? ['ipv4', 'ipv6'] : [flow.family];
}

// Pure: every run of a flow, in order: family by family, sample by sample; a family's `perFamily`
// entry replaces the flow's expect and deviations on that family.
export function flowRuns(flow: FlowSpec, subnetSources: Readonly<Record<string, SubnetSourceSpec>>): FlowRun[] {
  const subnet = typeof flow.from === 'string' ? subnetSources[flow.from] : undefined;
  const samples: Array<SubnetSample | undefined> = subnet && typeof flow.from === 'string' ? samplesOf(flow.from, subnet) : [undefined];
  return familiesOf(flow).flatMap((family) =>
    samples.map((sample): FlowRun => {
      const override = flow.perFamily?.[family];
      const suffix = `${sample ? ` [from ${sample.address}]` : ''}${flow.family === 'both' ? ` [${familyLabel(family)}]` : ''}`;
      return { family, ...(sample ? { sample } : {}), expect: override?.expect ?? flow.expect, deviations: override?.deviations ?? flow.deviations, suffix };
    }),
  );
}
