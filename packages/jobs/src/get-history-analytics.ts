import type { HistoryAnalytics, HistoryAnalyticsQuery } from '@docket/contracts/history';
import { JOB_STATUSES, JOB_TYPES, type JobType } from '@docket/contracts/jobs';
import type { SqlPool } from '@docket/db/create-prisma';
import type { AnalyticsCache, SettledPart, TypeSums } from './analytics-cache.ts';
import type { HistoryScope } from '@docket/contracts/organizations';
import { isoUtc } from './sql-iso.ts';
import { ROLLUP_COLUMNS } from './statistics-columns.ts';
import { SCOPE_TABLES, type StatisticsScope } from './statistics-scope.ts';

/** Sums of one bucket's hours: total, succeeded, failed, cancelled. */
const SERIES_WIDTH = 4;
type AnalyticsRow = {
  from: string;
  to: string;
  /** Each bucket's start in unix ms, in order; only when asked for ($7: the cache keeps them). */
  starts: number[] | null;
  /** [bucket index, settled, total, succeeded, failed, cancelled] of each bucket (and part) with rollup rows. */
  series: [number, boolean, number, number, number, number][];
  /** Per job type present in the hours read, and part (settled or not), summed over its hours. */
  by_type: (TypeSums & { job_type: JobType; settled: boolean })[];
  failures: HistoryAnalytics['recent_failures'];
  /** The scope's statistics version the numbers were read at (sum of its counters' changes). */
  version: string;
  /** The scope's late-change signature: the settled hours cannot have moved while it is unchanged. */
  late: string;
  /** The oldest newest_hour of the scope's slots: the hours before it are settled; null when none. */
  settled_before: Date | null;
};

// $1 user or organisation, $2 from, $3 to, $4 time zone, $5 'hour' | 'day', $6 the hour to read
// rollups from (null: the whole range), $7 whether to return the bucket starts. One
// statement, one round trip, one snapshot for the numbers, the version and the settled
// boundary.
// Rollup rows are never converted to local time (a per-row AT TIME ZONE cost ~7 µs, most of
// the query): the bucket starts are computed once, in local-time steps so daily buckets
// follow DST, and each hour row finds its bucket by binary search (width_bucket).
// Each sum comes in two parts: the settled hours (before the oldest newest_hour of the
// scope's counter slots, stat-deltas.ts) and the rest, so the cache can keep the first.
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
  ), versions AS (
    SELECT coalesce(sum(changes), 0)::text AS version, coalesce(sum(late_changes), 0)::text || '/' || count(newest_hour)::text AS late,
           min(newest_hour) AS settled_before
    FROM ${counters} WHERE ${key} = $1::uuid
  ), rollups AS MATERIALIZED (
    SELECT r.bucket_start, coalesce(r.bucket_start < v.settled_before, false) AS settled, r.job_type, r.queued, r.processing, r.completed,
           r.failed, r.cancelled, r.duration_ms_sum, r.documents_succeeded, r.documents_failed, r.pages_processed
    FROM bounds b CROSS JOIN versions v JOIN ${rollups} r
      ON r.${key} = $1::uuid AND r.bucket_start >= greatest(b.from_at, $6::timestamptz) AND r.bucket_start < b.to_at
  ), per_hour AS (
    SELECT bucket_start, settled, sum((queued + processing + completed + failed + cancelled)::float8) AS total,
           sum(completed::float8) AS succeeded, sum(failed::float8) AS failed, sum(cancelled::float8) AS cancelled
    FROM rollups
    GROUP BY bucket_start, settled
  ), per_bucket AS (
    SELECT CASE WHEN $5::text = 'hour' THEN h.bucket_start ELSE k.starts[width_bucket(h.bucket_start, k.starts)] END AS start, h.settled,
           sum(h.total) AS total, sum(h.succeeded) AS succeeded, sum(h.failed) AS failed, sum(h.cancelled) AS cancelled
    FROM per_hour h, buckets k
    GROUP BY 1, 2
  )
  SELECT ${isoUtc('b.from_at')} AS "from", ${isoUtc('b.to_at')} AS "to",
         CASE WHEN $7::boolean
              THEN (SELECT json_agg(extract(epoch FROM s.start)::float8 * 1000 ORDER BY s.i) FROM unnest(k.starts) WITH ORDINALITY AS s(start, i))
         END AS starts,
         (SELECT coalesce(json_agg(json_build_array(s.i - 1, p.settled, p.total, p.succeeded, p.failed, p.cancelled)), '[]'::json)
          FROM unnest(k.starts) WITH ORDINALITY AS s(start, i) JOIN per_bucket p USING (start)) AS series,
         (SELECT coalesce(json_agg(t), '[]'::json)
          FROM (SELECT job_type, settled, sum(queued::float8) AS queued, sum(processing::float8) AS processing,
                       sum(completed::float8) AS completed, sum(failed::float8) AS failed, sum(cancelled::float8) AS cancelled,
                       sum(duration_ms_sum::float8) AS duration_ms_sum, sum(documents_succeeded::float8) AS documents_succeeded,
                       sum(documents_failed::float8) AS documents_failed, sum(pages_processed::float8) AS pages_processed
                FROM rollups GROUP BY job_type, settled) t) AS by_type,
         (SELECT coalesce(json_agg(json_build_object('job_id', f.id, 'organization_id', f.organization_id, 'job_type', f.job_type, 'status', f.status, 'error', f.error,
                                                     'created_at', ${isoUtc('f.created_at')}, 'completed_at', ${isoUtc('f.completed_at')})
                                   ORDER BY f.created_at DESC, f.id DESC), '[]'::json)
          FROM (SELECT j.id, j.organization_id, j.job_type, j.status, j.error, j.created_at, j.completed_at
                FROM jobs j
                WHERE j.${key} = $1::uuid AND j.status = 'failed' AND j.created_at >= b.from_at AND j.created_at < b.to_at
                ORDER BY j.created_at DESC, j.id DESC
                LIMIT 10) f) AS failures,
         v.version, v.late, v.settled_before
  FROM bounds b, buckets k, versions v`;

// The scope's counter slots: a primary-key range of at most 16 rows.
const versionSql = ({ counters, key }: (typeof SCOPE_TABLES)[HistoryScope]) => `SELECT coalesce(sum(changes), 0)::text AS version FROM ${counters} WHERE ${key} = $1::uuid`;

const SQL = {
  user: { analytics: analyticsSql(SCOPE_TABLES.user), version: versionSql(SCOPE_TABLES.user) },
  organization: { analytics: analyticsSql(SCOPE_TABLES.organization), version: versionSql(SCOPE_TABLES.organization) },
};

/** Sums of some of the range's hours: per bucket (SERIES_WIDTH numbers each) and per job type. */
type Part = Pick<SettledPart, 'series' | 'byType'>;

const copyOf = (part: Part): Part => ({
  series: [...part.series],
  byType: Object.fromEntries(Object.entries(part.byType).map(([type, sums]) => [type, { ...sums }])),
});

/** Adds the rows of one part (settled or not) of a query's answer to `into`. */
function addRows(into: Part, row: AnalyticsRow, settled: boolean): Part {
  for (const [i, isSettled, ...sums] of row.series) {
    if (isSettled !== settled) continue;
    for (const [k, value] of sums.entries()) into.series[i * SERIES_WIDTH + k]! += value;
  }
  for (const { job_type: jobType, settled: isSettled, ...sums } of row.by_type) {
    if (isSettled !== settled) continue;
    const total = (into.byType[jobType] ??= Object.fromEntries(ROLLUP_COLUMNS.map((column) => [column, 0])) as TypeSums);
    for (const column of ROLLUP_COLUMNS) total[column] += sums[column];
  }
  return into;
}

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
 * (read in the same snapshot as the numbers) has not moved: exact, and one tiny read. When
 * it has moved, only the hours that are not settled are read again, as long as the scope's
 * late-change signature says no settled hour moved (stat-deltas.ts, HOUR_VERSION_COLUMNS):
 * under a steady stream of new jobs, the newest hour or two rather than the whole range.
 */
export async function getHistoryAnalytics(sql: SqlPool, scope: StatisticsScope, query: HistoryAnalyticsQuery, cache?: AnalyticsCache): Promise<HistoryAnalytics> {
  const key = `${scope.kind} ${scope.id} ${query.from.getTime()} ${query.to.getTime()} ${query.tz ?? 'UTC'} ${query.granularity}`;
  const cached = cache?.get(key);
  let base = cached?.settled;
  // After a miss, the next read goes straight to the newer hours, which checks the version as
  // well: a scope that keeps changing pays one round trip per read, not two.
  if (cached && !(base && cached.moved)) {
    // 16 rows of one index range instead of the whole query: a dashboard polling a quiet
    // activity costs next to nothing, and any change to the numbers misses.
    const { rows } = await sql.query<{ version: string }>({ name: `history-analytics-version-${scope.kind}`, text: SQL[scope.kind].version, values: [scope.id] });
    if (rows[0]!.version === cached.version) {
      cache!.hits++;
      return cached.analytics;
    }
  }

  const unit = query.granularity === 'hourly' ? 'hour' : 'day';
  const read = async (fromHour: Date | null) =>
    (
      await sql.query<AnalyticsRow>({
        name: `history-analytics-${scope.kind}`,
        text: SQL[scope.kind].analytics,
        values: [scope.id, query.from, query.to, query.tz ?? 'UTC', unit, fromHour, !cached],
      })
    ).rows[0]!;
  let row = await read(base?.before ?? null);
  if (cached && row.version === cached.version) {
    cached.moved = false;
    cache!.hits++;
    return cached.analytics;
  }
  if (cache) cache.misses++;
  if (base && row.late !== base.late) {
    // A settled hour moved (a late transition, a repair, a new slot): read the whole range.
    base = undefined;
    row = await read(null);
  }
  // Rendered once per cached query: 744 toISOString calls were most of the API's time per miss.
  const starts = cached?.starts ?? row.starts!.map((ms) => new Date(ms).toISOString());
  const settled = addRows(base ? copyOf(base) : { series: new Array<number>(starts.length * SERIES_WIDTH).fill(0), byType: {} }, row, true);
  const whole = addRows(copyOf(settled), row, false);
  const analytics = present(query, {
    from: row.from,
    to: row.to,
    byType: whole.byType,
    starts,
    series: whole.series,
    failures: row.failures,
  });
  // The settled boundary only moves forward while the signature holds; max() keeps the part
  // and its boundary in step whatever happens.
  const before = row.settled_before && new Date(Math.max(row.settled_before.getTime(), base?.before.getTime() ?? 0));
  cache?.set(key, { version: row.version, analytics, starts, settled: before ? { before, late: row.late, ...settled } : undefined, moved: Boolean(cached) });
  return analytics;
}

type Combined = {
  from: string;
  to: string;
  byType: Partial<Record<JobType, TypeSums>>;
  /** Each bucket's start, in order. */
  starts: string[];
  /** SERIES_WIDTH sums per bucket, in the order of `starts`. */
  series: number[];
  failures: HistoryAnalytics['recent_failures'];
};

function present(query: HistoryAnalyticsQuery, { from, to, byType, starts, series, failures }: Combined): HistoryAnalytics {
  const rows = Object.values(byType);
  const sum = (pick: (row: TypeSums) => number) => rows.reduce((total, row) => total + pick(row), 0);
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
      const row = byType[jobType];
      return {
        job_type: jobType,
        total: row ? JOB_STATUSES.reduce((all, status) => all + row[status], 0) : 0,
        succeeded: row?.completed ?? 0,
        failed: row?.failed ?? 0,
        cancelled: row?.cancelled ?? 0,
      };
    }),
    time_series: starts.map((start, i) => {
      const at = i * SERIES_WIDTH;
      return { bucket_start: start, total: series[at]!, succeeded: series[at + 1]!, failed: series[at + 2]!, cancelled: series[at + 3]! };
    }),
    recent_failures: failures,
  };
}
