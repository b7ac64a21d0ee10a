import { createHash } from 'node:crypto';

// A short, stable tag for a text (names, recipes): hex of its SHA-256, cut to `length` characters.
export function shortHash(text: string, length = 6): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
