// `pnpm bench:throughput`: how fast Docket takes documents in and works them off, against
// the ceilings of this machine measured in the same run (issue 16):
//   1. ingest: POST /api/jobs with one 10 KB text file per job, API only (RUN_WORKER=false),
//      autocannon with --connections clients, saturated with 1 and 2 API processes (the
//      connections spread over both ports), and latency at --rate jobs/s offered; baseline:
//      a bare Express + multer route storing each file like Docket (fsynced), no database;
//   2. processing: a backlog of --docs small text documents submitted with no worker running,
//      then worked off by 1, 2, 4 (--workers) worker processes started together; text-layer
//      PDFs (--pdf-files × --pdf-pages) through one worker, warmed up on a few of them first,
//      against poppler's pdftotext CLI on the same files, and through the extraction pool alone
//      (what extraction costs without the database); baseline: pg-boss's own send → fetch → complete loop on the same server;
//   3. in every row, the CPU of the Node processes and of the database's Postgres backends,
//      what the database's connections were doing, and the row locks they waited for.
// Docket runs as `pnpm start` and `pnpm worker` run it: the bundles, built at the start of the
// run. With --profile the API and worker processes run their TypeScript sources through tsx
// (so the profiles name Docket's modules) under `node --cpu-prof` (profiles in
// bench/results/<run>/, summarised per module and function for the load window); every
// run leaves its numbers there too (results.json).
// Results go to BENCHMARKS.md ("Throughput: …" sections), docs/bench/throughput-scaling.svg and
// docs/bench/throughput-cpu.svg; the last line sums the run up for comparing runs.
// `--only pdf` (or ingest, process, queue; comma-separated) measures those parts alone: their
// rows are printed and kept in results.json, and BENCHMARKS.md is left as it is (its section
// compares every part within one run).
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { databaseUrlFor } from '@docket/db/database-url';
import { buildServerBundles } from '../../scripts/server-bundles.ts';
import { replaceSection } from '../benchmarks-file.ts';
import { signUp, TEN_KB_TEXT, writeUploadBody } from '../docket-requests.ts';
import { startNodeProcess, type NodeProcess } from '../node-process.ts';
import { adminQuery } from '../server-admin.ts';
import { measureRoute } from '../stats/measure-route.ts';
import { measureSaturatedUploads } from './measure-ingest.ts';
import { measureProcessing } from './measure-processing.ts';
import { measureQueueCeiling } from './measure-queue-ceiling.ts';
import { measureExtractionPool, measurePdftotext, PDF_WARM_UP_FILES, submitFiles, writePdfCorpus } from './pdf-corpus.ts';
import { formatProfileSummary, readMainThreadProfile, summarizeCpuProfile } from './summarize-cpu-profile.ts';
import { partialRows, profileSection, resultsSection, summaryLine, throughputCharts, type ProfiledProcess, type ThroughputResults } from './throughput-report.ts';

const { values: flags } = parseArgs({
  options: {
    profile: { type: 'boolean', default: false },
    only: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    'warm-up': { type: 'string', default: '2' },
    connections: { type: 'string', default: '20' },
    rate: { type: 'string', default: '200' },
    docs: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '1,2,4' },
    apis: { type: 'string', default: '1,2' },
    concurrency: { type: 'string' },
    'pdf-files': { type: 'string', default: '100' },
    'pdf-pages': { type: 'string', default: '25' },
    server: { type: 'string', default: process.env.BENCH_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
  },
});
const PARTS = ['ingest', 'process', 'pdf', 'queue'] as const;
type Part = (typeof PARTS)[number];
const only = flags.only?.split(',').map((part) => part.trim());
const unknownPart = only?.find((part) => !(PARTS as readonly string[]).includes(part));
if (unknownPart !== undefined) throw new Error(`--only: unknown part "${unknownPart}"; the parts are ${PARTS.join(', ')}`);
const settings = {
  profile: flags.profile!,
  only: (only ?? [...PARTS]) as Part[],
  seconds: Number(flags.seconds),
  warmUpSeconds: Number(flags['warm-up']),
  connections: Number(flags.connections),
  rate: Number(flags.rate),
  docs: Number(flags.docs),
  workers: flags.workers!.split(',').map(Number),
  apis: flags.apis!.split(',').map(Number),
  concurrency: flags.concurrency,
  pdfFiles: Number(flags['pdf-files']),
  pdfPages: Number(flags['pdf-pages']),
  serverUrl: flags.server!,
};
const JWT_SECRET = 'benchmark-secret-benchmark-secret-benchmark';
const ROOT = new URL('../..', import.meta.url);
const RESULTS_DIR = path.join(new URL('bench/results/', ROOT).pathname, new Date().toISOString().replace(/[:.]/g, '-'));
const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `node --cpu-prof` into RESULTS_DIR/<name>/, when profiling. A directory per process, not a
 * file name: tsx's loader runs in a thread of its own, and every thread writes a profile.
 */
/** The entries the processes run: the bundles, or the sources when profiling (see the header). */
const ENTRIES = settings.profile ? { api: 'apps/api/src/main.ts', worker: 'apps/worker/src/main.ts' } : { api: 'apps/api/dist/main.mjs', worker: 'apps/worker/dist/main.mjs' };
const profiled = (name: string) => (settings.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS_DIR, name)}`] : []);

type Database = { name: string; url: string };

async function createDatabase(purpose: string): Promise<Database> {
  const name = `docket_bench_${purpose}_${Date.now()}`;
  await adminQuery(settings.serverUrl, `CREATE DATABASE ${name}`);
  return { name, url: databaseUrlFor(settings.serverUrl, name) };
}

/** An API-only Docket process (`pnpm start` with RUN_WORKER=false) on `database`, blobs in `dataDir`. */
async function startApi(database: Database, dataDir: string, profileName: string): Promise<NodeProcess & { url: string }> {
  const api = startNodeProcess(
    ENTRIES.api,
    {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      RUN_WORKER: 'false',
      JWT_SECRET,
      LOG_LEVEL: 'warn',
      PASSWORD_COST: '1024',
      // One user uploads far beyond the per-user default (600/min): the limiter still runs, it just never refuses.
      RATE_LIMIT_UPLOADS: '100000000/1m',
      MIN_FREE_DISK_MB: '0',
    },
    profiled(profileName),
  );
  return Object.assign(api, { url: await api.listening() });
}

async function userIdOf(base: string, token: string): Promise<string> {
  const reply = await fetch(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  return ((await reply.json()) as { id: string }).id;
}

const measures = (part: Part) => settings.only.includes(part);

async function main() {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'docket-bench-throughput-'));
  const databases: Database[] = [];
  const database = async (purpose: string) => {
    databases.push(await createDatabase(purpose));
    return databases.at(-1)!;
  };
  const begun = performance.now();
  const loadBefore = os.loadavg()[0]!;
  if (settings.profile) await mkdir(RESULTS_DIR, { recursive: true });
  else await buildServerBundles(['api', 'worker']);
  const measured: Partial<ThroughputResults> = {};
  try {
    const upload = await writeUploadBody(scratch, { name: 'note.txt', type: 'text/plain', content: TEN_KB_TEXT });
    const uploads = { post: upload, connections: settings.connections, seconds: settings.seconds, warmUpSeconds: settings.warmUpSeconds };

    if (measures('ingest')) {
      log('— bare upload route (no database) —');
      const bareDir = path.join(scratch, 'bare');
      const bare = startNodeProcess('bench/throughput/bare-upload-server.ts', { DATA_DIR: bareDir });
      const bareUrl = await bare.listening();
      measured.bare = await measureSaturatedUploads({ ...uploads, name: 'bare Express + multer upload', urls: [`${bareUrl}/upload`], pids: [bare.pid] });
      await bare.stop();
      await rm(bareDir, { recursive: true, force: true });

      log('— ingest —');
      const ingestDb = await database('ingest');
      const ingestDir = path.join(scratch, 'ingest');
      const apis: (NodeProcess & { url: string })[] = [];
      measured.ingest = [];
      try {
        for (const count of settings.apis) {
          while (apis.length < count) apis.push(await startApi(ingestDb, ingestDir, `api-ingest-${apis.length + 1}`));
          const token = await signUp(apis[0]!.url);
          log(`  ${count} API process(es), ${settings.connections} connections, ${settings.seconds} s…`);
          const urls = apis.map((api) => `${api.url}/api/jobs`);
          const run = await measureSaturatedUploads({ ...uploads, name: `POST /api/jobs, ${count} API process(es)`, urls, pids: apis.map((api) => api.pid), token, database: { serverUrl: settings.serverUrl, name: ingestDb.name } });
          measured.ingest.push({ processes: count, ...run });
          if (count === 1) {
            log(`  1 API process at ${settings.rate} jobs/s offered…`);
            measured.paced = await measureRoute(`POST /api/jobs at ${settings.rate} jobs/s`, urls, { ...uploads, token, rate: settings.rate });
          }
        }
      } finally {
        await Promise.all(apis.map((api) => api.stop()));
      }
    }

    if (measures('process') || measures('pdf')) {
      log('— processing —');
      const processingDb = await database('processing');
      const processingDir = path.join(scratch, 'processing');
      const api = await startApi(processingDb, processingDir, 'api-processing');
      const workerEnv = { DATABASE_URL: processingDb.url, DATA_DIR: processingDir, LOG_LEVEL: 'warn', ...(settings.concurrency ? { WORKER_CONCURRENCY: settings.concurrency } : {}) };
      const work = (userId: string, workers: number, label: string, warmUpUserId?: string) =>
        measureProcessing({
          databaseUrl: processingDb.url,
          serverUrl: settings.serverUrl,
          database: processingDb.name,
          userId,
          workers,
          workerEntry: ENTRIES.worker,
          workerEnv,
          nodeArgs: (i) => profiled(`worker-${label}-${i + 1}`),
          warmUpUserId,
          log,
        });
      try {
        if (measures('process')) {
          measured.processing = [];
          for (const workers of settings.workers) {
            const token = await signUp(api.url);
            log(`  submitting ${settings.docs} small text documents (no worker running)…`);
            const backlog = await measureRoute('backlog', `${api.url}/api/jobs`, { token, amount: settings.docs, connections: settings.connections, post: upload });
            if (backlog.errors > 0) throw new Error(`${backlog.errors} of ${settings.docs} submissions failed`);
            const run = await work(await userIdOf(api.url, token), workers, `text-${workers}`);
            log(`  ${workers} worker process(es): ${run.documents} documents in ${run.seconds.toFixed(2)} s, ${run.perSecond.toFixed(1)} documents/s`);
            measured.processing.push(run);
          }
        }
        if (measures('pdf')) {
          const [token, warmUpToken] = [await signUp(api.url), await signUp(api.url)];
          const pdfFiles = await writePdfCorpus(await mkdtemp(path.join(scratch, 'pdf-')), { files: settings.pdfFiles, pages: settings.pdfPages });
          log(`  submitting ${settings.pdfFiles} PDFs of ${settings.pdfPages} pages, and ${PDF_WARM_UP_FILES} of them again to warm the worker up…`);
          await submitFiles(api.url, warmUpToken, pdfFiles.slice(0, PDF_WARM_UP_FILES), 4);
          await submitFiles(api.url, token, pdfFiles, 4);
          const pdf = await work(await userIdOf(api.url, token), 1, 'pdf', await userIdOf(api.url, warmUpToken));
          measured.pdf = pdf;
          log(`  PDFs, 1 worker process: ${pdf.pages} pages in ${pdf.seconds.toFixed(2)} s`);
          log(`  pdftotext directly, ${pdf.concurrency} at a time…`);
          if (pdf.pages !== settings.pdfFiles * settings.pdfPages) log(`  warning: Docket counted ${pdf.pages} pages, the files have ${settings.pdfFiles * settings.pdfPages}`);
          measured.pdftotextPagesPerSecond = (await measurePdftotext(pdfFiles, { parallel: pdf.concurrency, rounds: 3 })) * settings.pdfPages;
          log(`  Docket's extraction pool alone, ${pdf.concurrency} at a time…`);
          measured.extractionPagesPerSecond = (await measureExtractionPool(pdfFiles, { parallel: pdf.concurrency, rounds: 3 })) * settings.pdfPages;
        }
      } finally {
        await api.stop();
      }
    }

    if (measures('queue')) {
      log('— pg-boss send → fetch → complete —');
      const queueDb = await database('queue');
      measured.queue = await measureQueueCeiling({ serverUrl: settings.serverUrl, database: queueDb.name, databaseUrl: queueDb.url, seconds: settings.seconds, warmUpSeconds: settings.warmUpSeconds });
    }

    const results = {
      ...measured,
      settings,
      postgres: await serverVersion(),
      minutes: (performance.now() - begun) / 60_000,
      load: { before: loadBefore, after: os.loadavg()[0]! },
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
    };
    if (PARTS.every(measures)) await report(results as ThroughputResults);
    else await reportParts(results);
  } finally {
    for (const { name } of databases) await adminQuery(settings.serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await rm(scratch, { recursive: true, force: true });
  }
}

/** `--only`: the rows of the parts measured, printed; BENCHMARKS.md is left alone. */
async function reportParts(results: Partial<ThroughputResults>) {
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(path.join(RESULTS_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`\n${partialRows(results).join('\n')}`);
  log(`\n(--only ${settings.only.join(',')}: BENCHMARKS.md not updated; the numbers are in ${path.relative(ROOT.pathname, RESULTS_DIR)}/results.json)`);
  console.log(summaryLine(results));
}

async function serverVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: settings.serverUrl });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version.split(' ')[0]!;
  } finally {
    await client.end();
  }
}

async function report(results: ThroughputResults) {
  // Every number of the run, for comparing runs or drawing them again (bench/results/ is not committed).
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(path.join(RESULTS_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const benchmarks = new URL('BENCHMARKS.md', ROOT);
  let document = await readFile(benchmarks, 'utf8');
  const charts = throughputCharts(results);
  for (const chart of charts) await writeFile(new URL(chart.file, ROOT), chart.svg);
  const section = resultsSection(results, charts);
  document = replaceSection(document, 'Throughput: ingest, processing and scale-out', section);
  log(`\n${section}`);
  if (settings.profile) {
    const [ingest, processing] = [results.ingest[0]!, results.processing[0]!];
    const profiles: ProfiledProcess[] = [
      { title: `API process under ingest (${ingest.processes} process, saturated)`, file: 'api-ingest-1', window: ingest.window, jobs: ingest.saturated.succeeded, cpu: { ms: ingest.cpu.nodeMs, covers: 'the process' } },
      {
        title: `worker process working off small text documents (1 of ${processing.workers})`,
        file: `worker-text-${processing.workers}-1`,
        window: processing.window,
        jobs: Math.round(processing.documents / processing.workers),
        cpu: { ms: processing.cpu.nodeMs / processing.workers, covers: 'the worker with its extractor processes' },
      },
    ];
    const summaries = [];
    for (const process of profiles) {
      const summary = summarizeCpuProfile(await readMainThreadProfile(path.join(RESULTS_DIR, process.file)), { window: process.window, top: 12 });
      log(`\n${formatProfileSummary(process.title, summary, process.jobs)}`);
      summaries.push({ ...process, summary });
    }
    document = replaceSection(document, 'Throughput: CPU profiles', profileSection(summaries, path.relative(ROOT.pathname, RESULTS_DIR)));
  }
  await writeFile(benchmarks, document);
  console.log(summaryLine(results));
}

await main();
