import { z } from 'zod';
import type { DockerHost } from '../machines/docker-host.ts';
import type { Machine } from '../machines/machine.ts';
import type { VersionContext } from '../results/expectations.ts';
import type { CheckRecord, RecordPlace } from '../results/records.ts';
import type { CheckContext } from '../format/check-context.ts';
import type { CheckSpec, FlowSpec, HostSpec, SourceSpec, SubnetSourceSpec } from '../format/fields.ts';
import type { FlowResult } from '../results/flow-result.ts';

// What a step kind is: its fields, its cross-checks, what it does to the world and the evidence it
// leaves. Each kind is one module in this folder, listed once in registry.ts.

// A step's fields: its `kind`, the common optional `title` and `notDecisive`, then its own; unknown keys are refused.
export function stepObject<const Kind extends string, const Fields extends z.core.$ZodLooseShape>(kind: Kind, fields: Fields) {
  return z.strictObject({
    kind: z.literal(kind),
    // A human name for the step, used in progress lines and evidence file names instead of steps[N] kind.
    title: z.string().min(1).optional(),
    // Why taking this step out of the scenario changes nothing it observes (a command the
    // documentation gives that proves to have no effect, say); the tests take out every other
    // firewall step in turn and expect some observation to change.
    notDecisive: z.string().min(10, 'must say in a sentence why the step changes no observation').optional(),
    ...fields,
  });
}

export type StepObject = z.ZodObject<{ kind: z.ZodLiteral<string> }, z.core.$strict>;

// What a step can reach of the world it acts on (the run's World).
export interface StepWorld {
  readonly hosts: ReadonlyMap<string, DockerHost>;
  // The declared machines, for what a step needs of their interfaces (a route via a shared network).
  // Subnet sources are there as declared, and their router and samples among the sources.
  readonly scenario: {
    readonly hosts: Readonly<Record<string, HostSpec>>;
    readonly sources: Readonly<Record<string, SourceSpec>>;
    readonly subnetSources: Readonly<Record<string, SubnetSourceSpec>>;
  };
  // The scenario file's folder (absolute): files a step names, such as policy files, are relative to it.
  readonly scenarioFolder: string;
  machine(name: string): Machine;
  host(name: string): DockerHost;
  ownerOf(address: string): string | undefined;
  addressOf(name: string, ipv6: boolean, interfaceName?: string): string;
}

// Where steps that check expectations (flows, command checks) put what they found.
export interface StepRecorder {
  // The suite and Docker versions in force now, which pick a listed deviation.
  versions(): VersionContext;
  // Writes one expectation's evidence file; returns its path relative to the run directory.
  writeEvidence(name: string, content: { flow?: FlowSpec; run?: object; check?: CheckSpec; sourceChange?: object; result: FlowResult | object }): Promise<string>;
  // Which scenario, suite and version a record belongs to.
  place(): RecordPlace;
  record(check: CheckRecord): void;
}

interface StepKindBase<Schema extends StepObject> {
  readonly schema: Schema;
  // What the schema alone cannot check: references to machines, networks made by earlier steps.
  check(path: string, step: z.output<Schema>, context: CheckContext): void;
}

// A step that changes the world. Its evidence file holds the transcript `apply` returns; with
// evidence 'firewall', also the whole firewall state of its target (a Docker host) before and after.
export interface ActionStepKind<Schema extends StepObject> extends StepKindBase<Schema> {
  readonly evidence: 'transcript' | 'firewall';
  // The host or source the step acts on, named in its progress line.
  target(step: z.output<Schema>): string;
  apply(world: StepWorld, step: z.output<Schema>): Promise<string>;
}

// A step that checks expectations: each one becomes a record with its own evidence file.
export interface CheckingStepKind<Schema extends StepObject> extends StepKindBase<Schema> {
  readonly evidence: 'records';
  apply(world: StepWorld, step: z.output<Schema>, recorder: StepRecorder): Promise<void>;
}

export type StepKind<Schema extends StepObject = StepObject> = ActionStepKind<Schema> | CheckingStepKind<Schema>;
