import { randomBytes } from 'node:crypto';

// Sortable and unique: 20261122-153000-a1b2.
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}
