import { execFile } from 'node:child_process';
import { chown, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeNewClusterFile, type ClusterFile } from './cluster-file.ts';
import type { PostgresBinaries } from './postgres-binaries.ts';
import type { ServerAccount } from './server-account.ts';

const run = promisify(execFile);

/**
 * Creates Docket's cluster in `<dataDir>/pgdata` with initdb: the role `docket`, password
 * authentication (scram-sha-256) on every connection, UTF-8, C locale (the same sorting on
 * every machine). initdb works in `pgdata.partial`, renamed into place only once the cluster
 * and its database.json exist, so an interrupted first start leaves nothing half-made that a
 * later start could mistake for data.
 */
export async function initCluster(options: { dataDir: string; binaries: PostgresBinaries; account?: ServerAccount; now: Date }): Promise<ClusterFile> {
  const { dataDir, account } = options;
  const partial = path.join(dataDir, 'pgdata.partial');
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { mode: 0o700 });
  const passwordFile = path.join(dataDir, 'pgdata.password');
  const cluster = await writeNewClusterFile(dataDir, options.now);
  try {
    // initdb reads the password from a file, which the server account must be able to read.
    await writeFile(passwordFile, `${cluster.password}\n`, { mode: 0o600 });
    if (account) {
      await chown(partial, account.uid, account.gid);
      await chown(passwordFile, account.uid, account.gid);
    }
    await run(
      options.binaries.initdb,
      ['-D', partial, '-U', cluster.user, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-instructions'],
      account ?? {},
    );
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`creating the embedded database in ${partial} failed: ${(stderr || (error as Error).message).trim()}`, { cause: error });
  } finally {
    await rm(passwordFile, { force: true });
  }
  await rename(partial, path.join(dataDir, 'pgdata'));
  return cluster;
}
