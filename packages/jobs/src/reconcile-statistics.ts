import type { Db, Tx } from '@docket/db/create-prisma';
import { DOCUMENT_STATUSES, JOB_STATUSES, TERMINAL_JOB_STATUSES } from '@docket/contracts/jobs';
import { Prisma } from '@docket/db/generated/prisma/client';
import { reconcileJobTypeCounters } from './job-type-counters.ts';
import { COUNTER_COLUMNS, ROLLUP_COLUMNS, sumsOf } from './statistics-columns.ts';
import { SCOPE_TABLES, type StatisticsScope } from './statistics-scope.ts';

export type Drift = { scope: string; key: string; maintained: string; recounted: string };
export type ReconcileReport = { usersChecked: number; organizationsChecked: number; drift: Drift[]; repaired: boolean };

/** `(SELECT count(*) …)::int8 AS jobs_<status>, …` for every counter column, over the jobs and documents the conditions select. */
const recountCounters = (jobs: string, documents: string) =>
  Prisma.raw(
    [
      ...JOB_STATUSES.map((status) => `(SELECT count(*) FROM jobs WHERE ${jobs} status = '${status}')::int8 AS jobs_${status}`),
      ...DOCUMENT_STATUSES.map((status) => `(SELECT count(*) FROM documents WHERE ${documents} status = '${status}')::int8 AS documents_${status}`),
    ].join(', '),
  );

/** A scope's jobs and documents, by the scope id `s.id`: a user's submissions, or an organisation's jobs. */
const SCOPE_ROWS = {
  user: { jobs: 'user_id = s.id AND', documents: 'user_id = s.id AND' },
  organization: { jobs: 'organization_id = s.id AND', documents: 'job_id IN (SELECT id FROM jobs WHERE organization_id = s.id) AND' },
} as const;
const TERMINAL = Prisma.raw(TERMINAL_JOB_STATUSES.map((status) => `'${status}'`).join(', '));
const COUNT_BY_STATUS = Prisma.raw(JOB_STATUSES.map((status) => `count(*) FILTER (WHERE status = '${status}')::int8 AS ${status}`).join(', '));

/**
 * Recomputes the statistics (the counters and hourly rollups of every user and every
 * organisation, the job-type counters of every organisation, system_counters and
 * job_type_counters) from the jobs and documents rows, reports every difference and, with
 * `repair`, replaces the maintained numbers with the recount.
 *
 * Safe while the system runs. A check (no repair) reads each user and organisation in a
 * REPEATABLE READ transaction: every transition changes its rows and its deltas in one
 * transaction, so one snapshot sees both or neither, and the check is exact without blocking
 * anybody — the hourly maintenance runs it. A repair must also write: each scope is repaired
 * in its own short transaction that first locks the statistics tables in SHARE ROW EXCLUSIVE
 * mode (readers go on; writers and other reconcilers wait). Transitions write those tables
 * last, just before they commit, so while the lock is held no transition can commit: the
 * recount sees exactly the transitions whose deltas are already in the tables, and any
 * transition in flight applies its deltas after the repair, on top of the corrected numbers.
 * With `userId`, that user alone is checked (and the organisations they belong to).
 */
export async function reconcileStatistics(db: Db, options: { repair: boolean; userId?: string }): Promise<ReconcileReport> {
  const users = options.userId
    ? [options.userId]
    : (await db.$queryRaw<{ id: string }[]>`SELECT id FROM users ORDER BY id`).map((row) => row.id);
  const organizations = options.userId
    ? (await db.$queryRaw<{ id: string }[]>`SELECT organization_id AS id FROM memberships WHERE user_id = ${options.userId}::uuid ORDER BY 1`).map((row) => row.id)
    : (await db.$queryRaw<{ id: string }[]>`SELECT id FROM organizations ORDER BY id`).map((row) => row.id);
  const transaction = options.repair
    ? { timeout: 120_000 }
    : { timeout: 120_000, isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead };
  const drift: Drift[] = [];
  const scopes: StatisticsScope[] = [...users.map((id) => ({ kind: 'user' as const, id })), ...organizations.map((id) => ({ kind: 'organization' as const, id }))];
  for (const scope of scopes) {
    drift.push(...(await db.$transaction((tx) => reconcileScope(tx, scope, options.repair), transaction)));
  }
  if (!options.userId) drift.push(...(await db.$transaction((tx) => reconcileSystem(tx, options.repair), transaction)));
  return { usersChecked: users.length, organizationsChecked: organizations.length, drift, repaired: options.repair && drift.length > 0 };
}

async function lockStatistics(tx: Tx): Promise<void> {
  await tx.$executeRaw`LOCK TABLE user_counters, organization_counters, system_counters, job_type_counters, organization_job_type_counters, job_hourly_rollups, organization_hourly_rollups IN SHARE ROW EXCLUSIVE MODE`;
}

/** Counter values as one comparable string per key. */
const describe = (row: Record<string, unknown> | undefined, columns: readonly string[]) =>
  columns.map((column) => `${column}=${row ? Number(row[column] ?? 0) : 0}`).join(' ');

const LABELS = { user: { counters: 'user counters', rollup: 'hourly rollup' }, organization: { counters: 'organization counters', rollup: 'organization hourly rollup' } } as const;

async function reconcileScope(tx: Tx, scope: StatisticsScope, repair: boolean): Promise<Drift[]> {
  if (repair) await lockStatistics(tx);
  const { counters, rollups, key } = SCOPE_TABLES[scope.kind];
  const [table, rollupTable, column] = [Prisma.raw(counters), Prisma.raw(rollups), Prisma.raw(key)];
  const rows = SCOPE_ROWS[scope.kind];
  const [maintained] = await tx.$queryRaw<Record<string, bigint>[]>`SELECT ${Prisma.raw(sumsOf(COUNTER_COLUMNS, 'int8'))} FROM ${table} WHERE ${column} = ${scope.id}::uuid`;
  const [recounted] = await tx.$queryRaw<Record<string, bigint>[]>`SELECT ${recountCounters(rows.jobs, rows.documents)} FROM (SELECT ${scope.id}::uuid AS id) s`;
  const drift: Drift[] = [];
  if (describe(maintained, COUNTER_COLUMNS) !== describe(recounted, COUNTER_COLUMNS)) {
    drift.push({ scope: LABELS[scope.kind].counters, key: scope.id, maintained: describe(maintained, COUNTER_COLUMNS), recounted: describe(recounted, COUNTER_COLUMNS) });
  }

  const rollupSums = Prisma.raw(ROLLUP_COLUMNS.map((c) => `sum(${c})::int8 AS ${c}`).join(', '));
  const maintainedRollups = await tx.$queryRaw<Record<string, unknown>[]>`
    SELECT bucket_start, job_type::text AS job_type, ${rollupSums}
    FROM ${rollupTable} WHERE ${column} = ${scope.id}::uuid GROUP BY 1, 2`;
  const recountedRollups = await tx.$queryRaw<Record<string, unknown>[]>`
    WITH per_job AS (
      SELECT j.id, date_trunc('hour', j.created_at) AS bucket_start, j.job_type, j.status,
             CASE WHEN j.status IN (${TERMINAL}) AND j.completed_at IS NOT NULL
                  THEN round(extract(epoch FROM (j.completed_at - j.created_at)) * 1000) ELSE 0 END AS duration_ms,
             count(d.id) FILTER (WHERE d.status = 'succeeded') AS succeeded,
             count(d.id) FILTER (WHERE d.status = 'failed') AS failed,
             coalesce(sum(d.page_count) FILTER (WHERE d.status = 'succeeded'), 0) AS pages
      FROM jobs j LEFT JOIN documents d ON d.job_id = j.id
      WHERE j.${column} = ${scope.id}::uuid
      GROUP BY j.id)
    SELECT bucket_start, job_type::text AS job_type, ${COUNT_BY_STATUS}, sum(duration_ms)::int8 AS duration_ms_sum,
           sum(succeeded)::int8 AS documents_succeeded, sum(failed)::int8 AS documents_failed, sum(pages)::int8 AS pages_processed
    FROM per_job GROUP BY 1, 2`;
  const keyOf = (row: Record<string, unknown>) => `${(row.bucket_start as Date).toISOString()} ${row.job_type}`;
  const recountedByKey = new Map(recountedRollups.map((row) => [keyOf(row), row]));
  const keys = new Set([...maintainedRollups.map(keyOf), ...recountedByKey.keys()]);
  const maintainedByKey = new Map(maintainedRollups.map((row) => [keyOf(row), row]));
  for (const bucket of [...keys].sort()) {
    const have = describe(maintainedByKey.get(bucket), ROLLUP_COLUMNS);
    const want = describe(recountedByKey.get(bucket), ROLLUP_COLUMNS);
    if (have !== want) drift.push({ scope: LABELS[scope.kind].rollup, key: `${scope.id} ${bucket}`, maintained: have, recounted: want });
  }

  if (scope.kind === 'organization') drift.push(...(await reconcileJobTypeCounters(tx, repair, scope.id)));

  if (repair && drift.some((found) => found.scope !== 'organization job type counters')) {
    // The repaired numbers are a new version: `changes` must keep growing, and so must
    // `late_changes`, as any hour may have moved (analytics cache, get-history-analytics.ts).
    const [version] = await tx.$queryRaw<{ changes: bigint; late_changes: bigint }[]>`
      SELECT coalesce(sum(changes), 0)::int8 + 1 AS changes, coalesce(sum(late_changes), 0)::int8 + 1 AS late_changes
      FROM ${table} WHERE ${column} = ${scope.id}::uuid`;
    await tx.$executeRaw`DELETE FROM ${table} WHERE ${column} = ${scope.id}::uuid`;
    await tx.$executeRaw`
      INSERT INTO ${table} (${column}, slot, ${Prisma.raw(COUNTER_COLUMNS.join(', '))}, changes, late_changes)
      VALUES (${scope.id}::uuid, 0, ${Prisma.join(COUNTER_COLUMNS.map((c) => Number(recounted![c])))}, ${version!.changes}, ${version!.late_changes})`;
    await tx.$executeRaw`DELETE FROM ${rollupTable} WHERE ${column} = ${scope.id}::uuid`;
    for (const row of recountedRollups) {
      await tx.$executeRaw`
        INSERT INTO ${rollupTable} (${column}, bucket_start, job_type, slot, ${Prisma.raw(ROLLUP_COLUMNS.join(', '))})
        VALUES (${scope.id}::uuid, ${row.bucket_start as Date}, ${row.job_type as string}::job_type, 0, ${Prisma.join(ROLLUP_COLUMNS.map((c) => Number(row[c])))})`;
    }
  }
  return drift;
}

async function reconcileSystem(tx: Tx, repair: boolean): Promise<Drift[]> {
  if (repair) await lockStatistics(tx);
  const [maintained] = await tx.$queryRaw<Record<string, bigint>[]>`SELECT ${Prisma.raw(sumsOf(COUNTER_COLUMNS, 'int8'))} FROM system_counters`;
  const [recounted] = await tx.$queryRaw<Record<string, bigint>[]>`SELECT ${recountCounters('', '')}`;
  const byJobType = await reconcileJobTypeCounters(tx, repair);
  if (describe(maintained, COUNTER_COLUMNS) === describe(recounted, COUNTER_COLUMNS)) return byJobType;
  if (repair) {
    await tx.$executeRaw`DELETE FROM system_counters`;
    await tx.$executeRaw`INSERT INTO system_counters (slot, ${Prisma.raw(COUNTER_COLUMNS.join(', '))}) VALUES (0, ${Prisma.join(COUNTER_COLUMNS.map((c) => Number(recounted![c])))})`;
  }
  return [{ scope: 'system counters', key: 'all users', maintained: describe(maintained, COUNTER_COLUMNS), recounted: describe(recounted, COUNTER_COLUMNS) }, ...byJobType];
}
