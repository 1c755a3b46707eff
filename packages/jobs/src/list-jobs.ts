import type { JobPage, JobSummary, ListJobsQuery } from '@docket/contracts/jobs';
import type { OrganizationCaller } from '@docket/contracts/organizations';
import type { Db } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';
import { decodeCursor, pageFrom } from './keyset-cursor.ts';

type SummaryRow = {
  id: string;
  organization_id: string;
  user_id: string;
  job_type: JobSummary['job_type'];
  status: JobSummary['status'];
  total_documents: number;
  processed_count: number;
  failed_count: number;
  started_at: Date | null;
  completed_at: Date | null;
  created_at: Date;
  createdAt: Date;
};

/**
 * Newest-first page of the jobs of the caller's organisation, every member's. Keyset
 * pagination on (created_at, id) with a row comparison, so every page — the first or the
 * ten-thousandth — is one range scan of jobs_org_created_idx (or the status/type variant
 * when filtered), never an OFFSET.
 */
export async function listJobs(db: Db, caller: OrganizationCaller, query: ListJobsQuery): Promise<JobPage> {
  const rows = await selectJobSummaries(db, caller.organizationId, query, query.limit + 1);
  return pageFrom(rows, query.limit, toSummary);
}

async function selectJobSummaries(db: Db, organizationId: string, query: Partial<ListJobsQuery>, take: number): Promise<SummaryRow[]> {
  const where = [Prisma.sql`organization_id = ${organizationId}::uuid`];
  if (query.status) where.push(Prisma.sql`status = ${query.status}::job_status`);
  if (query.job_type) where.push(Prisma.sql`job_type = ${query.job_type}::job_type`);
  if (query.from) where.push(Prisma.sql`created_at >= ${query.from}`);
  if (query.to) where.push(Prisma.sql`created_at < ${query.to}`);
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    where.push(Prisma.sql`(created_at, id) < (${cursor.createdAt}, ${cursor.id}::uuid)`);
  }
  return db.$queryRaw<SummaryRow[]>`
    SELECT id, organization_id, user_id, job_type::text AS job_type, status::text AS status, total_documents, processed_count, failed_count,
           started_at, completed_at, created_at, created_at AS "createdAt"
    FROM jobs
    WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY created_at DESC, id DESC
    LIMIT ${take}`;
}

function toSummary(row: SummaryRow): JobSummary {
  return {
    id: row.id,
    organization_id: row.organization_id,
    user_id: row.user_id,
    job_type: row.job_type,
    status: row.status,
    total_documents: row.total_documents,
    processed_count: row.processed_count,
    failed_count: row.failed_count,
    started_at: row.started_at?.toISOString() ?? null,
    completed_at: row.completed_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
  };
}
