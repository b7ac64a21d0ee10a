import { readlinkSync } from 'node:fs';
import { chmod, copyFile, mkdir } from 'node:fs/promises';
import { posix } from 'node:path';
import { HarnessError } from '../../core/errors.ts';
import { pathInRoot } from '../../core/path-in-root.ts';
import type { ProcessResult } from '../../core/process.ts';
import { ChannelPool, detachedArgv } from '../../machines/command-channel.ts';
import { harnessInit } from '../../machines/init/harness-init.ts';
import { Machine, shown, type ExecOptions } from '../../machines/machine.ts';
import type { ContainerMachine } from './container-machine.ts';
import { enterChannel, execEnvironment } from './enter-channel.ts';

// A source as namespaces of its own inside the switch, instead of a container of its own: a network
// namespace (its interfaces, addresses, routes, sysctls and firewall, all the kernel's truth a flow
// meets), with its own pid, mount, UTS and IPC namespaces and a root of its own (an overlay of the
// image over a tmpfs, so a file one source writes is not another's). What it does not get is a
// container's cgroups, which nothing about a source's traffic depends on. It costs a few processes
// in the switch where a container costs a create, a start and a removal through the engine.
//
// The boot script runs as pid 1 of the new pid namespace: $1 the source's name, $2 a folder of the
// switch for its scratch space. Its loopback comes up, as a container's does. It says it is ready in
// "$2.ready", a file of the switch's own filesystem it opened before its root changed.
const bootScript = `set -e
name=$1 scratch=$2
exec 3>"$scratch.ready"
mkdir -p "$scratch"
mount -t tmpfs -o mode=700 harness-source "$scratch"
mkdir "$scratch/upper" "$scratch/work" "$scratch/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$scratch/upper,workdir=$scratch/work" "$scratch/root"
cd "$scratch/root"
mount -t proc proc proc
mount -t sysfs sysfs sys
mount --rbind /dev dev
mount -t tmpfs tmpfs tmp
mount -t tmpfs tmpfs run
hostname "$name"
ip link set lo up
/usr/local/bin/netprobe pivot-root
cd /
echo ready >&3
exec sleep infinity 3>&-`;

// Where a source's scratch space is made in the switch, under its scenario's switch prefix.
const scratchDir = '/run/harness-sources';

// The switch's command that removes the scratch space of a scenario's sources, once they are gone.
export function removeScratch(prefix: string): string {
  return `rm -rf ${scratchDir}/${prefix}-*`;
}

// The switch's command that boots every source of a scenario at once and prints "<name> <pid>" for
// each: the pid (of the engine's pid namespace, which the switch shares) of its namespaces' first
// process. A boot that fails shows its own output.
export function bootSourcesScript(names: readonly string[], prefix: string, limitSeconds: number): string {
  const lines = [`boot='${bootScript.replace(/'/g, `'\\''`)}'`, `dir=${scratchDir}`, 'mkdir -p $dir', 'set --'];
  names.forEach((name, index) => {
    const scratch = `$dir/${prefix}-${index}`;
    lines.push(
      `setsid unshare --mount --uts --ipc --net --pid --fork --kill-child sh -c "$boot" boot '${name}' ${scratch} </dev/null >${scratch}.log 2>&1 &`,
      `set -- "$@" '${name}' $! ${scratch}`,
    );
  });
  lines.push(
    `deadline=$(( $(date +%s) + ${limitSeconds} ))`,
    'while [ $# -gt 0 ]; do',
    '  name=$1 pid=$2 scratch=$3',
    '  until [ -s $scratch.ready ]; do',
    '    if ! kill -0 $pid 2>/dev/null || [ $(date +%s) -gt $deadline ]; then echo "source $name did not boot:"; cat $scratch.log; exit 1; fi',
    '    sleep 0.01',
    '  done',
    '  read -r child _ < /proc/$pid/task/$pid/children',
    '  echo "$name $child"',
    '  shift 3',
    'done',
  );
  return lines.join('\n');
}

// Pure: the pids of bootSourcesScript's output, by source name.
export function bootedPids(output: string): Map<string, number> {
  return new Map(
    output
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name = '', pid = ''] = line.split(' ');
        return [name, Number(pid)] as const;
      }),
  );
}

// Boots a scenario's sources in the switch, all at once, through an engine exec: they then live in
// the switch's cgroups, and its removal ends them even after the harness was killed (`clean`).
// `prefix` is the scenario's in the switch (switch.ts).
export async function bootSources(lan: ContainerMachine, prefix: string, names: readonly string[]): Promise<NamespaceSource[]> {
  if (names.length === 0) return [];
  const output = await lan.engineExec(bootSourcesScript(names, prefix, 30), 60_000);
  const pids = bootedPids(output);
  return names.map((name) => {
    const pid = pids.get(name);
    if (!pid) throw new HarnessError('STEP_FAILED', `source ${name}: the switch gave no pid for it:\n${output}`);
    return new NamespaceSource(name, pid);
  });
}

export class NamespaceSource extends Machine {
  readonly init = harnessInit;
  readonly pid: number;
  private readonly channels: ChannelPool;
  // Its pid namespace, so that stop() never signals another process that got the pid since.
  private readonly pidNamespace: string | undefined;

  constructor(name: string, pid: number) {
    super(name);
    this.pid = pid;
    this.pidNamespace = pidNamespaceOf(pid);
    const env = [...execEnvironment, `HOSTNAME=${name}`, 'HARNESS_ROLE=source'];
    this.channels = new ChannelPool(name, 'ENGINE_NO_ANSWER', async (endLine) => enterChannel(pid, env, endLine));
  }

  openChannels(count: number): Promise<void> {
    return this.channels.openAhead(count);
  }

  exec(command: string | readonly string[], options: ExecOptions = {}): Promise<ProcessResult> {
    return this.channels.exec(command, options, (limit) => new HarnessError('ENGINE_NO_ANSWER', `on ${this.name}: no answer to \`${shown(command)}\` within ${limit} s`));
  }

  // Down the command channel, in a session of its own, as on a container.
  async spawnDetached(command: string): Promise<void> {
    await this.run(detachedArgv(command));
  }

  override localPath(path: string): string {
    return pathInRoot(`/proc/${this.pid}/root`, path);
  }

  async copyFile(localPath: string, remotePath: string, mode = 0o644): Promise<void> {
    const target = this.localPath(remotePath);
    await mkdir(posix.dirname(target), { recursive: true });
    await copyFile(localPath, target);
    await chmod(target, mode);
  }

  // Its first process ends, and with it every process of its pid namespace and the namespaces (the
  // switch's removal would end them too).
  async stop(): Promise<void> {
    this.channels.close();
    if (this.pidNamespace === undefined || pidNamespaceOf(this.pid) !== this.pidNamespace) return;
    try {
      process.kill(this.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

function pidNamespaceOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return undefined;
  }
}
