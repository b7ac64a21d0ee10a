import { describe, expect, it } from 'vitest';
import { median } from './median.ts';

describe('median', () => {
  it('takes the middle of an odd count, whatever the order', () => {
    expect(median([9, 1, 4])).toBe(4);
  });
  it('takes the mean of the two middle values of an even count', () => {
    expect(median([1, 10, 2, 3])).toBe(2.5);
  });
  it('refuses an empty set', () => {
    expect(() => median([])).toThrow('no values');
  });
});
