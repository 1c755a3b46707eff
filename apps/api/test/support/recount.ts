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
