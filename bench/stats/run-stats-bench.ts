// `pnpm bench:stats`: history statistics at scale, in one run:
//   1. a fresh database (DATABASE_URL, else a new one on the local Postgres) with
//      BENCH_JOBS jobs (default 1,000,000, ~10 documents each) for one heavy user;
//   2. the API on a free port, loaded with autocannon: GET /api/history/stats, the
//      analytics endpoint (31 days hourly, 366 days daily), a bare Express JSON route (the
//      ceiling) and the naive way (load the last 1,000 jobs, count in code);
//   3. latency at a fixed offered load (BENCH_RATE requests/s), idle and while a writer
//      workload submits and processes jobs for that user.
// Results go to BENCHMARKS.md; the last line sums them up for comparing runs.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import pg from 'pg';
import { pino } from 'pino';
import { verifyAccessToken } from '@docket/auth/access-token';
import { createApp } from '@docket/api/create-app';
import { createMetrics } from '@docket/api/http/metrics';
import { migrate } from '@docket/db/migrate';
import { databaseUrlFor } from '@docket/db/test-database';
import { createDocumentQueue } from '@docket/queue/enqueue-documents';
import { openQueueRuntime } from '@docket/worker/open-queue-runtime';
import { replaceSection } from '../benchmarks-file.ts';
import { measureRoute, type Measurement } from './measure-route.ts';
import { seedHistory } from './seed-history.ts';
import { startWriters } from './writer-workload.ts';

const JOBS = Number(process.env.BENCH_JOBS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
// The offered load for the latency rows: well below saturation, as a dashboard fleet polls.
const RATE = Number(process.env.BENCH_RATE ?? 200);
const JWT_SECRET = 'benchmark-secret-benchmark-secret-benchmark';
const log = (line: string) => process.stderr.write(`${line}\n`);

const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const databaseName = `docket_bench_${Date.now()}`;
const ownDatabase = !process.env.DATABASE_URL;
if (ownDatabase) await adminQuery(`CREATE DATABASE ${databaseName}`);
const databaseUrl = ownDatabase ? databaseUrlFor(serverUrl, databaseName) : serverUrl;
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'docket-bench-'));
const logger = pino({ level: 'warn' });

try {
  await migrate({ databaseUrl });
  const runtime = await openQueueRuntime({ databaseUrl, dataDir, embedded: false, maxAttempts: 3, logger });
  const heavy = await seedHistory(runtime.db, { jobs: JOBS, backgroundUsers: 5, backgroundJobs: Math.min(20_000, Math.ceil(JOBS / 50)), log });
  const queue = createDocumentQueue(runtime.boss);

  const app = express();
  app.get('/bench/bare', (_req, res) => {
    res.json({ total_jobs: 0, documents_processed: 0 });
  });
  // The usual way, as a baseline: the last 1,000 jobs counted in code (and wrong beyond 1,000).
  app.get('/bench/naive-stats', async (req, res) => {
    const { userId } = verifyAccessToken(JWT_SECRET, req.get('authorization')!.slice(7));
    const jobs = await runtime.db.job.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, take: 1000 });
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
      metrics: createMetrics({ db: runtime.db, queueDepth: async () => [] }),
      db: runtime.db,
      sql: runtime.sql,
      queue,
      boss: runtime.boss,
      blobs: runtime.blobs,
      logger,
      settings: { jwtSecret: JWT_SECRET, adminEmails: [], passwordCost: 1024, maxFileSizeBytes: 1 << 20, maxFiles: 10, tempDir: dataDir },
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: heavy.email, password: heavy.password }) });
  const { access_token: token } = (await login.json()) as { access_token: string };

  const now = Date.now();
  const hourly = `${base}/api/history/analytics?from=${now - 31 * 86_400_000}&to=${now}&granularity=hourly`;
  const daily = `${base}/api/history/analytics?from=${now - 366 * 86_400_000}&to=${now}&granularity=daily`;
  const run = (name: string, url: string, options: { auth?: boolean; rate?: number } = {}) => {
    log(`measuring ${name} (${SECONDS} s, ${CONNECTIONS} connections${options.rate ? `, ${options.rate} req/s` : ', saturated'})…`);
    return measureRoute(name, url, { token: options.auth === false ? undefined : token, seconds: SECONDS, connections: CONNECTIONS, rate: options.rate });
  };

  const saturated: Measurement[] = [];
  saturated.push(await run('bare Express JSON route', `${base}/bench/bare`, { auth: false }));
  saturated.push(await run('GET /api/history/stats', `${base}/api/history/stats`));
  saturated.push(await run('analytics, 31 days hourly', hourly));
  saturated.push(await run('analytics, 366 days daily', daily));
  saturated.push(await run('naive: last 1,000 jobs counted in code', `${base}/bench/naive-stats`));

  const paced: Measurement[] = [];
  paced.push(await run('GET /api/history/stats', `${base}/api/history/stats`, { rate: RATE }));
  paced.push(await run('analytics, 31 days hourly', hourly, { rate: RATE }));
  paced.push(await run('analytics, 366 days daily', daily, { rate: RATE }));
  log('starting the writer workload…');
  const writers = startWriters({ db: runtime.db, queue, blobs: runtime.blobs }, heavy.userId, dataDir, 2);
  paced.push(await run('GET /api/history/stats, writers running', `${base}/api/history/stats`, { rate: RATE }));
  paced.push(await run('analytics 31 days hourly, writers running', hourly, { rate: RATE }));
  const written = await writers.stop();
  const writeSeconds = SECONDS * 2;

  const byName = (list: Measurement[], name: string) => list.find((m) => m.name === name)!;
  const stats = byName(saturated, 'GET /api/history/stats');
  const bare = byName(saturated, 'bare Express JSON route');
  const naive = byName(saturated, 'naive: last 1,000 jobs counted in code');
  const statsPaced = byName(paced, 'GET /api/history/stats');
  const statsBusy = byName(paced, 'GET /api/history/stats, writers running');
  const hourlyPaced = byName(paced, 'analytics, 31 days hourly');
  const hourlyBusy = byName(paced, 'analytics 31 days hourly, writers running');
  const speedup = naive.p99 / Math.max(stats.p99, 1);
  const statsP99 = Math.max(statsPaced.p99, statsBusy.p99);
  const analyticsP99 = Math.max(hourlyPaced.p99, hourlyBusy.p99);

  const table = (rows: Measurement[]) => rows.map((m) => `| ${m.name} | ${m.p50} | ${m.p99} | ${Math.round(m.rps).toLocaleString('en')} | ${m.errors} |`).join('\n');
  const section = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, PostgreSQL server on localhost, with \`BENCH_JOBS=${JOBS} pnpm bench:stats\`: one user with ${JOBS.toLocaleString('en')} jobs (~${(JOBS * 10).toLocaleString('en')} documents) plus 5 background users; the API as \`pnpm start\` runs it (metrics on, request logging at warn); autocannon in its own process, ${CONNECTIONS} connections, ${SECONDS} s per row. Latencies in ms.`,
    '',
    'Saturated (as many requests as the server takes: throughput; latency here is mostly queueing):',
    '',
    '| route | p50 | p99 | requests/s | errors |',
    '|---|---|---|---|---|',
    table(saturated),
    '',
    `At a fixed offered load of ${RATE} requests/s (latency as a client sees it):`,
    '',
    '| route | p50 | p99 | requests/s | errors |',
    '|---|---|---|---|---|',
    table(paced),
    '',
    `Writer workload during the last two rows: ${written} jobs submitted and processed (${(written / writeSeconds).toFixed(1)} jobs/s, each one transaction to submit, one to claim, one to record).`,
    '',
    '| target (DESIGN.md) | measured | |',
    '|---|---|---|',
    `| stats p99 ≤ 10 ms, writers running | ${statsPaced.p99} ms idle, ${statsBusy.p99} ms with writers at ${RATE} req/s; ${stats.p99} ms saturated | ${statsP99 <= 10 ? 'met' : 'missed'} at ${RATE} req/s |`,
    `| stats ≥ 100× faster than the naive way (p99, saturated) | ${speedup.toFixed(1)}× (${naive.p99} ms vs ${stats.p99} ms) | ${speedup >= 100 ? 'met' : 'missed'} |`,
    `| analytics 31 days hourly p99 ≤ 20 ms | ${hourlyPaced.p99} ms idle, ${hourlyBusy.p99} ms with writers at ${RATE} req/s | ${analyticsP99 <= 20 ? 'met' : 'missed'} |`,
    `| stats throughput ≥ 40% of the bare route | ${((stats.rps / bare.rps) * 100).toFixed(0)}% (${Math.round(stats.rps).toLocaleString('en')} vs ${Math.round(bare.rps).toLocaleString('en')} req/s) | ${stats.rps / bare.rps >= 0.4 ? 'met' : 'missed'} |`,
  ].join('\n');
  const { readFile, writeFile } = await import('node:fs/promises');
  const current = await readFile('BENCHMARKS.md', 'utf8').catch(() => '');
  await writeFile('BENCHMARKS.md', replaceSection(current, `History statistics at ${JOBS.toLocaleString('en')} jobs`, section));
  log(section);

  server.close();
  await runtime.close();
  console.log(
    `stats p99_ms=${statsP99} analytics_p99_ms=${analyticsP99} naive_p99_ms=${naive.p99} speedup=${speedup.toFixed(1)} stats_rps=${Math.round(stats.rps)} bare_rps=${Math.round(bare.rps)} jobs=${JOBS}`,
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
  if (ownDatabase && !process.env.BENCH_KEEP) await adminQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
