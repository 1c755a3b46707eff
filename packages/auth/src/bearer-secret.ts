import { timingSafeEqual } from 'node:crypto';

/** Whether an Authorization header is `Bearer <secret>`, compared in constant time. */
export function isBearerSecret(authorization: string | undefined, secret: string): boolean {
  const given = Buffer.from(authorization ?? '');
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
