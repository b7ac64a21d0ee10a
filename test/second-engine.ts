import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { isAlive } from '../harness/core/pids.ts';
import { pollUntil } from '../harness/core/retry.ts';

// A second Docker engine on this machine, as a remote engine stands in for another CI machine: its
// own data root, exec root and socket, reached over TCP on loopback only, and touching neither the
// machine's firewall nor its network (no iptables, no bridge, no forwarding), like the harness's own.
export interface SecondEngine {
  // DOCKER_HOST for a harness run against it: tcp://127.0.0.1:<port>.
  readonly address: string;
  readonly docker: Docker;
  stop(): Promise<void>;
}

export async function startSecondEngine(): Promise<SecondEngine> {
  const dir = await mkdtemp(join(tmpdir(), 'harness-second-engine-'));
  const port = await freeLoopbackPort();
  const args = [
    `--data-root=${join(dir, 'data')}`,
    `--exec-root=${join(dir, 'exec')}`,
    `--pidfile=${join(dir, 'dockerd.pid')}`,
    `--host=unix://${join(dir, 'docker.sock')}`,
    `--host=tcp://127.0.0.1:${port}`,
    '--iptables=false',
    '--ip6tables=false',
    '--ip-forward=false',
    '--ip-masq=false',
    '--bridge=none',
  ];
  const daemon = spawn('dockerd', args, { stdio: ['ignore', 'ignore', 'ignore'], detached: true });
  const docker = new Docker({ host: '127.0.0.1', port });
  const stop = async () => {
    const pid = Number(await readFile(join(dir, 'dockerd.pid'), 'utf8').catch(() => String(daemon.pid)));
    if (isAlive(pid)) process.kill(pid, 'SIGTERM');
    await pollUntil(() => (isAlive(pid) ? undefined : true), { timeoutMs: 60_000, intervalMs: 250, onTimeout: () => new Error(`the second engine (pid ${pid}) did not stop in 60 s`) });
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await pollUntil(() => docker.ping().then(() => true, () => undefined), { timeoutMs: 60_000, intervalMs: 250, onTimeout: () => new Error(`the second engine did not answer on 127.0.0.1:${port} in 60 s`) });
  } catch (error) {
    await stop();
    throw error;
  }
  return { address: `tcp://127.0.0.1:${port}`, docker, stop };
}

// Copies an image of the local engine into another one, as a registry would.
export async function copyImage(from: Docker, to: Docker, image: string): Promise<void> {
  const archive = await from.getImage(image).get();
  const loading = await to.loadImage(archive);
  await new Promise<void>((done, fail) => to.modem.followProgress(loading, (error) => (error ? fail(error) : done())));
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}
