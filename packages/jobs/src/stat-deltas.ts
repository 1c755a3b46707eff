import type { Db, Tx } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';
import { DOCUMENT_STATUSES, JOB_STATUSES, type DocumentStatus, type JobStatus, type JobType } from '@docket/contracts/jobs';
import { USAGE_METERS, type UsageMeter } from '@docket/contracts/usage';
import { addJobTypeCounts } from './job-type-counters.ts';
import { COUNTER_COLUMNS, ROLLUP_COLUMNS, type RollupColumn } from './statistics-columns.ts';

/**
 * Changes to the statistics counters (user_counters, organization_counters, system_counters, the job-type
 * counters of job-type-counters.ts), hourly rollups
 * (job_hourly_rollups) and usage meters (usage_hourly) caused by one transaction. Every domain transaction collects its
 * deltas and applies them once, at its end, in the same transaction as the state change:
 * the numbers can never disagree with the rows, and one fixed statement order (counters,
 * then rollup) keeps concurrent transactions from deadlocking on slot rows.
 */
export type StatDeltas = {
  jobs: Partial<Record<JobStatus, number>>;
  documents: Partial<Record<DocumentStatus, number>>;
  rollup: Partial<Record<RollupColumn, number>>;
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
  for (const [meter, amount] of Object.entries(meters) as [UsageMeter, number][]) addDelta(deltas.usage, meter, amount);
}

export function addDelta<K extends string>(target: Partial<Record<K, number>>, key: K, amount: number): void {
  target[key] = (target[key] ?? 0) + amount;
}

/** Records a job moving between statuses, in both the counters and its rollup bucket. */
export function moveJob(deltas: StatDeltas, from: JobStatus, to: JobStatus): void {
  if (from === to) return;
  addDelta(deltas.jobs, from, -1);
  addDelta(deltas.jobs, to, 1);
  addDelta(deltas.rollup, from, -1);
  addDelta(deltas.rollup, to, 1);
}

/** Records `count` documents moving between statuses. */
export function moveDocuments(deltas: StatDeltas, from: DocumentStatus, to: DocumentStatus, count = 1): void {
  if (from === to || count === 0) return;
  addDelta(deltas.documents, from, -count);
  addDelta(deltas.documents, to, count);
}

function hourOf(date: Date): Date {
  const hour = new Date(date);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}

const n = (value: number | undefined): number => value ?? 0;

/** `name = <alias>.name + EXCLUDED.name, …`: the SET list of an upsert that adds to every column. */
const addExcluded = (alias: string, columns: readonly string[]) => Prisma.raw(columns.map((name) => `${name} = ${alias}.${name} + EXCLUDED.${name}`).join(', '));
const bigints = (values: number[]) => Prisma.join(values.map((value) => Prisma.sql`${value}::bigint`));

const COUNTERS = Prisma.raw(COUNTER_COLUMNS.join(', '));
const ADD_EXCLUDED = addExcluded('c', COUNTER_COLUMNS);
const ROLLUPS = Prisma.raw(ROLLUP_COLUMNS.join(', '));
/** The SET list of an upsert into `job_hourly_rollups AS r`. */
export const ADD_EXCLUDED_ROLLUP = addExcluded('r', ROLLUP_COLUMNS);

const USAGE_COLUMNS = Prisma.raw(USAGE_METERS.join(', '));
/** The SET list of an upsert into `usage_hourly AS u`. */
export const ADD_EXCLUDED_USAGE = addExcluded('u', USAGE_METERS);

/** Whose statistics a transaction moves: the submitting user's and the job's organisation's. */
export type StatOwner = { userId: string; organizationId: string };

/**
 * Applies a transaction's deltas, in one fixed order for every transaction — user counters,
 * organisation counters, system counters, job-type counters (system-wide, then the
 * organisation's), user rollup, organisation rollup, usage — so two
 * transactions that touch the same slot rows always lock them in the same order.
 */
export async function applyStatDeltas(tx: Tx, owner: StatOwner, key: RollupKey, deltas: StatDeltas): Promise<void> {
  const { jobs, documents, rollup, usage } = deltas;
  const slot = Math.floor(Math.random() * COUNTER_SLOTS);

  const countersChange = [...Object.values(jobs), ...Object.values(documents)].some((value) => value !== 0);
  const rollupChanges = Object.values(rollup).some((value) => value !== 0);
  if (countersChange || rollupChanges) {
    const counts = bigints([...JOB_STATUSES.map((status) => n(jobs[status])), ...DOCUMENT_STATUSES.map((status) => n(documents[status]))]);
    // `changes` versions the user's and the organisation's statistics (get-history-analytics.ts
    // caches on it), so it moves whenever the counters or the rollups do.
    await tx.$executeRaw`
      INSERT INTO user_counters AS c (user_id, slot, ${COUNTERS}, changes)
      VALUES (${owner.userId}::uuid, ${slot}::smallint, ${counts}, 1)
      ON CONFLICT (user_id, slot) DO UPDATE SET ${ADD_EXCLUDED}, changes = c.changes + 1`;
    await tx.$executeRaw`
      INSERT INTO organization_counters AS c (organization_id, slot, ${COUNTERS}, changes)
      VALUES (${owner.organizationId}::uuid, ${slot}::smallint, ${counts}, 1)
      ON CONFLICT (organization_id, slot) DO UPDATE SET ${ADD_EXCLUDED}, changes = c.changes + 1`;
    if (countersChange) {
      await tx.$executeRaw`
        INSERT INTO system_counters AS c (slot, ${COUNTERS})
        VALUES (${Math.floor(Math.random() * SYSTEM_COUNTER_SLOTS)}::smallint, ${counts})
        ON CONFLICT (slot) DO UPDATE SET ${ADD_EXCLUDED}`;
      if (Object.values(jobs).some((value) => value !== 0)) await addJobTypeCounts(tx, key.jobType, owner.organizationId, jobs);
    }
  }

  if (rollupChanges) {
    const bucket = Prisma.sql`${hourOf(key.createdAt)}, ${key.jobType}::job_type, ${slot}::smallint, ${bigints(ROLLUP_COLUMNS.map((column) => n(rollup[column])))}`;
    await tx.$executeRaw`
      INSERT INTO job_hourly_rollups AS r (user_id, bucket_start, job_type, slot, ${ROLLUPS})
      VALUES (${owner.userId}::uuid, ${bucket})
      ON CONFLICT (user_id, bucket_start, job_type, slot) DO UPDATE SET ${ADD_EXCLUDED_ROLLUP}`;
    await tx.$executeRaw`
      INSERT INTO organization_hourly_rollups AS r (organization_id, bucket_start, job_type, slot, ${ROLLUPS})
      VALUES (${owner.organizationId}::uuid, ${bucket})
      ON CONFLICT (organization_id, bucket_start, job_type, slot) DO UPDATE SET ${ADD_EXCLUDED_ROLLUP}`;
  }

  if (deltas.usageAt && Object.values(usage).some((value) => value !== 0)) {
    await addUsageRow(tx, owner.organizationId, deltas.usageAt, slot, usage);
  }
}

/** Adds meters to the organisation's usage row of the hour of `at` (slot `slot`). */
export async function addUsageRow(tx: Tx | Db, organizationId: string, at: Date, slot: number, usage: Partial<Record<UsageMeter, number>>): Promise<void> {
  const values = Prisma.join(USAGE_METERS.map((meter) => Prisma.sql`${n(usage[meter])}::bigint`));
  await tx.$executeRaw`
    INSERT INTO usage_hourly AS u (organization_id, hour_start, slot, ${USAGE_COLUMNS})
    VALUES (${organizationId}::uuid, ${hourOf(at)}, ${slot}::smallint, ${values})
    ON CONFLICT (organization_id, hour_start, slot) DO UPDATE SET ${ADD_EXCLUDED_USAGE}`;
}
