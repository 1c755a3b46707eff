import type { HistoryAnalytics, HistoryAnalyticsQuery } from '@docket/contracts/history';
import { JOB_STATUSES, JOB_TYPES, type JobType } from '@docket/contracts/jobs';
import type { Db } from '@docket/db/create-prisma';

type RollupRow = {
  job_type: JobType;
  queued: bigint;
  processing: bigint;
  completed: bigint;
  failed: bigint;
  cancelled: bigint;
  duration_ms_sum: bigint;
  documents_succeeded: bigint;
  documents_failed: bigint;
  pages_processed: bigint;
};
type BucketRow = { bucket_start: Date; total: bigint; succeeded: bigint; failed: bigint; cancelled: bigint };
type FailureRow = { id: string; job_type: JobType; error: string | null; created_at: Date; completed_at: Date | null };

/**
 * The user's analytics over [from, to), served from job_hourly_rollups — a primary-key
 * range scan of (user_id, bucket_start) whose size grows with the number of hours in the
 * range, never with the number of jobs — plus at most ten failed jobs read from
 * jobs_user_status_created_idx.
 *
 * Rollups are hourly, so the range is widened to whole buckets: `from` floored and `to`
 * ceiled to the hour (hourly) or to local midnight in `tz` (daily; UTC by default); the
 * response reports the range it used. Daily buckets in a zone whose offset is not a whole
 * number of hours (Asia/Kolkata, +05:30) group each hour by the day its start falls in, so
 * the half hour around midnight lands in the neighbouring day.
 */
export async function getHistoryAnalytics(db: Db, userId: string, query: HistoryAnalyticsQuery): Promise<HistoryAnalytics> {
  const unit = query.granularity === 'hourly' ? 'hour' : 'day';
  const tz = query.tz ?? 'UTC';

  const [bounds] = await db.$queryRaw<{ from: Date; to: Date }[]>`
    SELECT date_trunc(${unit}, ${query.from}::timestamptz AT TIME ZONE ${tz}) AT TIME ZONE ${tz} AS "from",
           CASE WHEN date_trunc(${unit}, ${query.to}::timestamptz AT TIME ZONE ${tz}) = (${query.to}::timestamptz AT TIME ZONE ${tz})
                THEN ${query.to}::timestamptz
                ELSE (date_trunc(${unit}, ${query.to}::timestamptz AT TIME ZONE ${tz}) + ('1 ' || ${unit})::interval) AT TIME ZONE ${tz}
           END AS "to"`;
  const { from, to } = bounds!;

  const [byType, series, failures] = await Promise.all([
    db.$queryRaw<RollupRow[]>`
      SELECT job_type::text AS job_type, sum(queued)::int8 AS queued, sum(processing)::int8 AS processing,
             sum(completed)::int8 AS completed, sum(failed)::int8 AS failed, sum(cancelled)::int8 AS cancelled,
             sum(duration_ms_sum)::int8 AS duration_ms_sum, sum(documents_succeeded)::int8 AS documents_succeeded,
             sum(documents_failed)::int8 AS documents_failed, sum(pages_processed)::int8 AS pages_processed
      FROM job_hourly_rollups
      WHERE user_id = ${userId}::uuid AND bucket_start >= ${from} AND bucket_start < ${to}
      GROUP BY job_type`,
    // One row per bucket, zero-filled by generate_series over local time (DST-safe).
    db.$queryRaw<BucketRow[]>`
      WITH series AS (
        SELECT local AT TIME ZONE ${tz} AS bucket_start
        FROM generate_series(${from}::timestamptz AT TIME ZONE ${tz}, (${to}::timestamptz AT TIME ZONE ${tz}) - interval '1 microsecond',
                             ('1 ' || ${unit})::interval) AS local
      ), sums AS (
        SELECT date_trunc(${unit}, bucket_start AT TIME ZONE ${tz}) AT TIME ZONE ${tz} AS bucket_start,
               sum(queued + processing + completed + failed + cancelled) AS total,
               sum(completed) AS succeeded, sum(failed) AS failed, sum(cancelled) AS cancelled
        FROM job_hourly_rollups
        WHERE user_id = ${userId}::uuid AND bucket_start >= ${from} AND bucket_start < ${to}
        GROUP BY 1
      )
      SELECT s.bucket_start, coalesce(m.total, 0)::int8 AS total, coalesce(m.succeeded, 0)::int8 AS succeeded,
             coalesce(m.failed, 0)::int8 AS failed, coalesce(m.cancelled, 0)::int8 AS cancelled
      FROM series s LEFT JOIN sums m USING (bucket_start)
      ORDER BY s.bucket_start`,
    db.$queryRaw<FailureRow[]>`
      SELECT id, job_type::text AS job_type, error, created_at, completed_at
      FROM jobs
      WHERE user_id = ${userId}::uuid AND status = 'failed' AND created_at >= ${from} AND created_at < ${to}
      ORDER BY created_at DESC, id DESC
      LIMIT 10`,
  ]);

  const sum = (pick: (row: RollupRow) => bigint) => byType.reduce((total, row) => total + Number(pick(row)), 0);
  const statusCounts = Object.fromEntries(JOB_STATUSES.map((status) => [status, sum((row) => row[status])])) as Record<(typeof JOB_STATUSES)[number], number>;
  const total = JOB_STATUSES.reduce((all, status) => all + statusCounts[status], 0);
  const terminal = statusCounts.completed + statusCounts.failed + statusCounts.cancelled;

  return {
    granularity: query.granularity,
    from: from.toISOString(),
    to: to.toISOString(),
    summary: {
      total,
      succeeded: statusCounts.completed,
      failed: statusCounts.failed,
      cancelled: statusCounts.cancelled,
      in_progress: statusCounts.queued + statusCounts.processing,
      terminal,
      success_rate: terminal ? statusCounts.completed / terminal : 0,
      average_duration_ms: terminal ? sum((row) => row.duration_ms_sum) / terminal : 0,
      documents_processed: sum((row) => row.documents_succeeded),
      documents_failed: sum((row) => row.documents_failed),
      pages_processed: sum((row) => row.pages_processed),
    },
    by_status: JOB_STATUSES.map((status) => ({ status, count: statusCounts[status] })),
    by_job_type: JOB_TYPES.map((jobType) => {
      const row = byType.find((candidate) => candidate.job_type === jobType);
      const n = (value: bigint | undefined) => Number(value ?? 0n);
      return {
        job_type: jobType,
        total: row ? JOB_STATUSES.reduce((all, status) => all + n(row[status]), 0) : 0,
        succeeded: n(row?.completed),
        failed: n(row?.failed),
        cancelled: n(row?.cancelled),
      };
    }),
    time_series: series.map((row) => ({
      bucket_start: row.bucket_start.toISOString(),
      total: Number(row.total),
      succeeded: Number(row.succeeded),
      failed: Number(row.failed),
      cancelled: Number(row.cancelled),
    })),
    recent_failures: failures.map((row) => ({
      job_id: row.id,
      job_type: row.job_type,
      status: 'failed' as const,
      error: row.error,
      created_at: row.created_at.toISOString(),
      completed_at: row.completed_at?.toISOString() ?? null,
    })),
  };
}
