import type { Job } from '@docket/contracts/jobs';
import type { Db } from '@docket/db/create-prisma';
import { findJobWithDocuments } from './job-rows.ts';
import { presentJob } from './present-job.ts';

/** A job of `userId` with its documents. @throws AppError not_found (also for other users' jobs). */
export async function getJob(db: Db, userId: string, jobId: string): Promise<Job> {
  return presentJob(await findJobWithDocuments(db, userId, jobId));
}
