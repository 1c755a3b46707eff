import os from 'node:os';
import { lineChartSvg } from '../line-chart.ts';
import type { ResourceUse } from '../resource-meter.ts';
import type { Measurement } from '../stats/measure-route.ts';
import type { IngestRun, Window } from './measure-ingest.ts';
import type { ProcessingRun } from './measure-processing.ts';
import { PDF_WARM_UP_FILES } from './pdf-corpus.ts';
import type { QueueCeiling } from './measure-queue-ceiling.ts';
import type { ProfileSummary, SelfTime } from './summarize-cpu-profile.ts';

export type ThroughputResults = {
  settings: { seconds: number; warmUpSeconds: number; connections: number; rate: number; docs: number; pdfFiles: number; pdfPages: number; profile: boolean };
  postgres: string;
  bare: IngestRun;
  ingest: (IngestRun & { processes: number })[];
  /** One API process at the offered rate. */
  paced: Measurement;
  processing: ProcessingRun[];
  pdf: ProcessingRun;
  pdftotextPagesPerSecond: number;
  /** The same files through Docket's extraction pool alone (no database, no queue), as many at a time. */
  extractionPagesPerSecond: number;
  queue: QueueCeiling;
  minutes: number;
  /** The machine's 1-minute load average at the start and the end of the run: the machine is shared. */
  load: { before: number; after: number };
  /** The commit measured. */
  commit: string;
};

export type ProfiledProcess = {
  title: string;
  file: string;
  window: Window;
  jobs: number;
  /** The process's CPU time over the window from /proc, and what it covers. */
  cpu: { ms: number; covers: string };
};

// Issue 16's targets, on this 2-core machine.
const TARGET = { ingestJobsPerSecond: 300, pacedP99Ms: 100, documentsPerSecond: 300, pdfShareOfPdftotext: 0.8 };
const CHARTS = { throughput: 'docs/bench/throughput-scaling.svg', cpu: 'docs/bench/throughput-cpu.svg' };

const count = (n: number) => Math.round(n).toLocaleString('en');
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const met = (ok: boolean) => (ok ? 'met' : 'missed');
const pdfPagesPerSecond = (pdf: ProcessingRun) => pdf.pages / pdf.seconds;
/** The worker count that worked the backlog off fastest. */
const bestProcessing = (runs: ProcessingRun[]) => runs.reduce((best, run) => (run.perSecond > best.perSecond ? run : best));
const workersLabel = (run: ProcessingRun) => `${run.workers} worker process${run.workers > 1 ? 'es' : ''} × ${run.concurrency}`;

/** Cores busy and CPU ms per job, Node then Postgres ("–" where the server's processes are not on this machine). */
function cpuCells(cpu: ResourceUse, jobs: number, seconds: number): string[] {
  const cores = (ms: number | undefined) => (ms === undefined ? '–' : (ms / 1000 / seconds).toFixed(2));
  const perJob = (ms: number | undefined) => (ms === undefined ? '–' : (ms / Math.max(jobs, 1)).toFixed(1));
  return [cores(cpu.nodeMs), cores(cpu.postgresMs), perJob(cpu.nodeMs), perJob(cpu.postgresMs)];
}

/** The connections' states, most frequent first, as average connections in each (rarer than 0.05 left out). */
function backendStates(use: ResourceUse): string {
  const states = Object.entries(use.backends).filter(([, average]) => average >= 0.05);
  return states.length ? states.map(([state, average]) => `${state} ${average.toFixed(1)}`).join(' · ') : '–';
}

/** One row per measured row that waited for row locks: the statements waited in and the blockers' last statements. */
function lockRows(results: ThroughputResults): string[] {
  const top = (averages: Record<string, number>) =>
    Object.entries(averages)
      .filter(([, average]) => average >= 0.05)
      .slice(0, 4)
      .map(([statement, average]) => `\`${statement}\` ${average.toFixed(1)}`)
      .join(' · ');
  const rows: [string, ResourceUse][] = [
    ...results.ingest.map((run): [string, ResourceUse] => [`\`POST /api/jobs\`, ${run.processes} API process${run.processes > 1 ? 'es' : ''}`, run.cpu]),
    ...results.processing.map((run): [string, ResourceUse] => [`small text documents, ${workersLabel(run)}`, run.cpu]),
    [`text-layer PDFs, ${workersLabel(results.pdf)}`, results.pdf.cpu],
  ];
  const waited = rows.filter(([, use]) => top(use.locks.waiting) !== '');
  return waited.length ? waited.map(([what, use]) => `| ${what} | ${top(use.locks.waiting)} | ${top(use.locks.blockers) || '–'} |`) : ['| every row | no lock waits sampled | – |'];
}

/** One line of the run's numbers (of the parts measured, with `--only`). */
export function summaryLine(results: Partial<ThroughputResults>): string {
  return [
    results.ingest && `ingest_jobs_s=${Math.round(results.ingest[0]!.saturated.rps)}`,
    results.processing && `process_docs_s=${Math.round(bestProcessing(results.processing).perSecond)}`,
    results.pdf && `pdf_pages_s=${Math.round(pdfPagesPerSecond(results.pdf))}`,
    results.pdf && `pdftotext_pages_s=${Math.round(results.pdftotextPagesPerSecond!)}`,
    results.pdf && `pdf_share=${(pdfPagesPerSecond(results.pdf) / results.pdftotextPagesPerSecond!).toFixed(2)}`,
    results.pdf && `extraction_pages_s=${Math.round(results.extractionPagesPerSecond!)}`,
    results.queue && `queue_ceiling_jobs_s=${Math.round(results.queue.jobsPerSecond)}`,
    results.bare && `bare_upload_rps=${Math.round(results.bare.saturated.rps)}`,
  ]
    .filter(Boolean)
    .join(' ');
}

const ROWS_HEADER = [
  '| what | throughput | p50 / p99 | Node CPU (cores) | Postgres CPU (cores) | Node CPU per job (ms) | Postgres CPU per job (ms) |',
  '|---|---|---|---|---|---|---|',
];
const PHASES_HEADER = [
  '| what | cycle per slot | claim → outcome | of it extract + store text | claim transaction (the difference) | outcome, queue, next fetch (the rest) |',
  '|---|---|---|---|---|---|',
];

function ingestRows({ settings, bare, ingest, paced }: Pick<ThroughputResults, 'settings' | 'bare' | 'ingest' | 'paced'>): string[] {
  return [
    `| bare Express + multer upload, no database (1 process) | ${count(bare.saturated.rps)} uploads/s | ${bare.saturated.p50} / ${bare.saturated.p99} | ${cpuCells(bare.cpu, bare.saturated.succeeded, settings.seconds).join(' | ')} |`,
    ...ingest.map(
      (run) =>
        `| \`POST /api/jobs\`, ${run.processes} API process${run.processes > 1 ? 'es' : ''} | ${count(run.saturated.rps)} jobs/s | ${run.saturated.p50} / ${run.saturated.p99} | ${cpuCells(run.cpu, run.saturated.succeeded, settings.seconds).join(' | ')} |`,
    ),
    `| \`POST /api/jobs\` at ${settings.rate} jobs/s offered, 1 API process | ${count(paced.rps)} jobs/s | ${paced.p50} / ${paced.p99} | – | – | – | – |`,
  ];
}

function processingRows({ processing, pdf, pdftotextPagesPerSecond, extractionPagesPerSecond }: Partial<Pick<ThroughputResults, 'processing' | 'pdf' | 'pdftotextPagesPerSecond' | 'extractionPagesPerSecond'>>): string[] {
  return [
    ...(processing ?? []).map((run) => `| small text documents, ${workersLabel(run)} | ${count(run.perSecond)} documents/s | – | ${cpuCells(run.cpu, run.documents, run.cpu.seconds).join(' | ')} |`),
    ...(pdf
      ? [
          `| text-layer PDFs, ${workersLabel(pdf)} | ${count(pdfPagesPerSecond(pdf))} pages/s (${count(pdf.perSecond)} documents/s) | – | ${cpuCells(pdf.cpu, pdf.documents, pdf.cpu.seconds).join(' | ')} |`,
          `| \`pdftotext\` CLI directly, ${pdf.concurrency} at a time, same files | ${count(pdftotextPagesPerSecond!)} pages/s | – | – | – | – | – |`,
          `| Docket's extraction pool alone (no database, no queue), ${pdf.concurrency} at a time, same files | ${count(extractionPagesPerSecond!)} pages/s | – | – | – | – | – |`,
        ]
      : []),
  ];
}

const queueRow = (queue: ThroughputResults['queue']) =>
  `| pg-boss alone: send → fetch → complete | ${count(queue.jobsPerSecond)} jobs/s | – | ${cpuCells(queue.cpu, queue.jobsPerSecond * queue.cpu.seconds, queue.cpu.seconds).join(' | ')} |`;

function phaseRows(runs: ProcessingRun[], pdf: ProcessingRun | undefined): string[] {
  return [...runs, ...(pdf ? [pdf] : [])].map(
    (run) =>
      `| ${run === pdf ? 'text-layer PDFs' : 'small text documents'}, ${workersLabel(run)} | ${run.phases.cycle.toFixed(1)} | ${run.phases.claimToOutcome.toFixed(1)} | ${run.phases.extractAndStore.toFixed(1)} | ${(run.phases.claimToOutcome - run.phases.extractAndStore).toFixed(1)} | ${(run.phases.cycle - run.phases.claimToOutcome).toFixed(1)} |`,
  );
}

/** `--only`: the rows of the parts measured (every-row table, then where a document's time goes). */
export function partialRows(results: Partial<ThroughputResults>): string[] {
  const { settings, bare, ingest, paced, processing, pdf, queue } = results;
  const rows = [...(bare && ingest && paced && settings ? ingestRows({ settings, bare, ingest, paced }) : []), ...processingRows(results), ...(queue ? [queueRow(queue)] : [])];
  const phases = phaseRows(processing ?? [], pdf);
  return [...ROWS_HEADER, ...rows, ...(phases.length ? ['', ...PHASES_HEADER, ...phases] : [])];
}

export function throughputCharts(results: ThroughputResults): { file: string; svg: string }[] {
  const processes = { xLabel: 'processes', xScale: 'linear' as const, formatX: String };
  const ingest = results.ingest.map((run) => ({ x: run.processes, cpu: run.cpu, seconds: results.settings.seconds }));
  const processing = results.processing.map((run) => ({ x: run.workers, cpu: run.cpu, seconds: run.cpu.seconds }));
  const cores = (runs: typeof ingest, of: 'nodeMs' | 'postgresMs') => runs.map((run) => ({ x: run.x, y: (run.cpu[of] ?? 0) / 1000 / run.seconds }));
  const postgresMeasured = [...results.ingest, ...results.processing].every((run) => run.cpu.postgresMs !== undefined);
  return [
    {
      file: CHARTS.throughput,
      svg: lineChartSvg({
        ...processes,
        title: 'Throughput per process count (one Postgres)',
        yLabel: 'per second',
        series: [
          { label: 'documents/s (workers)', color: '#2563eb', points: results.processing.map((run) => ({ x: run.workers, y: run.perSecond })) },
          { label: 'uploads/s (API)', color: '#16a34a', points: results.ingest.map((run) => ({ x: run.processes, y: run.saturated.rps })) },
        ],
      }),
    },
    {
      file: CHARTS.cpu,
      svg: lineChartSvg({
        ...processes,
        title: `CPU while loaded, cores (of ${os.cpus().length})`,
        yLabel: 'cores busy',
        series: [
          { label: 'workers: Node', color: '#2563eb', points: cores(processing, 'nodeMs') },
          ...(postgresMeasured ? [{ label: 'workers: Postgres', color: '#93c5fd', points: cores(processing, 'postgresMs') }] : []),
          { label: 'API: Node', color: '#16a34a', points: cores(ingest, 'nodeMs') },
          ...(postgresMeasured ? [{ label: 'API: Postgres', color: '#86efac', points: cores(ingest, 'postgresMs') }] : []),
        ],
      }),
    },
  ];
}

export function resultsSection(results: ThroughputResults, charts: { file: string }[]): string {
  const { settings, bare, ingest, paced, processing, pdf, queue } = results;
  const one = ingest[0]!;
  const best = bestProcessing(processing);
  const pdfRate = pdfPagesPerSecond(pdf);
  const pdfShare = pdfRate / results.pdftotextPagesPerSecond;
  const cpu = os.cpus();
  const rows = [...ingestRows(results), ...processingRows(results), queueRow(queue)];
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, PostgreSQL ${results.postgres} on localhost, at commit ${results.commit}, with \`pnpm bench:throughput${settings.profile ? ' --profile' : ''}\` (${results.minutes.toFixed(1)} minutes; load average ${results.load.before.toFixed(1)} at the start, ${results.load.after.toFixed(1)} at the end: the machine is shared, compare ratios within a run${settings.profile ? '; the API and worker processes under `node --cpu-prof`, which costs them some speed' : ''}). Docket runs as in production: API processes as \`RUN_WORKER=false pnpm start\` starts them, worker processes as \`pnpm worker\` does, all on one database, \`LOG_LEVEL=warn\`, the upload rate limit raised for the one benchmark user (it still runs).`,
    '',
    `- **Ingest**: \`POST /api/jobs\` with one 10 KB text file per job, autocannon in its own process, ${settings.connections} connections (spread over the API processes' ports), ${settings.seconds} s after a ${settings.warmUpSeconds} s warm-up; then ${settings.rate} jobs/s offered to one API process (latency as a client sees it). Baseline: a bare Express + multer route that stores each file as Docket does (blob store, fsync of file and directory) with no database.`,
    `- **Processing**: ${settings.docs.toLocaleString('en')} single-file jobs of the same 10 KB text submitted with no worker running, then worked off by the worker processes, started together (the queue jobs are held until every worker is up); documents/s from the first claim to the last outcome. PDFs: ${settings.pdfFiles} files of ${settings.pdfPages} pages (one line of text each) through one worker process, warmed up first on ${PDF_WARM_UP_FILES} of them under another user (its extractor processes started, as the baselines' are), against poppler's \`pdftotext\` run directly on the same files as many at a time as the worker's concurrency (best of 3), and through Docket's extraction pool alone — extractor processes, no database or queue — the same way. Baseline: pg-boss alone on the same server, 8 loops sending one job at a time (as Docket sends one per document) while 2 loops fetch up to 100 and complete them.`,
    `- **CPU**: Node — the measured processes and their children (extractor processes, pdftotext); Postgres — the backends of the benchmark's database, read from /proc (the server's shared WAL writer and checkpointer are left out). Cores = CPU time ÷ wall time of the row.`,
    '',
    '| target (issue 16) | measured | baseline, same run | ratio | |',
    '|---|---|---|---|---|',
    `| ingest ≥ ${TARGET.ingestJobsPerSecond} jobs/s | ${count(one.saturated.rps)} jobs/s, 1 API process | bare upload route: ${count(bare.saturated.rps)} uploads/s | ${ratio(one.saturated.rps, bare.saturated.rps)} | ${met(one.saturated.rps >= TARGET.ingestJobsPerSecond)} |`,
    `| ingest p99 ≤ ${TARGET.pacedP99Ms} ms at ${settings.rate} jobs/s offered | p99 ${paced.p99} ms (p50 ${paced.p50} ms), ${count(paced.rps)} jobs/s answered | – | – | ${met(paced.p99 <= TARGET.pacedP99Ms && paced.rps >= settings.rate * 0.95)} |`,
    `| processing ≥ ${TARGET.documentsPerSecond} small documents/s | ${count(best.perSecond)} documents/s, ${workersLabel(best)} | pg-boss send → fetch → complete: ${count(queue.jobsPerSecond)} jobs/s | ${ratio(best.perSecond, queue.jobsPerSecond)} | ${met(best.perSecond >= TARGET.documentsPerSecond)} |`,
    `| text-layer PDFs ≥ ${TARGET.pdfShareOfPdftotext}× \`pdftotext\` pages/s | ${count(pdfRate)} pages/s, ${workersLabel(pdf)} | \`pdftotext\` directly: ${count(results.pdftotextPagesPerSecond)} pages/s | ${ratio(pdfRate, results.pdftotextPagesPerSecond)} | ${met(pdfShare >= TARGET.pdfShareOfPdftotext)} |`,
    '',
    'Every row, with the CPU it took (latencies in ms):',
    '',
    ...ROWS_HEADER,
    ...rows,
    '',
    "What the benchmark database's connections were doing in those rows (pg_stat_activity every 200 ms; average number of connections in each state — *idle in transaction* is a transaction open while the application works between its statements):",
    '',
    '| what | connections |',
    '|---|---|',
    ...ingest.map((run) => `| \`POST /api/jobs\`, ${run.processes} API process${run.processes > 1 ? 'es' : ''} | ${backendStates(run.cpu)} |`),
    ...processing.map((run) => `| small text documents, ${workersLabel(run)} | ${backendStates(run.cpu)} |`),
    `| text-layer PDFs, ${workersLabel(pdf)} | ${backendStates(pdf.cpu)} |`,
    `| pg-boss alone | ${backendStates(queue.cpu)} |`,
    '',
    'Row locks — the statements connections waited in for a row another transaction held, and the last statement that transaction had run (average connections; rows without lock waits left out):',
    '',
    '| what | waiting in | blocked by a transaction whose last statement was |',
    '|---|---|---|',
    ...lockRows(results),
    '',
    'Where a document\'s time goes (ms, averages from the documents\' timestamps): a processing slot (a worker process × its concurrency) takes the *cycle* per document; *claim → outcome* runs from the claim to the outcome being written, of which *extract + store text* is the extractor and the text blob; the rest of the cycle commits the outcome, completes the queue job and fetches the next.',
    '',
    ...PHASES_HEADER,
    ...phaseRows(processing, pdf),
    '',
    ...charts.map((chart) => `![${chart.file === CHARTS.cpu ? 'CPU of Node and Postgres per process count' : 'Throughput per process count'}](${chart.file})`),
  ].join('\n');
}

export function profileSection(processes: (ProfiledProcess & { summary: ProfileSummary })[], resultsDir: string): string {
  const table = (heading: string, items: SelfTime[], jobs: number) => [
    `| ${heading} | self ms | share of busy | ms per job |`,
    '|---|---|---|---|',
    ...items.map((item) => `| \`${item.name.replaceAll('|', '\\|')}\` | ${item.ms.toFixed(0)} | ${(item.share * 100).toFixed(1)}% | ${(item.ms / Math.max(jobs, 1)).toFixed(2)} |`),
  ];
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`pnpm bench:throughput --profile\`: \`node --cpu-prof\` (a sample every millisecond) on the API process and the worker processes of a whole run; \`bench/throughput/summarize-cpu-profile.ts\` sums self time (a function on top of the stack) per module and per function over each load window only — start-up and shutdown left out. The profiles are in \`${resultsDir}/\` (not committed; open them in Chrome DevTools or speedscope for the flame graphs).`,
    'A profile counts wall time while the thread is not idle, so on a loaded machine a thread waiting for a core inflates it: the CPU time /proc gives for the same window is beside it, and the shares are what to read.',
    ...processes.flatMap(({ title, summary, jobs, cpu }) => [
      '',
      `**${title}**: ${summary.seconds.toFixed(1)} s window, ${count(jobs)} jobs, the thread busy ${count(summary.busyMs)} ms (${((summary.busyMs / 1000 / summary.seconds) * 100).toFixed(0)}% of one core): **${(summary.busyMs / Math.max(jobs, 1)).toFixed(2)} ms per job** in the profile, ${((summary.gcMs / Math.max(summary.busyMs, 1)) * 100).toFixed(1)}% of it garbage collection; CPU time from /proc ${(cpu.ms / Math.max(jobs, 1)).toFixed(2)} ms per job (${cpu.covers}).`,
      '',
      ...table('module', summary.modules, jobs),
      '',
      ...table('function (file:line)', summary.functions, jobs),
    ]),
  ].join('\n');
}
