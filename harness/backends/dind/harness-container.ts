import { GenericContainer } from 'testcontainers';
import type { HarnessHostConfig } from './privilege.ts';

// testcontainers' GenericContainer with access to host-config fields it has no builder method for
// (pid namespace, cgroup namespace, the privilege recipe).
export class HarnessContainer extends GenericContainer {
  withHostConfig(extra: HarnessHostConfig): this {
    Object.assign(this.hostConfig, extra);
    return this;
  }
}
