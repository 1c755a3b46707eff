import { describe, expect, it } from 'vitest';
import { InstantSchema, PageQuerySchema } from '../src/common.ts';

describe('InstantSchema', () => {
  it('reads unix milliseconds and ISO-8601 alike', () => {
    expect(InstantSchema.parse('1768473000000').toISOString()).toBe('2026-01-15T10:30:00.000Z');
    expect(InstantSchema.parse(1768473000000).toISOString()).toBe('2026-01-15T10:30:00.000Z');
    expect(InstantSchema.parse('2026-01-15T10:30:00.000Z').getTime()).toBe(1768473000000);
    expect(InstantSchema.parse('2026-01-15').toISOString()).toBe('2026-01-15T00:00:00.000Z');
  });

  it('rejects words and impossible dates', () => {
    expect(InstantSchema.safeParse('yesterday').success).toBe(false);
    expect(InstantSchema.safeParse('2026-13-45').success).toBe(false);
  });

  it('accepts 1970-01-01 to 9999-12-31 and refuses instants outside, which the database cannot take', () => {
    expect(InstantSchema.parse('0').toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(InstantSchema.parse('9999-12-31T23:59:59.999Z').getTime()).toBe(253402300799999);
    for (const outside of ['-1', '-8640000000000000', '8640000000000000', 253402300800000, '0001-01-01', '1969-12-31T23:59:59Z']) {
      const parsed = InstantSchema.safeParse(outside);
      expect(parsed.success, String(outside)).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe('expected a time between 1970-01-01 and 9999-12-31');
    }
  });
});

describe('PageQuerySchema', () => {
  it('defaults limit to 20 and bounds it to 1..100', () => {
    expect(PageQuerySchema.parse({}).limit).toBe(20);
    expect(PageQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(PageQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(PageQuerySchema.safeParse({ limit: '2.5' }).success).toBe(false);
  });
});
