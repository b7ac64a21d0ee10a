import { z } from 'zod';
import { checkMachine } from '../format/check-context.ts';
import { listenPort, name } from '../format/fields.ts';
import { answersEverywhere, listeningSockets } from '../machines/listening-sockets.ts';
import { stepObject, type StepKind } from './step-kind.ts';

const schema = stepObject('listen', { on: name, ports: z.array(listenPort).min(1) });

// A listener on a host or source itself, outside any container: netprobe answers every connection
// and datagram on each port with the peer address it saw, as a service does, so a flow can end at
// an outside machine (a container's egress) or at a Docker host's own address. It runs until the
// world goes. Ready once the machine's own socket tables hold every port: read from /proc, so no
// firewall rule of the scenario can make it look unready.
export const listenStep: StepKind<typeof schema> = {
  schema,
  evidence: 'transcript',
  target: (step) => step.on,
  check: (path, step, context) => checkMachine(`${path}.on`, step.on, context, ['host', 'source']),
  async apply(world, step) {
    const machine = world.machine(step.on);
    const command = `netprobe serve ${step.ports.join(' ')}`;
    await machine.spawnDetached(`exec ${command} >/dev/null 2>&1`);
    await machine.waitFor(`netprobe answering on ${step.ports.join(', ')}`, 30_000, async () =>
      answersEverywhere(await listeningSockets(machine, '/proc/net'), step.ports, [undefined]) ? true : undefined,
    );
    return `$ ${command} &\n(answering on ${step.ports.join(', ')})\n`;
  },
};
