import { describe, expect, it } from 'vitest';
import { poll, pollUntil, type Clock } from './retry.ts';

// A clock whose sleeps pass at once and move its time on by exactly that much.
function fakeClock(): Clock & { readonly sleeps: number[] } {
  let time = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: async (ms) => {
      sleeps.push(ms);
      time += ms;
    },
  };
}

describe('poll', () => {
  it('returns the first value without sleeping when the probe answers at once', async () => {
    const clock = fakeClock();
    expect(await poll(() => 'up', { timeoutMs: 1000, intervalMs: 100, clock })).toBe('up');
    expect(clock.sleeps).toEqual([]);
  });

  it('asks again every interval until a value comes', async () => {
    const clock = fakeClock();
    let asked = 0;
    const value = await poll(() => (++asked === 4 ? asked : undefined), { timeoutMs: 1000, intervalMs: 250, clock });
    expect(value).toBe(4);
    expect(clock.sleeps).toEqual([250, 250, 250]);
  });

  it('gives undefined once the deadline has passed, having asked one last time after it', async () => {
    const clock = fakeClock();
    let asked = 0;
    const value = await poll(
      async () => {
        asked++;
        return undefined;
      },
      { timeoutMs: 300, intervalMs: 100, clock },
    );
    expect(value).toBeUndefined();
    // Asked at 0, 100, 200, 300 (not past yet) and 400 (past).
    expect(asked).toBe(5);
  });

  it('lets an error of the probe through at once', async () => {
    const clock = fakeClock();
    await expect(poll(() => Promise.reject(new Error('gone')), { timeoutMs: 1000, intervalMs: 100, clock })).rejects.toThrow('gone');
    expect(clock.sleeps).toEqual([]);
  });
});

describe('pollUntil', () => {
  it('fails with the error onTimeout makes when no value comes in time', async () => {
    const clock = fakeClock();
    const attempt = pollUntil(() => undefined, {
      timeoutMs: 500,
      intervalMs: 200,
      clock,
      onTimeout: async () => new Error('libvirtd never answered: log says no'),
    });
    await expect(attempt).rejects.toThrow('libvirtd never answered: log says no');
    expect(clock.sleeps).toEqual([200, 200, 200]);
  });

  it('returns the value and never calls onTimeout when one comes in time', async () => {
    const clock = fakeClock();
    let asked = 0;
    const value = await pollUntil(() => (++asked === 2 ? 'ready' : undefined), {
      timeoutMs: 500,
      intervalMs: 200,
      clock,
      onTimeout: () => {
        throw new Error('onTimeout called');
      },
    });
    expect(value).toBe('ready');
  });
});
