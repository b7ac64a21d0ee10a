import type Docker from 'dockerode';
import { engineAddress, pingEngine } from './engine.ts';

// Tells a scenario that failed on its own from one whose engine went away under it. Once the engine
// stops answering, every later scenario is an error with that cause instead of a slow failure of its own.
export class EngineWatch {
  private readonly docker: Docker;
  lost: string | undefined;

  constructor(docker: Docker) {
    this.docker = docker;
  }

  // The scenario's error, led by the engine's disappearance when that is what happened.
  async explain(error: string): Promise<string> {
    if (this.lost === undefined && (await pingEngine(this.docker, 3000)).kind !== 'answers') {
      this.lost = `the Docker engine at ${engineAddress()} stopped answering`;
    }
    return this.lost === undefined ? error : `${this.lost}; this scenario was cut short:\n${error}`;
  }
}
