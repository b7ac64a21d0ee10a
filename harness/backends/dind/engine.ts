import Docker from 'dockerode';
import { engineTiming } from '../../core/timing.ts';
import { describeError, HarnessError } from '../../core/errors.ts';
import { withinTime } from '../../machines/machine.ts';

// The engine the user has: DOCKER_HOST, or the default socket (dockerode reads both).
export function engineClient(): Docker {
  return new Docker();
}

export function engineAddress(): string {
  return process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
}

// A call to the engine that must answer within `limitMs`. An engine can take requests and never
// answer them while it still answers pings (seen: every exec and container start hung): the call
// becomes an error that names the engine, not a wait without end.
export function withinEngineTime<T>(what: string, work: Promise<T>, limitMs: number): Promise<T> {
  return withinTime(work, limitMs, () => new HarnessError('ENGINE_NO_ANSWER', `the Docker engine at ${engineAddress()} gave no answer to ${what} within ${limitMs / 1000} s`));
}

// What asking the engine for its version showed: it answers; nothing listens at its address; or
// something is there that cannot be used (no permission on the socket, TLS, an HTTP error, no answer).
export type EngineState =
  | { readonly kind: 'answers'; readonly version: string }
  | { readonly kind: 'absent'; readonly reason: string }
  | { readonly kind: 'unusable'; readonly reason: string; readonly timedOut?: boolean };

// Asks the engine for its version, for at most `timeoutMs`; the reason it did not answer is kept.
export async function pingEngine(docker: Docker, timeoutMs = engineTiming.pingMs): Promise<EngineState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<EngineState>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'unusable', reason: `no answer within ${timeoutMs} ms`, timedOut: true }), timeoutMs).unref();
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
