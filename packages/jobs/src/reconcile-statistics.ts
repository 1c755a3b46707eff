import type { Db, Tx } from '@docket/db/create-prisma';
import { DOCUMENT_STATUSES, JOB_STATUSES, TERMINAL_JOB_STATUSES } from '@docket/contracts/jobs';
import { Prisma } from '@docket/db/generated/prisma/client';
import { reconcileJobTypeCounters } from './job-type-counters.ts';
import { COUNTER_COLUMNS, ROLLUP_COLUMNS, sumsOf } from './statistics-columns.ts';

export type Drift = { scope: string; key: string; maintained: string; recounted: string };
export type ReconcileReport = { usersChecked: number; drift: Drift[]; repaired: boolean };

/** `(SELECT count(*) …)::int8 AS jobs_<status>, …` for every counter column, over the rows `where` selects. */
const recountCounters = (where: string) =>
  Prisma.raw(
    [
      ...JOB_STATUSES.map((status) => `(SELECT count(*) FROM jobs WHERE ${where} status = '${status}')::int8 AS jobs_${status}`),
      ...DOCUMENT_STATUSES.map((status) => `(SELECT count(*) FROM documents WHERE ${where} status = '${status}')::int8 AS documents_${status}`),
    ].join(', '),
  );
const TERMINAL = Prisma.raw(TERMINAL_JOB_STATUSES.map((status) => `'${status}'`).join(', '));
const COUNT_BY_STATUS = Prisma.raw(JOB_STATUSES.map((status) => `count(*) FILTER (WHERE status = '${status}')::int8 AS ${status}`).join(', '));

/**
 * Recomputes the statistics (user_counters, job_hourly_rollups, system_counters,
 * job_type_counters) from the jobs and documents rows, reports every difference and, with
 * `repair`, replaces the maintained numbers with the recount.
 *
 * Safe while the system runs. A check (no repair) reads each user in a REPEATABLE READ
 * transaction: every transition changes its rows and its deltas in one transaction, so one
 * snapshot sees both or neither, and the check is exact without blocking anybody — the
 * hourly maintenance runs it. A repair must also write: each user is repaired in its own
 * short transaction that first locks the statistics tables in SHARE ROW EXCLUSIVE mode
 * (readers go on; writers and other reconcilers wait). Transitions write those tables last,
 * just before they commit, so while the lock is held no transition can commit: the recount
 * sees exactly the transitions whose deltas are already in the tables, and any transition
 * in flight applies its deltas after the repair, on top of the corrected numbers.
 */
export async function reconcileStatistics(db: Db, options: { repair: boolean; userId?: string }): Promise<ReconcileReport> {
  const users = options.userId
    ? [options.userId]
    : (await db.$queryRaw<{ id: string }[]>`SELECT id FROM users ORDER BY id`).map((row) => row.id);
  const transaction = options.repair
    ? { timeout: 120_000 }
    : { timeout: 120_000, isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead };
  const drift: Drift[] = [];
  for (const userId of users) {
    drift.push(...(await db.$transaction((tx) => reconcileUser(tx, userId, options.repair), transaction)));
  }
  if (!options.userId) drift.push(...(await db.$transaction((tx) => reconcileSystem(tx, options.repair), transaction)));
  return { usersChecked: users.length, drift, repaired: options.repair && drift.length > 0 };
}

async function lockStatistics(tx: Tx): Promise<void> {
  await tx.$executeRaw`LOCK TABLE user_counters, system_counters, job_type_counters, job_hourly_rollups IN SHARE ROW EXCLUSIVE MODE`;
}

/** Counter values as one comparable string per key. */
const describe = (row: Record<string, unknown> | undefined, columns: readonly string[]) =>
  columns.map((column) => `${column}=${row ? Number(row[column] ?? 0) : 0}`).join(' ');

async function reconcileUser(tx: Tx, userId: string, repair: boolean): Promise<Drift[]> {
  if (repair) await lockStatistics(tx);
  const [maintained] = await tx.$queryRaw<Record<string, bigint>[]>`SELECT ${Prisma.raw(sumsOf(COUNTER_COLUMNS, 'int8'))} FROM user_counters WHERE user_id = ${userId}::uuid`;
  const [recounted] = await tx.$queryRaw<Record<string, bigint>[]>`SELECT ${recountCounters('user_id = u.id AND')} FROM (SELECT ${userId}::uuid AS id) u`;
  const drift: Drift[] = [];
  if (describe(maintained, COUNTER_COLUMNS) !== describe(recounted, COUNTER_COLUMNS)) {
    drift.push({ scope: 'user counters', key: userId, maintained: describe(maintained, COUNTER_COLUMNS), recounted: describe(recounted, COUNTER_COLUMNS) });
  }

  const rollupSums = Prisma.raw(ROLLUP_COLUMNS.map((c) => `sum(${c})::int8 AS ${c}`).join(', '));
  const maintainedRollups = await tx.$queryRaw<Record<string, unknown>[]>`
    SELECT bucket_start, job_type::text AS job_type, ${rollupSums}
    FROM job_hourly_rollups WHERE user_id = ${userId}::uuid GROUP BY 1, 2`;
  const recountedRollups = await tx.$queryRaw<Record<string, unknown>[]>`
    WITH per_job AS (
      SELECT j.id, date_trunc('hour', j.created_at) AS bucket_start, j.job_type, j.status,
             CASE WHEN j.status IN (${TERMINAL}) AND j.completed_at IS NOT NULL
                  THEN round(extract(epoch FROM (j.completed_at - j.created_at)) * 1000) ELSE 0 END AS duration_ms,
             count(d.id) FILTER (WHERE d.status = 'succeeded') AS succeeded,
             count(d.id) FILTER (WHERE d.status = 'failed') AS failed,
             coalesce(sum(d.page_count) FILTER (WHERE d.status = 'succeeded'), 0) AS pages
      FROM jobs j LEFT JOIN documents d ON d.job_id = j.id
      WHERE j.user_id = ${userId}::uuid
      GROUP BY j.id)
    SELECT bucket_start, job_type::text AS job_type, ${COUNT_BY_STATUS}, sum(duration_ms)::int8 AS duration_ms_sum,
           sum(succeeded)::int8 AS documents_succeeded, sum(failed)::int8 AS documents_failed, sum(pages)::int8 AS pages_processed
    FROM per_job GROUP BY 1, 2`;
  const keyOf = (row: Record<string, unknown>) => `${(row.bucket_start as Date).toISOString()} ${row.job_type}`;
  const recountedByKey = new Map(recountedRollups.map((row) => [keyOf(row), row]));
  const keys = new Set([...maintainedRollups.map(keyOf), ...recountedByKey.keys()]);
  const maintainedByKey = new Map(maintainedRollups.map((row) => [keyOf(row), row]));
  for (const key of [...keys].sort()) {
    const have = describe(maintainedByKey.get(key), ROLLUP_COLUMNS);
    const want = describe(recountedByKey.get(key), ROLLUP_COLUMNS);
    if (have !== want) drift.push({ scope: 'hourly rollup', key: `${userId} ${key}`, maintained: have, recounted: want });
  }

  if (repair && drift.length) {
    // The repaired numbers are a new version: `changes` must keep growing (analytics cache).
    const [version] = await tx.$queryRaw<{ changes: bigint }[]>`
      SELECT coalesce(sum(changes), 0)::int8 + 1 AS changes FROM user_counters WHERE user_id = ${userId}::uuid`;
    await tx.$executeRaw`DELETE FROM user_counters WHERE user_id = ${userId}::uuid`;
    await tx.$executeRaw`
      INSERT INTO user_counters (user_id, slot, ${Prisma.raw(COUNTER_COLUMNS.join(', '))}, changes)
      VALUES (${userId}::uuid, 0, ${Prisma.join(COUNTER_COLUMNS.map((c) => Number(recounted![c])))}, ${version!.changes})`;
    await tx.$executeRaw`DELETE FROM job_hourly_rollups WHERE user_id = ${userId}::uuid`;
    for (const row of recountedRollups) {
      await tx.$executeRaw`
        INSERT INTO job_hourly_rollups (user_id, bucket_start, job_type, slot, ${Prisma.raw(ROLLUP_COLUMNS.join(', '))})
        VALUES (${userId}::uuid, ${row.bucket_start as Date}, ${row.job_type as string}::job_type, 0, ${Prisma.join(ROLLUP_COLUMNS.map((c) => Number(row[c])))})`;
    }
  }
  return drift;
}

async function reconcileSystem(tx: Tx, repair: boolean): Promise<Drift[]> {
  if (repair) await lockStatistics(tx);
  const [maintained] = await tx.$queryRaw<Record<string, bigint>[]>`SELECT ${Prisma.raw(sumsOf(COUNTER_COLUMNS, 'int8'))} FROM system_counters`;
  const [recounted] = await tx.$queryRaw<Record<string, bigint>[]>`SELECT ${recountCounters('')}`;
  const byJobType = await reconcileJobTypeCounters(tx, repair);
  if (describe(maintained, COUNTER_COLUMNS) === describe(recounted, COUNTER_COLUMNS)) return byJobType;
  if (repair) {
    await tx.$executeRaw`DELETE FROM system_counters`;
    await tx.$executeRaw`INSERT INTO system_counters (slot, ${Prisma.raw(COUNTER_COLUMNS.join(', '))}) VALUES (0, ${Prisma.join(COUNTER_COLUMNS.map((c) => Number(recounted![c])))})`;
  }
  return [{ scope: 'system counters', key: 'all users', maintained: describe(maintained, COUNTER_COLUMNS), recounted: describe(recounted, COUNTER_COLUMNS) }, ...byJobType];
}
