import type { InitSystem } from '../machine.ts';

const dockerdLogFile = '/var/log/dockerd.log';
const firewalldLogFile = '/var/log/firewalld.log';

// A machine without an init: the harness starts dbus, firewalld and dockerd itself, in the
// background, each logging to a file of its own.
export const harnessInit: InitSystem = {
  name: 'harness',
  async startFirewalld(machine) {
    await machine.run('mkdir -p /run/dbus && (test -S /run/dbus/system_bus_socket || dbus-daemon --system --fork)');
    await machine.spawnDetached(`exec firewalld --nofork --nopid >> ${firewalldLogFile} 2>&1`);
  },
  async firewalldLog(machine, lines) {
    return (await machine.exec(`tail -n ${lines} ${firewalldLogFile}`)).stdout;
  },
  async startDockerd(machine, args) {
    const quoted = args.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
    const marker = `=== dockerd ${args.join(' ')} (started by the harness)`;
    await machine.run(['sh', '-c', `echo "$1" >> ${dockerdLogFile}`, 'sh', marker]);
    await machine.spawnDetached(`exec dockerd ${quoted} >> ${dockerdLogFile} 2>&1`);
  },
  async stopDockerd(machine) {
    await machine.exec('kill $(cat /var/run/docker.pid 2>/dev/null) 2>/dev/null');
  },
  // The daemon's containerd child may linger a moment after dockerd itself is gone.
  dockerdChild: 'containerd',
  async dockerdLog(machine, lines) {
    return (await machine.exec(`tail -n ${lines} ${dockerdLogFile}`)).stdout;
  },
};
