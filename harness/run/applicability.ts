import { compareReleases, releaseOf, releaseParts } from '../format/requirements.ts';
import type { ClaimInfo } from '../report/claims-catalogue.ts';
import type { ScenarioSkip } from '../results/skip.ts';
import type { Scenario } from '../scenario/schema.ts';

// The release a scenario needs and why: its own `requires.docker` or a checked claim's `since`.
export interface DockerNeed {
  readonly release: string;
  // "claim C39 is documented since 28.2" or "the scenario requires it".
  readonly because: string;
}

// The newest release among the scenario's own requirement and the `since` of the claims it checks.
export function dockerNeed(scenario: Pick<Scenario, 'claims' | 'requires'>, catalogue: readonly ClaimInfo[]): DockerNeed | undefined {
  const needs: DockerNeed[] = [];
  if (scenario.requires.docker) needs.push({ release: scenario.requires.docker, because: 'the scenario requires it' });
  for (const id of scenario.claims) {
    const since = catalogue.find((claim) => claim.id === id)?.since;
    if (since) needs.push({ release: since, because: `claim ${id} is documented since ${since}` });
  }
  return needs.reduce<DockerNeed | undefined>((newest, need) => (newest === undefined || compareReleases(need.release, newest.release) > 0 ? need : newest), undefined);
}

// A not-applicable skip when the suite's Docker is older than the need; undefined when it may run.
// A version that cannot be read is no reason to skip: the scenario runs and its checks say what happened.
export function notApplicable(need: DockerNeed | undefined, suite: string, dockerVersion: string | undefined): ScenarioSkip | undefined {
  if (!need || !dockerVersion || releaseParts(dockerVersion).length === 0) return undefined;
  if (compareReleases(dockerVersion, need.release) >= 0) return undefined;
  return { kind: 'not-applicable', needsDocker: need.release, reason: `needs Docker ${need.release} (${need.because}); ${suite} runs ${releaseOf(dockerVersion)}` };
}

// A kernel skip for a Docker-in-Docker host, whose kernel is the machine's: the scenario runs on a
// VM, whose distribution kernel has the feature.
export function kernelSkip(missing: readonly string[], descriptions: readonly string[], file: string, suite: string): ScenarioSkip {
  const runWith = `npm run harness -- run ${file} --backend vagrant --suite ${suite}`;
  return { kind: 'kernel', missing, reason: `not run: ${descriptions.join('; ')}. Run it on a VM: ${runWith}`, runWith };
}
