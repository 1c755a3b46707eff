import type { Job } from '@docket/contracts/jobs';
import type { OrganizationCaller } from '@docket/contracts/organizations';
import type { Db } from '@docket/db/create-prisma';
import { findJobWithDocuments, scopeOf } from './job-rows.ts';
import { presentJob } from './present-job.ts';

/** A job of the caller's organisation with its documents. @throws AppError not_found (also for other organisations' jobs). */
export async function getJob(db: Db, caller: OrganizationCaller, jobId: string): Promise<Job> {
  return presentJob(await findJobWithDocuments(db, scopeOf(caller), jobId));
}
