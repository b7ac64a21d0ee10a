import type { InitSystem } from '../machine.ts';

const dockerdLogFile = '/var/log/dockerd.log';
const firewalldLogFile = '/var/log/firewalld.log';
// The pid of the shell that becomes dockerd, so the harness knows when it has.
const dockerdPidFile = '/run/harness-dockerd.pid';

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
    await machine.run(['sh', '-c', `echo "$1" >> ${dockerdLogFile}; rm -f ${dockerdPidFile}`, 'sh', marker]);
    await machine.spawnDetached(`echo $$ > ${dockerdPidFile}; exec dockerd ${quoted} >> ${dockerdLogFile} 2>&1`);
    // A detached exec returns before its process has become dockerd: until it has (or has died trying),
    // "no dockerd running" would be read as a daemon that refused to start.
    await machine.waitFor('dockerd started', 30_000, async () => {
      const state = await machine.exec(`p=$(cat ${dockerdPidFile} 2>/dev/null) && [ -n "$p" ] || exit 1; [ "$(cat /proc/$p/comm 2>/dev/null)" = dockerd ] && echo started; kill -0 "$p" 2>/dev/null || echo gone`);
      return /started|gone/.test(state.stdout) ? true : undefined;
    });
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
