import { PgBoss } from 'pg-boss';
import { EXTRACT_QUEUE, MAINTENANCE_CRON, MAINTENANCE_QUEUE } from './queues.ts';

export type BossSettings = {
  databaseUrl: string;
  /**
   * LISTEN/NOTIFY wakes idle workers in ~5 ms on a Postgres server; under PGlite
   * notifications do not cross socket connections, so embedded mode polls instead.
   */
  listenNotify: boolean;
  /** Processing attempts per document before it is failed (see claimDocument). */
  maxAttempts: number;
  /** Pool size of pg-boss's own connections. */
  maxConnections?: number;
  /** Seconds between polls when notifications are off (and as a backstop when on). */
  pollingIntervalSeconds?: number;
};

/**
 * Creates the pg-boss instance with the settings DESIGN.md "Queue engine" measured:
 * heartbeats so a killed worker's documents come back in seconds instead of 15 minutes,
 * bounded retries with exponential backoff.
 */
export function createBoss(settings: BossSettings): PgBoss {
  return new PgBoss({
    connectionString: settings.databaseUrl,
    max: settings.maxConnections ?? 4,
    useListenNotify: settings.listenNotify,
    superviseIntervalSeconds: 5,
    maintenanceIntervalSeconds: 30,
    monitorIntervalSeconds: 5,
    // The ready count behind the workers' burst mode comes from this cache.
    queueCacheIntervalSeconds: 1,
    application_name: 'docket-queue',
  });
}

/** Creates Docket's queues (idempotent). Safe to call from every process at start-up. */
export async function ensureQueues(boss: PgBoss, settings: Pick<BossSettings, 'maxAttempts'>): Promise<void> {
  const options = {
    // One more delivery than our attempt budget: the last delivery finds the budget spent
    // (every earlier attempt crashed) and fails the document with a reason instead of
    // leaving it stuck in `processing`.
    retryLimit: settings.maxAttempts,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 60,
    heartbeatSeconds: 10,
    expireInSeconds: 15 * 60,
    deleteAfterSeconds: 7 * 24 * 3600,
    notify: true,
  };
  const existing = await boss.getQueue(EXTRACT_QUEUE);
  if (existing) await boss.updateQueue(EXTRACT_QUEUE, { retryLimit: options.retryLimit, retryDelay: options.retryDelay, retryBackoff: true, retryDelayMax: 60, notify: true });
  else await boss.createQueue(EXTRACT_QUEUE, options);

  if (!(await boss.getQueue(MAINTENANCE_QUEUE))) {
    await boss.createQueue(MAINTENANCE_QUEUE, { retryLimit: 1, retryDelay: 60, expireInSeconds: 15 * 60, deleteAfterSeconds: 7 * 24 * 3600 });
  }
  // One job per tick for the whole installation, whichever worker takes it.
  await boss.schedule(MAINTENANCE_QUEUE, MAINTENANCE_CRON, {}, { tz: 'UTC' });
}
