import type { HistoryStats } from '@docket/contracts/history';
import { JOB_STATUSES, JOB_TYPES } from '@docket/contracts/jobs';
import type { Db } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';

/** Whose rows a recount counts: a user's (their id), or an organisation's. */
export type Owner = string | { organizationId: string };
const jobsOf = (owner: Owner) => (typeof owner === 'string' ? { userId: owner } : { organizationId: owner.organizationId });
const documentsOf = (owner: Owner) => (typeof owner === 'string' ? { userId: owner } : { job: { organizationId: owner.organizationId } });
const jobColumn = (owner: Owner) => Prisma.sql`${Prisma.raw(typeof owner === 'string' ? 'j.user_id' : 'j.organization_id')} = ${typeof owner === 'string' ? owner : owner.organizationId}::uuid`;

/**
 * The history numbers recomputed the slow, obviously-correct way: counting the source rows.
 * Tests compare GET /api/history/stats (served from the maintained counters) with this.
 */
export async function recountHistory(db: Db, owner: Owner): Promise<Omit<HistoryStats, 'recent_activity'>> {
  const jobs = await db.job.groupBy({ by: ['status'], where: jobsOf(owner), _count: { _all: true } });
  const documents = await db.document.groupBy({ by: ['status'], where: documentsOf(owner), _count: { _all: true } });
  const jobCount = (status: string) => jobs.find((row) => row.status === status)?._count._all ?? 0;
  const documentCount = (status: string) => documents.find((row) => row.status === status)?._count._all ?? 0;
  return {
    total_jobs: jobs.reduce((sum, row) => sum + row._count._all, 0),
    total_documents: documents.reduce((sum, row) => sum + row._count._all, 0),
    documents_processed: documentCount('succeeded'),
    documents_failed: documentCount('failed'),
    jobs_by_status: {
      queued: jobCount('queued'),
      processing: jobCount('processing'),
      completed: jobCount('completed'),
      failed: jobCount('failed'),
      cancelled: jobCount('cancelled'),
    },
  };
}

/** Job counts recounted from documents: what each job row's counters must say. */
export async function recountJobRows(db: Db, userId: string) {
  const rows = await db.$queryRaw<{ id: string; stored: string; recounted: string }[]>`
    SELECT j.id,
           concat_ws('/', j.total_documents, j.processed_count, j.failed_count, j.cancelled_count) AS stored,
           concat_ws('/', count(d.id), count(d.id) FILTER (WHERE d.status = 'succeeded'),
                     count(d.id) FILTER (WHERE d.status = 'failed'), count(d.id) FILTER (WHERE d.status = 'cancelled')) AS recounted
    FROM jobs j LEFT JOIN documents d ON d.job_id = j.id
    WHERE j.user_id = ${userId}::uuid
    GROUP BY j.id`;
  return rows.filter((row) => row.stored !== row.recounted);
}

type RollupSums = { bucket: string; job_type: string; jobs: string; documents: string };

/**
 * The hourly rollups of a user next to the same numbers recounted from jobs and
 * documents, per (hour of created_at, job type); returns only the buckets that differ.
 */
export async function rollupDifferences(db: Db, owner: Owner): Promise<Array<{ bucket: string; job_type: string; rollup: string; recount: string }>> {
  const [table, column, id] = typeof owner === 'string' ? ['job_hourly_rollups', 'user_id', owner] : ['organization_hourly_rollups', 'organization_id', owner.organizationId];
  const rollup = await db.$queryRaw<RollupSums[]>`
    SELECT bucket_start::text AS bucket, job_type::text AS job_type,
           concat_ws('/', sum(queued), sum(processing), sum(completed), sum(failed), sum(cancelled)) AS jobs,
           concat_ws('/', sum(documents_succeeded), sum(documents_failed), sum(pages_processed)) AS documents
    FROM ${Prisma.raw(table)} WHERE ${Prisma.raw(column)} = ${id}::uuid GROUP BY 1, 2`;
  const recount = await db.$queryRaw<RollupSums[]>`
    WITH per_job AS (
      SELECT j.id, date_trunc('hour', j.created_at)::timestamptz(3)::text AS bucket, j.job_type::text AS job_type, j.status,
             count(d.id) FILTER (WHERE d.status = 'succeeded') AS succeeded,
             count(d.id) FILTER (WHERE d.status = 'failed') AS failed,
             coalesce(sum(d.page_count) FILTER (WHERE d.status = 'succeeded'), 0) AS pages
      FROM jobs j LEFT JOIN documents d ON d.job_id = j.id
      WHERE ${jobColumn(owner)} GROUP BY j.id)
    SELECT bucket, job_type,
           concat_ws('/', count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'processing'),
                     count(*) FILTER (WHERE status = 'completed'), count(*) FILTER (WHERE status = 'failed'),
                     count(*) FILTER (WHERE status = 'cancelled')) AS jobs,
           concat_ws('/', sum(succeeded), sum(failed), sum(pages)) AS documents
    FROM per_job GROUP BY 1, 2`;
  const key = (row: RollupSums) => `${row.bucket}|${row.job_type}`;
  const byKey = new Map(recount.map((row) => [key(row), row]));
  const differences = [];
  for (const row of rollup) {
    const other = byKey.get(key(row));
    byKey.delete(key(row));
    const mine = `${row.jobs} ${row.documents}`;
    const theirs = other ? `${other.jobs} ${other.documents}` : 'none';
    if (mine !== theirs) differences.push({ bucket: row.bucket, job_type: row.job_type, rollup: mine, recount: theirs });
  }
  for (const row of byKey.values()) differences.push({ bucket: row.bucket, job_type: row.job_type, rollup: 'none', recount: `${row.jobs} ${row.documents}` });
  return differences;
}

/** GET /api/admin/stats recomputed from every job, document and user row. */
export async function recountSystem(db: Db) {
  const jobs = await db.job.groupBy({ by: ['status'], _count: { _all: true } });
  const documents = await db.document.groupBy({ by: ['status'], _count: { _all: true } });
  const jobCount = (status: string) => jobs.find((row) => row.status === status)?._count._all ?? 0;
  const documentCount = (status: string) => documents.find((row) => row.status === status)?._count._all ?? 0;
  return {
    total_jobs: jobs.reduce((sum, row) => sum + row._count._all, 0),
    by_status: { queued: jobCount('queued'), running: jobCount('processing'), succeeded: jobCount('completed'), failed: jobCount('failed'), cancelled: jobCount('cancelled') },
    total_documents: documents.reduce((sum, row) => sum + row._count._all, 0),
    documents_by_status: {
      queued: documentCount('queued'),
      processing: documentCount('processing'),
      succeeded: documentCount('succeeded'),
      failed: documentCount('failed'),
      cancelled: documentCount('cancelled'),
    },
    total_users: await db.user.count(),
  };
}

/** Jobs by type and status, counted: what job_type_counters (of one organisation: organization_job_type_counters) must hold. */
export async function recountJobTypes(db: Db, organizationId?: string): Promise<Record<(typeof JOB_TYPES)[number], Record<(typeof JOB_STATUSES)[number], number>>> {
  const rows = await db.job.groupBy({ by: ['jobType', 'status'], where: organizationId === undefined ? {} : { organizationId }, _count: { _all: true } });
  const count = (jobType: string, status: string) => rows.find((row) => row.jobType === jobType && row.status === status)?._count._all ?? 0;
  return Object.fromEntries(JOB_TYPES.map((jobType) => [jobType, Object.fromEntries(JOB_STATUSES.map((status) => [status, count(jobType, status)]))])) as Awaited<ReturnType<typeof recountJobTypes>>;
}

/**
 * Hourly analytics over [from, to) (UTC, on whole hours) recounted from the jobs and
 * documents rows: what GET /api/history/analytics must say, apart from recent_failures.
 */
export async function recountAnalytics(db: Db, owner: Owner, from: Date, to: Date) {
  const jobs = await db.$queryRaw<{ status: string; job_type: string; hour: Date; duration_ms: number | null; succeeded: number; failed: number; pages: number }[]>`
    SELECT j.status::text AS status, j.job_type::text AS job_type, date_trunc('hour', j.created_at) AS hour,
           (extract(epoch FROM j.completed_at - j.created_at) * 1000)::float8 AS duration_ms,
           (count(d.id) FILTER (WHERE d.status = 'succeeded'))::int AS succeeded,
           (count(d.id) FILTER (WHERE d.status = 'failed'))::int AS failed,
           (coalesce(sum(d.page_count) FILTER (WHERE d.status = 'succeeded'), 0))::int AS pages
    FROM jobs j LEFT JOIN documents d ON d.job_id = j.id
    WHERE ${jobColumn(owner)} AND j.created_at >= ${from} AND j.created_at < ${to}
    GROUP BY j.id`;
  const count = (status: string, rows = jobs) => rows.filter((job) => job.status === status).length;
  const terminal = count('completed') + count('failed') + count('cancelled');
  const durations = jobs.filter((job) => ['completed', 'failed', 'cancelled'].includes(job.status)).reduce((sum, job) => sum + job.duration_ms!, 0);
  const hours = Array.from({ length: (to.getTime() - from.getTime()) / 3_600_000 }, (_, i) => new Date(from.getTime() + i * 3_600_000));
  return {
    summary: {
      total: jobs.length,
      succeeded: count('completed'),
      failed: count('failed'),
      cancelled: count('cancelled'),
      in_progress: count('queued') + count('processing'),
      terminal,
      success_rate: terminal ? count('completed') / terminal : 0,
      average_duration_ms: terminal ? durations / terminal : 0,
      documents_processed: jobs.reduce((sum, job) => sum + job.succeeded, 0),
      documents_failed: jobs.reduce((sum, job) => sum + job.failed, 0),
      pages_processed: jobs.reduce((sum, job) => sum + job.pages, 0),
    },
    by_status: JOB_STATUSES.map((status) => ({ status, count: count(status) })),
    by_job_type: JOB_TYPES.map((jobType) => {
      const ofType = jobs.filter((job) => job.job_type === jobType);
      return { job_type: jobType, total: ofType.length, succeeded: count('completed', ofType), failed: count('failed', ofType), cancelled: count('cancelled', ofType) };
    }),
    time_series: hours.map((hour) => {
      const inHour = jobs.filter((job) => job.hour.getTime() === hour.getTime());
      return { bucket_start: hour.toISOString(), total: inHour.length, succeeded: count('completed', inHour), failed: count('failed', inHour), cancelled: count('cancelled', inHour) };
    }),
  };
}
