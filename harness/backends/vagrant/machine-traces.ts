import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

// Every path at or below `roots` that exists now.
export function pathsBelow(roots: readonly string[]): Set<string> {
  const paths = new Set<string>();
  for (const root of roots.filter((path) => existsSync(path))) {
    paths.add(root);
    for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) paths.add(join(root, entry));
  }
  return paths;
}

// Removes what appeared at or below `roots` since `before` was taken: each new path whose parent is
// not new itself, with everything in it.
export async function removeNewPaths(roots: readonly string[], before: ReadonlySet<string>): Promise<void> {
  const now = pathsBelow(roots);
  const added = [...now].filter((path) => !before.has(path));
  for (const path of added.filter((path) => !added.includes(join(path, '..')))) await rm(path, { recursive: true, force: true });
}
