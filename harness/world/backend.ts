import type { Progress } from '../core/progress.ts';
import type { WorldBuilder } from './world.ts';

// What runs a scenario's machines: DinD containers on an engine, or Vagrant VMs. The run asks each
// backend for a builder per scenario and knows nothing else about it.
export interface Backend {
  // The label a suite's results carry on this backend: "bookworm", or "bookworm-vm" beside it.
  label(suite: string): string;
  // The Docker version a suite's hosts run, when the backend knows it before bringing a world up
  // (from image metadata); undefined when it is only known once a host is up (VMs).
  dockerVersion(suite: string): string | undefined;
  // The builder of one scenario's world on one suite.
  builder(suite: string, scenarioName: string, progress: Progress): WorldBuilder;
  // Runs one scenario when the backend can take it: at once, or one at a time where a world takes
  // the whole machine.
  schedule<T>(work: () => Promise<T>): Promise<T>;
  // Whether several scenarios' progress lines would interleave (and so are printed per scenario).
  readonly concurrent: boolean;
  // Why scenarios can no longer run here (the engine went away), once that is known.
  unavailable(): string | undefined;
  // A scenario's error (and its code), led by a cause of the backend's own when that is what happened.
  explain(error: string, errorCode?: string): Promise<string>;
  // Removes everything the backend created for the run; what it could not remove is returned as warnings.
  close(): Promise<string[]>;
}
