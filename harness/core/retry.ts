import { setTimeout as sleep } from 'node:timers/promises';

// Time as polling sees it; unit tests pass one whose sleep only moves its own hands.
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => sleep(ms),
};

export interface PollOptions {
  // Asking again after this long has passed returns (or fails) instead.
  readonly timeoutMs: number;
  // The pause between two asks.
  readonly intervalMs: number;
  readonly clock?: Clock;
}

export interface PollUntilOptions extends PollOptions {
  // The error for a deadline that passed; it may look around (a log, the state) to say why.
  readonly onTimeout: () => Error | Promise<Error>;
}

// Asks `probe` until it gives a value, at least once; undefined when the time ran out first, for a
// caller that has something else to try then (a harder signal, say).
export async function poll<T>(probe: () => Promise<T | undefined> | T | undefined, options: PollOptions): Promise<T | undefined> {
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (clock.now() > deadline) return undefined;
    await clock.sleep(options.intervalMs);
  }
}

// Asks `probe` until it gives a value; a deadline that passes first is the error `onTimeout` makes.
export async function pollUntil<T>(probe: () => Promise<T | undefined> | T | undefined, options: PollUntilOptions): Promise<T> {
  const value = await poll(probe, options);
  if (value !== undefined) return value;
  throw await options.onTimeout();
}
