import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, type Db } from '@docket/db/create-prisma';
import { runningEmbeddedPostgresUrl, stopLeftoverEmbeddedPostgres } from '@docket/db/embedded-postgres';
import { spawnEntry, type Spawned } from './spawn-process.ts';

export type EmbeddedDocket = { process: Spawned; url: string };

export type EmbeddedSandbox = {
  dataDir: string;
  /**
   * What a newcomer runs: `pnpm start`'s entry point as its own process with no DATABASE_URL,
   * so Docket starts its own PostgreSQL in the sandbox's DATA_DIR. Resolves once it listens.
   */
  start(env?: Record<string, string>): Promise<EmbeddedDocket>;
  /** Kills every Docket started here, stops a server they left behind, removes DATA_DIR. */
  dispose(): Promise<void>;
};

export async function embeddedSandbox(): Promise<EmbeddedSandbox> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'docket-embedded-'));
  const spawned: Spawned[] = [];
  return {
    dataDir,
    async start(env = {}) {
      const docket = spawnEntry('apps/api/dist/main.mjs', { DATA_DIR: dataDir, PORT: '0', PASSWORD_COST: '1024', LOG_LEVEL: 'info', ...env });
      spawned.push(docket);
      const [, url] = await docket.waitFor(/Docket is listening on (http:\/\/\S+)/, 90_000);
      return { process: docket, url: url! };
    },
    async dispose() {
      for (const docket of spawned) docket.child.kill('SIGKILL');
      await Promise.all(spawned.map((docket) => docket.exited));
      await stopLeftoverEmbeddedPostgres(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A client of the running embedded server in `dataDir`, for recounts from the source rows. */
export async function embeddedDb(dataDir: string): Promise<Db> {
  const url = await runningEmbeddedPostgresUrl(dataDir);
  if (!url) throw new Error(`no embedded server runs in ${dataDir}`);
  return createDatabase({ databaseUrl: url, maxConnections: 2 }).db;
}
