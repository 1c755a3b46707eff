import { chmod, chown, mkdir, readdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { clusterFilePath, POSTGRES_MAJOR, readClusterFile, type ClusterFile } from './embedded/cluster-file.ts';
import { initCluster } from './embedded/init-cluster.ts';
import { findPostgresBinaries } from './embedded/postgres-binaries.ts';
import { runningPostmaster, startPostmaster, stopOrphanedPostmaster, type Transport } from './embedded/postmaster.ts';
import { serverAccount, type ServerAccount } from './embedded/server-account.ts';
import { silentLogger, type Logger } from './logger.ts';

export type EmbeddedPostgres = {
  /** A `postgresql://` URL for pg, Prisma and pg-boss (password included: keep it out of logs). */
  databaseUrl: string;
  /** For start-up banners: what runs where, no secret. */
  description: string;
  stop(): Promise<void>;
};

export type EmbeddedPostgresOptions = {
  dataDir: string;
  logger?: Logger;
  /** Loopback TCP instead of the Unix socket (what Windows gets); tests use it to cover that path. */
  forceTcp?: boolean;
  now?: () => Date;
};

/** Unix socket paths are limited to ~104 bytes; a deeper DATA_DIR falls back to loopback TCP. */
const MAX_SOCKET_PATH = 100;

/**
 * Docket's own PostgreSQL 18 server on `<dataDir>/pgdata`, started with Docket and stopped
 * with it — the same engine as production, with real concurrent sessions and LISTEN/NOTIFY.
 *
 * Nobody else gets in: DATA_DIR is 0700 (0710 with group `postgres` when Docket runs as root
 * and the server as `postgres`), the server listens only on a Unix socket inside pgdata
 * (0700), and every connection needs the random password of database.json (0600). Where
 * there is no Unix socket (Windows, or a path too long for one) it listens on 127.0.0.1 only,
 * still behind that password.
 *
 * A pgdata that Docket did not create (no database.json: the PGlite engine of earlier
 * versions) or of another PostgreSQL major version is refused with what to do, never opened
 * or replaced. A server orphaned by a SIGKILLed Docket is stopped before a new one starts.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const dataDir = path.resolve(options.dataDir);
  const pgdata = path.join(dataDir, 'pgdata');
  const account = await serverAccount();
  await secureDataDir(dataDir, account);
  const unlock = await lockDataDir(dataDir);
  try {
    const binaries = await findPostgresBinaries();
    let cluster = await existingCluster(dataDir, pgdata);
    if (cluster) await stopOrphanedPostmaster(pgdata, logger);
    else {
      cluster = await initCluster({ dataDir, binaries, account, now: now() });
      logger.info({ pgdata }, 'embedded PostgreSQL cluster created');
    }
    const transport: Transport =
      options.forceTcp || process.platform === 'win32' || path.join(pgdata, '.s.PGSQL.5432').length > MAX_SOCKET_PATH
        ? { kind: 'tcp', port: await freeLoopbackPort() }
        : { kind: 'socket', directory: pgdata };
    const postmaster = await startPostmaster({ binaries, pgdata, transport, account, logger });
    try {
      await ensureDatabase(cluster, transport);
    } catch (error) {
      await postmaster.stop();
      throw error;
    }
    logger.info({ pgdata, transport: transport.kind, pid: postmaster.pid }, 'embedded PostgreSQL started');
    return {
      databaseUrl: connectionUrl(cluster, transport, cluster.database),
      description: `embedded PostgreSQL ${POSTGRES_MAJOR} in ${pgdata} (${transport.kind === 'socket' ? 'Unix socket' : `127.0.0.1:${transport.port}`})`,
      async stop() {
        await postmaster.stop();
        await unlock();
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}

/**
 * The connection URL of the embedded server a running Docket owns in `dataDir`, if one runs:
 * operator commands use it instead of starting their own while Docket is up.
 */
export async function runningEmbeddedPostgresUrl(dataDir: string): Promise<string | undefined> {
  const cluster = await readClusterFile(path.resolve(dataDir));
  const running = cluster && (await runningPostmaster(path.join(path.resolve(dataDir), 'pgdata')));
  return running ? connectionUrl(cluster, running.transport, cluster.database) : undefined;
}

/**
 * Stops the embedded server a killed Docket (SIGKILL) left running in `dataDir` — what the
 * next start does by itself — for tools and tests that end there.
 */
export async function stopLeftoverEmbeddedPostgres(dataDir: string, logger: Logger = silentLogger): Promise<void> {
  await stopOrphanedPostmaster(path.join(path.resolve(dataDir), 'pgdata'), logger);
}

/**
 * DATA_DIR holds the database, the blobs and the signing key: only Docket may enter it. As
 * root, the server account's group may pass through it (0710) to reach pgdata, nothing more.
 */
async function secureDataDir(dataDir: string, account: ServerAccount | undefined): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  if (account) await chown(dataDir, process.getuid!(), account.gid);
  await chmod(dataDir, account ? 0o710 : 0o700);
}

/** The cluster in pgdata if Docket made it; undefined when there is none yet; an error otherwise. */
async function existingCluster(dataDir: string, pgdata: string): Promise<ClusterFile | undefined> {
  const cluster = await readClusterFile(dataDir);
  const entries = await readdir(pgdata).catch(() => []);
  if (entries.length === 0) return undefined;
  if (!cluster) {
    throw new Error(
      `${pgdata} holds a database this version of Docket did not create (an earlier Docket's PGlite engine?). ` +
        'Nothing was changed. To keep its data, export it with the Docket version that wrote it and import it here; ' +
        'to start afresh, move that directory away. README.md, "Moving data", explains both.',
    );
  }
  if (cluster.major !== POSTGRES_MAJOR) {
    throw new Error(
      `${pgdata} holds a PostgreSQL ${cluster.major} database and this Docket runs PostgreSQL ${POSTGRES_MAJOR}. ` +
        `Nothing was changed. Dump it with the Docket version that wrote it and restore it here (README.md, "Moving data"); ${clusterFilePath(dataDir)} names its user and password.`,
    );
  }
  return cluster;
}

/** Docket's database in the cluster, created on the first start (and after a start cut short before it). */
async function ensureDatabase(cluster: ClusterFile, transport: Transport): Promise<void> {
  const client = new pg.Client({ connectionString: connectionUrl(cluster, transport, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [cluster.database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${cluster.database}"`);
  } finally {
    await client.end();
  }
}

function connectionUrl(cluster: ClusterFile, transport: Transport, database: string): string {
  const credentials = `${encodeURIComponent(cluster.user)}:${encodeURIComponent(cluster.password)}`;
  return transport.kind === 'socket'
    ? `postgresql://${credentials}@localhost/${database}?host=${encodeURIComponent(transport.directory)}`
    : `postgresql://${credentials}@127.0.0.1:${transport.port}/${database}?sslmode=disable`;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
