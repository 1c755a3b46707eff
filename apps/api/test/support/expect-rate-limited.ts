import { expect } from 'vitest';
import { ErrorBodySchema } from '@docket/contracts/common';
import type { Reply } from './api-client.ts';

/** A 429 as docs/api.md#rate-limits promises it: the error body, Retry-After in seconds, and the IETF RateLimit fields naming the policy. */
export function expectRateLimited(reply: Reply, policy: string, quota: number, windowSeconds: number) {
  expect(reply.status).toBe(429);
  const body = ErrorBodySchema.parse(reply.body);
  expect(body.error.code).toBe('rate_limited');
  expect(body.error.details).toMatchObject({ policy });
  const retryAfter = Number(reply.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= windowSeconds).toBe(true);
  expect(reply.headers.get('ratelimit-policy')).toContain(`"${policy}";q=${quota};w=${windowSeconds}`);
  const remaining = reply.headers.get('ratelimit')?.match(new RegExp(`"${policy}";r=(\\d+);t=(\\d+)`));
  expect(remaining?.[1]).toBe('0');
  // Retry-After never points earlier than the reset the RateLimit field announces.
  expect(retryAfter).toBeGreaterThanOrEqual(Number(remaining?.[2]));
  expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
}
