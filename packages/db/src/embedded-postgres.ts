import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir } from './data-dir-lock.ts';
import { silentLogger, type Logger } from './logger.ts';

export type EmbeddedPostgres = { databaseUrl: string; stop(): Promise<void> };

/**
 * Postgres in this process: PGlite with its data in `<dataDir>/pgdata`, served on a
 * loopback port by pglite-socket, so Prisma and pg-boss connect with ordinary
 * `postgresql://` URLs — the same code path as a real server. PGlite is single-session:
 * the socket server multiplexes connections and runs one connection's transaction at a
 * time. LISTEN/NOTIFY does not cross connections here, so the queue polls in this mode.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port?: number; logger?: Logger }): Promise<EmbeddedPostgres> {
  const logger = options.logger ?? silentLogger;
  const dataPath = path.join(path.resolve(options.dataDir), 'pgdata');
  await mkdir(dataPath, { recursive: true });
  const unlock = await lockDataDir(path.dirname(dataPath));
  const db = await PGlite.create({ dataDir: dataPath });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0, maxConnections: 100 });
  server.addEventListener('error', (event) => logger.warn({ err: (event as CustomEvent).detail }, 'embedded Postgres socket error'));
  await server.start();
  const address = server.getServerConn();
  logger.info({ dataPath, address }, 'embedded Postgres started');
  return {
    databaseUrl: `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
      await unlock();
    },
  };
}
