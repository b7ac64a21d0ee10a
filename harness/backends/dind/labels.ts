import { hostname } from 'node:os';

// Every container the harness creates carries these labels, so a crashed run's leftovers can be found.
export const labelKeys = {
  harness: 'io.github.docker-fw-harness',
  run: 'io.github.docker-fw-harness.run',
  scenario: 'io.github.docker-fw-harness.scenario',
  role: 'io.github.docker-fw-harness.role',
  ownerPid: 'io.github.docker-fw-harness.owner-pid',
  ownerHost: 'io.github.docker-fw-harness.owner-host',
} as const;

// canary: a throw-away container that shows whether the engine still runs containers (engine-watch.ts).
export type Role = 'host' | 'source' | 'switch' | 'canary';

export function resourceLabels(runId: string, scenario: string, role: Role): Record<string, string> {
  return {
    [labelKeys.harness]: 'true',
    [labelKeys.run]: runId,
    [labelKeys.scenario]: scenario,
    [labelKeys.role]: role,
    [labelKeys.ownerPid]: String(process.pid),
    [labelKeys.ownerHost]: hostname(),
  };
}
