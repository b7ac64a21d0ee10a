import { z } from 'zod';
import { checkMachine } from '../format/check-context.ts';
import { name } from '../format/fields.ts';
import { stepObject, type StepKind } from './step-kind.ts';

const schema = stepObject('daemon', {
  host: name,
  action: z.enum(['restart', 'start', 'stop']).default('restart'),
  // Merged into daemon.json (null removes a key) before the action.
  config: z.record(z.string(), z.unknown()).optional(),
  // Replaces the extra dockerd flags before the action.
  args: z.array(z.string()).optional(),
});

// Reconfigures dockerd (daemon.json keys, extra flags), then restarts, starts or stops it.
export const daemonStep: StepKind<typeof schema> = {
  schema,
  evidence: 'firewall',
  target: (step) => step.host,
  check: (path, step, context) => checkMachine(`${path}.host`, step.host, context, ['host']),
  async apply(world, step) {
    const host = world.host(step.host);
    await host.daemon.configure(step.config, step.args, "this step's ");
    if (step.action === 'stop') await host.daemon.stop();
    else if (step.action === 'start') await host.startDaemon();
    else await host.restartDaemon();
    const { config, args } = host.daemon.configuration;
    return `daemon ${step.action}: daemon.json ${JSON.stringify(config)} flags ${JSON.stringify(args)} -> ${host.daemon.isRunning ? `running ${host.daemon.version}` : 'stopped'}\n`;
  },
};
