import { z } from 'zod';
import { serviceNetworks, startService } from '../machines/services.ts';
import { checkMachine } from '../format/check-context.ts';
import { listenPort, name } from '../format/fields.ts';
import { parsePublishSpec } from '../format/publish-spec.ts';
import { stepObject, type StepKind } from './step-kind.ts';

// docker run -p specs: "8080:80", "127.0.0.1:8080:80", "[::1]:8080:80", "5353:53/udp", "8000-8001:80-81".
const publishSpec = z.string().superRefine((spec, context) => {
  const parsed = parsePublishSpec(spec);
  if ('error' in parsed) context.addIssue({ code: 'custom', message: `must be a docker -p spec such as 8080:80 or 0.0.0.0:5353:53/udp: ${parsed.error}` });
});

// An image reference as docker takes it: [registry[:port]/]path[:tag][@digest], no spaces, no leading dash.
const imageReference = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._\-/]*(?::\d+\/[a-z0-9._\-/]+)?(?::\w[\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/, 'must be an image reference such as myorg/app:1.2');

const schema = stepObject('service', {
  host: name,
  name: name,
  publish: z.array(publishSpec).default([]),
  // The one network the container runs on (shorthand for networks: [network]).
  network: name.optional(),
  // The networks it joins: it starts on the first (docker run --network), then is connected to the others.
  networks: z.array(name).min(1).optional(),
  // Container ports the service answers on; defaults to the container side of every publish spec.
  listen: z.array(listenPort).optional(),
  // The user's own image instead of the harness's netprobe service: copied from the engine the harness
  // runs on into the host, and run with its own command and environment.
  image: imageReference.optional(),
  command: z.array(z.string()).optional(),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'), z.string()).optional(),
});

const builtInNetworks = ['bridge', 'host', 'none'];

// A service container with published ports, restarted with the daemon like a real service: netprobe
// answering on its listen ports, or the user's image.
export const serviceStep: StepKind<typeof schema> = {
  schema,
  evidence: 'transcript',
  target: (step) => step.host,
  check(path, step, context) {
    checkMachine(`${path}.host`, step.host, context, ['host']);
    if (step.network !== undefined && step.networks !== undefined) context.report(`${path}.networks`, 'cannot be given with network; list every network in networks');
    const networks = serviceNetworks(step);
    networks.forEach((network, index) => {
      const at = step.networks ? `${path}.networks[${index}]` : `${path}.network`;
      if (!builtInNetworks.includes(network) && !context.networksByHost.get(step.host)?.has(network)) {
        context.report(at, `"${network}" is neither a built-in network (${builtInNetworks.join(', ')}) nor declared by an earlier network step on "${step.host}" (a network made by hand in a command step is declared with external: true)`);
      }
      if (networks.indexOf(network) !== index) context.report(at, `"${network}" is listed twice`);
      if ((network === 'host' || network === 'none') && networks.length > 1) context.report(at, `"${network}" cannot be joined with other networks`);
    });
    if (step.publish.length === 0 && !step.listen?.length) context.report(`${path}.publish`, 'a service needs at least one publish spec or listen port');
    if (step.image !== undefined && !step.listen?.length) context.report(`${path}.listen`, `is required with image: the harness cannot know which ports "${step.image}" answers on`);
    if (step.image === undefined) {
      if (step.command !== undefined) context.report(`${path}.command`, 'is for a service with image; the harness\'s own service runs netprobe');
      if (step.env !== undefined) context.report(`${path}.env`, 'is for a service with image; the harness\'s own service runs netprobe');
    }
    const services = context.servicesByHost.get(step.host) ?? new Map<string, readonly string[]>();
    if (services.has(step.name)) context.report(`${path}.name`, `"${step.name}" is already a service of an earlier step on "${step.host}"`);
    services.set(step.name, networks);
    context.servicesByHost.set(step.host, services);
  },
  apply: (world, step) => startService(world.host(step.host), step),
};
