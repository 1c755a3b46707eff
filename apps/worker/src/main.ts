// A standalone worker process: `pnpm worker` (needs DATABASE_URL; run as many as you like).
import { pino } from 'pino';
import { createExtractionPool } from '@docket/extract/extraction-pool';
import { CALLBACK_TIMEOUT_MS } from '@docket/jobs/callbacks/post-callback';
import { configOrExit, loadWorkerConfig } from './config.ts';
import { onShutdown } from './on-shutdown.ts';
import { openQueueRuntime } from './open-queue-runtime.ts';
import { startWorker } from './start-worker.ts';
import { serveWorkerMetrics } from './worker-metrics.ts';

const config = configOrExit(loadWorkerConfig);
const logger = pino({ level: config.LOG_LEVEL, base: { service: 'docket-worker' } });

const runtime = await openQueueRuntime({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, maxAttempts: config.MAX_ATTEMPTS, callbackRetryDelaySeconds: config.CALLBACK_RETRY_DELAY_SECONDS, logger });
const pool = createExtractionPool({ processes: config.WORKER_CONCURRENCY, timeoutMs: config.EXTRACT_TIMEOUT_MS, maxMemoryMb: config.EXTRACT_MEMORY_MB });
const metrics = config.WORKER_METRICS_PORT === undefined ? undefined : await serveWorkerMetrics(config.WORKER_METRICS_PORT, config.METRICS_TOKEN);
if (metrics) logger.info({ url: metrics.url }, 'worker metrics served');
const worker = await startWorker({
  ...runtime,
  pool,
  logger,
  settings: {
    concurrency: config.WORKER_CONCURRENCY,
    maxAttempts: config.MAX_ATTEMPTS,
    callbacks: { allowPrivate: config.CALLBACK_ALLOW_PRIVATE, timeoutMs: CALLBACK_TIMEOUT_MS },
  },
  onDocumentSettled: metrics?.observeDocument,
});

onShutdown(logger, [
  ['worker', () => worker.stop()],
  ['queue and database', () => runtime.close()],
  ['extractor processes', () => pool.close()],
  ['metrics', async () => metrics?.close()],
]);
