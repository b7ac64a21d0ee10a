import { checkMachine } from '../format/check-context.ts';
import { name } from '../format/fields.ts';
import { stepObject, type StepKind } from './step-kind.ts';

const schema = stepObject('remove-service', { host: name, name: name });

// Removes a service container an earlier step started (`docker rm -f`), as an operator retiring or
// re-creating one would: its published ports go with it, the harness stops waiting for it, and a
// later service step may start another of the same name.
export const removeServiceStep: StepKind<typeof schema> = {
  schema,
  evidence: 'transcript',
  target: (step) => step.host,
  check(path, step, context) {
    checkMachine(`${path}.host`, step.host, context, ['host']);
    const services = context.servicesByHost.get(step.host);
    if (!services?.has(step.name)) context.report(`${path}.name`, `"${step.name}" is not a service of an earlier step on "${step.host}"`);
    services?.delete(step.name);
  },
  async apply(world, step) {
    const host = world.host(step.host);
    const output = await host.machine.run(['docker', 'rm', '-f', step.name]);
    host.services.delete(step.name);
    return `$ docker rm -f ${step.name}\n${output}`;
  },
};
