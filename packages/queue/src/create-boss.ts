import { PgBoss } from 'pg-boss';
import { CALLBACK_QUEUE, EXTRACT_QUEUE, MAINTENANCE_CRON, MAINTENANCE_QUEUE } from './queues.ts';

export type BossSettings = {
  databaseUrl: string;
  /**
   * LISTEN/NOTIFY wakes an idle worker as soon as a job is sent, instead of at its next poll
   * (the embedded server is a real PostgreSQL too). Off only for instances that never consume.
   */
  listenNotify: boolean;
  /** Processing attempts per document before it is failed (see claimDocument). */
  maxAttempts: number;
  /** First retry delay of a failed callback delivery; later ones double (see callbackRetryLimit). */
  callbackRetryDelaySeconds?: number;
  /** Pool size of pg-boss's own connections. */
  maxConnections?: number;
};

/**
 * Creates the pg-boss instance with the settings docs/design.md#queue-engine measured:
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
    // How often a process refreshes its cache of the queues (their settings and ready counts).
    queueCacheIntervalSeconds: 1,
    application_name: 'docket-queue',
  });
}

/** Callbacks are retried for this long after the first attempt (docs/api.md#completion-callbacks: for 24 h). */
export const CALLBACK_RETRY_WINDOW_SECONDS = 24 * 3600;
/** No wait between two callback attempts grows beyond an hour. */
export const CALLBACK_RETRY_DELAY_MAX_SECONDS = 3600;

/**
 * How many retries fit in the callback window. pg-boss waits base × 2^(n+1) × (½…1) before
 * retry n (jitter), capped at the maximum; summing the longest possible waits keeps every
 * retry inside the window, and the shortest waits still spread them over most of it
 * (30 s base: 28 retries, the last between ~22 h and 23 h after the first attempt).
 */
export function callbackRetryLimit(baseSeconds: number, maxSeconds = CALLBACK_RETRY_DELAY_MAX_SECONDS, windowSeconds = CALLBACK_RETRY_WINDOW_SECONDS): number {
  let retries = 0;
  for (let elapsed = 0; ; retries++) {
    const longest = Math.min(maxSeconds, Math.max(baseSeconds, 1) * 2 ** Math.min(16, retries + 1));
    if (elapsed + longest > windowSeconds) return retries;
    elapsed += longest;
  }
}

/** Creates Docket's queues (idempotent). Safe to call from every process at start-up. */
export async function ensureQueues(boss: PgBoss, settings: Pick<BossSettings, 'maxAttempts' | 'callbackRetryDelaySeconds'>): Promise<void> {
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
    // Workers are woken after the submit commits, not by pg-boss inside it (job-queue.ts).
    notify: false,
  };
  const existing = await boss.getQueue(EXTRACT_QUEUE);
  if (existing) await boss.updateQueue(EXTRACT_QUEUE, { retryLimit: options.retryLimit, retryDelay: options.retryDelay, retryBackoff: true, retryDelayMax: 60, notify: false });
  else await boss.createQueue(EXTRACT_QUEUE, options);

  const retryDelay = settings.callbackRetryDelaySeconds ?? 30;
  const callbackRetries = {
    retryLimit: callbackRetryLimit(retryDelay),
    retryDelay,
    retryBackoff: true,
    retryDelayMax: CALLBACK_RETRY_DELAY_MAX_SECONDS,
  };
  if (await boss.getQueue(CALLBACK_QUEUE)) await boss.updateQueue(CALLBACK_QUEUE, callbackRetries);
  // Each attempt gives up after 10 s; a minute covers a slow DNS answer and the bookkeeping.
  else await boss.createQueue(CALLBACK_QUEUE, { ...callbackRetries, expireInSeconds: 60, deleteAfterSeconds: 7 * 24 * 3600 });

  if (!(await boss.getQueue(MAINTENANCE_QUEUE))) {
    await boss.createQueue(MAINTENANCE_QUEUE, { retryLimit: 1, retryDelay: 60, expireInSeconds: 15 * 60, deleteAfterSeconds: 7 * 24 * 3600 });
  }
  // One job per tick for the whole installation, whichever worker takes it.
  await boss.schedule(MAINTENANCE_QUEUE, MAINTENANCE_CRON, {}, { tz: 'UTC' });
}
