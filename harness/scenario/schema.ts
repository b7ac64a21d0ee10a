import { z } from 'zod';
import { kernelFeatureNames, releasePattern } from '../format/requirements.ts';
import { stepSchemas } from '../steps/registry.ts';
import { backends, checkSchema, declaredSourceSchema, flowSchema, hostSchema, name, networkSchema } from '../format/fields.ts';

// The scenario format: the single source of truth. Types are inferred from it; the loader validates
// every file against it before anything starts, then cross-checks references (see validate.ts).
// Its parts are in fields.ts; each step kind's fields are in its module under harness/steps/.

export { backends, verdict, verdicts } from '../format/fields.ts';
export type { Backend, CheckSpec, DeclaredSourceSpec, DeviationSpec, FlowSpec, HostSpec, InterfaceSpec, NetworkSpec, RouteSpec, SourceSpec, SubnetSourceSpec, Verdict } from '../format/fields.ts';

export const stepSchema = z.discriminatedUnion('kind', stepSchemas);

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  // Claim ids from the documentation this scenario checks, e.g. ["C03", "C07"].
  claims: z.array(z.string().regex(/^[A-Z][A-Z0-9-]*\d$/, 'must be a claim id such as C07')).default([]),
  // The documentation page (seed file name) the claims come from.
  page: z.string().optional(),
  tags: z.array(z.string().min(1)).default([]),
  // What the scenario needs to be meaningful. `docker`: the oldest Docker release it applies to (on an
  // older one it is not applicable and does not run). `kernel`: kernel features the Docker hosts need
  // (on a Docker-in-Docker host without one it is not run, and the report names the VM command).
  requires: z
    .strictObject({
      docker: z.string().regex(releasePattern, 'must be a Docker release such as "28.2"').optional(),
      kernel: z.array(z.enum(kernelFeatureNames)).default([]),
    })
    .default({ kernel: [] }),
  // What the hosts and sources are: privileged DinD containers (the default), or Vagrant VMs with
  // systemd, a distribution kernel and sshd. `--backend` on the command line overrides it.
  backend: z.enum(backends).optional(),
  networks: z.record(name, networkSchema).refine((value) => Object.keys(value).length > 0, 'must declare at least one network'),
  hosts: z.record(name, hostSchema).refine((value) => Object.keys(value).length > 0, 'must declare at least one Docker host'),
  // Machines outside the Docker hosts, or whole subnets behind a router (subnetSourceSchema).
  sources: z.record(name, declaredSourceSchema).default({}),
  steps: z.array(stepSchema).default([]),
  flows: z.array(flowSchema).default([]),
  checks: z.array(checkSchema).default([]),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type StepSpec = z.output<typeof stepSchema>;
