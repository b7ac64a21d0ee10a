import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { startProcess } from '../../core/process.ts';
import { pollUntil } from '../../core/retry.ts';
import { engineTiming } from '../../core/timing.ts';
import { HarnessError } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import { engineAddress, pingEngine } from './engine.ts';
import { aptInstall, canUseApt } from '../../core/apt.ts';

// Flags for an engine the harness starts itself. Its test hosts use no Docker networks at all (outside
// networks are the harness's own bridges), so the engine needs no firewall rules, no forwarding and no
// docker0: the machine's own iptables and sysctls stay exactly as they were.
export const ownEngineFlags = ['--iptables=false', '--ip6tables=false', '--ip-forward=false', '--ip-masq=false', '--bridge=none'];

// Makes sure an engine answers; on a root Debian machine without one, installs docker.io and starts dockerd.
export async function ensureEngine(docker: Docker, logDir: string, progress: Progress): Promise<string> {
  const running = await pingEngine(docker);
  if (running !== undefined) return running;
  if (process.env.DOCKER_HOST || !canUseApt()) {
    throw new HarnessError(
      'ENGINE_MISSING',
      `No Docker engine answers at ${engineAddress()}, and the harness can only install one as root on Debian/Ubuntu with apt. Start an engine or set DOCKER_HOST.`,
    );
  }
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
  const failed = () => new HarnessError('ENGINE_START_FAILED', `dockerd did not answer within ${engineTiming.startMs} ms; see ${logFile}`);
  const version = await pollUntil(
    async () => {
      const answer = await pingEngine(docker, engineTiming.startPingMs);
      if (answer === undefined && child.exitCode !== null) throw failed();
      return answer;
    },
    { timeoutMs: engineTiming.startMs, intervalMs: engineTiming.startPollMs, onTimeout: failed },
  );
  progress.line(`engine: dockerd ${version} answers`);
  return version;
}
