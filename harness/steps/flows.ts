import { z } from 'zod';
import { waitForServices } from '../machines/services.ts';
import { flowSchema } from '../format/fields.ts';
import { assertDaemonsAlive } from './daemons-alive.ts';
import { checkFlow, runFlow } from './flow.ts';
import { stepObject, type StepKind } from './step-kind.ts';

const schema = stepObject('flows', { flows: z.array(flowSchema).min(1) });

// Flows checked at this point of the sequence (the scenario's own `flows` run as one such step after
// the others): the daemons must be alive and every service answering before the first probe. A host
// whose services were seen answering with no other kind of step since (a service step just before,
// or flows, which change nothing) is not asked again.
export const flowsStep: StepKind<typeof schema> = {
  schema,
  evidence: 'records',
  check: (path, step, context) => step.flows.forEach((flow, index) => checkFlow(`${path}.flows[${index}]`, flow, context)),
  async apply(world, step, recorder) {
    await assertDaemonsAlive(world);
    for (const host of world.hosts.values()) if (!host.servicesVerified) await waitForServices(host);
    for (const flow of step.flows) await runFlow(world, flow, recorder);
  },
};
