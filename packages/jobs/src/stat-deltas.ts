import type { Tx } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';
import type { DocumentStatus, JobStatus, JobType } from '@docket/contracts/jobs';
import { USAGE_METERS, type UsageMeter } from '@docket/contracts/usage';

/**
 * Changes to the statistics counters (user_counters, system_counters), hourly rollups
 * (job_hourly_rollups) and usage meters (usage_hourly) caused by one transaction. Every domain transaction collects its
 * deltas and applies them once, at its end, in the same transaction as the state change:
 * the numbers can never disagree with the rows, and one fixed statement order (counters,
 * then rollup) keeps concurrent transactions from deadlocking on slot rows.
 */
export type StatDeltas = {
  jobs: Partial<Record<JobStatus, number>>;
  documents: Partial<Record<DocumentStatus, number>>;
  rollup: Partial<Record<JobStatus | 'duration_ms_sum' | 'documents_succeeded' | 'documents_failed' | 'pages_processed', number>>;
  /** Usage meters, all attributed to the hour of `usageAt` (the transition's own time). */
  usage: Partial<Record<UsageMeter, number>>;
  usageAt?: Date;
};

export type RollupKey = { createdAt: Date; jobType: JobType };

/** Slots per user (docs/design.md#statistics: spread a busy user's counter over a few rows). */
export const COUNTER_SLOTS = 16;
/** Slots of the system-wide counters, which every worker of every user updates. */
export const SYSTEM_COUNTER_SLOTS = 32;

export function emptyDeltas(): StatDeltas {
  return { jobs: {}, documents: {}, rollup: {}, usage: {} };
}

/** Meters usage at `at`: docs/api.md#usage-and-billing-export attributes it to the hour the document became terminal (jobs: submitted). */
export function addUsage(deltas: StatDeltas, at: Date, meters: Partial<Record<UsageMeter, number>>): void {
  deltas.usageAt = at;
  for (const [meter, amount] of Object.entries(meters) as [UsageMeter, number][]) add(deltas.usage, meter, amount);
}

export function add<K extends string>(target: Partial<Record<K, number>>, key: K, amount: number): void {
  target[key] = (target[key] ?? 0) + amount;
}

/** Records a job moving between statuses, in both the counters and its rollup bucket. */
export function moveJob(deltas: StatDeltas, from: JobStatus, to: JobStatus): void {
  if (from === to) return;
  add(deltas.jobs, from, -1);
  add(deltas.jobs, to, 1);
  add(deltas.rollup, from, -1);
  add(deltas.rollup, to, 1);
}

/** Records `count` documents moving between statuses. */
export function moveDocuments(deltas: StatDeltas, from: DocumentStatus, to: DocumentStatus, count = 1): void {
  if (from === to || count === 0) return;
  add(deltas.documents, from, -count);
  add(deltas.documents, to, count);
}

function hourOf(date: Date): Date {
  const hour = new Date(date);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}

const n = (value: number | undefined): number => value ?? 0;

const COUNTER_NAMES = [
  'jobs_queued', 'jobs_processing', 'jobs_completed', 'jobs_failed', 'jobs_cancelled',
  'documents_queued', 'documents_processing', 'documents_succeeded', 'documents_failed', 'documents_cancelled',
];
const COUNTER_COLUMNS = Prisma.raw(COUNTER_NAMES.join(', '));
const ADD_EXCLUDED = Prisma.raw(COUNTER_NAMES.map((name) => `${name} = c.${name} + EXCLUDED.${name}`).join(', '));

/** The summed columns of job_hourly_rollups. */
export const ROLLUP_VALUE_NAMES = ['queued', 'processing', 'completed', 'failed', 'cancelled', 'duration_ms_sum', 'documents_succeeded', 'documents_failed', 'pages_processed'] as const;
/** `name = r.name + EXCLUDED.name, …`: the SET list of an upsert into `job_hourly_rollups AS r`. */
export const ADD_EXCLUDED_ROLLUP = Prisma.raw(ROLLUP_VALUE_NAMES.map((name) => `${name} = r.${name} + EXCLUDED.${name}`).join(', '));

const USAGE_COLUMNS = Prisma.raw(USAGE_METERS.join(', '));
/** `name = u.name + EXCLUDED.name, …`: the SET list of an upsert into `usage_hourly AS u`. */
export const ADD_EXCLUDED_USAGE = Prisma.raw(USAGE_METERS.map((name) => `${name} = u.${name} + EXCLUDED.${name}`).join(', '));

export async function applyStatDeltas(tx: Tx, userId: string, key: RollupKey, deltas: StatDeltas): Promise<void> {
  const { jobs, documents, rollup, usage } = deltas;
  const slot = Math.floor(Math.random() * COUNTER_SLOTS);

  const countersChange = [...Object.values(jobs), ...Object.values(documents)].some((value) => value !== 0);
  const rollupChanges = Object.values(rollup).some((value) => value !== 0);
  if (countersChange || rollupChanges) {
    const counts = Prisma.sql`${n(jobs.queued)}::bigint, ${n(jobs.processing)}::bigint, ${n(jobs.completed)}::bigint,
        ${n(jobs.failed)}::bigint, ${n(jobs.cancelled)}::bigint,
        ${n(documents.queued)}::bigint, ${n(documents.processing)}::bigint, ${n(documents.succeeded)}::bigint,
        ${n(documents.failed)}::bigint, ${n(documents.cancelled)}::bigint`;
    // `changes` versions the user's statistics (get-history-analytics.ts caches on it), so
    // it moves whenever the counters or the rollups do.
    await tx.$executeRaw`
      INSERT INTO user_counters AS c (user_id, slot, ${COUNTER_COLUMNS}, changes)
      VALUES (${userId}::uuid, ${slot}::smallint, ${counts}, 1)
      ON CONFLICT (user_id, slot) DO UPDATE SET ${ADD_EXCLUDED}, changes = c.changes + 1`;
    if (countersChange) {
      await tx.$executeRaw`
        INSERT INTO system_counters AS c (slot, ${COUNTER_COLUMNS})
        VALUES (${Math.floor(Math.random() * SYSTEM_COUNTER_SLOTS)}::smallint, ${counts})
        ON CONFLICT (slot) DO UPDATE SET ${ADD_EXCLUDED}`;
    }
  }

  if (rollupChanges) {
    await tx.$executeRaw`
      INSERT INTO job_hourly_rollups AS r (user_id, bucket_start, job_type, slot,
        queued, processing, completed, failed, cancelled,
        duration_ms_sum, documents_succeeded, documents_failed, pages_processed)
      VALUES (${userId}::uuid, ${hourOf(key.createdAt)}, ${key.jobType}::job_type, ${slot}::smallint,
        ${n(rollup.queued)}::bigint, ${n(rollup.processing)}::bigint, ${n(rollup.completed)}::bigint,
        ${n(rollup.failed)}::bigint, ${n(rollup.cancelled)}::bigint,
        ${n(rollup.duration_ms_sum)}::bigint, ${n(rollup.documents_succeeded)}::bigint,
        ${n(rollup.documents_failed)}::bigint, ${n(rollup.pages_processed)}::bigint)
      ON CONFLICT (user_id, bucket_start, job_type, slot) DO UPDATE SET ${ADD_EXCLUDED_ROLLUP}`;
  }

  if (deltas.usageAt && Object.values(usage).some((value) => value !== 0)) {
    const values = Prisma.join(USAGE_METERS.map((meter) => Prisma.sql`${n(usage[meter])}::bigint`));
    await tx.$executeRaw`
      INSERT INTO usage_hourly AS u (user_id, hour_start, slot, ${USAGE_COLUMNS})
      VALUES (${userId}::uuid, ${hourOf(deltas.usageAt)}, ${slot}::smallint, ${values})
      ON CONFLICT (user_id, hour_start, slot) DO UPDATE SET ${ADD_EXCLUDED_USAGE}`;
  }
}
