import { spawn, spawnSync } from 'node:child_process';
import { agentArgv, type ChannelTransport } from '../../machines/command-channel.ts';

// What `docker exec` gives a process besides the container's own environment.
export const execEnvironment = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOME=/root'];

// A command channel into every namespace of the process `pid` (a container's init, or a source's
// namespaces inside the switch), with exactly the environment `env`: `nsenter` costs ~3 ms of CPU
// where an engine exec costs ~60 ms across dockerd, containerd, the shim and runc.
export function enterChannel(pid: number, env: readonly string[], endLine: string): ChannelTransport {
  const child = spawn('nsenter', ['--target', String(pid), '--all', '--', 'env', '-i', ...env, ...agentArgv(endLine)], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  // In a process group of its own, like an engine exec: a Ctrl-C at the terminal is the harness's to
  // handle, and its cleanup may still need the channel. A failed write (the agent gone) shows as the
  // output ending; the pool then drops the channel.
  child.stdin.on('error', () => undefined);
  child.on('error', (error) => child.stdout.destroy(error));
  // The whole group: nsenter and the agent it forked inside the namespaces.
  const close = () => {
    child.stdin.destroy();
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  return { input: child.stdin, output: child.stdout, errors: child.stderr, close };
}

let nsenterFound: boolean | undefined;
export function nsenterPresent(): boolean {
  nsenterFound ??= spawnSync('nsenter', ['--version'], { stdio: 'ignore' }).status === 0;
  return nsenterFound;
}
