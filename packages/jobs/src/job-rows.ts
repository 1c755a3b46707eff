import { AppError } from '@docket/contracts/app-error';
import { isUuid } from '@docket/contracts/common';
import type { Db, Tx } from '@docket/db/create-prisma';
import type { Job as JobRow } from '@docket/db/generated/prisma/client';

/**
 * Locks a job row for the rest of the transaction. Every transaction that changes a job
 * or its documents locks the job first, then documents: one lock order, no deadlocks.
 * With `userId`, a job of another user is reported exactly like a missing one.
 */
export async function lockJob(tx: Tx, jobId: string, userId?: string): Promise<JobRow> {
  if (!isUuid(jobId)) throw new AppError('not_found', 'job not found');
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM jobs WHERE id = ${jobId}::uuid FOR UPDATE`;
  const job = locked.length ? await tx.job.findUnique({ where: { id: jobId } }) : null;
  if (!job || (userId !== undefined && job.userId !== userId)) throw new AppError('not_found', 'job not found');
  return job;
}

/** Loads a job of `userId` with its documents in upload order. */
export async function findJobWithDocuments(db: Db | Tx, userId: string, jobId: string) {
  if (!isUuid(jobId)) throw new AppError('not_found', 'job not found');
  const job = await db.job.findFirst({
    where: { id: jobId, userId },
    include: { documents: { orderBy: { position: 'asc' } } },
  });
  if (!job) throw new AppError('not_found', 'job not found');
  return job;
}
