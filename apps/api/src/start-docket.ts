import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type express from 'express';
import type { Logger } from 'pino';
import { createCallerResolver } from '@docket/auth/organizations/memberships';
import { createProviderSignIn } from '@docket/auth/oidc/provider-sign-in';
import { createPasswordHasher } from '@docket/auth/password-hasher';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@docket/db/embedded-postgres';
import { migrate } from '@docket/db/migrate';
import { createApiCallMeter } from '@docket/jobs/api-call-meter';
import { createJobQueue } from '@docket/queue/job-queue';
import { DOCKET_QUEUES } from '@docket/queue/queues';
import { sweepTempFiles } from '@docket/storage/sweep-temp-files';
import { openInfrastructure } from '@docket/runtime/open-infrastructure';
import { startWorker } from '@docket/runtime/start-worker';
import { applyAdminSettings } from './apply-admin-settings.ts';
import { organizationCaps, passwordHashingSettings, providerSignInSettings, rateLimitSettings, type ApiConfig } from './config.ts';
import { createApp } from './create-app.ts';
import { listen, type Listening } from './http/listen.ts';
import { createMetrics } from './http/metrics.ts';
import { resolveJwtSecret } from './resolve-jwt-secret.ts';

const DASHBOARD_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

export type RunningDocket = {
  /** Base URL the API listens on. */
  url: string;
  /** The Express app it serves (tests walk its routes). */
  app: express.Express;
  /** Where the data lives, for the start-up banner (no password). */
  database: string;
  /** The database's connection URL, password included (for tests and tools, never logged). */
  databaseUrl: string;
  stop(): Promise<void>;
};

/**
 * Brings up a whole Docket: the database (Docket's own PostgreSQL unless DATABASE_URL is set),
 * migrations, the queue, the HTTP API and, unless RUN_WORKER=false, a worker in this
 * process. `stop()` stops accepting requests, lets documents in flight finish (or hands
 * them back to the queue) and closes everything in reverse order.
 */
export async function startDocket(config: ApiConfig, logger: Logger): Promise<RunningDocket> {
  const dataDir = path.resolve(config.DATA_DIR);
  let embedded: EmbeddedPostgres | undefined;
  if (!config.DATABASE_URL) embedded = await startEmbeddedPostgres({ dataDir, logger });
  const tempDir = path.join(dataDir, 'tmp');
  await mkdir(tempDir, { recursive: true, mode: 0o700 });
  const databaseUrl = config.DATABASE_URL ?? embedded!.databaseUrl;
  const database = embedded ? embedded.description : redact(databaseUrl);

  const { applied } = await migrate({ databaseUrl, logger });
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const infrastructure = await openInfrastructure({ databaseUrl, dataDir, maxAttempts: config.MAX_ATTEMPTS, callbackRetryDelaySeconds: config.CALLBACK_RETRY_DELAY_SECONDS, logger });
  await sweepTempFiles(tempDir, { now: infrastructure.clock(), logger });
  const jwtSecret = await resolveJwtSecret({ configured: config.JWT_SECRET, dataDir, embedded: Boolean(embedded) });
  try {
    await applyAdminSettings(config, { db: infrastructure.db, clock: infrastructure.clock, passwords: createPasswordHasher(passwordHashingSettings(config)) }, logger);
  } catch (error) {
    await infrastructure.close();
    await embedded?.stop();
    throw error;
  }

  const metrics = createMetrics({
    db: infrastructure.db,
    clock: infrastructure.clock,
    token: config.METRICS_TOKEN,
    queueDepth: async () =>
      (await infrastructure.boss.getQueues([...DOCKET_QUEUES])).map((queue) => ({
        queue: queue.name,
        queued: queue.queuedCount,
        active: queue.activeCount,
        deferred: queue.deferredCount,
      })),
  });
  const apiCalls = createApiCallMeter({
    db: infrastructure.db,
    clock: infrastructure.clock,
    onError: (error) => logger.warn({ err: error }, 'api_calls meter flush failed; kept for the next one'),
    onDropped: (calls) => logger.warn({ calls }, 'api_calls meter full while its writes fail: calls not counted'),
  });
  const oidc = providerSignInSettings(config);
  const app = createApp({
    metrics,
    oidc: oidc && createProviderSignIn({ db: infrastructure.db, clock: infrastructure.clock }, oidc),
    db: infrastructure.db,
    sql: infrastructure.sql,
    queue: createJobQueue(infrastructure.boss),
    boss: infrastructure.boss,
    blobs: infrastructure.blobs,
    clock: infrastructure.clock,
    logger,
    callers: createCallerResolver(infrastructure.sql, infrastructure.clock),
    apiCalls,
    settings: {
      jwtSecret,
      passwordHashing: passwordHashingSettings(config),
      rateLimits: rateLimitSettings(config),
      organizationCaps: organizationCaps(config),
      maxFileSizeBytes: Math.round(config.MAX_FILE_SIZE_MB * 1024 * 1024),
      maxFiles: config.MAX_FILES,
      storageQuotaBytes: Math.round(config.STORAGE_QUOTA_MB * 1024 * 1024),
      minFreeDiskBytes: Math.round(config.MIN_FREE_DISK_MB * 1024 * 1024),
      tempDir,
      publicUrl: config.PUBLIC_URL,
      allowPrivateCallbacks: config.CALLBACK_ALLOW_PRIVATE,
      dashboardDir: DASHBOARD_DIR,
    },
  });
  let server: Listening;
  try {
    server = await listen(app, {
      port: config.PORT,
      host: config.HOST,
      headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    });
  } catch (error) {
    await infrastructure.close();
    await embedded?.stop();
    throw error;
  }

  const worker = config.RUN_WORKER ? await startWorker(infrastructure, config, { logger, onDocumentSettled: metrics.observeDocument }) : undefined;

  return {
    url: `http://${['0.0.0.0', '::'].includes(config.HOST) ? 'localhost' : config.HOST}:${server.port}`,
    app,
    database,
    databaseUrl,
    async stop() {
      await server.close();
      await apiCalls.stop();
      await worker?.stop();
      await infrastructure.close();
      await embedded?.stop();
    },
  };
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
