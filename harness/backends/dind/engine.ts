import Docker from 'dockerode';
import { engineTiming } from '../../core/timing.ts';
import { HarnessError } from '../../core/errors.ts';

// The engine the user has: DOCKER_HOST, or the default socket (dockerode reads both).
export function engineClient(): Docker {
  return new Docker();
}

export function engineAddress(): string {
  return process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
}

// Resolves with the engine's version when it answers within `timeoutMs`, undefined otherwise.
export async function pingEngine(docker: Docker, timeoutMs = engineTiming.pingMs): Promise<string | undefined> {
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs).unref());
  const answer = docker
    .version()
    .then((version) => version.Version)
    .catch(() => undefined);
  return Promise.race([answer, timeout]);
}

export async function requireEngine(docker: Docker): Promise<string> {
  const version = await pingEngine(docker);
  if (version === undefined) {
    throw new HarnessError(
      'ENGINE_MISSING',
      `No Docker engine answers at ${engineAddress()}. Start one, point DOCKER_HOST at one, or run \`npm start\` as root on Debian/Ubuntu to let the harness install and start Debian's docker.io.`,
    );
  }
  return version;
}
