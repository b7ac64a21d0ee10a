import type { Machine } from '../machine.ts';

// Who starts the long-running daemons of a Docker host: the harness itself (a container has no
// init), or systemd (a VM, with the units its distribution ships). Daemon and DockerHost ask it and
// never branch on the kind of machine.
export interface InitSystem {
  readonly name: 'harness' | 'systemd';
  // firewalld with the system bus it needs, started (not yet answering).
  startFirewalld(machine: Machine): Promise<void>;
  firewalldLog(machine: Machine, lines: number): Promise<string>;
  // dockerd with these extra flags, started (not yet answering); throws when it cannot even start.
  startDockerd(machine: Machine, args: readonly string[]): Promise<void>;
  // Asks dockerd to stop; the caller waits for it to be gone.
  stopDockerd(machine: Machine): Promise<void>;
  // The process that must also be gone before dockerd counts as stopped, if any.
  readonly dockerdChild?: string;
  dockerdLog(machine: Machine, lines: number): Promise<string>;
}
