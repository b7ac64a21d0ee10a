import { routeCommand } from '../machines/routes.ts';
import { checkMachine, checkRoute } from '../format/check-context.ts';
import { ipAddress, name, routeDestination } from '../format/fields.ts';
import { stepObject, type StepKind } from './step-kind.ts';
import { runAll } from './transcript.ts';

const schema = stepObject('route', { on: name, to: routeDestination, via: ipAddress });

// A route added on a host or source after the world is up, the same command as declared routes.
export const routeStep: StepKind<typeof schema> = {
  schema,
  evidence: 'transcript',
  target: (step) => step.on,
  check(path, step, context) {
    checkMachine(`${path}.on`, step.on, context, ['host', 'source']);
    const machine = context.machines.get(step.on);
    if (machine) checkRoute(path, step, machine, context.subnets, context.report);
    machine?.routes.push({ to: step.to, via: step.via });
  },
  apply: (world, step) => runAll(world, step.on, [routeCommand(step)]),
};
