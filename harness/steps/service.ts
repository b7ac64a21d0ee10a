import { z } from 'zod';
import { startService } from '../machines/services.ts';
import { checkMachine } from '../format/check-context.ts';
import { name } from '../format/fields.ts';
import { stepObject, type StepKind } from './step-kind.ts';
import { transcriptOf } from './transcript.ts';

const schema = stepObject('service', {
  host: name,
  name: name,
  // docker run -p specs: "8080:80", "127.0.0.1:8080:80", "5353:53/udp".
  publish: z.array(z.string().regex(/^(?:\[?[0-9a-fA-F.:]+\]?:)?(?:\d+:)?\d+(?:\/(?:tcp|udp))?$/, 'must be a docker -p spec such as 8080:80 or 0.0.0.0:5353:53/udp')).default([]),
  network: name.optional(),
  // Container ports the service answers on; defaults to the container side of every publish spec.
  listen: z.array(z.string().regex(/^\d+\/(tcp|udp)$/, 'must look like 80/tcp')).optional(),
});

const builtInNetworks = ['bridge', 'host', 'none'];

// A netprobe service container with published ports, restarted with the daemon like a real service.
export const serviceStep: StepKind<typeof schema> = {
  schema,
  evidence: 'transcript',
  target: (step) => step.host,
  check(path, step, context) {
    checkMachine(`${path}.host`, step.host, context, ['host']);
    if (step.network && !builtInNetworks.includes(step.network) && !context.networksByHost.get(step.host)?.has(step.network)) {
      context.report(`${path}.network`, `"${step.network}" is neither a built-in network (${builtInNetworks.join(', ')}) nor created by an earlier network step on "${step.host}"`);
    }
    if (step.publish.length === 0 && !step.listen?.length) context.report(`${path}.publish`, 'a service needs at least one publish spec or listen port');
    const services = context.servicesByHost.get(step.host) ?? new Map<string, readonly string[]>();
    services.set(step.name, [step.network ?? 'bridge']);
    context.servicesByHost.set(step.host, services);
  },
  apply: async (world, step) => transcriptOf(`docker run ... ${step.name}`, await startService(world.host(step.host), step)),
};
