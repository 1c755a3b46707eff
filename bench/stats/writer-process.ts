// The writer workload's own process (startWriterProcess in writer-workload.ts starts it): as
// in production, the transactions of working off jobs do not run on the API's event loop.
// Takes its settings as JSON in argv[2], prints `started` once it writes, writes until
// SIGTERM, then prints what it did (WriterResult) as JSON on stdout.
import { pino } from 'pino';
import { createJobQueue } from '@docket/queue/job-queue';
import { openInfrastructure } from '@docket/runtime/open-infrastructure';
import { startWriters, type WriterSettings } from './writer-workload.ts';

const { databaseUrl, dataDir, owner, loops, rate } = JSON.parse(process.argv[2]!) as WriterSettings;
const logger = pino({ level: 'warn' });
const infrastructure = await openInfrastructure({ databaseUrl, dataDir, maxAttempts: 3, logger });
const deps = { ...infrastructure, queue: createJobQueue(infrastructure.boss), logger, settings: { storageQuotaBytes: Number.MAX_SAFE_INTEGER } };
const writers = startWriters(deps, owner, dataDir, { loops, rate });
process.stdout.write('started\n');
process.once('SIGTERM', () => {
  void writers.stop().then(async (result) => {
    await infrastructure.close();
    process.stdout.write(JSON.stringify(result));
  });
});
