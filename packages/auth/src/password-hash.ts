import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

/**
 * scrypt cost (N). OWASP lists N=2^17,r=8,p=1 (128 MiB) and N=2^15,r=8,p=3 (32 MiB) as
 * equally strong; we take the second: the same CPU work (~0.2 s here) for a quarter of the
 * memory, so the two hashes the API computes at once stay under 100 MB together. Tests
 * lower it. The parameters are stored with each hash, so hashes made with other ones keep
 * verifying (and are upgraded at the next sign-in).
 */
export const DEFAULT_PASSWORD_COST = 2 ** 15;

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 3;

/** Memory-hard hash of a password: `scrypt$N$r$p$salt$key` (base64). */
export async function hashPassword(password: string, cost = DEFAULT_PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, options(cost, BLOCK_SIZE, PARALLELISM));
  return ['scrypt', cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time check of a password against a stored hash; false for malformed hashes. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, cost, blockSize, parallelism, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, options(Number(cost), Number(blockSize), Number(parallelism)));
  return timingSafeEqual(actual, expected);
}

/** True when `stored` was made with other parameters than `hashPassword(…, cost)` uses now. */
export function isOutdatedHash(stored: string, cost = DEFAULT_PASSWORD_COST): boolean {
  return !stored.startsWith(`scrypt$${cost}$${BLOCK_SIZE}$${PARALLELISM}$`);
}

function options(cost: number, blockSize: number, parallelism: number): ScryptOptions {
  // Node refuses scrypt above 32 MiB unless maxmem allows it (128 * N * r bytes are needed).
  return { N: cost, r: blockSize, p: parallelism, maxmem: 256 * cost * blockSize + 1024 * 1024 };
}
