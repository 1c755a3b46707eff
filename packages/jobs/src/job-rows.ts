import { requirePermissionLocked } from '@docket/auth/organizations/memberships';
import { AppError } from '@docket/contracts/app-error';
import { isUuid } from '@docket/contracts/common';
import { mayDo, type OrganizationCaller } from '@docket/contracts/organizations';
import type { Db, Tx } from '@docket/db/create-prisma';
import { Prisma, type Job as JobRow } from '@docket/db/generated/prisma/client';

/**
 * Which jobs a lookup may find: those of the organisation a call acts in, or (a replayed
 * submission, which names its own job) those the user submitted. Anything outside is
 * reported exactly like a missing job.
 */
export type JobScope = { organizationId: string } | { userId: string };

export const scopeOf = (caller: OrganizationCaller): JobScope => ({ organizationId: caller.organizationId });

/**
 * Locks a job row for the rest of the transaction. Every transaction that changes a job
 * or its documents locks the job first, then documents: one lock order, no deadlocks.
 */
export async function lockJob(tx: Tx, jobId: string, scope?: JobScope): Promise<JobRow> {
  if (!isUuid(jobId)) throw new AppError('not_found', 'job not found');
  // Locked and read in one statement: every document transition starts here.
  const [job] = await tx.$queryRaw<JobRow[]>`SELECT ${JOB_ROW_COLUMNS} FROM jobs WHERE id = ${jobId}::uuid FOR UPDATE`;
  if (!job || !inScope(job, scope)) throw new AppError('not_found', 'job not found');
  return job;
}

/** The columns of a jobs row under the names of Prisma's Job model (a JobRow from raw SQL; a new column of jobs is one entry here). */
export const JOB_ROW_COLUMNS = Prisma.raw(
  [
    'id',
    'organization_id AS "organizationId"',
    'user_id AS "userId"',
    'job_type::text AS "jobType"',
    'status::text AS status',
    'total_documents AS "totalDocuments"',
    'processed_count AS "processedCount"',
    'failed_count AS "failedCount"',
    'cancelled_count AS "cancelledCount"',
    'error',
    'webhook_endpoint_id AS "webhookEndpointId"',
    'callback_url AS "callbackUrl"',
    'created_at AS "createdAt"',
    'started_at AS "startedAt"',
    'completed_at AS "completedAt"',
    'updated_at AS "updatedAt"',
  ].join(', '),
);

/** Loads a job in `scope` with its documents in upload order. */
export async function findJobWithDocuments(db: Db | Tx, scope: JobScope, jobId: string) {
  if (!isUuid(jobId)) throw new AppError('not_found', 'job not found');
  const job = await db.job.findFirst({ where: { id: jobId, ...scope }, include: { documents: { orderBy: { position: 'asc' } } } });
  if (!job) throw new AppError('not_found', 'job not found');
  return job;
}

/**
 * Cancelling, retrying, sending a callback again: members do it to the jobs they submitted,
 * owners and admins to every job of the organisation. Called with the job locked (lockJob),
 * it reads the caller's membership and role again under the organisation's lock, so a member
 * removed, or an admin demoted, a moment ago is judged by what they are now. Lock order: the
 * job, then the organisation (nothing locks them the other way round).
 * @throws AppError forbidden
 */
export async function requireJobControl(tx: Tx, caller: OrganizationCaller, job: Pick<JobRow, 'userId'>, action: string): Promise<void> {
  const locked = await requirePermissionLocked(tx, caller, 'use', `${action} jobs`);
  if (job.userId !== locked.userId && !mayDo(locked.role, 'manageJobs')) {
    throw new AppError('forbidden', `members ${action} only the jobs they submitted; this one is another member's`);
  }
}

function inScope(job: JobRow, scope: JobScope | undefined): boolean {
  if (!scope) return true;
  return 'organizationId' in scope ? job.organizationId === scope.organizationId : job.userId === scope.userId;
}
