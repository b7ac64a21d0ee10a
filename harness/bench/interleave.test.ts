import { describe, expect, it } from 'vitest';
import { interleave, timedRuns, type Contender } from './interleave.ts';

const contender = (name: string, order: string[]): Contender => ({
  name,
  run: async () => {
    order.push(name);
    return { ms: order.length, note: '' };
  },
});

describe('interleave', () => {
  it('warms each up once, then alternates A B for the rounds asked', async () => {
    const order: string[] = [];
    const runs = await interleave(contender('A', order), contender('B', order), 3);
    expect(order).toEqual(['A', 'B', 'A', 'B', 'A', 'B', 'A', 'B']);
    expect(runs.map((run) => run.round)).toEqual(['warm-up', 'warm-up', 1, 1, 2, 2, 3, 3]);
  });
  it('leaves the warm-ups out of the timed runs', async () => {
    const order: string[] = [];
    const runs = await interleave(contender('A', order), contender('B', order), 2);
    expect(timedRuns(runs, 'A')).toEqual([3, 5]);
    expect(timedRuns(runs, 'B')).toEqual([4, 6]);
  });
});
