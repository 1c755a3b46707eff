// A standalone worker process: `pnpm worker` (needs DATABASE_URL; run as many as you like).
import { pino } from 'pino';
import { onShutdown } from '@docket/runtime/on-shutdown';
import { openInfrastructure } from '@docket/runtime/open-infrastructure';
import { configOrExit } from '@docket/runtime/parse-config';
import { startWorker } from '@docket/runtime/start-worker';
import { serveWorkerMetrics } from '@docket/runtime/worker-metrics';
import { loadWorkerConfig } from './config.ts';

const config = configOrExit(loadWorkerConfig);
const logger = pino({ level: config.LOG_LEVEL, base: { service: 'docket-worker' } });

const infrastructure = await openInfrastructure({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, maxAttempts: config.MAX_ATTEMPTS, callbackRetryDelaySeconds: config.CALLBACK_RETRY_DELAY_SECONDS, logger });
const metrics = config.WORKER_METRICS_PORT === undefined ? undefined : await serveWorkerMetrics(config.WORKER_METRICS_PORT, config.METRICS_TOKEN);
if (metrics) logger.info({ url: metrics.url }, 'worker metrics served');
const worker = await startWorker(infrastructure, config, { logger, onDocumentSettled: metrics?.observeDocument });

onShutdown(logger, [
  ['worker', () => worker.stop()],
  ['queue and database', () => infrastructure.close()],
  ['metrics', async () => metrics?.close()],
]);
