import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { labelKeys } from './labels.ts';
import { log } from '../../core/log.ts';

// Removes the containers a run created (all of them, or only one run's), by label: never anything else.
export async function removeLabelled(docker: Docker, runId?: string): Promise<number> {
  const label = runId ? [`${labelKeys.run}=${runId}`] : [`${labelKeys.harness}=true`];
  const containers = await docker.listContainers({ all: true, filters: { label } });
  await Promise.all(containers.map((info) => docker.getContainer(info.Id).remove({ force: true, v: true }).catch((error) => log.docker('removing %s: %s', info.Id, error))));
  return containers.length;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Leftovers of runs on this machine whose harness process is gone (killed, crashed): the reaper's job.
export async function removeLeftovers(docker: Docker): Promise<number> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${labelKeys.harness}=true`] } });
  const dead = containers.filter((info) => {
    const owner = info.Labels[labelKeys.ownerHost];
    const pid = Number(info.Labels[labelKeys.ownerPid]);
    return owner === hostname() && pid !== process.pid && !isAlive(pid);
  });
  await Promise.all(dead.map((info) => docker.getContainer(info.Id).remove({ force: true, v: true }).catch((error) => log.docker('removing %s: %s', info.Id, error))));
  return dead.length;
}
