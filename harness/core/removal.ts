import { HarnessError } from './errors.ts';

// What a cleanup removed and what it could not (with the reason), each named so a person can act.
export interface Removal {
  readonly removed: readonly string[];
  readonly failed: ReadonlyArray<{ readonly what: string; readonly reason: string }>;
}

// What `clean` prints: how many of `noun` it removed and which, then each one it could not and why.
export function describeRemoval(removal: Removal, noun: string): string[] {
  return [
    `removed ${removal.removed.length} ${noun}(s)${removal.removed.length > 0 ? ':' : ''}`,
    ...removal.removed.map((what) => `  ${what}`),
    ...removal.failed.map(({ what, reason }) => `could not remove the ${noun} ${what}: ${reason}`),
  ];
}

// For callers that can only fail: an error naming everything that could not be removed, and why.
export function requireRemoved(removal: Removal): void {
  if (removal.failed.length === 0) return;
  throw new HarnessError('CLEANUP_FAILED', `could not remove ${removal.failed.map(({ what, reason }) => `${what} (${reason})`).join(', ')}`);
}
