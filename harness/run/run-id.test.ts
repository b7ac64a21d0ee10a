import { describe, expect, it } from 'vitest';
import { newRunId } from './run-id.ts';

describe('newRunId', () => {
  it('is the UTC date and time of the run followed by four hex digits', () => {
    expect(newRunId(new Date('2026-11-22T15:30:00.123Z'))).toMatch(/^20261122-153000-[0-9a-f]{4}$/);
  });

  it('pads early months, days and hours', () => {
    expect(newRunId(new Date('2026-01-02T03:04:05Z'))).toMatch(/^20260102-030405-[0-9a-f]{4}$/);
  });

  it('differs between runs started in the same second', () => {
    const now = new Date('2026-11-22T15:30:00Z');
    const ids = new Set(Array.from({ length: 20 }, () => newRunId(now)));
    expect(ids.size).toBeGreaterThan(1);
  });

  it('sorts in the order runs were started', () => {
    const ids = ['2026-11-22T15:30:00Z', '2026-11-22T15:30:01Z', '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z'].map((iso) => newRunId(new Date(iso)));
    expect([...ids].sort()).toEqual(ids);
  });
});
