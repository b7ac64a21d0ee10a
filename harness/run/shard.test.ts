import { describe, expect, it } from 'vitest';
import { pairsOfShard, parseShard } from './shard.ts';

const pairs = ['forky b', 'bookworm a', 'bookworm c', 'trixie a', 'bookworm b'];

describe('shards', () => {
  it('deal sorted pairs round-robin, together covering every pair exactly once', () => {
    const shards = [1, 2].map((index) => pairsOfShard(pairs, (pair) => pair, { index, count: 2 }));
    expect(shards).toEqual([
      ['bookworm a', 'bookworm c', 'trixie a'],
      ['bookworm b', 'forky b'],
    ]);
    expect(shards.flat().sort()).toEqual([...pairs].sort());
  });

  it('without a shard, keep everything in order', () => {
    expect(pairsOfShard(pairs, (pair) => pair, undefined)).toEqual(pairs);
  });

  it('parse k/n and refuse anything else', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(() => parseShard('0/3')).toThrow('--shard must be k/n with 1 <= k <= n, e.g. 2/3 (got "0/3")');
    expect(() => parseShard('4/3')).toThrow(/got "4\/3"/);
    expect(() => parseShard('two')).toThrow(/got "two"/);
  });
});
