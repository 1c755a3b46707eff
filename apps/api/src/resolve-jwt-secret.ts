import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The JWT signing secret: JWT_SECRET when set; in embedded mode, a random one generated on
 * first start and kept in DATA_DIR (so sessions survive restarts). A shared Postgres means
 * several processes that must agree on the secret, so there it has to be configured.
 */
export async function resolveJwtSecret(options: { configured?: string; dataDir: string; embedded: boolean }): Promise<string> {
  if (options.configured) return options.configured;
  if (!options.embedded) {
    throw new Error('JWT_SECRET is required with DATABASE_URL (at least 32 characters; e.g. `openssl rand -base64 48`)');
  }
  const file = path.join(options.dataDir, 'jwt-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(48).toString('base64url');
  await mkdir(options.dataDir, { recursive: true });
  await writeFile(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}
