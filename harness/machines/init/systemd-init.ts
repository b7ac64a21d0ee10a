import { HarnessError } from '../../core/errors.ts';
import type { InitSystem } from '../machine.ts';

// A machine with systemd: daemons are started as an operator of a Debian machine does it, with
// flags in /etc/default/docker and `systemctl`, and their logs come from the journal. containerd is
// a service of its own there and stays when dockerd stops.
export const systemdInit: InitSystem = {
  name: 'systemd',
  async startFirewalld(machine) {
    await machine.run('systemctl start firewalld', { timeoutMs: 180_000 });
  },
  async firewalldLog(machine, lines) {
    return (await machine.exec(`journalctl -u firewalld -n ${lines} --no-pager`)).stdout;
  },
  async startDockerd(machine, args) {
    await machine.run(['sh', '-c', 'printf "DOCKER_OPTS=\\"%s\\"\\n" "$1" > /etc/default/docker', 'sh', args.join(' ')]);
    const started = await machine.exec('systemctl start docker.socket docker.service', { timeoutMs: 180_000 });
    if (started.exitCode !== 0) throw new HarnessError('DAEMON_START_FAILED', `on ${machine.name}: dockerd failed to start:\n${await systemdInit.dockerdLog(machine, 30)}`);
  },
  async stopDockerd(machine) {
    await machine.run('systemctl stop docker.socket docker.service', { timeoutMs: 180_000 });
  },
  async dockerdLog(machine, lines) {
    return (await machine.exec(`journalctl -u docker.service -n ${lines} --no-pager -o short-iso`)).stdout;
  },
};
