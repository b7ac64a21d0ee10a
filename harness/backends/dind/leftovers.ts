import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { isAlive } from '../../core/pids.ts';
import { describeError } from '../../core/errors.ts';
import type { Removal } from '../../core/removal.ts';
import { labelKeys } from './labels.ts';

// The fields of an engine's container listing that cleanup reads.
export interface ListedContainer {
  readonly Id: string;
  readonly Names: readonly string[];
  readonly Labels: Readonly<Record<string, string>>;
}

// Removes the containers a run created (all of them, or only one run's), by label: never anything else.
export async function removeLabelled(docker: Docker, runId?: string): Promise<Removal> {
  const label = runId ? [`${labelKeys.run}=${runId}`] : [`${labelKeys.harness}=true`];
  const containers = await docker.listContainers({ all: true, filters: { label } });
  return removeContainers(containers, (id) => docker.getContainer(id).remove({ force: true, v: true }));
}

// Leftovers of runs on this machine whose harness process is gone (killed, crashed): the reaper's job.
export async function removeLeftovers(docker: Docker): Promise<Removal> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${labelKeys.harness}=true`] } });
  return removeContainers(leftoversOf(containers, hostname(), process.pid), (id) => docker.getContainer(id).remove({ force: true, v: true }));
}

// The containers whose owning harness process ran on `host` and is no longer alive (not `self`).
export function leftoversOf<C extends ListedContainer>(containers: readonly C[], host: string, self: number): C[] {
  return containers.filter((info) => {
    const pid = Number(info.Labels[labelKeys.ownerPid]);
    return info.Labels[labelKeys.ownerHost] === host && pid !== self && !isAlive(pid);
  });
}

// Removes every container at once; one already gone (404) counts as removed, any other failure is kept with its reason.
export async function removeContainers(containers: readonly ListedContainer[], remove: (id: string) => Promise<unknown>): Promise<Removal> {
  const outcomes = await Promise.all(
    containers.map(async (info) => {
      const what = containerName(info);
      try {
        await remove(info.Id);
        return { what };
      } catch (error) {
        return (error as { statusCode?: number }).statusCode === 404 ? { what } : { what, reason: describeError(error) };
      }
    }),
  );
  return {
    removed: outcomes.filter((outcome) => outcome.reason === undefined).map((outcome) => outcome.what),
    failed: outcomes.flatMap((outcome) => (outcome.reason === undefined ? [] : [{ what: outcome.what, reason: outcome.reason }])),
  };
}

// "name (short id)", as `docker ps` shows them.
function containerName(info: ListedContainer): string {
  const name = info.Names[0]?.replace(/^\//, '');
  const id = info.Id.slice(0, 12);
  return name ? `${name} (${id})` : id;
}
