import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

/**
 * scrypt cost (N). 2^17 with r=8 is OWASP's recommendation (128 MiB, ~0.3 s here); tests
 * lower it. The parameters are stored with each hash, so raising the cost later keeps old
 * hashes verifiable.
 */
export const DEFAULT_PASSWORD_COST = 2 ** 17;

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

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

function options(cost: number, blockSize: number, parallelism: number): ScryptOptions {
  // Node refuses scrypt above 32 MiB unless maxmem allows it (128 * N * r bytes are needed).
  return { N: cost, r: blockSize, p: parallelism, maxmem: 256 * cost * blockSize + 1024 * 1024 };
}
