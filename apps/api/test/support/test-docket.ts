import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { createDatabase, type Db } from '@docket/db/create-prisma';
import { createTestDatabase } from '@docket/db/test-support/test-database';
import { loadApiConfig } from '../../src/config.ts';
import { startDocket, type RunningDocket } from '../../src/start-docket.ts';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/**
 * Tests sign up hundreds of users from 127.0.0.1 and upload as fast as they can: test Dockets
 * get limits no test reaches unless it sets its own (the production defaults stay as they are).
 */
export const UNREACHABLE_RATE_LIMITS = Object.fromEntries(
  ['SIGN_IN_IP', 'SIGN_IN_EMAIL', 'REFRESH_IP', 'REFRESH_ACCOUNT', 'UPLOADS', 'REDELIVERIES', 'TOKEN_CREATION', 'WEBHOOKS', 'ORGANIZATION_CREATION', 'INVITATION_CREATION', 'ORGANIZATIONS_IP', 'INVITATION_CODES_IP', 'INVITATION_CODES_ACCOUNT'].map((name) => [`RATE_LIMIT_${name}`, '1000000/1s']),
);

export type TestDocket = {
  url: string;
  /** The Express app behind `url`. */
  app: RunningDocket['app'];
  databaseUrl: string;
  dataDir: string;
  /** A separate client for recounts straight from the source rows. */
  db: Db;
  stop(): Promise<void>;
};

/** True in the run of the suite on the embedded engine (`pnpm test` runs the integration tests on both). */
export const ON_EMBEDDED_ENGINE = process.env.DOCKET_TEST_ENGINE === 'embedded';

export type TestDocketOptions = {
  /** Run on the database of this Docket (a second API process of one installation) instead of a fresh one. */
  sharing?: TestDocket;
  /** Where the Docket logs (default: nowhere, or TEST_LOG_LEVEL). */
  logger?: Logger;
  /** No DATABASE_URL at all: what `pnpm start` gives a newcomer, its own PostgreSQL server in a fresh DATA_DIR. */
  embeddedDefault?: boolean;
};

/**
 * A real Docket (API + worker unless RUN_WORKER=false) on a free port, over a fresh
 * database cloned from the migrated template. Tests exercise it over HTTP only.
 */
export async function startTestDocket(env: Record<string, string> = {}, options: TestDocketOptions = {}): Promise<TestDocket> {
  const database = options.embeddedDefault ? undefined : options.sharing ? { databaseUrl: options.sharing.databaseUrl, drop: async () => {} } : await createTestDatabase();
  const dataDir = env.DATA_DIR ?? (await mkdtemp(path.join(os.tmpdir(), 'docket-test-')));
  const config = loadApiConfig({
    ...(database && { DATABASE_URL: database.databaseUrl, JWT_SECRET: TEST_JWT_SECRET }),
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PASSWORD_COST: '1024',
    WORKER_CONCURRENCY: '2',
    LOG_LEVEL: 'silent',
    ...UNREACHABLE_RATE_LIMITS,
    ...env,
  });
  let docket;
  try {
    docket = await startDocket(config, options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  } catch (error) {
    await database?.drop();
    if (!env.DATA_DIR) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { db } = createDatabase({ databaseUrl: docket.databaseUrl, maxConnections: 2 });
  return {
    url: docket.url,
    app: docket.app,
    databaseUrl: docket.databaseUrl,
    dataDir,
    db,
    async stop() {
      await db.$disconnect();
      await docket.stop();
      await database?.drop();
      if (!env.DATA_DIR) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
