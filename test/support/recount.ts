import type { HistoryStats } from '@docket/contracts/history';
import type { Db } from '@docket/db/create-prisma';

/**
 * The history numbers recomputed the slow, obviously-correct way: counting the source rows.
 * Tests compare GET /api/history/stats (served from the maintained counters) with this.
 */
export async function recountHistory(db: Db, userId: string): Promise<Omit<HistoryStats, 'recent_activity'>> {
  const jobs = await db.job.groupBy({ by: ['status'], where: { userId }, _count: { _all: true } });
  const documents = await db.document.groupBy({ by: ['status'], where: { userId }, _count: { _all: true } });
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
export async function rollupDifferences(db: Db, userId: string): Promise<Array<{ bucket: string; job_type: string; rollup: string; recount: string }>> {
  const rollup = await db.$queryRaw<RollupSums[]>`
    SELECT bucket_start::text AS bucket, job_type::text AS job_type,
           concat_ws('/', sum(queued), sum(processing), sum(completed), sum(failed), sum(cancelled)) AS jobs,
           concat_ws('/', sum(documents_succeeded), sum(documents_failed), sum(pages_processed)) AS documents
    FROM job_hourly_rollups WHERE user_id = ${userId}::uuid GROUP BY 1, 2`;
  const recount = await db.$queryRaw<RollupSums[]>`
    WITH per_job AS (
      SELECT j.id, date_trunc('hour', j.created_at)::timestamptz(3)::text AS bucket, j.job_type::text AS job_type, j.status,
             count(d.id) FILTER (WHERE d.status = 'succeeded') AS succeeded,
             count(d.id) FILTER (WHERE d.status = 'failed') AS failed,
             coalesce(sum(d.page_count) FILTER (WHERE d.status = 'succeeded'), 0) AS pages
      FROM jobs j LEFT JOIN documents d ON d.job_id = j.id
      WHERE j.user_id = ${userId}::uuid GROUP BY j.id)
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
