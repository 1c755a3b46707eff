// `pnpm bench:queue`: the embedded engine (what `pnpm start` runs with no DATABASE_URL) next
// to a PostgreSQL server (a fresh database on BENCH_DATABASE_SERVER, default the local one),
// in one run, each behind a Docket process started as `pnpm start` starts it (the bundle,
// `node apps/api/dist/main.mjs`, built at the start of the run; its embedded database is its
// own child process):
//   1. idle pick-up: BENCH_PICKUPS single-file jobs submitted one at a time to an idle
//      Docket (API + worker); time from the job's creation to the worker starting its
//      document (both stamps from the Docket process's clock), p50/p99;
//   2. ingest: POST /api/jobs with one 10 KB text file, BENCH_CONNECTIONS clients for
//      BENCH_SECONDS, API only (RUN_WORKER=false) so ingest is measured alone; jobs/s,
//      latency, and the CPU per upload of the Docket process and of the database's
//      backends (what limits it).
// Results go to BENCHMARKS.md ("Embedded engine and PostgreSQL server: pick-up and ingest");
// the last line sums them up for comparing runs.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { databaseUrlFor } from '@docket/db/database-url';
import { runningEmbeddedPostgresUrl } from '@docket/db/embedded-postgres';
import { buildServerBundles } from '../../scripts/server-bundles.ts';
import { replaceSection } from '../benchmarks-file.ts';
import { signUp, TEN_KB_TEXT, writeUploadBody } from '../docket-requests.ts';
import { startNodeProcess, type NodeProcess } from '../node-process.ts';
import { adminQuery } from '../server-admin.ts';
import type { Measurement } from '../stats/measure-route.ts';
import { measureSaturatedUploads } from '../throughput/measure-ingest.ts';

const SERVER_URL = process.env.BENCH_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const PICKUPS = Number(process.env.BENCH_PICKUPS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const JWT_SECRET = 'benchmark-secret-benchmark-secret-benchmark';
const log = (line: string) => process.stderr.write(`${line}\n`);

type Engine = { name: 'embedded' | 'server'; dataDir: string; env: Record<string, string>; dispose(): Promise<void> };
type Result = { engine: Engine['name']; pickup: { p50: number; p99: number }; ingest: Measurement; nodeMsPerJob: number; postgresMsPerJob: number };
type RunningDocket = { url: string; pid: number; databaseUrl: string };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const perJob = (ms: number | undefined, jobs: number) => Math.round(((ms ?? 0) / Math.max(jobs, 1)) * 10) / 10;

/** A Docket process as `pnpm start` runs it, on the engine, for as long as `use` runs. */
async function withDocket<T>(engine: Engine, env: Record<string, string>, use: (docket: RunningDocket) => Promise<T>): Promise<T> {
  const docket: NodeProcess = startNodeProcess('apps/api/dist/main.mjs', {
    PORT: '0',
    HOST: '127.0.0.1',
    PASSWORD_COST: '1024',
    LOG_LEVEL: 'warn',
    DATA_DIR: engine.dataDir,
    ...engine.env,
    ...env,
  });
  try {
    const url = await docket.listening();
    const databaseUrl = engine.env.DATABASE_URL ?? (await runningEmbeddedPostgresUrl(engine.dataDir));
    if (!databaseUrl) throw new Error(`no embedded database running in ${engine.dataDir}`);
    return await use({ url, pid: docket.pid, databaseUrl });
  } finally {
    await docket.stop();
  }
}

function uploadForm(content: string): FormData {
  const form = new FormData();
  form.append('files', new Blob([content], { type: 'text/plain' }), 'note.txt');
  return form;
}

/** Jobs submitted one at a time to an idle Docket: created → the worker starts the document. */
async function measurePickup(engine: Engine): Promise<Result['pickup']> {
  return withDocket(engine, { RUN_WORKER: 'true' }, async (docket) => {
    const token = await signUp(docket.url);
    const db = new pg.Client({ connectionString: docket.databaseUrl });
    await db.connect();
    try {
      const latencies: number[] = [];
      for (let i = 0; i < PICKUPS; i++) {
        const reply = await fetch(`${docket.url}/api/jobs`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: uploadForm(`pick-up ${i}`) });
        const { id } = (await reply.json()) as { id: string };
        for (;;) {
          const { rows } = await db.query<{ ms: number | null }>(
            'SELECT EXTRACT(EPOCH FROM (d.started_at - j.created_at)) * 1000 AS ms FROM documents d JOIN jobs j ON j.id = d.job_id WHERE j.id = $1',
            [id],
          );
          if (rows[0]?.ms != null) {
            latencies.push(Number(rows[0].ms));
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        // Idle between submissions: every pick-up starts from a waiting worker.
        await new Promise((resolve) => setTimeout(resolve, 100));
        if ((i + 1) % 10 === 0) log(`  ${engine.name}: ${i + 1}/${PICKUPS} pick-ups`);
      }
      latencies.sort((a, b) => a - b);
      return { p50: Math.round(percentile(latencies, 50) * 10) / 10, p99: Math.round(percentile(latencies, 99) * 10) / 10 };
    } finally {
      await db.end();
    }
  });
}

/** Uploads saturating an API-only Docket, with the CPU per upload of the Docket process and of its database's backends. */
async function measureIngest(engine: Engine, post: { bodyFile: string; contentType: string }): Promise<Omit<Result, 'engine' | 'pickup'>> {
  // One user uploads far beyond the per-user default (600/min): the limiter still runs, it just never refuses.
  return withDocket(engine, { RUN_WORKER: 'false', RATE_LIMIT_UPLOADS: '100000000/1m', MIN_FREE_DISK_MB: '0' }, async (docket) => {
    const token = await signUp(docket.url);
    log(`  ${engine.name}: ingest, ${CONNECTIONS} clients, ${SECONDS} s after a 2 s warm-up…`);
    const database = { serverUrl: docket.databaseUrl, name: new URL(docket.databaseUrl).pathname.slice(1) };
    const run = await measureSaturatedUploads({ name: `POST /api/jobs (${engine.name})`, urls: [`${docket.url}/api/jobs`], pids: [docket.pid], token, post, connections: CONNECTIONS, seconds: SECONDS, warmUpSeconds: 2, database });
    const { saturated, cpu } = run;
    // An answer other than 202 is not an ingested job: a run with any is a broken run, not a number.
    if (saturated.errors > 0) throw new Error(`${engine.name}: ${saturated.errors} of the uploads were not accepted`);
    return {
      ingest: { ...saturated, rps: saturated.succeeded / SECONDS },
      nodeMsPerJob: perJob(cpu.nodeMs, saturated.succeeded),
      postgresMsPerJob: perJob(cpu.postgresMs, saturated.succeeded),
    };
  });
}

async function embeddedEngine(): Promise<Engine> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'docket-bench-embedded-'));
  return { name: 'embedded', dataDir, env: {}, dispose: () => rm(dataDir, { recursive: true, force: true }) };
}

async function serverEngine(): Promise<Engine> {
  const name = `docket_bench_queue_${Date.now()}`;
  await adminQuery(SERVER_URL, `CREATE DATABASE ${name}`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'docket-bench-server-'));
  return {
    name: 'server',
    dataDir,
    env: { DATABASE_URL: databaseUrlFor(SERVER_URL, name), JWT_SECRET },
    async dispose() {
      await adminQuery(SERVER_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function main() {
  await buildServerBundles(['api']);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'docket-bench-body-'));
  const upload = await writeUploadBody(scratch, { name: 'note.txt', type: 'text/plain', content: TEN_KB_TEXT });

  const results: Result[] = [];
  try {
    for (const open of [embeddedEngine, serverEngine]) {
      const engine = await open();
      log(`— ${engine.name} —`);
      try {
        const pickup = await measurePickup(engine);
        results.push({ engine: engine.name, pickup, ...(await measureIngest(engine, upload)) });
      } finally {
        await engine.dispose();
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }

  const row = (r: Result) => `| ${r.engine === 'embedded' ? 'embedded (`pnpm start`, Unix socket)' : 'PostgreSQL 15 server (TCP, localhost)'} | ${r.pickup.p50} | ${r.pickup.p99} | ${Math.round(r.ingest.rps)} | ${r.ingest.p50} | ${r.ingest.p99} | ${r.nodeMsPerJob} | ${r.postgresMsPerJob} |`;
  const [embedded, server] = results as [Result, Result];
  const section = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, with \`pnpm bench:queue\`: each engine behind a Docket process started as \`pnpm start\` starts it (the bundle; the embedded database is its child process). Pick-up: ${PICKUPS} single-file jobs submitted one at a time to an idle Docket (API + worker), time from the job's creation to the worker starting its document. Ingest: \`POST /api/jobs\` with one 10 KB text file, autocannon in its own process, ${CONNECTIONS} connections, ${SECONDS} s after a 2 s warm-up, API only (\`RUN_WORKER=false\`), every answer a 202 (a run with any other answer stops with an error); CPU from /proc: the Docket process (its embedded database left out) and the database's backends (the shared WAL writer and checkpointer left out). Latencies in ms.`,
    '',
    '| engine | pick-up p50 | pick-up p99 | ingest jobs/s | ingest p50 | ingest p99 | Docket CPU ms per upload | Postgres CPU ms per upload |',
    '|---|---|---|---|---|---|---|---|',
    row(embedded),
    row(server),
    '',
    '| target | embedded | server | |',
    '|---|---|---|---|',
    `| idle pick-up p50 ≤ 20 ms (LISTEN/NOTIFY) | ${embedded.pickup.p50} ms | ${server.pickup.p50} ms | ${Math.max(embedded.pickup.p50, server.pickup.p50) <= 20 ? 'met' : 'missed'} |`,
    `| ingest ≥ 300 single-file jobs/s | ${Math.round(embedded.ingest.rps)} | ${Math.round(server.ingest.rps)} | ${Math.min(embedded.ingest.rps, server.ingest.rps) >= 300 ? 'met' : 'missed'} |`,
  ].join('\n');
  const current = await readFile('BENCHMARKS.md', 'utf8').catch(() => '');
  await writeFile('BENCHMARKS.md', replaceSection(current, 'Embedded engine and PostgreSQL server: pick-up and ingest', section));
  log(section);
  console.log(
    results.map((r) => `pickup_p50_ms_${r.engine}=${r.pickup.p50} pickup_p99_ms_${r.engine}=${r.pickup.p99} ingest_jobs_s_${r.engine}=${Math.round(r.ingest.rps)} ingest_p99_ms_${r.engine}=${r.ingest.p99}`).join(' '),
  );
}

await main();
