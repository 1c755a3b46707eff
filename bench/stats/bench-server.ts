import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHistogram, monitorEventLoopDelay, type Histogram, type RecordableHistogram } from 'node:perf_hooks';
import express from 'express';
import { pino } from 'pino';
import { loadApiConfig, organizationCaps, rateLimitSettings } from '@docket/api/config';
import { createApp } from '@docket/api/create-app';
import { createMetrics } from '@docket/api/http/metrics';
import { verifyAccessToken } from '@docket/auth/access-token';
import { createCallerResolver } from '@docket/auth/organizations/memberships';
import { migrate } from '@docket/db/migrate';
import { databaseUrlFor } from '@docket/db/database-url';
import type { SqlPool } from '@docket/db/create-prisma';
import { createJobQueue, type JobQueue } from '@docket/queue/job-queue';
import { openInfrastructure, type Infrastructure } from '@docket/runtime/open-infrastructure';
import { seedHistory, type SeededUser } from './seed-history.ts';
import { adminQuery } from '../server-admin.ts';
import { createApiCallMeter } from '@docket/jobs/api-call-meter';

const JWT_SECRET = 'benchmark-secret-benchmark-secret-benchmark';

export type BenchServer = {
  base: string;
  /** The heavy user's access token. */
  token: string;
  heavy: SeededUser;
  infrastructure: Infrastructure;
  queue: JobQueue;
  dataDir: string;
  databaseUrl: string;
  /**
   * Where a request's time went since the last call: the API's event-loop delay and the
   * round trip (pool wait + Postgres) of each named statement the routes ran, p50/p99 in ms.
   */
  timings(): ServerTimings;
  close(): Promise<void>;
};

export type ServerTimings = { eventLoopDelay: { p50: number; p99: number }; statements: Record<string, { count: number; p50: number; p99: number }> };

/**
 * A database loaded with `jobs` jobs for one heavy user (a fresh database on `serverUrl`, or
 * `databaseUrl` as given) and the API on a free port, as `pnpm start` runs it, plus two
 * routes to compare with: a bare Express JSON route (the ceiling) and the naive way.
 */
export async function openBenchServer(options: { jobs: number; serverUrl: string; databaseUrl?: string; keep?: boolean; log: (line: string) => void }): Promise<BenchServer> {
  const databaseName = `docket_bench_${Date.now()}`;
  if (!options.databaseUrl) await adminQuery(options.serverUrl, `CREATE DATABASE ${databaseName}`);
  const databaseUrl = options.databaseUrl ?? databaseUrlFor(options.serverUrl, databaseName);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'docket-bench-'));
  const logger = pino({ level: 'warn' });

  await migrate({ databaseUrl });
  const infrastructure = await openInfrastructure({ databaseUrl, dataDir, maxAttempts: 3, logger });
  const heavy = await seedHistory(infrastructure.db, { jobs: options.jobs, backgroundUsers: 5, backgroundJobs: Math.min(20_000, Math.ceil(options.jobs / 50)), log: options.log });
  const queue = createJobQueue(infrastructure.boss);

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const statements = new Map<string, RecordableHistogram>();
  const app = express();
  app.get('/bench/bare', (_req, res) => {
    res.json({ total_jobs: 0, documents_processed: 0 });
  });
  // The usual way, as a baseline: the last 1,000 jobs counted in code (and wrong beyond 1,000).
  app.get('/bench/naive-stats', async (req, res) => {
    const { userId } = verifyAccessToken(JWT_SECRET, req.get('authorization')!.slice(7));
    const jobs = await infrastructure.db.job.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, take: 1000 });
    const byStatus: Record<string, number> = { queued: 0, processing: 0, completed: 0, failed: 0, cancelled: 0 };
    let documents = 0;
    let processed = 0;
    for (const job of jobs) {
      byStatus[job.status]! += 1;
      documents += job.totalDocuments;
      processed += job.processedCount;
    }
    res.json({ total_jobs: jobs.length, total_documents: documents, documents_processed: processed, jobs_by_status: byStatus, recent_activity: jobs.slice(0, 5) });
  });
  app.use(
    createApp({
      // As `pnpm start` runs it: with the metrics middleware timing every request.
      metrics: createMetrics({ db: infrastructure.db, clock: infrastructure.clock, queueDepth: async () => [] }),
      db: infrastructure.db,
      sql: timedPool(infrastructure.sql, statements),
      queue,
      boss: infrastructure.boss,
      blobs: infrastructure.blobs,
      clock: infrastructure.clock,
      callers: createCallerResolver(infrastructure.sql, infrastructure.clock),
      apiCalls: createApiCallMeter({ db: infrastructure.db, clock: infrastructure.clock, onError: () => undefined }),
      logger,
      settings: { jwtSecret: JWT_SECRET, passwordHashing: { cost: 1024, concurrency: 2, queueTimeoutMs: 5_000 }, rateLimits: rateLimitSettings(loadApiConfig({})), organizationCaps: organizationCaps(loadApiConfig({})), maxFileSizeBytes: 1 << 20, maxFiles: 10, storageQuotaBytes: Number.MAX_SAFE_INTEGER, minFreeDiskBytes: 0, tempDir: dataDir, allowPrivateCallbacks: false },
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: heavy.email, password: heavy.password }) });
  const { access_token: token } = (await login.json()) as { access_token: string };

  return {
    base,
    token,
    heavy,
    infrastructure,
    queue,
    dataDir,
    databaseUrl,
    timings() {
      const ms = (histogram: Histogram, percentile: number) => Math.round(histogram.percentile(percentile) / 1e4) / 100;
      const result: ServerTimings = {
        eventLoopDelay: { p50: ms(loopDelay, 50), p99: ms(loopDelay, 99) },
        statements: Object.fromEntries([...statements].map(([name, histogram]) => [name, { count: histogram.count, p50: ms(histogram, 50), p99: ms(histogram, 99) }])),
      };
      loopDelay.reset();
      statements.clear();
      return result;
    },
    async close() {
      loopDelay.disable();
      await new Promise((resolve) => server.close(resolve));
      await infrastructure.close();
      await rm(dataDir, { recursive: true, force: true });
      if (!options.databaseUrl && !options.keep) await adminQuery(options.serverUrl, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    },
  };
}


/** The pool with every named statement's round trip recorded (ns) in `into`, by name. */
function timedPool(pool: SqlPool, into: Map<string, RecordableHistogram>): SqlPool {
  const query = async (config: { name?: string }, ...rest: unknown[]) => {
    const started = process.hrtime.bigint();
    const result = await (pool.query as (...args: unknown[]) => Promise<unknown>)(config, ...rest);
    if (config.name) {
      if (!into.has(config.name)) into.set(config.name, createHistogram());
      into.get(config.name)!.record(Math.max(1, Number(process.hrtime.bigint() - started)));
    }
    return result;
  };
  return new Proxy(pool, {
    get(target, property) {
      if (property === 'query') return query;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
