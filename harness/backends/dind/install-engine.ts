import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { startProcess } from '../../core/process.ts';
import { pollUntil } from '../../core/retry.ts';
import { engineTiming } from '../../core/timing.ts';
import { HarnessError } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import { engineAddress, pingEngine, type EngineState } from './engine.ts';
import { aptInstall, canUseApt } from '../../core/apt.ts';

// Flags for an engine the harness starts itself. Its test hosts use no Docker networks at all (outside
// networks are the harness's own bridges), so the engine needs no firewall rules, no forwarding and no
// docker0: the machine's own iptables and sysctls stay exactly as they were.
const ownEngineFlags = ['--iptables=false', '--ip6tables=false', '--ip-forward=false', '--ip-masq=false', '--bridge=none'];

// Makes sure an engine answers; on a root Debian machine where nothing listens at the default
// socket, installs docker.io and starts dockerd. An engine that is there but unusable starts nothing.
export async function ensureEngine(docker: Docker, logDir: string, progress: Progress): Promise<string> {
  let state = await pingEngine(docker);
  if (state.kind === 'unusable' && state.timedOut) {
    progress.line(`engine: ${state.reason} at ${engineAddress()}; asking again, for up to ${engineTiming.patientPingMs / 1000} s`);
    state = await pingEngine(docker, engineTiming.patientPingMs);
  }
  if (state.kind === 'answers') return state.version;
  refuseToStartEngine(state, { address: engineAddress(), dockerHostSet: Boolean(process.env.DOCKER_HOST), canUseApt: canUseApt() });
  if (!existsSync('/usr/bin/dockerd') && !existsSync('/usr/sbin/dockerd')) {
    progress.line('engine: no Docker engine found; installing Debian\'s docker.io with apt (about a minute)');
    await aptInstall(['docker.io'], progress);
  }
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'dockerd.log');
  progress.line(`engine: starting dockerd in the background (log: ${logFile})`);
  const out = openSync(logFile, 'a');
  const child = startProcess(['dockerd', ...ownEngineFlags], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  let lastReason = state.reason;
  const failed = () => new HarnessError('ENGINE_START_FAILED', `dockerd did not answer within ${engineTiming.startMs} ms (last: ${lastReason}); see ${logFile}`);
  const version = await pollUntil(
    async () => {
      const now = await pingEngine(docker, engineTiming.startPingMs);
      if (now.kind === 'answers') return now.version;
      lastReason = now.reason;
      if (child.exitCode !== null) throw failed();
      return undefined;
    },
    { timeoutMs: engineTiming.startMs, intervalMs: engineTiming.startPollMs, onTimeout: failed },
  );
  progress.line(`engine: dockerd ${version} answers`);
  return version;
}

// Throws unless the harness may start an engine itself: nothing listens at the default socket, and
// apt can install one. The error names the address and why the engine there cannot be used.
export function refuseToStartEngine(state: Exclude<EngineState, { kind: 'answers' }>, machine: { readonly address: string; readonly dockerHostSet: boolean; readonly canUseApt: boolean }): void {
  if (state.kind === 'unusable') {
    throw new HarnessError(
      'ENGINE_UNREACHABLE',
      `The Docker engine at ${machine.address} cannot be used: ${state.reason}. The harness starts no engine of its own while one may be there; fix the access (socket permissions, TLS settings) or point DOCKER_HOST at another engine.`,
    );
  }
  if (machine.dockerHostSet || !machine.canUseApt) {
    throw new HarnessError(
      'ENGINE_MISSING',
      `No Docker engine answers at ${machine.address} (${state.reason}), and the harness can only install one as root on Debian/Ubuntu with apt. Start an engine or set DOCKER_HOST.`,
    );
  }
}
