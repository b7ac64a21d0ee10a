import { HarnessError } from '../core/errors.ts';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

// Parses "--shard 2/3": the second of three shards.
export function parseShard(text: string): Shard {
  const match = text.match(/^(\d+)\/(\d+)$/);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new HarnessError('BAD_OPTION', `--shard must be k/n with 1 <= k <= n, e.g. 2/3 (got "${text}")`);
  }
  return { index, count };
}

// A deterministic split of (suite, scenario) pairs: sorted by suite and scenario name, then dealt
// round-robin, so every shard gets a fair share and shards on any machine agree on who runs what.
export function pairsOfShard<T>(pairs: readonly T[], key: (pair: T) => string, shard: Shard | undefined): T[] {
  if (!shard) return [...pairs];
  const sorted = [...pairs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return sorted.filter((_, position) => position % shard.count === shard.index - 1);
}
