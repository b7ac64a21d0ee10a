import { describe, expect, it } from 'vitest';
import { compareReleases, releaseOf, releasePattern } from './requirements.ts';

describe('releases', () => {
  it('reads the upstream release out of Debian and Docker version strings', () => {
    expect(releaseOf('20.10.24+dfsg1-1+deb12u1+b6')).toBe('20.10.24');
    expect(releaseOf('28.5.2+dfsg4-5')).toBe('28.5.2');
    expect(releaseOf('v27.3.1')).toBe('27.3.1');
    expect(releaseOf('dev')).toBe('dev');
  });

  it('orders by numbers, missing parts as 0', () => {
    expect(compareReleases('20.10.24', '28.0')).toBeLessThan(0);
    expect(compareReleases('28.10', '28.2')).toBeGreaterThan(0);
    expect(compareReleases('28', '28.0.0')).toBe(0);
  });

  it('accepts releases as claims and scenarios write them, and nothing else', () => {
    for (const good of ['28', '28.2', '20.10.24']) expect(releasePattern.test(good), good).toBe(true);
    for (const bad of ['all', '28.x', '28.2.1.1', 'v28', '']) expect(releasePattern.test(bad), bad).toBe(false);
  });
});
