import type { HistoryAnalytics, HistoryAnalyticsQuery } from '@docket/contracts/history';
import { JOB_STATUSES, JOB_TYPES, type JobType } from '@docket/contracts/jobs';
import type { SqlPool } from '@docket/db/create-prisma';
import type { AnalyticsCache } from './analytics-cache.ts';
import type { HistoryScope } from '@docket/contracts/organizations';
import { isoUtc } from './sql-iso.ts';
import { SCOPE_TABLES, type StatisticsScope } from './statistics-scope.ts';

type Sums = Record<(typeof JOB_STATUSES)[number] | 'duration_ms_sum' | 'documents_succeeded' | 'documents_failed' | 'pages_processed', number>;
type AnalyticsRow = {
  from: string;
  to: string;
  /** Per job type present in the range, summed over its hours. */
  by_type: (Sums & { job_type: JobType })[];
  /** [bucket start in unix ms, total, succeeded, failed, cancelled] per bucket, zero-filled, in order. */
  series: [number, number, number, number, number][];
  failures: HistoryAnalytics['recent_failures'];
  /** The scope's statistics version the numbers were read at (sum of its counters' changes). */
  version: string;
};

// $1 user or organisation, $2 from, $3 to, $4 time zone, $5 'hour' | 'day'. One statement, one round trip.
// Rollup rows are never converted to local time (a per-row AT TIME ZONE cost ~7 µs, most of
// the query): the bucket starts are computed once, in local-time steps so daily buckets
// follow DST, and each hour row finds its bucket by binary search (width_bucket).
const analyticsSql = ({ counters, rollups, key }: (typeof SCOPE_TABLES)[HistoryScope]) => `
  WITH bounds AS (
    SELECT date_trunc($5::text, $2::timestamptz AT TIME ZONE $4::text) AT TIME ZONE $4::text AS from_at,
           CASE WHEN date_trunc($5::text, $3::timestamptz AT TIME ZONE $4::text) = ($3::timestamptz AT TIME ZONE $4::text)
                THEN $3::timestamptz
                ELSE (date_trunc($5::text, $3::timestamptz AT TIME ZONE $4::text) + ('1 ' || $5::text)::interval) AT TIME ZONE $4::text
           END AS to_at
  ), buckets AS (
    SELECT array_agg(local AT TIME ZONE $4::text ORDER BY local) AS starts
    FROM bounds, generate_series(from_at AT TIME ZONE $4::text, (to_at AT TIME ZONE $4::text) - interval '1 microsecond',
                                 ('1 ' || $5::text)::interval) AS local
  ), rollups AS MATERIALIZED (
    SELECT r.bucket_start, r.job_type, r.queued, r.processing, r.completed, r.failed, r.cancelled,
           r.duration_ms_sum, r.documents_succeeded, r.documents_failed, r.pages_processed
    FROM bounds b JOIN ${rollups} r
      ON r.${key} = $1::uuid AND r.bucket_start >= b.from_at AND r.bucket_start < b.to_at
  ), per_hour AS (
    SELECT bucket_start, sum((queued + processing + completed + failed + cancelled)::float8) AS total,
           sum(completed::float8) AS succeeded, sum(failed::float8) AS failed, sum(cancelled::float8) AS cancelled
    FROM rollups
    GROUP BY bucket_start
  ), per_bucket AS (
    SELECT CASE WHEN $5::text = 'hour' THEN h.bucket_start ELSE k.starts[width_bucket(h.bucket_start, k.starts)] END AS start,
           sum(h.total) AS total, sum(h.succeeded) AS succeeded, sum(h.failed) AS failed, sum(h.cancelled) AS cancelled
    FROM per_hour h, buckets k
    GROUP BY 1
  )
  SELECT ${isoUtc('b.from_at')} AS "from", ${isoUtc('b.to_at')} AS "to",
         (SELECT json_agg(json_build_array(extract(epoch FROM s.start)::float8 * 1000, coalesce(p.total, 0), coalesce(p.succeeded, 0),
                                           coalesce(p.failed, 0), coalesce(p.cancelled, 0)) ORDER BY s.i)
          FROM unnest(k.starts) WITH ORDINALITY AS s(start, i) LEFT JOIN per_bucket p USING (start)) AS series,
         (SELECT coalesce(json_agg(t), '[]'::json)
          FROM (SELECT job_type, sum(queued::float8) AS queued, sum(processing::float8) AS processing,
                       sum(completed::float8) AS completed, sum(failed::float8) AS failed, sum(cancelled::float8) AS cancelled,
                       sum(duration_ms_sum::float8) AS duration_ms_sum, sum(documents_succeeded::float8) AS documents_succeeded,
                       sum(documents_failed::float8) AS documents_failed, sum(pages_processed::float8) AS pages_processed
                FROM rollups GROUP BY job_type) t) AS by_type,
         (SELECT coalesce(json_agg(json_build_object('job_id', f.id, 'organization_id', f.organization_id, 'job_type', f.job_type, 'status', f.status, 'error', f.error,
                                                     'created_at', ${isoUtc('f.created_at')}, 'completed_at', ${isoUtc('f.completed_at')})
                                   ORDER BY f.created_at DESC, f.id DESC), '[]'::json)
          FROM (SELECT j.id, j.organization_id, j.job_type, j.status, j.error, j.created_at, j.completed_at
                FROM jobs j
                WHERE j.${key} = $1::uuid AND j.status = 'failed' AND j.created_at >= b.from_at AND j.created_at < b.to_at
                ORDER BY j.created_at DESC, j.id DESC
                LIMIT 10) f) AS failures,
         (SELECT coalesce(sum(changes), 0)::text FROM ${counters} WHERE ${key} = $1::uuid) AS version
  FROM bounds b, buckets k`;

// The scope's counter slots: a primary-key range of at most 16 rows.
const versionSql = ({ counters, key }: (typeof SCOPE_TABLES)[HistoryScope]) => `SELECT coalesce(sum(changes), 0)::text AS version FROM ${counters} WHERE ${key} = $1::uuid`;

const SQL = {
  user: { analytics: analyticsSql(SCOPE_TABLES.user), version: versionSql(SCOPE_TABLES.user) },
  organization: { analytics: analyticsSql(SCOPE_TABLES.organization), version: versionSql(SCOPE_TABLES.organization) },
};

/**
 * The analytics of a user or an organisation over [from, to), served from its hourly
 * rollups (job_hourly_rollups or organization_hourly_rollups) — a primary-key range scan
 * whose size grows with the number of hours in the range, never with the number of jobs —
 * plus at most ten failed jobs read from jobs_user_status_created_idx or
 * jobs_org_status_created_idx. Runs on the pool under Prisma, like the history stats.
 *
 * Rollups are hourly, so the range is widened to whole buckets: `from` floored and `to`
 * ceiled to the hour (hourly) or to local midnight in `tz` (daily; UTC by default); the
 * response reports the range it used. Daily buckets in a zone whose offset is not a whole
 * number of hours (Asia/Kolkata, +05:30) group each hour by the day its start falls in, so
 * the half hour around midnight lands in the neighbouring day.
 *
 * With a `cache`, a repeated query is answered from it while the scope's statistics version
 * (read in the same snapshot as the numbers) has not moved: exact, and one tiny read.
 */
export async function getHistoryAnalytics(sql: SqlPool, scope: StatisticsScope, query: HistoryAnalyticsQuery, cache?: AnalyticsCache): Promise<HistoryAnalytics> {
  const key = `${scope.kind} ${scope.id} ${query.from.getTime()} ${query.to.getTime()} ${query.tz ?? 'UTC'} ${query.granularity}`;
  const cached = cache?.get(key);
  if (cached) {
    // 16 rows of one index range instead of the whole query: a dashboard polling a quiet
    // activity costs next to nothing, and any change to the numbers misses.
    const { rows } = await sql.query<{ version: string }>({ name: `history-analytics-version-${scope.kind}`, text: SQL[scope.kind].version, values: [scope.id] });
    if (rows[0]!.version === cached.version) {
      cache!.hits++;
      return cached.analytics;
    }
  }
  if (cache) cache.misses++;

  const unit = query.granularity === 'hourly' ? 'hour' : 'day';
  const { rows } = await sql.query<AnalyticsRow>({
    name: `history-analytics-${scope.kind}`,
    text: SQL[scope.kind].analytics,
    values: [scope.id, query.from, query.to, query.tz ?? 'UTC', unit],
  });
  const analytics = present(query, rows[0]!);
  cache?.set(key, { version: rows[0]!.version, analytics });
  return analytics;
}

function present(query: HistoryAnalyticsQuery, row: AnalyticsRow): HistoryAnalytics {
  const { from, to, by_type: byType, series, failures } = row;

  const sum = (pick: (row: Sums) => number) => byType.reduce((total, row) => total + pick(row), 0);
  const statusCounts = Object.fromEntries(JOB_STATUSES.map((status) => [status, sum((row) => row[status])])) as Record<(typeof JOB_STATUSES)[number], number>;
  const total = JOB_STATUSES.reduce((all, status) => all + statusCounts[status], 0);
  const terminal = statusCounts.completed + statusCounts.failed + statusCounts.cancelled;

  return {
    granularity: query.granularity,
    from,
    to,
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
      return {
        job_type: jobType,
        total: row ? JOB_STATUSES.reduce((all, status) => all + row[status], 0) : 0,
        succeeded: row?.completed ?? 0,
        failed: row?.failed ?? 0,
        cancelled: row?.cancelled ?? 0,
      };
    }),
    time_series: series.map(([startMs, total, succeeded, failed, cancelled]) => ({ bucket_start: new Date(startMs).toISOString(), total, succeeded, failed, cancelled })),
    recent_failures: failures,
  };
}
