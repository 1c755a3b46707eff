// `pnpm bench:start`: what running Docket from the bundle (`pnpm start`: node
// apps/api/dist/main.mjs) saves over running its TypeScript through tsx, in one run. Both start
// the whole of Docket (API + in-process worker) against one migrated database on a PostgreSQL
// server (BENCH_DATABASE_SERVER, default the local one), BENCH_RUNS times each, interleaved:
//   - start-up: from spawning node to "Docket is listening";
//   - memory: resident set size once started and idle for a second, and its peak;
// and the time to build the bundles, which `pnpm start` pays before starting.
// Results go to BENCHMARKS.md ("Start-up: bundle and tsx"); the last line sums them up.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { databaseUrlFor } from '@docket/db/database-url';
import { buildServerBundles } from '../../scripts/server-bundles.ts';
import { replaceSection } from '../benchmarks-file.ts';
import { adminQuery } from '../server-admin.ts';

const SERVER_URL = process.env.BENCH_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ROOT = path.resolve(import.meta.dirname, '../..');
const log = (line: string) => process.stderr.write(`${line}\n`);

const MODES = {
  bundle: { label: '`node apps/api/dist/main.mjs` (the bundle, `pnpm start`)', args: ['apps/api/dist/main.mjs'] },
  tsx: { label: '`node --import tsx apps/api/src/main.ts` (before)', args: ['--import', 'tsx', 'apps/api/src/main.ts'] },
} as const;
type Mode = keyof typeof MODES;
type Start = { ms: number; rssMb: number; peakMb: number };

/** A kibibyte line of /proc/<pid>/status (`VmRSS`, `VmHWM`), in MB. */
async function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1]);
  return kib / 1024;
}

/** Starts Docket once in `mode`, measures, stops it. */
async function startOnce(mode: Mode, env: Record<string, string>): Promise<Start> {
  const started = performance.now();
  const child = spawn(process.execPath, MODES[mode].args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ms = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Docket is listening on')) resolve(performance.now() - started);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`${mode}: Docket exited before listening:\n${output}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const result = { ms, rssMb: await memoryMb(child.pid!, 'VmRSS'), peakMb: await memoryMb(child.pid!, 'VmHWM') };
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return result;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const range = (values: number[]) => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;

const database = `docket_bench_start_${randomUUID().slice(0, 8)}`;
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'docket-bench-start-'));
await adminQuery(SERVER_URL, `CREATE DATABASE ${database}`);
try {
  const buildStarted = performance.now();
  await buildServerBundles(['api']);
  const buildMs = performance.now() - buildStarted;
  log(`bundle built in ${Math.round(buildMs)} ms`);

  const env = { DATABASE_URL: databaseUrlFor(SERVER_URL, database), JWT_SECRET: randomUUID() + randomUUID(), DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
  await startOnce('bundle', env); // applies the migrations, so every measured start finds them done
  const results: Record<Mode, Start[]> = { bundle: [], tsx: [] };
  for (let run = 1; run <= RUNS; run++) {
    for (const mode of Object.keys(MODES) as Mode[]) {
      const start = await startOnce(mode, env);
      results[mode].push(start);
      log(`run ${run}/${RUNS} ${mode.padEnd(6)} listening after ${Math.round(start.ms)} ms, ${start.rssMb.toFixed(0)} MB resident (peak ${start.peakMb.toFixed(0)} MB)`);
    }
  }

  const summary = (mode: Mode) => ({ ms: median(results[mode].map((r) => r.ms)), rss: median(results[mode].map((r) => r.rssMb)), peak: median(results[mode].map((r) => r.peakMb)) });
  const bundle = summary('bundle');
  const tsx = summary('tsx');
  const row = (mode: Mode) => {
    const { ms, rss, peak } = summary(mode);
    return `| ${MODES[mode].label} | ${Math.round(ms)} (${range(results[mode].map((r) => r.ms))}) | ${rss.toFixed(0)} | ${peak.toFixed(0)} |`;
  };
  const section = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, by \`pnpm bench:start\` (${RUNS} starts of each, interleaved, against one migrated database on a PostgreSQL server; API and in-process worker).`,
    '',
    '| how Docket runs | start to listening, ms: median (range) | resident once idle, MB | peak resident, MB |',
    '|---|---|---|---|',
    row('bundle'),
    row('tsx'),
    '',
    `The bundle starts in ${(bundle.ms / tsx.ms).toFixed(2)}× the time and holds ${(bundle.rss / tsx.rss).toFixed(2)}× the memory of the same code through tsx, which compiles each TypeScript module as it is loaded, at every start. Building the bundle (esbuild, once per \`pnpm start\`) took ${Math.round(buildMs)} ms.`,
  ].join('\n');
  const current = await readFile('BENCHMARKS.md', 'utf8').catch(() => '');
  await writeFile('BENCHMARKS.md', replaceSection(current, 'Start-up: bundle and tsx', section));
  console.log(`bundle_start_ms=${Math.round(bundle.ms)} tsx_start_ms=${Math.round(tsx.ms)} bundle_rss_mb=${bundle.rss.toFixed(0)} tsx_rss_mb=${tsx.rss.toFixed(0)} build_ms=${Math.round(buildMs)}`);
} finally {
  await adminQuery(SERVER_URL, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await rm(dataDir, { recursive: true, force: true });
}
