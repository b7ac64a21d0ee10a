import { GenericContainer } from 'testcontainers';
import type { HarnessHostConfig } from './privilege.ts';

// testcontainers' GenericContainer with access to fields it has no builder method for (pid
// namespace, cgroup namespace, the privilege recipe, a network namespace the engine does not manage).
export class HarnessContainer extends GenericContainer {
  withHostConfig(extra: HarnessHostConfig): this {
    Object.assign(this.hostConfig, extra);
    return this;
  }

  // The container gets a bare network namespace of its own (only lo), made by the runtime: the engine's
  // network stack is not involved at all, which saves its two helper processes per container start.
  withEngineNetworkingOff(): this {
    this.createOpts.NetworkDisabled = true;
    return this;
  }
}
