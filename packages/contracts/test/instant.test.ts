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
});

describe('PageQuerySchema', () => {
  it('defaults limit to 20 and bounds it to 1..100', () => {
    expect(PageQuerySchema.parse({}).limit).toBe(20);
    expect(PageQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(PageQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(PageQuerySchema.safeParse({ limit: '2.5' }).success).toBe(false);
  });
});
