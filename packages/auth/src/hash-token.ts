import { createHash } from 'node:crypto';

/**
 * How API tokens and refresh tokens are stored: their SHA-256, never the value, so a copy of
 * the database hands out no working token. (They are long random strings: a fast hash is
 * enough, unlike passwords.)
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
