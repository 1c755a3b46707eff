import { describe, expect, it } from 'vitest';
import { nextPeriod, periodStart } from '../src/usage.ts';

describe('usage periods (UTC)', () => {
  const at = new Date('2026-03-31T17:45:12.345Z');

  it('finds the hour, day and month a moment belongs to', () => {
    expect(periodStart(at, 'hourly').toISOString()).toBe('2026-03-31T17:00:00.000Z');
    expect(periodStart(at, 'daily').toISOString()).toBe('2026-03-31T00:00:00.000Z');
    expect(periodStart(at, 'monthly').toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('steps forwards and backwards by whole periods, across month and year ends', () => {
    const march = periodStart(at, 'monthly');
    expect(nextPeriod(march, 'monthly').toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(nextPeriod(march, 'monthly', -3).toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect(nextPeriod(periodStart(at, 'daily'), 'daily').toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(nextPeriod(new Date('2026-12-31T23:00:00Z'), 'hourly').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});
