import { requirePermissionLocked } from '@docket/auth/organizations/memberships';
import { AppError } from '@docket/contracts/app-error';
import { isUuid } from '@docket/contracts/common';
import { mayDo, type OrganizationCaller } from '@docket/contracts/organizations';
import type { Db, Tx } from '@docket/db/create-prisma';
import type { Job as JobRow } from '@docket/db/generated/prisma/client';

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
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM jobs WHERE id = ${jobId}::uuid FOR UPDATE`;
  const job = locked.length ? await tx.job.findUnique({ where: { id: jobId } }) : null;
  if (!job || !inScope(job, scope)) throw new AppError('not_found', 'job not found');
  return job;
}

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
