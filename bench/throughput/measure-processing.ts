import pg from 'pg';
import { EXTRACT_QUEUE } from '@docket/queue/queues';
import { startNodeProcess, type NodeProcess } from '../node-process.ts';
import { startResourceMeter, type ResourceUse } from '../resource-meter.ts';
import { monotonicMicros, type Window } from './measure-ingest.ts';

export type ProcessingRun = {
  workers: number;
  /** Documents at once per worker process, as the workers reported it. */
  concurrency: number;
  documents: number;
  /** Pages Docket counted in them (PDFs). */
  pages: number;
  /** From the first document claimed to the last one settled (the documents' own timestamps). */
  seconds: number;
  perSecond: number;
  /**
   * Where a document's time goes, on average (ms, the documents' own timestamps): one
   * processing slot takes `cycle` per document; of it `claimToOutcome` runs from the claim
   * (started_at) to the outcome being recorded (completed_at), `extractAndStore` of which
   * is extraction and storing the text (processing_ms). The rest of the cycle: committing the
   * outcome, completing the queue job and fetching the next.
   */
  phases: { cycle: number; claimToOutcome: number; extractAndStore: number };
  cpu: ResourceUse;
  window: Window;
};

const POLL_MS = 100;

/**
 * Works off a backlog that is already queued (every document of `userId`, submitted
 * with no worker running, so ingest does not limit it) with `workers` worker processes
 * (`pnpm worker`'s entry), all started before any of them may take a document: the queue
 * jobs are deferred while the workers start (pg-boss's `start_after`) and released at once
 * when every worker has announced itself (its heartbeat row), after the documents of a
 * warm-up user, if given, have been worked off. Throughput is the documents over the span
 * from the first claim to the last outcome; CPU is the workers' (extractor processes
 * included) and the database's backends'. Every document must succeed.
 */
export async function measureProcessing(options: {
  databaseUrl: string;
  serverUrl: string;
  database: string;
  userId: string;
  workers: number;
  /** The worker's entry: its bundle, or its TypeScript source when profiling. */
  workerEntry: string;
  workerEnv: Record<string, string>;
  /** Node options per worker (e.g. `--cpu-prof` with a file name). */
  nodeArgs?: (index: number) => string[];
  /**
   * A user whose documents (queued too, a few) the workers work off before the clock runs:
   * their extractor processes started and their code warm, as the baselines measured against
   * are (pdf-corpus.ts). Without it the first documents pay for starting the extractors.
   */
  warmUpUserId?: string;
  log: (line: string) => void;
}): Promise<ProcessingRun> {
  const db = new pg.Client({ connectionString: options.databaseUrl, application_name: 'docket-bench' });
  await db.connect();
  const workers: NodeProcess[] = [];
  try {
    await setStartAfter(db, "now() + interval '1 hour'");
    for (let i = 0; i < options.workers; i++) workers.push(startNodeProcess(options.workerEntry, options.workerEnv, options.nodeArgs?.(i) ?? []));
    const concurrency = await waitForHeartbeats(db, workers);
    options.log(`  ${options.workers} worker process(es) up (concurrency ${concurrency})`);
    if (options.warmUpUserId !== undefined) {
      options.log('  warming up…');
      await setStartAfter(db, 'now()', options.warmUpUserId);
      const warmUp = await settled(db, options.warmUpUserId, workers);
      if (warmUp.failed > 0) throw new Error(`${warmUp.failed} of ${warmUp.total} warm-up documents failed`);
    }
    // The row starts with what was written before it (the ingest part's rows, the backlog)
    // flushed: a checkpoint writing those out during the row slows every commit in it.
    await db.query('CHECKPOINT');
    const checkpointsBefore = await checkpointCount(db);
    options.log('  releasing the backlog…');
    const meter = await startResourceMeter({ nodePids: workers.map((worker) => worker.pid), database: { serverUrl: options.serverUrl, name: options.database } });
    const from = monotonicMicros();
    await setStartAfter(db, 'now()');
    const progress = await settled(db, options.userId, workers);
    const to = monotonicMicros();
    const cpu = await meter.stop();
    const checkpoints = (await checkpointCount(db)) - checkpointsBefore;
    // The server's, not the run's: another database's CREATE or DROP DATABASE forces one too.
    if (checkpoints > 0) options.log(`  note: ${checkpoints} checkpoint(s) of the server ran during this row; its commits waited on the disk meanwhile`);
    if (progress.failed > 0) throw new Error(`${progress.failed} of ${progress.total} documents failed: the benchmark measures documents that succeed`);
    const seconds = (progress.lastCompleted!.getTime() - progress.firstStarted!.getTime()) / 1000;
    const perSecond = progress.total / seconds;
    const phases = { cycle: ((options.workers * concurrency) / perSecond) * 1000, claimToOutcome: progress.claimToOutcomeMs, extractAndStore: progress.extractAndStoreMs };
    return { workers: options.workers, concurrency, documents: progress.total, pages: progress.pages, seconds, perSecond, phases, cpu, window: { from, to } };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await db.end();
  }
}

/** Moves the start of every queue job not yet taken (of `userId`'s documents, if given) to `at` (an SQL expression). */
async function setStartAfter(db: pg.Client, at: string, userId?: string): Promise<void> {
  const ofUser = userId === undefined ? '' : ` AND (data->>'document_id')::uuid IN (SELECT id FROM documents WHERE user_id = $2)`;
  await db.query(`UPDATE pgboss.job SET start_after = ${at} WHERE name = $1 AND state = 'created'${ofUser}`, userId === undefined ? [EXTRACT_QUEUE] : [EXTRACT_QUEUE, userId]);
}

/** Waits until every document of `userId` has settled; the workers must keep running meanwhile. */
async function settled(db: pg.Client, userId: string, workers: NodeProcess[]) {
  let progress = await documentProgress(db, userId);
  while (progress.settled < progress.total) {
    if (!workers.every((worker) => worker.running())) throw new Error('a worker process exited during the run');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    progress = await documentProgress(db, userId);
  }
  return progress;
}

/** Checkpoints the server has started so far (timed and requested). */
async function checkpointCount(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ count: number }>('SELECT (checkpoints_timed + checkpoints_req)::int AS count FROM pg_stat_bgwriter');
  return rows[0]!.count;
}

/** Waits for a heartbeat row of every worker; returns their concurrency (the smallest). */
async function waitForHeartbeats(db: pg.Client, workers: NodeProcess[]): Promise<number> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { rows } = await db.query<{ concurrency: number }>('SELECT concurrency FROM worker_heartbeats WHERE pid = ANY($1::int[])', [workers.map((worker) => worker.pid)]);
    if (rows.length === workers.length) return Math.min(...rows.map((row) => row.concurrency));
    if (!workers.every((worker) => worker.running())) throw new Error('a worker process exited while starting');
    if (Date.now() > deadline) throw new Error(`only ${rows.length} of ${workers.length} workers started within 2 minutes`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function documentProgress(db: pg.Client, userId: string) {
  const { rows } = await db.query<{
    total: number;
    settled: number;
    failed: number;
    pages: number;
    first_started: Date | null;
    last_completed: Date | null;
    claim_to_outcome_ms: number | null;
    extract_and_store_ms: number | null;
  }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status IN ('succeeded', 'failed', 'cancelled'))::int AS settled,
            count(*) FILTER (WHERE status IN ('failed', 'cancelled'))::int AS failed,
            coalesce(sum(page_count), 0)::int AS pages,
            min(started_at) AS first_started, max(completed_at) AS last_completed,
            (avg(extract(epoch FROM completed_at - started_at)) * 1000)::float8 AS claim_to_outcome_ms,
            avg(processing_ms)::float8 AS extract_and_store_ms
     FROM documents WHERE user_id = $1`,
    [userId],
  );
  const row = rows[0]!;
  return {
    total: row.total,
    settled: row.settled,
    failed: row.failed,
    pages: row.pages,
    firstStarted: row.first_started,
    lastCompleted: row.last_completed,
    claimToOutcomeMs: row.claim_to_outcome_ms ?? 0,
    extractAndStoreMs: row.extract_and_store_ms ?? 0,
  };
}
