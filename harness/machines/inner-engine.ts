import { request } from 'node:http';
import type { Machine } from './machine.ts';

// The socket of a Docker host's own dockerd, as the host sees it.
export const innerSocket = '/var/run/docker.sock';

// What the harness reads from a Docker host's own dockerd (its version, a container's state, what it
// runs), asked of its API. Where the harness shares the host's kernel (a container of a local engine)
// the socket is a path of this process and asking starts no process at all; elsewhere (a VM, a remote
// engine) the host's own docker client answers, one Go program start per question.
export class InnerEngine {
  private readonly machine: Machine;

  constructor(machine: Machine) {
    this.machine = machine;
  }

  // One look at a starting dockerd: answering (with its version), still on its way, gone, or not
  // askable at all (a host image without a docker client).
  async look(): Promise<DaemonLook> {
    const socket = this.machine.localPath(innerSocket);
    if (socket === undefined) {
      // In one command: until dockerd has made its socket there is no point starting a docker client
      // (a Go program whose start costs more CPU than the daemon it waits for can spare).
      const result = await this.machine.exec(answeringOrGone, { timeoutMs: 5000 });
      if (result.exitCode === 0) return { state: 'answering', version: result.stdout.trim() };
      if (result.exitCode === 127) return { state: 'no-client', detail: result.stderr.trim() };
      return { state: result.exitCode === 3 ? 'gone' : 'starting' };
    }
    const answer = await getJson<{ Version?: string }>(socket, '/version', 5000).catch(() => undefined);
    if (answer?.Version) return { state: 'answering', version: answer.Version };
    return { state: (await this.machine.exec('pidof dockerd >/dev/null', { timeoutMs: 5000 })).exitCode === 0 ? 'starting' : 'gone' };
  }

  // A container's init pid (0 when it is not running) and its networks, or undefined when its
  // dockerd gives no such answer (no such container, or no dockerd answering right now, as after a
  // restart a scenario made itself): a readiness check then simply looks again.
  async container(name: string): Promise<ContainerState | undefined> {
    const socket = this.machine.localPath(innerSocket);
    if (socket === undefined) {
      const result = await this.machine.exec(['docker', 'inspect', '--format', '{{.State.Pid}} {{json .NetworkSettings.Networks}}', name]);
      if (result.exitCode !== 0) return undefined;
      const [pid = '0', ...rest] = result.stdout.trim().split(' ');
      return { pid: Number(pid), networks: (JSON.parse(rest.join(' ')) as ContainerState['networks']) ?? {} };
    }
    const inspected = await getJson<{ State?: { Pid?: number }; NetworkSettings?: { Networks?: ContainerState['networks'] | null } }>(socket, `/containers/${encodeURIComponent(name)}/json`).catch(() => undefined);
    return inspected && { pid: inspected.State?.Pid ?? 0, networks: inspected.NetworkSettings?.Networks ?? {} };
  }

  // Its containers and networks, for a person reading a host's firewall state ('' when no dockerd
  // answers).
  async listing(): Promise<string> {
    const socket = this.machine.localPath(innerSocket);
    if (socket === undefined) {
      const result = await this.machine.exec(`if test -S ${innerSocket}; then echo '===== docker ps -a ====='; docker ps -a 2>&1; echo '===== docker network ls ====='; docker network ls 2>&1; fi`, { timeoutMs: 60_000 });
      return result.stdout + result.stderr;
    }
    const [containers, networks] = await Promise.all([getJson<ListedContainer[]>(socket, '/containers/json?all=1'), getJson<ListedNetwork[]>(socket, '/networks')]).catch(() => [undefined, undefined]);
    if (!containers || !networks) return '';
    return `===== docker ps -a (engine API) =====\n${containerTable(containers)}===== docker network ls (engine API) =====\n${networkTable(networks)}`;
  }
}

export type DaemonLook =
  | { readonly state: 'answering'; readonly version: string }
  | { readonly state: 'starting' }
  | { readonly state: 'gone' }
  | { readonly state: 'no-client'; readonly detail: string };

// Exit 0 with dockerd's version once it answers, 127 when the host has no docker client, 3 when no
// dockerd runs any more, 1 while it is still on its way.
const answeringOrGone = [
  `if test -S ${innerSocket}; then docker version --format "{{.Server.Version}}" && exit 0; [ $? -eq 127 ] && exit 127; fi`,
  'pidof dockerd >/dev/null || exit 3',
  'exit 1',
].join('\n');

export interface ContainerState {
  readonly pid: number;
  readonly networks: Readonly<Record<string, { IPAddress?: string; GlobalIPv6Address?: string }>>;
}

export interface ListedContainer {
  readonly Id: string;
  readonly Names?: readonly string[];
  readonly Image?: string;
  readonly Command?: string;
  readonly Status?: string;
  readonly Ports?: ReadonlyArray<{ IP?: string; PrivatePort: number; PublicPort?: number; Type: string }>;
}

export interface ListedNetwork {
  readonly Id: string;
  readonly Name: string;
  readonly Driver?: string;
  readonly Scope?: string;
}

// Pure: containers in the columns of `docker ps -a`.
export function containerTable(containers: readonly ListedContainer[]): string {
  const rows = containers.map((container) => [
    container.Id.slice(0, 12),
    container.Image ?? '',
    JSON.stringify(container.Command ?? ''),
    container.Status ?? '',
    (container.Ports ?? []).map(portText).join(', '),
    (container.Names ?? []).map((name) => name.replace(/^\//, '')).join(','),
  ]);
  return table(['CONTAINER ID', 'IMAGE', 'COMMAND', 'STATUS', 'PORTS', 'NAMES'], rows);
}

// Pure: networks in the columns of `docker network ls`.
export function networkTable(networks: readonly ListedNetwork[]): string {
  const rows = [...networks].sort((a, b) => a.Name.localeCompare(b.Name)).map((network) => [network.Id.slice(0, 12), network.Name, network.Driver ?? '', network.Scope ?? '']);
  return table(['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'], rows);
}

// "0.0.0.0:8080->80/tcp", "[::]:8080->80/tcp", "80/tcp".
function portText(port: NonNullable<ListedContainer['Ports']>[number]): string {
  const inside = `${port.PrivatePort}/${port.Type}`;
  if (port.PublicPort === undefined) return inside;
  const address = port.IP?.includes(':') ? `[${port.IP}]` : (port.IP ?? '');
  return `${address}:${port.PublicPort}->${inside}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => `${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('   ')}\n`;
  return line(header) + rows.map(line).join('');
}

// One GET of the engine API over its unix socket, parsed as JSON; bounded, so a stuck daemon is a
// failed question, not a wait without end.
function getJson<T>(socketPath: string, path: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const asked = request({ socketPath, path, method: 'GET', timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const status = response.statusCode ?? 0;
        if (status < 200 || status > 299) return reject(new Error(`GET ${path}: ${status} ${body.trim().slice(0, 200)}`));
        try {
          resolve(JSON.parse(body) as T);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    asked.on('timeout', () => asked.destroy(new Error(`GET ${path}: no answer within ${timeoutMs} ms`)));
    asked.on('error', reject);
    asked.end();
  });
}
