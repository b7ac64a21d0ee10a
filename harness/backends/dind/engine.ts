import Docker from 'dockerode';
import { engineTiming } from '../../core/timing.ts';
import { describeError } from '../../core/errors.ts';

// The engine the user has: DOCKER_HOST, or the default socket (dockerode reads both).
export function engineClient(): Docker {
  return new Docker();
}

export function engineAddress(): string {
  return process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
}

// What asking the engine for its version showed: it answers; nothing listens at its address; or
// something is there that cannot be used (no permission on the socket, TLS, an HTTP error, no answer).
export type EngineState =
  | { readonly kind: 'answers'; readonly version: string }
  | { readonly kind: 'absent'; readonly reason: string }
  | { readonly kind: 'unusable'; readonly reason: string };

// Asks the engine for its version, for at most `timeoutMs`; the reason it did not answer is kept.
export async function pingEngine(docker: Docker, timeoutMs = engineTiming.pingMs): Promise<EngineState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<EngineState>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'unusable', reason: `no answer within ${timeoutMs} ms` }), timeoutMs).unref();
  });
  const answer = docker.version().then(
    (version): EngineState => ({ kind: 'answers', version: version.Version }),
    (error: unknown) => pingFailure(error),
  );
  return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
}

// Only "nothing listens" (no socket file, a refused connection) means there is no engine, the one case
// in which the harness may start one of its own; any other failure is an engine it must not replace.
export function pingFailure(error: unknown): EngineState {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = describeError(error);
  return code === 'ENOENT' || code === 'ECONNREFUSED' ? { kind: 'absent', reason } : { kind: 'unusable', reason };
}
