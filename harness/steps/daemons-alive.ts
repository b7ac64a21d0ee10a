import type { StepWorld } from './step-kind.ts';

// Every Docker host whose daemon should be running still has it (see Daemon.assertAlive).
export async function assertDaemonsAlive(world: StepWorld): Promise<void> {
  for (const host of world.hosts.values()) await host.daemon.assertAlive();
}
