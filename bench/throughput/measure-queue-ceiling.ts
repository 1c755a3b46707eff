import { createBoss } from '@docket/queue/create-boss';
import { startResourceMeter, type ResourceUse } from '../resource-meter.ts';

const QUEUE = 'bench-ceiling';
const SENDERS = 8;
const CONSUMERS = 2;
const BATCH = 100;

export type QueueCeiling = { jobsPerSecond: number; cpu: ResourceUse };

/**
 * The ceiling of a Postgres queue on this machine, measured with pg-boss alone on the same
 * server (in a database of its own): SENDERS loops send one job at a time, as Docket's
 * submit sends one queue job per document, while CONSUMERS loops fetch up to BATCH jobs and
 * complete them in one call. After `warmUpSeconds`, the jobs completed in `seconds` give
 * jobs/s; CPU is this process's and the database's backends'.
 */
export async function measureQueueCeiling(options: { serverUrl: string; database: string; databaseUrl: string; seconds: number; warmUpSeconds: number }): Promise<QueueCeiling> {
  const boss = createBoss({ databaseUrl: options.databaseUrl, listenNotify: false, maxAttempts: 1, maxConnections: SENDERS + CONSUMERS + 2 });
  await boss.start();
  try {
    await boss.createQueue(QUEUE);
    let running = true;
    let completed = 0;
    const senders = Array.from({ length: SENDERS }, async () => {
      while (running) await boss.send(QUEUE, { at: Date.now() });
    });
    const consumers = Array.from({ length: CONSUMERS }, async () => {
      while (running) {
        const jobs = await boss.fetch(QUEUE, { batchSize: BATCH });
        if (jobs.length === 0) continue;
        await boss.complete(QUEUE, jobs.map((job) => job.id));
        completed += jobs.length;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, options.warmUpSeconds * 1000));
    const cpu = await startResourceMeter({ nodePids: [process.pid], database: { serverUrl: options.serverUrl, name: options.database } });
    const before = completed;
    const began = performance.now();
    await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
    const done = completed - before;
    const elapsed = (performance.now() - began) / 1000;
    const use = await cpu.stop();
    running = false;
    await Promise.all([...senders, ...consumers]);
    return { jobsPerSecond: done / elapsed, cpu: use };
  } finally {
    await boss.stop({ graceful: false });
  }
}
