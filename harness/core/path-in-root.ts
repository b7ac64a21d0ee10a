import { lstatSync, readlinkSync } from 'node:fs';
import { posix } from 'node:path';

// A path of another root (a container's /proc/<pid>/root) as a path of this process, with its
// symbolic links followed the way that root's own processes follow them: an absolute link target
// ("/var/run" -> "/run") starts again at that root, never at this process's own "/".
export function pathInRoot(root: string, path: string, maxLinks = 40): string {
  let pending = posix.normalize(path).split('/').filter(Boolean);
  const resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const [part, ...rest] = pending as [string, ...string[]];
    pending = rest;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = `${root}/${[...resolved, part].join('/')}`;
    const stat = lstatOrUndefined(candidate);
    if (!stat?.isSymbolicLink()) {
      resolved.push(part);
      continue;
    }
    if (++links > maxLinks) throw new Error(`${path} in ${root}: more than ${maxLinks} symbolic links`);
    const target = readlinkSync(candidate);
    if (target.startsWith('/')) resolved.length = 0;
    pending = [...target.split('/').filter((piece) => piece && piece !== '.'), ...pending];
  }
  return `${root}/${resolved.join('/')}`;
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
