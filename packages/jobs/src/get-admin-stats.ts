import type { AdminStats } from '@docket/contracts/admin';
import { DOCUMENT_STATUSES, type DocumentStatus } from '@docket/contracts/jobs';
import type { Db } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';
import { COUNTER_COLUMNS, sumsOf, type CounterColumn } from './statistics-columns.ts';

type Sums = Record<CounterColumn | 'users', bigint>;

const SUMS = Prisma.raw(sumsOf(COUNTER_COLUMNS, 'int8'));

/**
 * Totals exact over all history, never a scan of jobs or documents. System-wide: the sum of
 * the system_counters slots (at most 32 rows, maintained with every state change) and the
 * number of users (an index-only count of the users primary key). Narrowed to one
 * organisation: its organization_counters slots (kept in the same transactions) and its
 * members as `total_users` (memberships primary key prefix).
 */
export async function getAdminStats(db: Db, now: Date, organizationId?: string): Promise<AdminStats> {
  const [sums] =
    organizationId === undefined
      ? await db.$queryRaw<Sums[]>`SELECT ${SUMS}, (SELECT count(*) FROM users)::int8 AS users FROM system_counters`
      : await db.$queryRaw<Sums[]>`
          SELECT ${SUMS}, (SELECT count(*) FROM memberships WHERE organization_id = ${organizationId}::uuid)::int8 AS users
          FROM organization_counters WHERE organization_id = ${organizationId}::uuid`;
  const value = (key: keyof Sums) => Number(sums![key]);
  const byStatus = {
    queued: value('jobs_queued'),
    running: value('jobs_processing'),
    succeeded: value('jobs_completed'),
    failed: value('jobs_failed'),
    cancelled: value('jobs_cancelled'),
  };
  const documentsByStatus = Object.fromEntries(DOCUMENT_STATUSES.map((status) => [status, value(`documents_${status}`)])) as Record<DocumentStatus, number>;
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
  return {
    total_jobs: total(byStatus),
    by_status: byStatus,
    total_documents: total(documentsByStatus),
    documents_by_status: documentsByStatus,
    total_users: value('users'),
    generated_at: now.toISOString(),
  };
}
