// `pnpm bench:stats`: history statistics at scale, in one run:
//   1. for each size of BENCH_SCALE smaller than BENCH_JOBS (default 10,000 and 100,000), a
//      fresh database with that many jobs for one user, and stats/analytics latency at a
//      fixed load: how the cost grows (table + chart);
//   2. a fresh database (DATABASE_URL, else a new one on the local Postgres) with BENCH_JOBS
//      jobs (default 1,000,000, ~10 documents each) for one heavy user, the API on a free
//      port loaded with autocannon: GET /api/history/stats, the analytics endpoint (31 days
//      hourly, 366 days daily), a bare Express JSON route (the ceiling) and the naive way
//      (load the last 1,000 jobs, count in code), saturated;
//   3. latency at a fixed offered load (BENCH_RATE requests/s), idle and while a writer
//      process submits and processes jobs for that user: at BENCH_WRITER_RATE jobs/s
//      (default 120, the target's "a writer at ≥ 100 jobs/s") and flat out.
// Results go to BENCHMARKS.md (and docs/bench/history-scaling.svg); the last line sums
// them up for comparing runs. BENCH_ONLY=writers measures part 3 alone (e.g. with
// BENCH_JOBS=100000: the analytics rows cost the same from ~10,000 jobs on, once every hour of
// the range holds jobs of every type) and prints its rows without touching BENCHMARKS.md.
// Each row's log lines add where the time went: the API's event-loop delay, the round trip of
// each statement the route ran, CPU per request (API, Postgres) and lock waits.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { replaceSection } from '../benchmarks-file.ts';
import { startResourceMeter } from '../resource-meter.ts';
import { openBenchServer, type BenchServer } from './bench-server.ts';
import { measureRoute, type Measurement } from './measure-route.ts';
import { scalingChartSvg, type ScalingPoint } from './scaling-chart.ts';
import { startWriterProcess, type WriterResult } from './writer-workload.ts';

const JOBS = Number(process.env.BENCH_JOBS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
// The offered load for the latency rows: well below saturation, as a fleet of dashboards polls.
const RATE = Number(process.env.BENCH_RATE ?? 200);
const WRITER_RATE = Number(process.env.BENCH_WRITER_RATE ?? 120);
const ONLY = process.env.BENCH_ONLY;
if (ONLY !== undefined && ONLY !== 'writers') throw new Error(`BENCH_ONLY: unknown part "${ONLY}"; the only part is writers`);
const SCALE = ONLY ? [] : (process.env.BENCH_SCALE ?? '10000,100000').split(',').map(Number).filter((size) => size > 0 && size < JOBS);
const SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const CHART = 'docs/bench/history-scaling.svg';
const log = (line: string) => process.stderr.write(`${line}\n`);

/** One row: a 2 s warm-up at the same load (JIT, plan and buffer caches), then the measurement. */
const run = async (server: BenchServer, name: string, route: string, options: { auth?: boolean; rate?: number } = {}) => {
  log(`measuring ${name} (${SECONDS} s, ${CONNECTIONS} connections${options.rate ? `, ${options.rate} req/s` : ', saturated'})…`);
  const load = { token: options.auth === false ? undefined : server.token, connections: CONNECTIONS, rate: options.rate };
  await measureRoute(name, `${server.base}${route}`, { ...load, seconds: 2 });
  server.timings();
  // CPU per request survives a busy machine better than latency: the API's (this process) and
  // Postgres's (every backend of the database, a running writer's included), with lock waits.
  const meter = await startResourceMeter({ nodePids: [], database: { serverUrl: SERVER_URL, name: new URL(server.databaseUrl).pathname.slice(1) } });
  const apiCpu = process.cpuUsage();
  const measured = await measureRoute(name, `${server.base}${route}`, { ...load, seconds: SECONDS });
  const { user, system } = process.cpuUsage(apiCpu);
  const use = await meter.stop();
  const { eventLoopDelay, statements } = server.timings();
  const spent = Object.entries(statements).map(([statement, t]) => `${statement} ${t.p50}/${t.p99} ms (${t.count})`);
  const perRequest = (ms: number) => (ms / Math.max(measured.succeeded, 1)).toFixed(2);
  const waits = Object.entries(use.locks.waiting).map(([statement, connections]) => `${statement} ${connections.toFixed(2)}`);
  log(`  p50/p99 ${measured.p50}/${measured.p99} ms; API event-loop delay ${eventLoopDelay.p50}/${eventLoopDelay.p99} ms${spent.length ? `; ${spent.join(', ')}` : ''}`);
  log(`  CPU per request: API ${perRequest((user + system) / 1000)} ms, Postgres ${perRequest(use.postgresMs ?? 0)} ms; lock waits (connections): ${waits.join(', ') || 'none'}`);
  return measured;
};

/** The stats and hourly analytics rows at the fixed load while a writer process runs (flat out without `rate`). */
async function measureUnderWriters(server: BenchServer, label: string, rate?: number): Promise<{ rows: Measurement[]; written: WriterResult }> {
  log(`starting the writer process (${label})…`);
  // Eight loops keep a steady rate when one job's three transactions wait on a busy disk; two saturate the machine.
  const writers = await startWriterProcess({ databaseUrl: server.databaseUrl, dataDir: server.dataDir, owner: server.heavy, loops: rate ? 8 : 2, rate });
  const rows = [
    await run(server, `GET /api/history/stats, ${label}`, '/api/history/stats', { rate: RATE }),
    await run(server, `analytics 31 days hourly, ${label}`, HOURLY, { rate: RATE }),
  ];
  const written = await writers.stop();
  log(`writers (${label}): ${written.jobs} jobs in ${written.seconds.toFixed(1)} s = ${(written.jobs / written.seconds).toFixed(1)} jobs/s`);
  return { rows, written };
}
const table = (rows: Measurement[]) => rows.map((m) => `| ${m.name} | ${m.p50} | ${m.p99} | ${Math.round(m.rps).toLocaleString('en')} | ${m.errors} |`).join('\n');
const header = ['| route | p50 | p99 | requests/s | errors |', '|---|---|---|---|---|'];
const achieved = ({ jobs, seconds }: WriterResult) => `${jobs} jobs in ${seconds.toFixed(0)} s, ${(jobs / seconds).toFixed(1)} jobs/s`;
const now = Date.now();
const HOURLY = `/api/history/analytics?from=${now - 31 * 86_400_000}&to=${now}&granularity=hourly`;
const DAILY = `/api/history/analytics?from=${now - 366 * 86_400_000}&to=${now}&granularity=daily`;

/** p99 of the three history reads at the fixed load: one point of the scaling chart. */
async function measureScalePoint(server: BenchServer, jobs: number): Promise<{ point: ScalingPoint; rows: Measurement[] }> {
  const rows = [
    await run(server, 'GET /api/history/stats', '/api/history/stats', { rate: RATE }),
    await run(server, 'analytics, 31 days hourly', HOURLY, { rate: RATE }),
    await run(server, 'analytics, 366 days daily', DAILY, { rate: RATE }),
  ];
  return { point: { jobs, stats: rows[0]!.p99, hourly: rows[1]!.p99, daily: rows[2]!.p99 }, rows };
}

const scaling: { point: ScalingPoint; rows: Measurement[] }[] = [];
if (process.env.DATABASE_URL && SCALE.length) log('DATABASE_URL is set: skipping the smaller sizes (they need databases of their own)');
else {
  for (const size of SCALE) {
    log(`— ${size.toLocaleString('en')} jobs —`);
    const server = await openBenchServer({ jobs: size, serverUrl: SERVER_URL, log });
    try {
      scaling.push(await measureScalePoint(server, size));
    } finally {
      await server.close();
    }
  }
}

log(`— ${JOBS.toLocaleString('en')} jobs —`);
const server = await openBenchServer({ jobs: JOBS, serverUrl: SERVER_URL, databaseUrl: process.env.DATABASE_URL, keep: Boolean(process.env.BENCH_KEEP), log });
try {
  if (ONLY === 'writers') {
    const idle = [await run(server, 'GET /api/history/stats', '/api/history/stats', { rate: RATE }), await run(server, 'analytics, 31 days hourly', HOURLY, { rate: RATE })];
    const steady = await measureUnderWriters(server, `writer at ${WRITER_RATE} jobs/s`, WRITER_RATE);
    const flatOut = await measureUnderWriters(server, 'writers flat out');
    console.log(
      [
        `${JOBS.toLocaleString('en')} jobs, ${RATE} req/s, ${SECONDS} s per row, latencies in ms:`,
        ...header,
        table([...idle, ...steady.rows, ...flatOut.rows]),
        `writer at ${WRITER_RATE} jobs/s: ${achieved(steady.written)}; flat out: ${achieved(flatOut.written)}`,
      ].join('\n'),
    );
  } else {
    const saturated: Measurement[] = [];
    saturated.push(await run(server, 'bare Express JSON route', '/bench/bare', { auth: false }));
    saturated.push(await run(server, 'GET /api/history/stats', '/api/history/stats'));
    saturated.push(await run(server, 'analytics, 31 days hourly', HOURLY));
    saturated.push(await run(server, 'analytics, 366 days daily', DAILY));
    saturated.push(await run(server, 'naive: last 1,000 jobs counted in code', '/bench/naive-stats'));

    const main = await measureScalePoint(server, JOBS);
    scaling.push(main);
    const steady = await measureUnderWriters(server, `writer at ${WRITER_RATE} jobs/s`, WRITER_RATE);
    const flatOut = await measureUnderWriters(server, 'writers flat out');
    const paced = [...main.rows, ...steady.rows, ...flatOut.rows];

    const byName = (list: Measurement[], name: string) => list.find((m) => m.name === name)!;
    const stats = byName(saturated, 'GET /api/history/stats');
    const bare = byName(saturated, 'bare Express JSON route');
    const naive = byName(saturated, 'naive: last 1,000 jobs counted in code');
    const [statsPaced, hourlyPaced] = main.rows;
    // The targets name a writer at ≥ 100 jobs/s: the steady writer's rows; flat out is reported beside them.
    const [statsBusy, hourlyBusy] = steady.rows;
    const [statsFlat, hourlyFlat] = flatOut.rows;
    const speedup = naive.p99 / Math.max(stats.p99, 1);
    const statsP99 = Math.max(statsPaced!.p99, statsBusy!.p99);
    const analyticsP99 = Math.max(hourlyPaced!.p99, hourlyBusy!.p99);

    const scalingRows = scaling.map(({ point, rows }) => `| ${point.jobs.toLocaleString('en')} | ${rows.map((m) => `${m.p50} / ${m.p99}`).join(' | ')} |`);
    const section = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, PostgreSQL server on localhost, with \`BENCH_JOBS=${JOBS} pnpm bench:stats\`: one user with ${JOBS.toLocaleString('en')} jobs (~${(JOBS * 10).toLocaleString('en')} documents) plus 5 background users; the API as \`pnpm start\` runs it (metrics on, request logging at warn); autocannon in its own process, ${CONNECTIONS} connections, ${SECONDS} s per row. Latencies in ms.`,
      '',
      'Saturated (as many requests as the server takes: throughput; latency here is mostly queueing):',
      '',
      ...header,
      table(saturated),
      '',
      `At a fixed offered load of ${RATE} requests/s (latency as a client sees it):`,
      '',
      ...header,
      table(paced),
      '',
      `Writer process during the writer rows (one-document jobs for the same user, each one transaction to submit, one to claim, one to record; over the rows and their warm-ups): at ${WRITER_RATE} jobs/s offered ${achieved(steady.written)}; flat out ${achieved(flatOut.written)}.`,
      '',
      '| target (docs/design.md) | measured | |',
      '|---|---|---|',
      `| stats p99 ≤ 10 ms, writers running | ${statsPaced!.p99} ms idle, ${statsBusy!.p99} ms with a writer at ${(steady.written.jobs / steady.written.seconds).toFixed(0)} jobs/s (${statsFlat!.p99} ms flat out) at ${RATE} req/s; ${stats.p99} ms saturated | ${statsP99 <= 10 ? 'met' : 'missed'} at ${RATE} req/s |`,
      `| stats ≥ 100× faster than the naive way (p99, saturated) | ${speedup.toFixed(1)}× (${naive.p99} ms vs ${stats.p99} ms) | ${speedup >= 100 ? 'met' : 'missed'} |`,
      `| analytics 31 days hourly p99 ≤ 20 ms | ${hourlyPaced!.p99} ms idle, ${hourlyBusy!.p99} ms with a writer at ${(steady.written.jobs / steady.written.seconds).toFixed(0)} jobs/s (${hourlyFlat!.p99} ms flat out) at ${RATE} req/s | ${analyticsP99 <= 20 ? 'met' : 'missed'} |`,
      `| stats throughput ≥ 40% of the bare route | ${((stats.rps / bare.rps) * 100).toFixed(0)}% (${Math.round(stats.rps).toLocaleString('en')} vs ${Math.round(bare.rps).toLocaleString('en')} req/s) | ${stats.rps / bare.rps >= 0.4 ? 'met' : 'missed'} |`,
      '',
      `How the cost grows with the user's history (p50 / p99 ms at ${RATE} req/s, same run; each size in a database of its own):`,
      '',
      '| jobs | stats | analytics 31 days hourly | analytics 366 days daily |',
      '|---|---|---|---|',
      ...scalingRows,
      '',
      `![p99 latency against jobs](${CHART})`,
    ].join('\n');
    await mkdir('docs/bench', { recursive: true });
    await writeFile(CHART, scalingChartSvg(scaling.map(({ point }) => point), `History reads, p99 at ${RATE} req/s`));
    const current = await readFile('BENCHMARKS.md', 'utf8').catch(() => '');
    await writeFile('BENCHMARKS.md', replaceSection(current, 'History statistics at scale', section));
    log(section);
    console.log(
      `stats p99_ms=${statsP99} analytics_p99_ms=${analyticsP99} naive_p99_ms=${naive.p99} speedup=${speedup.toFixed(1)} stats_rps=${Math.round(stats.rps)} bare_rps=${Math.round(bare.rps)} jobs=${JOBS}`,
    );
  }
} finally {
  await server.close();
}
