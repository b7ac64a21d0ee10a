import type Docker from 'dockerode';
import { describeError } from '../../core/errors.ts';
import { engineCallTiming } from '../../core/timing.ts';
import { engineAddress, pingEngine, withinEngineTime } from './engine.ts';

// Tells a scenario that failed on its own from one whose engine went away under it. Once the engine
// stops answering, every later scenario is an error with that cause instead of a slow failure of its own.
export class EngineWatch {
  private readonly docker: Docker;
  // Runs a throw-away container to its end; resolves when the engine did.
  private readonly canary: () => Promise<void>;
  lost: string | undefined;

  constructor(docker: Docker, canary: () => Promise<void>) {
    this.docker = docker;
    this.canary = canary;
  }

  // The scenario's error, led by the engine's disappearance when that is what happened. `noAnswer`:
  // the scenario ended on a call the engine never answered. An engine can answer pings and nothing
  // else (seen: every exec and container start hung), so it must then also run a container.
  async explain(error: string, noAnswer = false): Promise<string> {
    this.lost ??= await this.check(noAnswer);
    return this.lost === undefined ? error : `${this.lost}; this scenario was cut short:\n${error}`;
  }

  private async check(runContainer: boolean): Promise<string | undefined> {
    if ((await pingEngine(this.docker)).kind !== 'answers') return `the Docker engine at ${engineAddress()} stopped answering`;
    if (!runContainer) return undefined;
    return withinEngineTime('a container that only runs `true`', this.canary(), engineCallTiming.canaryMs).then(
      () => undefined,
      (failure: unknown) => `the Docker engine at ${engineAddress()} answers pings but no longer runs containers (${describeError(failure)})`,
    );
  }
}
