import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The PostgreSQL major version of the bundled binaries (the platform packages' version). */
export const POSTGRES_MAJOR = 18;

/**
 * `DATA_DIR/database.json` (0600): what Docket's own cluster in `DATA_DIR/pgdata` is and how
 * to sign in to it. It is written when Docket creates the cluster, so a pgdata without it was
 * written by something else — the PGlite engine of earlier Docket versions, say — and is never
 * opened, changed or replaced.
 */
export type ClusterFile = { engine: 'postgresql'; major: number; user: string; password: string; database: string; created_at: string };

export function clusterFilePath(dataDir: string): string {
  return path.join(dataDir, 'database.json');
}

export async function readClusterFile(dataDir: string): Promise<ClusterFile | undefined> {
  let text: string;
  try {
    text = await readFile(clusterFilePath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<ClusterFile>;
  if (parsed.engine !== 'postgresql' || typeof parsed.major !== 'number' || !parsed.user || !parsed.password || !parsed.database) {
    throw new Error(`${clusterFilePath(dataDir)} is damaged; restore it from a backup of DATA_DIR`);
  }
  return parsed as ClusterFile;
}

/** A new cluster's file: the role `docket` with a random password. */
export async function writeNewClusterFile(dataDir: string, now: Date): Promise<ClusterFile> {
  const cluster: ClusterFile = {
    engine: 'postgresql',
    major: POSTGRES_MAJOR,
    user: 'docket',
    password: randomBytes(24).toString('base64url'),
    database: 'docket',
    created_at: now.toISOString(),
  };
  await writeFile(clusterFilePath(dataDir), `${JSON.stringify(cluster, null, 2)}\n`, { mode: 0o600 });
  return cluster;
}
